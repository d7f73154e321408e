// Edge cases with defined behaviour: zero volume, zero agents, overload, horizons shorter than
// one interval, intervals that do not divide the day, Erlang at N = 1 and N = 20,000, and
// patience -> infinity (Erlang A and the simulation both become Erlang C).

#include <sys/resource.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <variant>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/error.hpp"
#include "ccsim/models/simulation.hpp"
#include "scenario_builders.hpp"

using namespace ccsim;
using namespace ccsim::models;

namespace {

// Peak resident memory of this process so far, in MiB (Linux reports ru_maxrss in KiB).
double peak_rss_mib() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// A number, or undefined with a reason (a ratio with an empty denominator): never a bare NaN
// or an infinity.
bool finite_or_undefined(const Estimate& e) {
  if (!e.defined()) return std::isnan(e.mean) && std::string(e.undefined).size() > 0;
  return std::isfinite(e.mean) && std::isfinite(e.lower) && std::isfinite(e.upper);
}
bool finite_or_undefined(double x) { return std::isfinite(x) || std::isnan(x); }

// Every aggregated figure of a run is a number or explicitly undefined.
void require_finite(const RunResults& r) {
  for (const auto& c : r.channels) {
    INFO("channel " << c.name);
    CHECK(finite_or_undefined(c.service_level));
    CHECK(finite_or_undefined(c.asa_seconds));
    CHECK(finite_or_undefined(c.mean_wait_seconds));
    CHECK(finite_or_undefined(c.abandon_rate));
    CHECK(finite_or_undefined(c.occupancy));
    CHECK(finite_or_undefined(c.p_wait));
    CHECK(c.backlog_end.defined());  // a count, not a ratio
  }
  for (const auto& s : r.sites) CHECK(finite_or_undefined(s.occupancy));
  for (const auto& row : r.intervals) {
    CHECK(finite_or_undefined(row.service_level));
    CHECK(finite_or_undefined(row.asa_seconds));
    CHECK(finite_or_undefined(row.occupancy));
    // Undefined exactly when the denominator is empty.
    CHECK(std::isnan(row.service_level) == (row.offered == 0));
    CHECK(std::isnan(row.asa_seconds) == (row.answered == 0));
  }
}

QueueInput queue(double calls_per_hour, double aht, std::optional<double> patience, int n,
                 double t = 20) {
  return QueueInput{calls_per_hour / 3600.0, aht, patience, n, t};
}

}  // namespace

TEST_CASE("zero volume: nothing is offered, ratios over offered contacts are undefined",
          "[models][edge]") {
  const Scenario s = test::single_pool(0, test::exponential(180), 5, test::exponential(120));
  const ChannelKpis k = simulate_replication(s, 1, 0).channels[0];
  CHECK(k.offered == 0);
  CHECK(k.answered == 0);
  CHECK(k.abandoned == 0);
  CHECK(k.busy_seconds == 0);
  CHECK(k.staffed_seconds == Approx(5 * 86400.0));  // agents are on duty all day
  CHECK(k.occupancy() == 0);
  const RunResults r = simulate(s, {3, std::nullopt, 1, {}, {}});
  CHECK(r.channels[0].offered == 0);
  require_finite(r);
  // Not 0, not 1: undefined, with the reason; occupancy (agents on duty, idle) is 0.
  CHECK(!r.channels[0].service_level.defined());
  CHECK(std::string(r.channels[0].service_level.undefined) == "no contacts offered");
  CHECK(!r.channels[0].abandon_rate.defined());
  CHECK(!r.channels[0].asa_seconds.defined());
  CHECK(r.channels[0].occupancy.mean == 0);
  for (const auto& row : r.intervals) CHECK(std::isnan(row.service_level));
  // The solver agrees: no arrivals, nobody waits, any N (even 0) is enough.
  CHECK(erlang_c(queue(0, 180, std::nullopt, 0)).p_wait == 0);
  CHECK(required_agents(queue(0, 180, std::nullopt, 0),
                        {0.8, std::nullopt, std::nullopt, std::nullopt})
            .agents == 0);
}

TEST_CASE("zero agents: calls abandon, email backlog grows, the run ends and reports",
          "[models][edge]") {
  SECTION("calls with patience all abandon") {
    const Scenario s = test::single_pool(100, test::exponential(120), 0, test::exponential(60));
    const ChannelKpis k = simulate_replication(s, 1, 0).channels[0];
    CHECK(k.offered > 1000);  // 100 per hour for a day
    CHECK(k.answered == 0);
    CHECK(k.abandoned == k.offered);
    CHECK(k.unanswered_end == 0);
    CHECK(k.service_level() == 0);
    CHECK(k.abandon_rate() == 1);
  }
  SECTION("email: every arrival stays in the backlog, growing day by day") {
    Scenario s = test::single_pool(20, test::exponential(300), 0, std::nullopt, 1.0, 0);
    s.channels[0].kind = ChannelKind::email;
    s.channels[0].sl_seconds = 86400;
    const ChannelKpis one_day = simulate_replication(s, 1, 0).channels[0];
    CHECK(one_day.answered == 0);
    CHECK(one_day.backlog_end == one_day.offered);
    s.horizon_days = 3;
    const ChannelKpis three_days = simulate_replication(s, 1, 0).channels[0];
    CHECK(three_days.backlog_end == three_days.offered);
    CHECK(three_days.backlog_end > 2 * one_day.backlog_end);
  }
  SECTION("the aggregated run is complete and finite") {
    const Scenario s = test::single_pool(100, test::exponential(120), 0, test::exponential(60));
    const RunResults r = simulate(s, {2, std::nullopt, 1, {}, {}});
    REQUIRE(r.channels.size() == 1);
    CHECK(r.channels[0].answered == 0);
    // Nobody on duty, nobody answered: undefined, not 0 (an expect: on them cannot pass).
    CHECK(!r.sites[0].occupancy.defined());
    CHECK(std::string(r.sites[0].occupancy.undefined) == "no agents on duty");
    CHECK(!r.channels[0].occupancy.defined());
    CHECK(!r.channels[0].asa_seconds.defined());
    CHECK(r.channels[0].abandon_rate.mean == 1);
    CHECK(r.channels[0].service_level.mean == 0);
    CHECK(r.intervals.size() == 48);  // one day of 30-minute intervals, one channel
    for (const auto& row : r.intervals) CHECK(std::isnan(row.occupancy));
    require_finite(r);
  }
}

TEST_CASE("overload far above the agents finishes in bounded time and memory", "[models][edge]") {
  // 500 Erlangs offered to 5 agents for a day, nobody abandons: about 144,000 calls pile up.
  // The drain limit (default one day) ends the run; what is still waiting is reported.
  const Scenario s = test::single_pool(6000, test::exponential(300), 5, std::nullopt, 1.0, 0);
  const double rss_before = peak_rss_mib();
  const auto start = std::chrono::steady_clock::now();
  const ReplicationResult r = simulate_replication(s, 7, 0);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const ChannelKpis& k = r.channels[0];
  CHECK(k.offered > 140'000);
  CHECK(k.unanswered_end > 0.9 * k.offered);
  CHECK(k.offered == k.answered + k.unanswered_end);
  // Events: one arrival per call plus at most one start and one end per answered call (and a
  // few bookkeeping events per interval); nothing grows with the queue length squared.
  CHECK(r.events < 3 * k.offered + 10'000);
  // Generous bounds (ASan doubles memory and slows ~3x): tens of MB and well under a second
  // in Release.
  INFO("took " << seconds << " s, peak RSS grew " << peak_rss_mib() - rss_before << " MiB");
  CHECK(seconds < 20);
  CHECK(peak_rss_mib() - rss_before < 512);
}

TEST_CASE("a horizon shorter than one interval runs and reports one partial interval",
          "[models][edge]") {
  // 10 minutes counted, 30-minute intervals.
  const Scenario s =
      test::single_pool(600, test::exponential(60), 20, test::exponential(120), 600.0 / 86400.0);
  REQUIRE(validate(s).empty());
  const ReplicationResult r = simulate_replication(s, 3, 0);
  const ChannelKpis& k = r.channels[0];
  CHECK(k.offered > 50);  // 100 expected
  CHECK(k.offered < 160);
  REQUIRE(r.intervals[0].size() == 1);
  CHECK(r.intervals[0][0].offered == k.offered);
  CHECK(k.staffed_seconds == Approx(20 * 600.0));
  const RunResults agg = simulate(s, {2, std::nullopt, 1, {}, {}});
  CHECK(agg.intervals.size() == 1);
  require_finite(agg);
}

TEST_CASE("an interval that does not divide the day is a clear error", "[models][edge]") {
  for (double interval : {420.0, 1000.5, 7200.0 * 5, 0.5}) {
    Scenario s = test::single_pool(100, test::exponential(120), 5);
    s.interval_seconds = interval;
    const auto problems = validate(s);
    INFO("interval " << interval);
    REQUIRE(!problems.empty());
    CHECK(problems[0].path == "interval");
    CHECK(problems[0].message.find("divide") != std::string::npos);
    CHECK_THROWS_AS(simulate_replication(s, 1, 0), ccsim::models::UserError);
  }
}

TEST_CASE("Erlang at N = 1 is the M/M/1 queue", "[models][edge][erlang]") {
  // M/M/1 (Kleinrock, Queueing Systems I, sec. 3.2; FCFS waiting time, eq. 5.122 for W(t)):
  // P(wait) = rho, P(W > t) = rho exp(-(mu - lambda) t), E[W] = rho / (mu - lambda).
  const double lambda = 0.7 / 180.0, mu = 1.0 / 180.0, rho = lambda / mu, t = 20;
  const QueueMetrics c = erlang_c(QueueInput{lambda, 180, std::nullopt, 1, t});
  CHECK(c.p_wait == Approx(rho).epsilon(1e-12));
  CHECK(c.service_level == Approx(1 - rho * std::exp(-(mu - lambda) * t)).epsilon(1e-12));
  CHECK(c.asa_seconds == Approx(rho / (mu - lambda)).epsilon(1e-12));
  CHECK(c.occupancy == Approx(rho).epsilon(1e-12));
  // M/M/1+M: birth-death chain pi_k = pi_0 prod_{j=1..k} lambda / (mu + (j - 1) theta)
  // (Garnett, Mandelbaum, Reiman 2002, sec. 2); summed directly here.
  const double theta = 1.0 / 60.0;
  const double lam_a = 3.0 / 180.0;  // overloaded: rho = 3 is stable only thanks to abandons
  double term = 1, total = 1, queue = 0;
  for (int k = 1; k < 2000; ++k) {
    term *= lam_a / (mu + (k - 1) * theta);
    total += term;
    queue += (k - 1) * term;
  }
  const QueueMetrics a = erlang_a(QueueInput{lam_a, 180, 60.0, 1, t});
  CHECK(a.p_wait == Approx(1 - 1 / total).epsilon(1e-10));
  CHECK(a.p_abandon == Approx(theta * (queue / total) / lam_a).epsilon(1e-10));
  CHECK(a.occupancy == Approx(1 - 1 / total).epsilon(1e-10));
  // Erlang C at N = 1 with A >= 1 is unstable.
  CHECK_THROWS_AS(erlang_c(QueueInput{mu, 180, std::nullopt, 1, t}), std::domain_error);
}

TEST_CASE("Erlang at N = 20,000 stays finite and the search lands there",
          "[models][edge][erlang]") {
  // Almost no load: the tail must not underflow into NaN.
  const QueueMetrics light = erlang_c(queue(20, 180, std::nullopt, 20000));
  CHECK(light.p_wait == 0);
  CHECK(light.service_level == 1);
  const QueueMetrics light_a = erlang_a(queue(20, 180, 60.0, 20000));
  CHECK(light_a.p_abandon == 0);
  CHECK(light_a.service_level == 1);
  // 19,800 Erlangs: the smallest N for 80/20 is near 19,850; N - 1 must miss the target.
  const QueueInput in = queue(19800.0 * 20, 180, std::nullopt, 0);
  const StaffingAnswer ans = required_agents(in, {0.8, std::nullopt, std::nullopt, std::nullopt});
  REQUIRE(ans.feasible);
  CHECK(ans.agents > 19800);
  CHECK(ans.agents < 20000);
  CHECK(ans.metrics.service_level >= 0.8);
  QueueInput below = in;
  below.agents = ans.agents - 1;
  CHECK(erlang_c(below).service_level < 0.8);
}

TEST_CASE("patience -> infinity: Erlang A becomes Erlang C", "[models][edge][erlang]") {
  // The gap shrinks monotonically as patience grows and vanishes in the limit.
  const QueueMetrics c = erlang_c(queue(200, 180, std::nullopt, 11));
  double previous_gap = 1;
  for (double patience : {1e3, 1e5, 1e7, 1e9, 1e12}) {
    const QueueMetrics a = erlang_a(queue(200, 180, patience, 11));
    const double gap = std::abs(a.service_level - c.service_level);
    INFO("patience " << patience);
    CHECK(gap <= previous_gap);
    previous_gap = gap;
  }
  const QueueMetrics a = erlang_a(queue(200, 180, 1e12, 11));
  CHECK(a.service_level == Approx(c.service_level).epsilon(1e-8));
  CHECK(a.asa_seconds == Approx(c.asa_seconds).epsilon(1e-8));
  CHECK(a.p_wait == Approx(c.p_wait).epsilon(1e-8));
  CHECK(a.p_abandon < 1e-9);
}

TEST_CASE("patience -> infinity: the simulation gives the no-abandon run exactly",
          "[models][edge][simulation]") {
  // Patience has its own random stream, so arrivals and handle times are the same contacts;
  // with a mean patience of 10^12 s nobody abandons and every count must match.
  const Scenario none = test::single_pool(200, test::exponential(180), 11, std::nullopt);
  const Scenario patient =
      test::single_pool(200, test::exponential(180), 11, test::exponential(1e12));
  const ChannelKpis a = simulate_replication(none, 5, 0).channels[0];
  const ChannelKpis b = simulate_replication(patient, 5, 0).channels[0];
  CHECK(b.abandoned == 0);
  CHECK(a.offered == b.offered);
  CHECK(a.answered == b.answered);
  CHECK(a.answered_within_sl == b.answered_within_sl);
  CHECK(a.wait_sum_answered == Approx(b.wait_sum_answered).epsilon(1e-12));
  CHECK(a.busy_seconds == Approx(b.busy_seconds).epsilon(1e-12));
}

TEST_CASE("patience -> infinity: simulated service level and ASA match Erlang C",
          "[models][edge][simulation][.slow]") {
  // rho = 0.909 on 11 agents; 10 replications of 5 days each. The 95 % Student-t interval
  // across replications must contain the exact Erlang C value.
  const Scenario s =
      test::single_pool(200, test::exponential(180), 11, test::exponential(1e12), 5.0, 4 * 3600.0);
  const RunResults r = simulate(s, {10, 20261125, 1, {}, {}});
  const QueueMetrics exact = erlang_c(queue(200, 180, std::nullopt, 11));
  const ChannelSummary& c = r.channels[0];
  INFO("SL " << c.service_level.mean << " [" << c.service_level.lower << ", "
             << c.service_level.upper << "], exact " << exact.service_level);
  CHECK(c.service_level.lower <= exact.service_level);
  CHECK(exact.service_level <= c.service_level.upper);
  INFO("ASA " << c.asa_seconds.mean << " [" << c.asa_seconds.lower << ", " << c.asa_seconds.upper
              << "], exact " << exact.asa_seconds);
  CHECK(c.asa_seconds.lower <= exact.asa_seconds);
  CHECK(exact.asa_seconds <= c.asa_seconds.upper);
  CHECK(c.abandoned == 0);
}

TEST_CASE("distributions are a closed set: each kind has one name, defaults and moments",
          "[models][edge][distribution]") {
  // The default is an exponential with mean 0, as scenarios left it before they are read.
  const Distribution none;
  CHECK(none.kind() == Distribution::Kind::exponential);
  CHECK(none.is<Exponential>());
  CHECK(none.expected() == 0);
  CHECK(none.get_if<Gamma>() == nullptr);
  std::set<std::string> names;
  constexpr std::size_t n = std::variant_size_v<Distribution::Alternatives>;
  for (std::size_t k = 0; k < n; ++k) {
    const auto kind = static_cast<Distribution::Kind>(k);
    INFO(k);
    CHECK(Distribution(kind).kind() == kind);
    CHECK(std::string(to_string(kind)) == traits(kind).name);
    CHECK(traits(kind).parameters[0] != nullptr);
    names.insert(traits(kind).name);
  }
  CHECK(names.size() == n);
  CHECK(std::string(name_of<Weibull>()) == "weibull");
  // Moments: E[S] and cs^2 as the Pollaczek-Khinchine formula needs them.
  CHECK(test::gamma(60, 0.5).expected() == 60);
  CHECK(test::gamma(60, 0.5).scv() == 0.25);
  CHECK(test::lognormal(60, 2).scv() == 4);
  CHECK(test::exponential(60).scv() == 1);
  CHECK(test::weibull(1, 60).expected() == Approx(60));  // shape 1 = exponential
  CHECK(test::weibull(1, 60).scv() == Approx(1));
  CHECK(test::deterministic(5).expected() == 5);
  CHECK(test::deterministic(5).scv() == 0);
  const Distribution two = Empirical{{1, 3}};
  CHECK(two.expected() == 2);
  CHECK(two.scv() == Approx(0.25));  // E[X^2] = 5, 5 / 4 - 1
  CHECK(Distribution(Empirical{}).expected() == 0);
}

TEST_CASE("distribution parameters outside exact sampling are errors at their key",
          "[models][edge][validate]") {
  // Each of these sampled silently to zero handle times (occupancy 0) before the rule.
  struct Case {
    Distribution d;
    std::string key;
  };
  auto gamma = [](double cv) { return test::gamma(60, cv); };
  auto lognormal = [](double cv) { return test::lognormal(60, cv); };
  using test::weibull;
  const Distribution det = test::deterministic(1e-7);
  const std::vector<Case> bad{
      {gamma(1e-200), "cv"},        {gamma(1e200), "cv"},        {gamma(20), "cv"},
      {lognormal(1e200), "cv"},     {lognormal(1e-9), "cv"},     {test::exponential(1e-9), "mean"},
      {weibull(1e-5, 60), "shape"}, {weibull(2, 1e-9), "scale"}, {det, "value"}};
  for (const Case& c : bad) {
    Scenario s = test::single_pool(100, c.d, 5);
    const auto problems = validate(s);
    INFO(c.key);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].path == "channels.voice.handle_time." + c.key);
    CHECK_THROWS_AS(simulate_replication(s, 1, 0), ccsim::models::UserError);
  }
  // The ends of the ranges are valid.
  for (const Distribution& d : {gamma(1e-6), gamma(10), lognormal(1000), weibull(0.1, 1e-3),
                                weibull(1000, 60), test::exponential(1e-3)}) {
    Scenario s = test::single_pool(100, d, 5);
    CHECK(validate(s).empty());
  }
  // 1 ms is the shortest non-zero fixed time (a zero one stays allowed where the key allows 0).
  CHECK(validate(test::single_pool(100, test::deterministic(0.001), 5)).empty());
  // Near the lower cv end the simulated occupancy is the offered load's: lambda E[S] / N.
  const Scenario flat = test::single_pool(3600, gamma(1e-6), 100, test::exponential(1e6), 1.0);
  const RunResults r = simulate(flat, {2, std::nullopt, 1, {}, {}});
  // Offered load 3600/h x 60 s = 60 E on 100 agents: occupancy 0.6 (nearly deterministic S).
  CHECK(r.channels[0].occupancy.mean == Approx(0.6).margin(0.02));
}
