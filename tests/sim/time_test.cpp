#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

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
  return Duration{static_cast<Duration::rep>(ticks)};
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
