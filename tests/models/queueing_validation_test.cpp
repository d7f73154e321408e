// Statistical validation of the contact-center model against queueing theory: exact Erlang C
// and Erlang A (M/M/N, M/M/N+M), Pollaczek-Khinchine (M/G/1), the configured non-homogeneous
// Poisson demand, and Little's law. Fixed seeds; every comparison uses the 95% Student-t CI
// across replications: |simulated - theory| <= 3 half-widths, and the half-width itself must be
// small enough for the comparison to mean something.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <sstream>

#include <boost/math/distributions/chi_squared.hpp>

#include "ccsim/models/demand.hpp"
#include "ccsim/models/erlang.hpp"
#include "ccsim/models/simulation.hpp"
#include "ccsim/sim/statistics.hpp"
#include "scenario_builders.hpp"
#include "theory_checks.hpp"

using namespace ccsim;
using namespace ccsim::models;

namespace {

using test::agree;
using test::half_width;
using test::run;

/// Simulates one pool of 20 agents (AHT 120 s, T = 20 s) at `erlangs` offered load, with
/// exponential patience of mean `patience` if given, and compares every KPI with the exact
/// Erlang C (no patience) or Erlang A solution.
void compare_with_erlang(double erlangs, std::optional<double> patience, std::uint64_t seed) {
  const double per_hour = erlangs * 3600.0 / 120.0;
  std::optional<Distribution> p;
  if (patience) p = test::exponential(*patience);
  const Scenario s = test::single_pool(per_hour, test::exponential(120), 20, p, 10.0, 7200);
  const RunResults r = run(s, 30, seed);
  QueueInput q;
  q.arrival_rate = per_hour / 3600.0;
  q.mean_service_seconds = 120;
  q.mean_patience_seconds = patience;
  q.agents = 20;
  q.sl_seconds = 20;
  const QueueMetrics m = queue_metrics(q);
  const ChannelSummary& c = r.channels.at(0);
  agree("p_wait", c.p_wait, m.p_wait, 0.02);
  agree("service_level", c.service_level, m.service_level, 0.02);
  agree("asa_seconds", c.asa_seconds, m.asa_seconds, 0.05 * m.asa_seconds);
  agree("mean_wait_seconds", c.mean_wait_seconds, m.mean_wait_seconds, 0.05 * m.mean_wait_seconds);
  agree("abandon_rate", c.abandon_rate, m.p_abandon, 0.01);
  agree("occupancy", c.occupancy, m.occupancy, 0.005);
  // The other service-level definitions against their exact Erlang A / C values.
  agree("service_level_of_answered", c.service_level_of_answered, m.service_level_of_answered,
        0.02);
  agree("service_level_excluding_abandoned", c.service_level_excluding_abandoned,
        m.service_level_excluding_abandoned, 0.02);
  agree("service_level_excluding_short_abandons", c.service_level_excluding_short_abandons,
        m.service_level_excluding_short_abandons, 0.02);
  // Counts: abandoned within T and shorter than X (5 s) per offered contact.
  const double offered = c.offered;
  INFO("abandoned within T " << c.abandoned_within_sl / offered << " theory "
                             << m.p_abandon_within_sl << ", shorter than X "
                             << c.abandoned_short / offered << " theory " << m.p_abandon_short);
  CHECK(std::fabs(c.abandoned_within_sl / offered - m.p_abandon_within_sl) <=
        0.05 * m.p_abandon_within_sl + 1e-4);
  CHECK(std::fabs(c.abandoned_short / offered - m.p_abandon_short) <=
        0.05 * m.p_abandon_short + 1e-4);
}

}  // namespace

TEST_CASE("M/M/N agrees with the exact Erlang C solver", "[models][validation][.slow]") {
  // A = 17 Erlangs on 20 agents: occupancy 0.85, nobody abandons.
  compare_with_erlang(17.0, std::nullopt, 1001);
}

TEST_CASE("M/M/N+M agrees with the exact Erlang A solver", "[models][validation][.slow]") {
  // A = 20 Erlangs on 20 agents (critically loaded), patience exponential with mean 180 s.
  compare_with_erlang(20.0, 180.0, 2002);
}

TEST_CASE(
    "M/D/1 and M/G/1 (lognormal, gamma, Weibull, empirical) mean waits agree with "
    "Pollaczek-Khinchine",
    "[models][validation][.slow]") {
  // Pollaczek-Khinchine (Kleinrock, Queueing Systems I, eq. 5.105):
  // Wq = rho / (1 - rho) * (1 + cs^2) / 2 * E[S], here rho = 0.7 and E[S] = 60 s.
  const double mean = 60.0, rho = 0.7;
  const double per_hour = rho / mean * 3600.0;
  const Distribution gamma = test::gamma(mean, 0.5);
  // shape 1.5, scale so that the mean is 60 s
  const Distribution weibull = test::weibull(1.5, mean / std::tgamma(1.0 + 1.0 / 1.5));
  const Distribution empirical = ccsim::models::Empirical{{20, 40, 60, 80, 100}};
  for (const auto& [name, dist, scv] :
       {std::tuple{"M/D/1", test::deterministic(mean), 0.0},
        std::tuple{"M/G/1 lognormal cv 1", test::lognormal(mean, 1.0), 1.0},
        std::tuple{"M/G/1 gamma cv 0.5", gamma, 0.25},
        std::tuple{"M/G/1 weibull shape 1.5", weibull, weibull.scv()},
        std::tuple{"M/G/1 empirical", empirical, empirical.scv()}}) {
    const Scenario s = test::single_pool(per_hour, dist, 1, std::nullopt, 20.0, 7200);
    const RunResults r = run(s, 20, 3003);
    const double wq = rho / (1.0 - rho) * (1.0 + scv) / 2.0 * mean;
    INFO(name);
    agree("mean_wait_seconds", r.channels.at(0).mean_wait_seconds, wq, 0.1 * wq);
    agree("occupancy", r.channels.at(0).occupancy, rho, 0.01);
  }
}

TEST_CASE("NHPP arrival counts per interval match the configured, region-shifted rates",
          "[models][validation][.slow]") {
  Scenario s = test::single_pool(0, test::exponential(1), 10, std::nullopt, 7.0, 0);
  s.interval_seconds = 3600;
  s.start_weekday = 5;  // Saturday: the day-of-week profile must follow the calendar
  ChannelConfig& c = s.channels[0];
  c.volume = {Volume::Per::day, 2000};
  c.intraday = {1, 1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 9, 8, 8, 8, 8, 7, 6, 5, 4, 3, 2, 2, 1};
  c.day_of_week = {1.2, 1.1, 1.0, 1.0, 1.0, 0.7, 0.6};
  // A half-hour offset makes local intervals straddle UTC intervals.
  s.regions = {{"west", 3.0, 0.7, ""}, {"east", 5.5, 0.3, ""}};
  const std::vector<double> expected = expected_offered(s, 0);
  REQUIRE(expected.size() == 168);
  const int reps = 30;
  std::vector<double> totals(expected.size(), 0.0);
  for (int r = 0; r < reps; ++r) {
    const ReplicationResult res = simulate_replication(s, 4004, r);
    for (std::size_t i = 0; i < totals.size(); ++i) totals[i] += res.intervals[0][i].offered;
  }
  // Counts summed over replications are Poisson(reps x expected) per interval, independent
  // across intervals: Pearson's statistic is chi-squared with 168 degrees of freedom.
  double chi2 = 0.0;
  for (std::size_t i = 0; i < totals.size(); ++i) {
    const double m = reps * expected[i];
    chi2 += (totals[i] - m) * (totals[i] - m) / m;
  }
  const boost::math::chi_squared dist(static_cast<double>(totals.size()));
  INFO("chi2 = " << chi2);
  CHECK(chi2 < boost::math::quantile(dist, 0.999));
  CHECK(chi2 > boost::math::quantile(dist, 0.001));
  // The total also matches: 7 days, each day's weight over the mean weight, per day volume.
  const double week = std::accumulate(expected.begin(), expected.end(), 0.0);
  CHECK(week == Approx(7 * 2000.0).epsilon(1e-9));
}

TEST_CASE("Poisson-gamma overdispersion gives daily counts the configured variance",
          "[models][validation][.slow]") {
  // Daily count N | G ~ Poisson(m G), G ~ Gamma(alpha, 1/alpha): Var N = m + m^2 / alpha.
  Scenario s = test::single_pool(0, test::exponential(1), 10, std::nullopt, 10.0, 0);
  s.channels[0].volume = {Volume::Per::day, 2000};
  s.channels[0].overdispersion_shape = 25;
  std::vector<double> days;
  for (int r = 0; r < 30; ++r) {
    const ReplicationResult res = simulate_replication(s, 5005, r);
    const int ipd = s.intervals_per_day();
    for (int d = 0; d < 10; ++d) {
      double n = 0;
      for (int i = 0; i < ipd; ++i)
        n += res.intervals[0][static_cast<std::size_t>(d * ipd + i)].offered;
      days.push_back(n);
    }
  }
  sim::Tally t;
  for (double x : days) t.add(x);
  const double var = 2000.0 + 2000.0 * 2000.0 / 25.0;
  CHECK(t.mean() == Approx(2000).margin(3 * std::sqrt(var / days.size())));
  // (n - 1) s^2 / sigma^2 is about chi-squared(n - 1) (the day totals are close to normal).
  const double n = static_cast<double>(days.size());
  const boost::math::chi_squared dist(n - 1);
  const double stat = (n - 1) * t.variance() / var;
  INFO("sample variance " << t.variance() << ", model " << var);
  CHECK(stat > boost::math::quantile(dist, 0.0005));
  CHECK(stat < boost::math::quantile(dist, 0.9995));
}

TEST_CASE("Little's law: time-average queue length equals arrival rate times mean wait",
          "[models][validation][.slow]") {
  const Scenario s =
      test::single_pool(600, test::lognormal(120, 1.0), 20, test::exponential(180), 3.0, 7200);
  std::vector<double> diff, length;
  const double horizon = s.horizon_days * 86400;
  for (int r = 0; r < 10; ++r) {
    const ChannelKpis k = simulate_replication(s, 6006, r).channels.at(0);
    // L from the time-weighted queue length; lambda W from the arrivals and their waits.
    const double l = k.queue_seconds / horizon;
    const double lambda_w = k.offered / horizon * k.mean_wait_seconds();
    diff.push_back(l - lambda_w);
    length.push_back(l);
  }
  const sim::ConfidenceInterval d = sim::student_t_interval(diff);
  const sim::ConfidenceInterval l = sim::student_t_interval(length);
  INFO("L = " << l.mean << ", L - lambda W = " << d.mean << " +/- " << d.half_width);
  REQUIRE(l.mean > 1.0);  // a real queue
  CHECK(std::fabs(d.mean) <= 3 * d.half_width + 1e-9);
  CHECK(d.half_width < 0.01 * l.mean);
}
