#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include <boost/random/normal_distribution.hpp>

#include "ccsim/sim/random.hpp"
#include "ccsim/sim/statistics.hpp"

using namespace ccsim::sim;
using namespace std::chrono_literals;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("tally: count, mean, sample variance, min, max of a known set", "[sim][statistics]") {
  Tally t;
  REQUIRE(t.count() == 0);
  REQUIRE(t.mean() == 0.0);
  REQUIRE(t.variance() == 0.0);
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) t.add(x);
  REQUIRE(t.count() == 8);
  REQUIRE_THAT(t.mean(), WithinAbs(5.0, 1e-15));
  REQUIRE_THAT(t.variance(), WithinAbs(32.0 / 7.0, 1e-14));  // sum of squares 32, n - 1 = 7
  REQUIRE_THAT(t.stddev(), WithinAbs(std::sqrt(32.0 / 7.0), 1e-14));
  REQUIRE(t.min() == 2.0);
  REQUIRE(t.max() == 9.0);
  REQUIRE_THAT(t.sum(), WithinAbs(40.0, 1e-12));
  Tally one;
  one.add(-3.0);
  REQUIRE(one.variance() == 0.0);
  REQUIRE(one.min() == -3.0);
  REQUIRE(one.max() == -3.0);
}

TEST_CASE("tally: Welford stays exact where the naive formula cancels", "[sim][statistics]") {
  // 1e9 + {4, 7, 13, 16}: variance 30 (the textbook example of catastrophic cancellation in
  // sum-of-squares formulas).
  Tally t;
  for (double x : {4.0, 7.0, 13.0, 16.0}) t.add(1e9 + x);
  REQUIRE_THAT(t.mean(), WithinAbs(1e9 + 10.0, 1e-6));
  REQUIRE_THAT(t.variance(), WithinAbs(30.0, 1e-6));
}

TEST_CASE("tally: merging equals adding everything to one tally", "[sim][statistics]") {
  RandomEngine rng = StreamFactory(5, 0).engine("merge");
  boost::random::normal_distribution<double> normal(3.0, 2.0);
  Tally all, a, b, empty;
  for (int i = 0; i < 1000; ++i) {
    const double x = normal(rng);
    all.add(x);
    (i < 300 ? a : b).add(x);
  }
  Tally merged = a;
  merged.merge(b);
  merged.merge(empty);
  REQUIRE(merged.count() == all.count());
  REQUIRE_THAT(merged.mean(), WithinAbs(all.mean(), 1e-12));
  REQUIRE_THAT(merged.variance(), WithinRel(all.variance(), 1e-12));
  REQUIRE(merged.min() == all.min());
  REQUIRE(merged.max() == all.max());
  Tally from_empty;
  from_empty.merge(a);
  REQUIRE(from_empty.count() == a.count());
  REQUIRE(from_empty.mean() == a.mean());
}

TEST_CASE("time-weighted average of a step function", "[sim][statistics]") {
  TimeWeighted q;  // 0 from t = 0
  q.update(TimePoint{2s}, 3.0);
  q.update(TimePoint{5s}, 1.0);
  // 0 on [0,2), 3 on [2,5), 1 on [5,10): integral 9 + 5 = 14 value-seconds.
  REQUIRE_THAT(q.integral(TimePoint{10s}), WithinAbs(14.0, 1e-12));
  REQUIRE_THAT(q.mean(TimePoint{10s}), WithinAbs(1.4, 1e-12));
  REQUIRE(q.current() == 1.0);
  q.update(TimePoint{5s}, 4.0);  // a second change at the same instant replaces the value
  REQUIRE_THAT(q.integral(TimePoint{10s}), WithinAbs(9.0 + 20.0, 1e-12));
  TimeWeighted late(TimePoint{10s}, 2.0);
  REQUIRE(late.mean(TimePoint{10s}) == 2.0);  // no time passed: the current value
  REQUIRE_THAT(late.mean(TimePoint{20s}), WithinAbs(2.0, 1e-12));
  // A month in microsecond ticks keeps full precision for a constant level.
  REQUIRE_THAT(late.mean(TimePoint{std::chrono::hours{720}}), WithinAbs(2.0, 1e-12));
}

TEST_CASE("interval accumulator: bucket edges, spans and out-of-range times", "[sim][statistics]") {
  IntervalAccumulator acc(TimePoint{}, std::chrono::minutes{15}, 4);
  REQUIRE(acc.size() == 4);
  REQUIRE(acc.index_of(TimePoint{std::chrono::minutes{15}} - 1us) == 0);
  REQUIRE(acc.index_of(TimePoint{std::chrono::minutes{15}}) == 1);  // half-open intervals
  REQUIRE(acc.index_of(TimePoint{std::chrono::hours{1}}) == -1);
  REQUIRE(acc.index_of(TimePoint{} - 1us) == -1);
  REQUIRE(acc.add(TimePoint{std::chrono::minutes{20}}, 2.5));
  REQUIRE_FALSE(acc.add(TimePoint{std::chrono::hours{2}}, 1.0));
  REQUIRE(acc[1] == 2.5);
  // value 2 over [10 min, 40 min): 5 min in interval 0, 15 in 1, 10 in 2 (value-seconds).
  IntervalAccumulator span(TimePoint{}, std::chrono::minutes{15}, 4);
  span.add_span(TimePoint{std::chrono::minutes{10}}, TimePoint{std::chrono::minutes{40}}, 2.0);
  REQUIRE_THAT(span[0], WithinAbs(600.0, 1e-9));
  REQUIRE_THAT(span[1], WithinAbs(1800.0, 1e-9));
  REQUIRE_THAT(span[2], WithinAbs(1200.0, 1e-9));
  REQUIRE(span[3] == 0.0);
  // Spans are clipped to the covered hour.
  IntervalAccumulator clip(TimePoint{std::chrono::hours{1}}, std::chrono::minutes{30}, 2);
  clip.add_span(TimePoint{}, TimePoint{std::chrono::hours{3}}, 1.0);
  REQUIRE_THAT(clip[0], WithinAbs(1800.0, 1e-9));
  REQUIRE_THAT(clip[1], WithinAbs(1800.0, 1e-9));
  clip.add_span(TimePoint{std::chrono::hours{2}}, TimePoint{std::chrono::hours{1}}, 5.0);  // empty
  REQUIRE_THAT(clip[1], WithinAbs(1800.0, 1e-9));
  REQUIRE_THROWS_AS(IntervalAccumulator(TimePoint{}, Duration::zero(), 3), std::invalid_argument);
}

TEST_CASE("Student-t interval against tabulated quantiles", "[sim][statistics]") {
  const std::vector<double> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  // Sample sd of 1..10 = sqrt(82.5 / 9); t_{0.975, 9} = 2.262157 and t_{0.95, 9} = 1.833113
  // (any t table, e.g. NIST/SEMATECH e-Handbook, section 1.3.6.7.2).
  const double se = std::sqrt(82.5 / 9.0) / std::sqrt(10.0);
  const ConfidenceInterval ci = student_t_interval(v);
  REQUIRE(ci.n == 10);
  REQUIRE_THAT(ci.mean, WithinAbs(5.5, 1e-12));
  REQUIRE_THAT(ci.half_width, WithinAbs(2.262157 * se, 1e-5));
  REQUIRE_THAT(ci.lower, WithinAbs(5.5 - ci.half_width, 1e-12));
  REQUIRE_THAT(ci.upper, WithinAbs(5.5 + ci.half_width, 1e-12));
  REQUIRE_THAT(student_t_interval(v, 0.90).half_width, WithinAbs(1.833113 * se, 1e-5));
  // Two observations: t_{0.975, 1} = 12.7062.
  const std::vector<double> two{0.0, 2.0};
  REQUIRE_THAT(student_t_interval(two).half_width, WithinAbs(12.7062 * 1.0, 1e-3));
  const std::vector<double> one{4.0};
  REQUIRE(student_t_interval(one).half_width == 0.0);
  REQUIRE(student_t_interval(one).mean == 4.0);
  REQUIRE(student_t_interval(std::vector<double>{}).n == 0);
  REQUIRE_THROWS_AS(student_t_interval(v, 1.0), std::invalid_argument);
  REQUIRE_THROWS_AS(student_t_interval(v, 0.0), std::invalid_argument);
}

TEST_CASE("Student-t 95% intervals cover the true mean about 95% of the time",
          "[sim][statistics]") {
  // 4000 intervals from n = 10 normal samples. Coverage ~ Binomial(4000, 0.95)/4000 with
  // sd sqrt(0.95 * 0.05 / 4000) = 0.0034; accept within 4 sd.
  RandomEngine rng = StreamFactory(2026, 0).engine("coverage");
  boost::random::normal_distribution<double> normal(7.0, 3.0);
  const int intervals = 4000;
  int covered95 = 0;
  int covered80 = 0;
  std::vector<double> x(10);
  for (int i = 0; i < intervals; ++i) {
    for (double& xi : x) xi = normal(rng);
    const ConfidenceInterval a = student_t_interval(x, 0.95);
    const ConfidenceInterval b = student_t_interval(x, 0.80);
    covered95 += (a.lower <= 7.0 && 7.0 <= a.upper) ? 1 : 0;
    covered80 += (b.lower <= 7.0 && 7.0 <= b.upper) ? 1 : 0;
  }
  const double sd95 = std::sqrt(0.95 * 0.05 / intervals);
  const double sd80 = std::sqrt(0.80 * 0.20 / intervals);
  REQUIRE_THAT(covered95 / double(intervals), WithinAbs(0.95, 4 * sd95));
  REQUIRE_THAT(covered80 / double(intervals), WithinAbs(0.80, 4 * sd80));
}
