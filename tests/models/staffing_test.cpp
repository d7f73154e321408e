// Staffing plan (models/staffing.hpp): the analytic step against the Erlang solvers and hand
// computations, the simulated step against Erlang A on a model where Erlang A is exact, the
// headcount formula, monotonicity in volume and determinism.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/staffing.hpp"
#include "models/scenario_builders.hpp"

using namespace ccsim;
using ccsim::test::deterministic;
using ccsim::test::exponential;
using ccsim::test::single_pool;

namespace {

/// Stationary M/M/N+M: 600 calls/h, exponential 180 s handling and 300 s patience, 80/20 and
/// at most 5 % abandoned. Erlang A is exact for it.
models::Scenario stationary_calls(double calls_per_hour = 600) {
  models::Scenario s = single_pool(calls_per_hour, exponential(180), 0, exponential(300));
  s.channels[0].targets.service_level = 0.8;
  s.channels[0].targets.abandon_rate = 0.05;
  s.sites[0].headcount = 100;
  s.sites[0].shrinkage = 0.3;
  return s;
}

int erlang_a_answer(double calls_per_hour) {
  models::QueueInput q;
  q.arrival_rate = calls_per_hour / 3600;
  q.mean_service_seconds = 180;
  q.mean_patience_seconds = 300;
  q.sl_seconds = 20;
  models::StaffingTargets t;
  t.service_level = 0.8;
  t.abandon_rate = 0.05;
  return models::required_agents(q, t).agents;
}

/// One email channel (per day, deterministic handle) served by one constant group.
models::Scenario email_only(double per_day, double handle, double sl_seconds) {
  models::Scenario s = single_pool(0, deterministic(handle), 5);
  s.channels[0].kind = models::ChannelKind::email;
  s.channels[0].volume = {models::Volume::Per::day, per_day};
  s.channels[0].sl_seconds = sl_seconds;
  s.channels[0].targets.service_level = 0.9;
  return s;
}

}  // namespace

TEST_CASE("the analytic requirement of stationary calls is required_agents' Erlang A answer",
          "[models][staffing]") {
  const models::Scenario s = stationary_calls();
  const std::vector<int> req = models::analytic_requirement(s, 0);
  REQUIRE(req.size() == 48);
  const int expected = erlang_a_answer(600);
  CHECK(expected > 30);  // 30 Erlangs offered: a real search, not a boundary case
  for (int n : req) CHECK(n == expected);
}

TEST_CASE("without patience the analytic requirement is Erlang C's", "[models][staffing]") {
  models::Scenario s = stationary_calls();
  s.channels[0].patience.reset();
  s.channels[0].targets = {};
  s.channels[0].targets.asa_seconds = 15;
  models::QueueInput q;
  q.arrival_rate = 600.0 / 3600;
  q.mean_service_seconds = 180;
  models::StaffingTargets t;
  t.asa_seconds = 15;
  const int expected = models::required_agents(q, t).agents;
  for (int n : models::analytic_requirement(s, 0)) CHECK(n == expected);
}

TEST_CASE("chat agents are the slots at full-load handle time divided by the concurrency",
          "[models][staffing]") {
  bool rounded = false;
  for (double per_hour : {60.0, 90.0, 120.0, 150.0}) {
    models::Scenario s = stationary_calls(per_hour);
    s.channels[0].kind = models::ChannelKind::chat;
    s.channels[0].concurrency = 3;
    s.channels[0].concurrency_slowdown = 0.2;
    models::QueueInput q;
    q.arrival_rate = per_hour / 3600;
    q.mean_service_seconds = 180 * (1 + 0.2 * 2);  // every session shares its agent with 2 others
    q.mean_patience_seconds = 300;
    models::StaffingTargets t;
    t.service_level = 0.8;
    t.abandon_rate = 0.05;
    const int slots = models::required_agents(q, t).agents;
    rounded = rounded || slots % 3 != 0;
    for (int n : models::analytic_requirement(s, 0)) CHECK(n == (slots + 2) / 3);
  }
  CHECK(rounded);  // the rounding up is exercised
}

TEST_CASE("email work is spread over the intervals of its service-level window",
          "[models][staffing]") {
  SECTION("flat demand: workload / interval, over max occupancy") {
    // 60 emails an hour x 360 s = 6 agents of work in every interval, whatever the window.
    models::Scenario s = email_only(60 * 24, 360, 2 * 3600);
    for (int n : models::analytic_requirement(s, 0)) CHECK(n == 6);
    s.channels[0].targets.max_occupancy = 0.8;  // 7.5 -> 8
    for (int n : models::analytic_requirement(s, 0)) CHECK(n == 8);
  }
  SECTION("all work in the first of four 6-hour intervals, 12-hour window") {
    models::Scenario s = email_only(432, 100, 12 * 3600);
    s.interval_seconds = 6 * 3600;
    s.channels[0].intraday = {1, 0, 0, 0};
    // W0 = 432 x 100 s = 43200 agent-seconds, spread over intervals 0 and 1 (m = 2):
    // 43200 / (2 x 21600 s) = 1 agent in each; nothing arrives for intervals 2 and 3.
    CHECK(models::analytic_requirement(s, 0) == std::vector<int>{1, 1, 0, 0});
  }
}

TEST_CASE("required headcount is month agent-hours over shrinkage and paid hours",
          "[models][staffing]") {
  // 1000 h in 10 days -> 3000 h a month; / 0.75 / 150 = 26.67 -> 27.
  CHECK(models::required_headcount(1000, 10, 30, 0.25, 150) == 27);
  CHECK(models::required_headcount(0, 10, 30, 0.25, 150) == 0);
  // Exactly 10 (1155 / 0.7 / 165): floating-point dust does not round up to 11.
  CHECK(models::required_headcount(1155, 30, 30, 0.3, 165) == 10);
  CHECK_THROWS_AS(models::required_headcount(1, 10, 30, 1.0, 150), std::invalid_argument);
  CHECK_THROWS_AS(models::required_headcount(1, 0, 30, 0.3, 150), std::invalid_argument);

  // Through a plan: N agents all day for one day -> 24 N h/day, x 30 days / 0.7 / 165.
  models::StaffingOptions analytic;
  analytic.simulate = false;
  const models::StaffingPlan plan = models::plan_staffing(stationary_calls(), analytic);
  const int n = erlang_a_answer(600);
  REQUIRE(plan.sites.size() == 1);
  CHECK(plan.sites[0].agent_hours_analytic == Approx(24.0 * n));
  const int expected = static_cast<int>(std::ceil(24.0 * n * 30 / 0.7 / 165));
  CHECK(plan.sites[0].headcount_required == expected);
  CHECK(plan.sites[0].headcount_available == 100);
  CHECK(plan.sites[0].surplus == 100 - expected);
  CHECK(plan.headcount_required == expected);
  CHECK(plan.surplus == 100 - expected);
  CHECK(plan.rows.size() == 48);
  CHECK_FALSE(plan.rows[0].agents_simulated.has_value());
}

TEST_CASE("more volume never needs fewer agents (analytic)", "[models][staffing]") {
  for (double v : {50.0, 300.0, 600.0, 2000.0}) {
    const std::vector<int> a = models::analytic_requirement(stationary_calls(v), 0);
    const std::vector<int> b = models::analytic_requirement(stationary_calls(v * 1.1), 0);
    for (std::size_t i = 0; i < a.size(); ++i) CHECK(b[i] >= a[i]);
  }
}

TEST_CASE("sites share a channel by their home regions' demand", "[models][staffing]") {
  models::Scenario s = stationary_calls();
  s.routing.policy = "home_first";
  s.regions = {{"west", 0, 0.75, "main"}, {"east", 0, 0.25, "second"}};
  models::SiteConfig second = s.sites[0];
  second.name = "second";
  s.sites.push_back(second);
  models::StaffingOptions analytic;
  analytic.simulate = false;
  const models::StaffingPlan plan = models::plan_staffing(s, analytic);
  const int n = erlang_a_answer(600);
  REQUIRE(plan.rows.size() == 96);
  for (std::size_t i = 0; i < plan.rows.size(); i += 2) {
    CHECK(plan.rows[i].agents_analytic + plan.rows[i + 1].agents_analytic == n);
    CHECK(std::abs(plan.rows[i].agents_analytic - 0.75 * n) <= 1);  // largest remainder
  }
}

TEST_CASE("impossible targets and bad options are rejected", "[models][staffing]") {
  models::Scenario s = stationary_calls();
  s.channels[0].targets.service_level = 1.0;
  CHECK_THROWS_AS(models::analytic_requirement(s, 0), std::invalid_argument);
  models::StaffingOptions bad;
  bad.max_passes = 0;
  CHECK_THROWS_AS(models::plan_staffing(stationary_calls(), bad), std::invalid_argument);
}

TEST_CASE("the simulated requirement of M/M/N+M is within two agents of Erlang A",
          "[models][staffing][.slow]") {
  const models::Scenario s = stationary_calls();
  models::StaffingOptions o;
  o.replications = 8;
  const models::StaffingPlan plan = models::plan_staffing(s, o);
  const int n = erlang_a_answer(600);
  REQUIRE(plan.channels[0].simulated.size() == 48);
  for (int k : plan.channels[0].simulated) CHECK(std::abs(k - n) <= 2);
  CHECK(plan.channels[0].keys == 48);
  CHECK(plan.channels[0].keys_missed == 0);
  // The verified plan meets the targets over the day.
  CHECK(plan.channels[0].service_level->mean >= 0.8);
  CHECK(plan.channels[0].abandon_rate->mean <= 0.05);
}

TEST_CASE("more volume never needs fewer agents (simulated)", "[models][staffing][.slow]") {
  models::StaffingOptions o;
  o.replications = 4;
  const models::StaffingPlan a = models::plan_staffing(stationary_calls(400), o);
  const models::StaffingPlan b = models::plan_staffing(stationary_calls(600), o);
  for (std::size_t i = 0; i < a.channels[0].simulated.size(); ++i)
    CHECK(b.channels[0].simulated[i] >= a.channels[0].simulated[i]);
  CHECK(b.headcount_required >= a.headcount_required);
}

TEST_CASE("the same seed gives the same plan whatever the threads", "[models][staffing]") {
  models::Scenario s = stationary_calls(200);
  s.horizon_days = 0.25;  // 12 intervals: quick
  models::StaffingOptions o;
  o.replications = 3;
  o.threads = 1;
  const models::StaffingPlan a = models::plan_staffing(s, o);
  o.threads = 2;
  const models::StaffingPlan b = models::plan_staffing(s, o);
  CHECK(a.channels[0].simulated == b.channels[0].simulated);
  CHECK(a.channels[0].service_level->mean == b.channels[0].service_level->mean);
  CHECK(a.passes == b.passes);
  o.seed = 777;
  const models::StaffingPlan c = models::plan_staffing(s, o);
  CHECK(c.seed == 777);
}

TEST_CASE("judging on the confidence bound needs at least the agents of the mean",
          "[models][staffing]") {
  models::Scenario s = stationary_calls(300);
  s.horizon_days = 0.25;
  models::StaffingOptions o;
  o.replications = 4;
  const models::StaffingPlan mean = models::plan_staffing(s, o);
  o.confidence = true;
  const models::StaffingPlan bound = models::plan_staffing(s, o);
  CHECK(bound.confidence);
  CHECK(bound.channels[0].agent_hours_simulated >= mean.channels[0].agent_hours_simulated);
  // The bound's plan meets the targets at the mean with room to spare.
  CHECK(bound.channels[0].service_level->mean >= 0.8);
}
