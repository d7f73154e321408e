#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

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
