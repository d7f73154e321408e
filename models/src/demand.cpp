#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include "calendar_math.hpp"
#include "ccsim/models/demand.hpp"
#include "demand_table.hpp"

namespace ccsim::models {
namespace {

constexpr std::int64_t kDay = detail::kDaySeconds;
using detail::floor_div;

std::int64_t offset_seconds(double hours) { return std::llround(hours * 3600.0); }

/// The UTC grid and every region's profile, shared by the table builder and expected_offered().
struct Curve {
  std::int64_t interval = 1800;       // seconds
  std::int64_t cell = 1800;           // seconds
  std::vector<std::int64_t> offsets;  // per region, seconds
  std::vector<double> shares;
  std::vector<double> intraday;  // normalised weights per local interval
  std::array<double, 7> dow{};   // normalised to mean 1
  double daily = 0.0;
  int start_weekday = 0;

  Curve(const Scenario& s, const ChannelConfig& c) {
    interval = std::llround(s.interval_seconds);
    const int ipd = s.intervals_per_day();
    if (s.regions.empty()) {
      offsets.push_back(0);
      shares.push_back(1.0);
    }
    for (const Region& r : s.regions) {
      offsets.push_back(offset_seconds(r.utc_offset_hours));
      shares.push_back(r.share);
    }
    cell = interval;
    for (std::int64_t o : offsets) cell = std::gcd(cell, ((o % kDay) + kDay) % kDay);
    if (c.intraday.empty()) {
      intraday.assign(static_cast<std::size_t>(ipd), 1.0 / ipd);
    } else {
      const double sum = std::accumulate(c.intraday.begin(), c.intraday.end(), 0.0);
      for (double w : c.intraday) intraday.push_back(w / sum);
    }
    const double dow_mean = std::accumulate(c.day_of_week.begin(), c.day_of_week.end(), 0.0) / 7;
    for (int d = 0; d < 7; ++d) dow[d] = c.day_of_week[d] / dow_mean;
    daily = daily_volume(s, c);
    start_weekday = s.start_weekday;
  }

  /// Local day of region r at UTC second u (u = 0 is day 0, 00:00 UTC).
  std::int64_t local_day(int r, std::int64_t u) const { return floor_div(u + offsets[r], kDay); }

  /// Rate (per second) of region r in the cell starting at UTC second u, times `mult`.
  double region_rate(int r, std::int64_t u, double mult) const {
    const std::int64_t local = u + offsets[r];
    const std::int64_t day = floor_div(local, kDay);
    const auto k = static_cast<std::size_t>((local - day * kDay) / interval);
    const auto wd = static_cast<std::size_t>(detail::weekday(start_weekday, day));
    return daily * dow[wd] * shares[r] * mult * intraday[k] / static_cast<double>(interval);
  }
};

}  // namespace

double daily_volume(const Scenario& s, const ChannelConfig& c) {
  switch (c.volume.per) {
    case Volume::Per::hour:
      return c.volume.amount * 24.0;
    case Volume::Per::day:
      return c.volume.amount;
    case Volume::Per::month:
      return c.volume.amount / s.month_days;
  }
  return 0.0;
}

std::vector<double> expected_offered(const Scenario& s, int channel) {
  const ChannelConfig& c = s.channels.at(static_cast<std::size_t>(channel));
  const Curve curve(s, c);
  const double horizon = s.horizon_days * kDay;
  std::vector<double> out(static_cast<std::size_t>(s.horizon_intervals()), 0.0);
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (std::int64_t u = static_cast<std::int64_t>(i) * curve.interval;
         u < static_cast<std::int64_t>(i + 1) * curve.interval && static_cast<double>(u) < horizon;
         u += curve.cell) {
      const double len =
          std::min(static_cast<double>(curve.cell), horizon - static_cast<double>(u));
      for (std::size_t r = 0; r < curve.offsets.size(); ++r)
        out[i] += curve.region_rate(static_cast<int>(r), u, 1.0) * len;
    }
  }
  return out;
}

namespace detail {

DemandTable build_demand_table(const Scenario& s, int channel, const sim::StreamFactory* streams) {
  const ChannelConfig& c = s.channels.at(static_cast<std::size_t>(channel));
  const Curve curve(s, c);
  const std::int64_t warmup = sim::ticks(sim::from_seconds(s.warmup_seconds));
  const std::int64_t horizon = sim::ticks(sim::from_seconds(s.horizon_days * kDay));
  const std::int64_t tick = sim::kTicksPerSecond;
  const std::int64_t cell_ticks = curve.cell * tick;
  // Cells k cover UTC [k cell, (k+1) cell); simulation tick = warmup + UTC tick.
  const std::int64_t kmin = floor_div(-warmup, cell_ticks);
  const std::int64_t kmax = floor_div(horizon + cell_ticks - 1, cell_ticks);  // exclusive
  const int regions = static_cast<int>(curve.offsets.size());

  // Day multipliers, per region and local day, drawn in a fixed order (region, then day).
  std::vector<std::int64_t> first_day(static_cast<std::size_t>(regions));
  std::vector<std::vector<double>> mult(static_cast<std::size_t>(regions));
  sim::RandomEngine rng =
      streams ? streams->engine("overdispersion/" + c.name) : sim::RandomEngine{};
  for (int r = 0; r < regions; ++r) {
    const std::int64_t d0 = curve.local_day(r, kmin * curve.cell);
    const std::int64_t d1 = curve.local_day(r, kmax * curve.cell);
    first_day[r] = d0;
    auto& m = mult[r];
    m.assign(static_cast<std::size_t>(d1 - d0 + 1), 1.0);
    if (streams && c.overdispersion_shape > 0.0) {
      // Poisson-gamma day effect: the day's rate times Gamma(alpha, 1/alpha), mean 1 and
      // variance 1/alpha (Brown et al. 2005, JASA 100:36-50, day-to-day variation).
      boost::random::gamma_distribution<double> g(c.overdispersion_shape,
                                                  1.0 / c.overdispersion_shape);
      for (double& x : m) x = g(rng);
    }
  }

  DemandTable t;
  t.origin = warmup + kmin * cell_ticks;
  t.cell = cell_ticks;
  t.end = warmup + horizon;
  t.regions = regions;
  t.rate.assign(static_cast<std::size_t>(kmax - kmin), 0.0);
  if (regions > 1) t.region_cum.assign(t.rate.size() * static_cast<std::size_t>(regions), 0.0);
  for (std::int64_t k = kmin; k < kmax; ++k) {
    const auto idx = static_cast<std::size_t>(k - kmin);
    const std::int64_t u = k * curve.cell;
    double total = 0.0;
    for (int r = 0; r < regions; ++r) {
      const std::int64_t day = curve.local_day(r, u);
      total += curve.region_rate(r, u, mult[r][static_cast<std::size_t>(day - first_day[r])]);
      if (regions > 1) t.region_cum[idx * static_cast<std::size_t>(regions) + r] = total;
    }
    t.rate[idx] = total;
    if (regions > 1)
      for (int r = 0; r < regions; ++r)
        t.region_cum[idx * static_cast<std::size_t>(regions) + r] /= total > 0 ? total : 1.0;
  }
  return t;
}

std::int64_t DemandTable::next_arrival(std::int64_t t, sim::RandomEngine& rng) const {
  boost::random::exponential_distribution<double> unit;
  while (t < end) {
    const std::int64_t k = floor_div(t - origin, cell);
    if (k < 0 || k >= static_cast<std::int64_t>(rate.size())) return -1;
    const std::int64_t cell_end = std::min(origin + (k + 1) * cell, end);
    const double r = rate[static_cast<std::size_t>(k)];
    if (r > 0.0) {
      const std::int64_t gap = sim::ticks(sim::from_seconds(unit(rng) / r));
      if (gap < cell_end - t) return t + gap;
    }
    t = cell_end;  // memoryless: restart the exponential clock at the rate change
  }
  return -1;
}

int DemandTable::pick_region(std::int64_t t, sim::RandomEngine& rng) const {
  if (regions <= 1) return 0;
  const auto k = static_cast<std::size_t>(floor_div(t - origin, cell));
  const double u = boost::random::uniform_01<double>()(rng);
  const double* cum = &region_cum[k * static_cast<std::size_t>(regions)];
  for (int r = 0; r < regions - 1; ++r)
    if (u < cum[r]) return r;
  return regions - 1;
}

}  // namespace detail
}  // namespace ccsim::models
