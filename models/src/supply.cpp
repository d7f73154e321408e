#include "supply.hpp"

#include "calendar_math.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <boost/random/bernoulli_distribution.hpp>

namespace ccsim::models::detail {
namespace {

constexpr std::int64_t kDay = detail::kDaySeconds;
using detail::floor_div;

}  // namespace

std::vector<SupplyStep> build_supply(const Scenario& s, int site, int group,
                                     const sim::StreamFactory& streams, std::int64_t until) {
  const SiteConfig& sc = s.sites.at(static_cast<std::size_t>(site));
  const AgentGroupConfig& g = sc.groups.at(static_cast<std::size_t>(group));
  const std::int64_t tick = sim::kTicksPerSecond;
  const std::int64_t warmup = sim::ticks(sim::from_seconds(s.warmup_seconds));
  // UTC seconds covered: from the warm-up start to `until`, one day of margin each side.
  const std::int64_t u_first = floor_div(-warmup, tick) - kDay;
  const std::int64_t u_last = floor_div(until - warmup, tick) + kDay;
  const std::int64_t offset = std::llround(sc.utc_offset_hours * 3600.0);

  std::vector<std::pair<std::int64_t, int>> deltas;  // (UTC second, change)
  int initial = 0;                                   // level before any delta

  if (!g.on_duty.empty()) {
    const std::int64_t interval = std::llround(s.interval_seconds);
    const auto n = static_cast<std::int64_t>(g.on_duty.size());
    const bool daily = n == s.intervals_per_day();
    int prev = 0;
    for (std::int64_t i = floor_div(u_first, interval); i * interval <= u_last; ++i) {
      const std::int64_t j = daily ? ((i % n) + n) % n : std::clamp<std::int64_t>(i, 0, n - 1);
      const int v = g.on_duty[static_cast<std::size_t>(j)];
      deltas.emplace_back(i * interval, v - prev);
      prev = v;
    }
  } else {
    // Absences: each scheduled agent-day is lost with absence_probability, drawn per agent
    // from the group's own stream in a fixed order (shift, then local day, then agent).
    sim::RandomEngine rng = streams.engine("absence/" + sc.name + "/" + g.name);
    boost::random::bernoulli_distribution<double> absent(sc.absence_probability);
    auto present = [&](int scheduled) {
      if (sc.absence_probability <= 0.0) return scheduled;
      int n = 0;
      for (int a = 0; a < scheduled; ++a) n += absent(rng) ? 0 : 1;
      return n;
    };
    const std::int64_t d_first = floor_div(u_first + offset, kDay);
    const std::int64_t d_last = floor_div(u_last + offset, kDay);
    if (g.shifts.empty()) {
      if (sc.absence_probability <= 0.0) {
        initial = g.agents;
      } else {
        for (std::int64_t d = d_first; d <= d_last; ++d) {
          const int n = present(g.agents);
          deltas.emplace_back(d * kDay - offset, n);
          deltas.emplace_back((d + 1) * kDay - offset, -n);
        }
      }
    } else {
      for (const Shift& sh : g.shifts) {
        const std::int64_t start = std::llround(sh.start_seconds);
        const std::int64_t length = std::llround(sh.length_seconds);
        for (std::int64_t d = d_first; d <= d_last; ++d) {
          const auto wd = static_cast<std::size_t>(weekday(s.start_weekday, d));
          if (!sh.days[wd]) continue;
          const int n = present(sh.agents);
          if (n == 0) continue;
          // Local time d*86400 + start is UTC (local - offset).
          const std::int64_t u = d * kDay + start - offset;
          deltas.emplace_back(u, n);
          deltas.emplace_back(u + length, -n);
          // Everyone on the shift takes each break together.
          for (const Break& b : sh.breaks) {
            const std::int64_t bo = u + std::llround(b.offset_seconds);
            deltas.emplace_back(bo, -n);
            deltas.emplace_back(bo + std::llround(b.length_seconds), n);
          }
        }
      }
    }
  }

  std::stable_sort(deltas.begin(), deltas.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<SupplyStep> steps{{0, initial}};
  int level = initial;
  for (const auto& [u, change] : deltas) {
    level += change;
    const std::int64_t t = std::max<std::int64_t>(0, warmup + u * tick);
    if (t >= until) break;
    if (steps.back().time == t)
      steps.back().agents = level;
    else
      steps.push_back({t, level});
  }
  // Drop steps that do not change the level.
  std::vector<SupplyStep> out;
  for (const SupplyStep& st : steps)
    if (out.empty() || out.back().agents != st.agents) out.push_back(st);
  if (out.empty() || out.front().time != 0) out.insert(out.begin(), SupplyStep{0, 0});
  return out;
}

}  // namespace ccsim::models::detail
