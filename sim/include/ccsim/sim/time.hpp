#pragma once
/// Simulation time: integer microsecond ticks.
///
/// Integer time gives exact ties (shift starts, interval boundaries) and no drift over a
/// month-long horizon. Every sampled duration becomes ticks through from_seconds(), the only
/// double-to-tick conversion in ccsim.

#include <chrono>
#include <cstdint>

namespace ccsim::sim {

/// A span of simulated time in microseconds.
using Duration = std::chrono::duration<std::int64_t, std::micro>;

/// The clock of a simulation; its epoch is the start of the run (t = 0).
struct SimClock {
  using duration = Duration;
  using rep = Duration::rep;
  using period = Duration::period;
  using time_point = std::chrono::time_point<SimClock, Duration>;
  static constexpr bool is_steady = true;
};

/// A point in simulated time.
using TimePoint = SimClock::time_point;

/// Ticks per second.
inline constexpr std::int64_t kTicksPerSecond = 1'000'000;

/// The largest representable time; used as "never".
inline constexpr TimePoint kNever{Duration::max()};

/// Converts seconds to ticks, rounding to the nearest tick (halves away from zero, as
/// std::round). Saturates at +/- Duration::max() (so infinity means "never"); NaN converts to
/// zero ticks. The only double -> tick conversion.
///
/// Inline and without std::round (a libm call on baseline x86-64, 6 % of a month's
/// instructions): truncate to an integer, then correct by the exactly computed remainder. For
/// |ticks| < 2^52 both the conversion back and the subtraction are exact; from 2^52 on every
/// double is an integer and the remainder is 0. So the result equals std::round's bit for bit
/// (tests/sim/time_test.cpp compares the two).
constexpr Duration from_seconds(double seconds) noexcept {
  const double ticks = seconds * static_cast<double>(kTicksPerSecond);
  // 2^63 is exactly representable; anything at or beyond it saturates.
  constexpr double kLimit = 9223372036854775808.0;
  if (!(ticks < kLimit)) return ticks != ticks ? Duration{0} : Duration::max();  // NaN: 0
  if (ticks <= -kLimit) return -Duration::max();
  auto whole = static_cast<Duration::rep>(ticks);  // truncates toward zero
  const double rest = ticks - static_cast<double>(whole);
  if (rest >= 0.5) {
    ++whole;
  } else if (rest <= -0.5) {
    --whole;
  }
  return Duration{whole};
}

/// Converts ticks to seconds.
constexpr double to_seconds(Duration d) noexcept {
  return static_cast<double>(d.count()) / static_cast<double>(kTicksPerSecond);
}

/// Seconds since the start of the run.
constexpr double to_seconds(TimePoint t) noexcept { return to_seconds(t.time_since_epoch()); }

/// The time point `seconds` after the start of the run.
constexpr TimePoint at_seconds(double seconds) noexcept { return TimePoint{from_seconds(seconds)}; }

}  // namespace ccsim::sim
