#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "ccsim/sim/simulator.hpp"
#include "ccsim/sim/time.hpp"

using namespace ccsim::sim;

TEST_CASE("time: seconds convert to microsecond ticks once, rounding to nearest", "[sim][time]") {
  REQUIRE(from_seconds(1.5).count() == 1'500'000);
  REQUIRE(from_seconds(0.0).count() == 0);
  REQUIRE(from_seconds(0.4e-6).count() == 0);
  REQUIRE(from_seconds(0.6e-6).count() == 1);
  REQUIRE(from_seconds(-2.6e-6).count() == -3);
  REQUIRE(from_seconds(30.0 * 86400.0).count() == 2'592'000'000'000);  // a month, exact
  REQUIRE(from_seconds(std::numeric_limits<double>::infinity()) == Duration::max());
  REQUIRE(from_seconds(1e300) == Duration::max());
  REQUIRE(from_seconds(-std::numeric_limits<double>::infinity()) == -Duration::max());
  REQUIRE(from_seconds(std::nan("")).count() == 0);
  REQUIRE(to_seconds(Duration{2'500'000}) == 2.5);
  REQUIRE(to_seconds(at_seconds(86400.25)) == 86400.25);
  REQUIRE(TimePoint{kNever} == TimePoint{Duration::max()});
}

namespace {
// The definition from_seconds() had before it was inlined: std::round, then saturation.
Duration reference_from_seconds(double seconds) {
  if (std::isnan(seconds)) return Duration{0};
  const double ticks = std::round(seconds * static_cast<double>(kTicksPerSecond));
  constexpr double kLimit = 9223372036854775808.0;
  if (ticks >= kLimit) return Duration::max();
  if (ticks <= -kLimit) return -Duration::max();
  return Duration{static_cast<std::int64_t>(ticks)};
}
}  // namespace

TEST_CASE("time: from_seconds rounds exactly as std::round on halves, near-halves and extremes",
          "[sim][time]") {
  std::vector<double> xs;
  // Exact and near halves of a tick at many scales, both signs.
  for (double scale = 1e-6; scale < 1e13; scale *= 3.7) {
    for (const double k : {0.5, 1.5, 2.5, 1e3 + 0.5, 12345.5}) {
      const double ticks = k * std::max(1.0, std::floor(scale));
      for (const double t : {ticks, std::nextafter(ticks, 0.0), std::nextafter(ticks, 1e300)}) {
        xs.push_back(t / 1e6);
        xs.push_back(-t / 1e6);
      }
    }
  }
  // The 2^52 and 2^63 tick boundaries, where doubles stop having fractions and where the
  // conversion saturates.
  for (const double b : {4503599627370496.0, 9007199254740992.0, 9223372036854775808.0}) {
    for (double t = b / 4; t < b * 4; t = std::nextafter(t * 1.0001, 1e300)) {  // ~28k each
      xs.push_back(t / 1e6);
      xs.push_back(-t / 1e6);
      xs.push_back(std::nextafter(t, 0.0) / 1e6);
    }
  }
  // A pseudo-random spread over 30 orders of magnitude (a fixed LCG; no stream needed).
  std::uint64_t state = 12345;
  for (int i = 0; i < 200'000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double mantissa = static_cast<double>(state >> 11) * 0x1.0p-53;
    const double x = std::ldexp(mantissa, static_cast<int>(state % 100) - 60);
    xs.push_back(i % 2 ? x : -x);
  }
  xs.push_back(std::numeric_limits<double>::max());
  xs.push_back(std::numeric_limits<double>::denorm_min());
  std::size_t wrong = 0;
  for (const double x : xs) wrong += from_seconds(x) == reference_from_seconds(x) ? 0 : 1;
  CAPTURE(xs.size());
  REQUIRE(wrong == 0);
  static_assert(from_seconds(1.5).count() == 1'500'000);  // usable in constant expressions
}

// Saturating time arithmetic (issue 22, class 4): every + - * / on Duration and TimePoint
// saturates at +/- Duration::max() through the representation type, for every caller.
TEST_CASE("time: arithmetic saturates at +/- Duration::max(), symmetrically", "[sim][time]") {
  const Duration max = Duration::max();
  const Duration tick{1};
  REQUIRE(Duration::min() == -max);  // symmetric range
  REQUIRE(-Duration::min() == max);
  // "never" plus anything non-negative is never.
  REQUIRE(kNever + tick == kNever);
  REQUIRE(kNever + from_seconds(86400.0) == kNever);
  REQUIRE(kNever + max == kNever);
  REQUIRE(max + max == max);
  REQUIRE(at_seconds(3600.0) + max == kNever);
  TimePoint t = at_seconds(10.0);
  t += from_seconds(std::numeric_limits<double>::infinity());
  REQUIRE(t == kNever);
  // Differences of time points.
  REQUIRE(kNever - TimePoint{} == max);
  REQUIRE(TimePoint{} - kNever == -max);
  REQUIRE(at_seconds(10.0) - kNever == -(kNever - at_seconds(10.0)));  // exact, no saturation
  REQUIRE(ticks(at_seconds(10.0) - kNever) == -Ticks::kMax + 10'000'000);
  REQUIRE(at_seconds(-10.0) - kNever == -max);  // would be below -max: saturates
  REQUIRE(kNever - at_seconds(-10.0) == max);
  // The negative limit, and int64's lowest value (not a Ticks value).
  REQUIRE(-max - tick == -max);
  REQUIRE(-max + (-max) == -max);
  REQUIRE(-max - max == -max);
  REQUIRE(max - (-max) == max);
  REQUIRE(Duration{std::numeric_limits<std::int64_t>::lowest()} == -max);
  REQUIRE(Duration{std::numeric_limits<std::uint64_t>::max()} == max);
  Duration d = -max;
  --d;
  REQUIRE(d == -max);
  d = max;
  ++d;
  REQUIRE(d == max);
  // Saturation is not absorption: a second before never is a finite time.
  REQUIRE(kNever - from_seconds(1.0) < kNever);
  REQUIRE(ticks(kNever - from_seconds(1.0)) == Ticks::kMax - 1'000'000);
  // Ordinary values are exact.
  REQUIRE(from_seconds(1.5) + from_seconds(2.25) == from_seconds(3.75));
  REQUIRE(at_seconds(5.0) - at_seconds(7.0) == from_seconds(-2.0));
}

TEST_CASE("time: multiplication and division by integers saturate", "[sim][time]") {
  const Duration max = Duration::max();
  const Duration big{std::int64_t{1} << 40};
  REQUIRE(big * (std::int64_t{1} << 40) == max);
  REQUIRE(big * -(std::int64_t{1} << 40) == -max);
  REQUIRE(-big * -(std::int64_t{1} << 40) == max);
  REQUIRE((std::int64_t{1} << 30) * big == max);  // the commuted form
  REQUIRE(max * 2 == max);
  REQUIRE(-max * 2 == -max);
  REQUIRE(max * -1 == -max);
  REQUIRE(Duration{3} * -2 == Duration{-6});
  // 2^62 * 2 == 2^63: one past int64's maximum.
  REQUIRE(Duration{std::int64_t{1} << 62} * 2 == max);
  // -2^62 * 2 == int64's lowest, which is not a value: -max.
  REQUIRE(Duration{-(std::int64_t{1} << 62)} * 2 == -max);
  REQUIRE(-max / -1 == max);
  REQUIRE(max / 0 == max);
  REQUIRE(-max / 0 == -max);
  REQUIRE(Duration{0} / 0 == Duration{0});
  REQUIRE(Duration{7} % 0 == Duration{0});
  REQUIRE(Duration{7} / 2 == Duration{3});
  REQUIRE(from_seconds(3.0) / from_seconds(1.0) == 3);
  REQUIRE(from_seconds(86400.0 * 30) * 4 == from_seconds(86400.0 * 120));
}

namespace {
// Fires a few times at and near "never", each time scheduling the next with a delay that
// saturates.
struct NearNever : EventHandler {
  Simulator& sim;
  std::vector<std::pair<std::uint64_t, TimePoint>> fired;
  explicit NearNever(Simulator& s) : sim(s) {}
  void on_event(std::uint32_t, std::uint64_t arg) override {
    fired.emplace_back(arg, sim.now());
    if (arg >= 10 && arg < 13) sim.schedule_after(Duration::max(), *this, 0, arg + 1);
  }
};
}  // namespace

TEST_CASE("time: schedule_after near never saturates; run_until(kNever) fires those events",
          "[sim][time]") {
  for (const CalendarKind kind : {CalendarKind::calendar_queue, CalendarKind::binary_heap}) {
    Simulator sim(kind);
    NearNever h(sim);
    sim.schedule_at(at_seconds(100.0), h, 0, 1);
    sim.run_until(at_seconds(100.0));
    REQUIRE(sim.now() == at_seconds(100.0));
    sim.schedule_after(Duration::max(), h, 0, 10);                  // -> kNever, then 11..13
    sim.schedule_after(kNever - sim.now() - Duration{1}, h, 0, 2);  // one tick before never
    sim.schedule_after(kNever - sim.now(), h, 0, 3);                // exactly never
    sim.schedule_after(from_seconds(1e300), h, 0, 4);               // saturated from_seconds
    sim.run_until(kNever);
    REQUIRE(sim.pending() == 0);
    REQUIRE(sim.now() == kNever);
    REQUIRE(h.fired.size() == 8);
    REQUIRE(h.fired[1] == std::pair{std::uint64_t{2}, kNever - Duration{1}});
    for (std::size_t i = 2; i < h.fired.size(); ++i) REQUIRE(h.fired[i].second == kNever);
    // The saturated rescheduling at never is not in the past and keeps time at never.
    REQUIRE(h.fired.back().first == 13);
    REQUIRE(sim.now() + from_seconds(1.0) == kNever);
  }
}
