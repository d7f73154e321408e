// After-call work (ChannelConfig::after_call_work): the agent stays busy after the contact is
// done. Checked against Pollaczek-Khinchine (one agent, service = talk + wrap), the occupancy
// identity lambda (talk + wrap) / N, and the analytic staffing step (Erlang on talk + wrap).
#include <catch2/catch.hpp>

#include <cmath>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/simulation.hpp"
#include "ccsim/models/staffing.hpp"
#include "scenario_builders.hpp"
#include "theory_checks.hpp"

using namespace ccsim;
using namespace ccsim::models;

using test::agree;
using test::run;

TEST_CASE("M/G/1 with exponential talk and deterministic wrap-up agrees with Pollaczek-Khinchine",
          "[models][acw]") {
  // S = talk + wrap, talk ~ exp(mean 40 s), wrap = 20 s: E[S] = 60 s,
  // E[S^2] = Var(talk) + E[S]^2 = 1600 + 3600 = 5200 s^2; rho = lambda E[S] = 0.7.
  // Wq = lambda E[S^2] / (2 (1 - rho)) = 101.1 s (Kleinrock, Queueing Systems I, eq. 5.105).
  const double talk = 40.0, wrap = 20.0, rho = 0.7;
  const double lambda = rho / (talk + wrap);
  Scenario s =
      test::single_pool(lambda * 3600.0, test::exponential(talk), 1, std::nullopt, 8.0, 7200);
  s.channels[0].after_call_work = test::deterministic(wrap);
  const RunResults r = run(s, 12, 4242);
  const double es2 = talk * talk + (talk + wrap) * (talk + wrap);
  const double wq = lambda * es2 / (2.0 * (1.0 - rho));
  const ChannelSummary& c = r.channels.at(0);
  agree("mean_wait_seconds", c.mean_wait_seconds, wq, 0.1 * wq);
  agree("occupancy", c.occupancy, rho, 0.01);
  REQUIRE(c.has_after_call_work);
  // Deterministic wrap: every answered contact carries exactly 20 s.
  CHECK(c.after_call_work_seconds.mean == Approx(wrap).epsilon(1e-9));
  // Without the wrap the same arrivals see the much shorter M/M/1 wait: the wrap is not ignored.
  const double wq_no_wrap = (lambda * talk) / (1.0 - lambda * talk) * talk;
  CHECK(c.mean_wait_seconds.lower > 2.0 * wq_no_wrap);
}

TEST_CASE("occupancy is lambda (talk + wrap) / N for calls and chat slots", "[models][acw]") {
  SECTION("calls: 10 agents, exponential talk 100 s, lognormal wrap 30 s") {
    // A = lambda (100 + 30) = 7 Erlangs on 10 agents; nobody abandons, so all load is carried.
    const double lambda = 7.0 / 130.0;
    Scenario s =
        test::single_pool(lambda * 3600.0, test::exponential(100), 10, std::nullopt, 3.0, 3600);
    s.channels[0].after_call_work = test::lognormal(30, 0.5);
    const RunResults r = run(s, 8, 77);
    agree("occupancy", r.channels.at(0).occupancy, 0.7, 0.01);
    agree("after_call_work_seconds", r.channels.at(0).after_call_work_seconds, 30.0, 1.0);
  }
  SECTION("chat: the wrap-up holds the session's slot") {
    // 4 agents x 2 slots, talk 200 s, wrap 40 s deterministic: slot occupancy =
    // lambda (200 + 40) / 8 = 0.6.
    const double lambda = 0.6 * 8 / 240.0;
    Scenario s =
        test::single_pool(lambda * 3600.0, test::exponential(200), 4, std::nullopt, 3.0, 3600);
    s.channels[0].kind = ChannelKind::chat;
    s.channels[0].concurrency = 2;
    s.channels[0].after_call_work = test::deterministic(40);
    const RunResults r = run(s, 8, 78);
    agree("occupancy", r.channels.at(0).occupancy, 0.6, 0.01);
  }
}

TEST_CASE("without after-call work nothing changes, and no wrap-up is reported", "[models][acw]") {
  const Scenario s = test::single_pool(100, test::exponential(120), 5, test::exponential(180));
  const RunResults a = run(s, 2, 9);
  Scenario z = s;
  z.channels[0].after_call_work = test::deterministic(0);  // a zero wrap-up: same trajectory
  const RunResults b = run(z, 2, 9);
  CHECK_FALSE(a.channels[0].has_after_call_work);
  CHECK(b.channels[0].has_after_call_work);
  CHECK(a.channels[0].answered == b.channels[0].answered);
  CHECK(a.channels[0].mean_wait_seconds.mean == b.channels[0].mean_wait_seconds.mean);
  CHECK(a.channels[0].occupancy.mean == b.channels[0].occupancy.mean);
  CHECK(a.events == b.events);
}

TEST_CASE("the analytic staffing step sizes for talk + wrap", "[models][acw][staffing]") {
  // 600 calls an hour, talk 150 s + wrap 30 s must need exactly what 180 s of talk needs.
  Scenario with = test::single_pool(600, test::exponential(150), 40, test::exponential(300));
  with.channels[0].after_call_work = test::deterministic(30);
  with.channels[0].targets.service_level = 0.8;
  with.channels[0].targets.abandon_rate = 0.05;
  Scenario plain = with;
  plain.channels[0].after_call_work.reset();
  plain.channels[0].handle_time = test::exponential(180);
  QueueInput q;
  q.arrival_rate = 600.0 / 3600;
  q.mean_service_seconds = 180;
  q.mean_patience_seconds = 300;
  q.sl_seconds = 20;
  const int expected = required_agents(q, with.channels[0].targets).agents;
  const std::vector<int> req = analytic_requirement(with, 0);
  REQUIRE(!req.empty());
  for (int n : req) CHECK(n == expected);
  CHECK(req == analytic_requirement(plain, 0));
  Scenario talk_only = plain;
  talk_only.channels[0].handle_time = test::exponential(150);
  CHECK(analytic_requirement(talk_only, 0).front() < expected);  // the wrap is not ignored
}
