// Redials and cross-channel retrials (ChannelConfig::redial): the flow identities that hold
// exactly in every replication, the redial probability and target shares within binomial
// confidence intervals, and a stationary M/M/N+M with retrials against the fixed point
// lambda = lambda0 + p lambda P_ab(lambda) with the exact Erlang A abandon probability.
#include <catch2/catch.hpp>

#include <cmath>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/simulation.hpp"
#include "scenario_builders.hpp"
#include "theory_checks.hpp"

using namespace ccsim;
using namespace ccsim::models;

namespace {

/// Voice (overloaded: 24 Erlangs on 20 agents, patience 120 s) whose abandoned callers come
/// back with probability 0.5 after ~5 min, 60 % on voice and 40 % in a chat with 8 agents;
/// at most 2 attempts per customer; no warm-up, so every retrial's customer is counted.
Scenario voice_and_chat(double days = 1.0) {
  Scenario s = test::single_pool(24.0 * 3600 / 120, test::exponential(120), 20,
                                 test::exponential(120), days, 0.0);
  ChannelConfig chat;
  chat.name = "chat";
  chat.kind = ChannelKind::chat;
  chat.volume = {Volume::Per::hour, 20};
  chat.handle_time = test::exponential(600);
  chat.patience = test::exponential(300);
  chat.concurrency = 2;
  s.channels.push_back(chat);
  AgentGroupConfig web;
  web.name = "web";
  web.skills = {"chat"};
  web.agents = 8;
  s.sites[0].groups.push_back(web);
  RedialConfig r;
  r.probability = 0.5;
  r.delay = test::exponential(300);
  r.to = {{"voice", 0.6}, {"chat", 0.4}};
  r.max_attempts = 2;
  s.channels[0].redial = r;
  return s;
}

}  // namespace

TEST_CASE("redial flow identities hold exactly in every replication", "[models][redial]") {
  const Scenario s = voice_and_chat();
  REQUIRE(validate(s).empty());
  for (int rep = 0; rep < 4; ++rep) {
    const ReplicationResult r = simulate_replication(s, 11, rep);
    const ChannelKpis& v = r.channels[0];
    const ChannelKpis& c = r.channels[1];
    INFO("replication " << rep);
    CHECK(v.offered == v.fresh_attempts + v.retrial_attempts);
    CHECK(c.offered == c.fresh_attempts + c.retrial_attempts);
    // No warm-up: a voice retrial's customer was counted on voice already; a chat retrial is
    // a voice customer's second and last attempt, new to chat.
    CHECK(v.unique_customers == v.fresh_attempts);
    CHECK(c.unique_customers == c.fresh_attempts + c.retrial_attempts);
    // At most 2 attempts: only first attempts redial, and every decided return that falls in
    // the horizon arrives.
    CHECK(v.retrial_attempts + c.retrial_attempts <= v.abandoned_then_redialled);
    CHECK(v.abandoned_then_redialled <= v.abandoned);
    CHECK(c.abandoned_then_redialled == 0);  // chat does not redial
    CHECK(v.offered == v.answered + v.abandoned + v.unanswered_end);
    CHECK(v.retrial_attempts > 100);  // the feature is exercised
    CHECK(c.retrial_attempts > 50);
  }
}

TEST_CASE("redials follow the probability and the target shares", "[models][redial]") {
  Scenario s = voice_and_chat(3.0);
  s.channels[0].redial->max_attempts.reset();  // every voice abandon may come back
  double abandons = 0, redialled = 0, to_voice = 0, to_chat = 0;
  for (int rep = 0; rep < 4; ++rep) {
    const ReplicationResult r = simulate_replication(s, 12, rep);
    abandons += r.channels[0].abandoned;
    redialled += r.channels[0].abandoned_then_redialled;
    to_voice += r.channels[0].retrial_attempts;
    to_chat += r.channels[1].retrial_attempts;
  }
  // Given the abandons, the returns are Binomial(abandons, p = 0.5): within 3 sd.
  const double p = 0.5;
  INFO("abandons " << abandons << ", redialled " << redialled);
  CHECK(std::fabs(redialled - p * abandons) <= 3 * std::sqrt(abandons * p * (1 - p)));
  // Returns inside the horizon go 60 / 40 to voice and chat (binomial, 3 sd).
  const double returns = to_voice + to_chat;
  INFO("returns " << returns << ", to chat " << to_chat);
  CHECK(std::fabs(to_chat - 0.4 * returns) <= 3 * std::sqrt(returns * 0.4 * 0.6));
  // Only those whose delay (mean 5 min) crosses the end of the 3 days are lost.
  CHECK(returns >= 0.99 * redialled);
  CHECK(returns <= redialled);
}

TEST_CASE("stationary M/M/N+M with redials agrees with the Erlang-X-style fixed point",
          "[models][redial]") {
  // 20 agents, AHT 120 s, exponential patience 180 s, 21 Erlangs of fresh calls; an abandoned
  // caller redials with p = 0.7 after an exponential 30 min (long against the busy period, so
  // the retrials mix into a near-Poisson stream: the assumption of the fixed point, as in
  // Koole's Erlang X). Fixed point: lambda = lambda0 + p lambda P_ab(lambda).
  const double lambda0 = 21.0 / 120.0, p = 0.7;
  Scenario s = test::single_pool(lambda0 * 3600, test::exponential(120), 20, test::exponential(180),
                                 4.0, 4 * 3600.0);
  RedialConfig r;
  r.probability = p;
  r.delay = test::exponential(1800);
  s.channels[0].redial = r;
  QueueInput q;
  q.mean_service_seconds = 120;
  q.mean_patience_seconds = 180;
  q.agents = 20;
  q.sl_seconds = 20;
  double lambda = lambda0;
  for (int i = 0; i < 200; ++i) {
    q.arrival_rate = lambda;
    lambda = lambda0 + p * lambda * erlang_a(q).p_abandon;
  }
  q.arrival_rate = lambda;
  const QueueMetrics m = erlang_a(q);
  REQUIRE(std::fabs(lambda0 + p * lambda * m.p_abandon - lambda) < 1e-12);  // converged
  REQUIRE(lambda > 1.05 * lambda0);  // retrials are a real share of the load

  const RunResults res = test::run(s, 10, 2024);
  const ChannelSummary& c = res.channels.at(0);
  test::agree("abandon_rate", c.abandon_rate, m.p_abandon, 0.01);
  test::agree("service_level", c.service_level, m.service_level, 0.02);
  const double offered_rate = c.offered / (4.0 * 86400);
  INFO("offered rate " << offered_rate << ", fixed point " << lambda);
  CHECK(std::fabs(offered_rate - lambda) <= 0.01 * lambda);
  // Flow conservation on the means: retrials = p x abandons (up to the horizon's edges).
  CHECK(c.retrial_attempts == Approx(p * c.abandoned).epsilon(0.02));
  CHECK(c.offered == Approx(c.fresh_attempts + c.retrial_attempts).epsilon(1e-12));
}

TEST_CASE("redial probability 0 leaves every other figure unchanged", "[models][redial]") {
  const Scenario s = test::single_pool(600, test::exponential(120), 18, test::exponential(100));
  Scenario z = s;
  RedialConfig r;
  r.probability = 0.0;
  r.delay = test::exponential(60);
  z.channels[0].redial = r;
  for (int rep = 0; rep < 2; ++rep) {
    const ReplicationResult a = simulate_replication(s, 3, rep);
    const ReplicationResult b = simulate_replication(z, 3, rep);
    CHECK(a.events == b.events);
    CHECK(a.channels[0].answered == b.channels[0].answered);
    CHECK(a.channels[0].wait_sum_all == b.channels[0].wait_sum_all);
    CHECK(b.channels[0].retrial_attempts == 0);
    CHECK(b.channels[0].fresh_attempts == b.channels[0].offered);
    CHECK(a.channels[0].fresh_attempts == 0);  // not counted without redials
  }
}

TEST_CASE("validate checks redial probability, targets and shares with a path",
          "[models][redial]") {
  Scenario s = voice_and_chat();
  auto has = [](const Scenario& x, const std::string& path) {
    for (const Problem& p : validate(x))
      if (p.path == path) return true;
    return false;
  };
  Scenario a = s;
  a.channels[0].redial->probability = 1.5;
  CHECK(has(a, "channels.voice.redial.probability"));
  Scenario b = s;
  b.channels[0].redial->to[1].channel = "chta";
  CHECK(has(b, "channels.voice.redial.to[1].channel"));
  Scenario c = s;
  c.channels[0].redial->to[1].share = 0.3;
  CHECK(has(c, "channels.voice.redial.to"));
  Scenario d = s;
  d.channels[0].patience.reset();
  CHECK(has(d, "channels.voice.redial"));
  Scenario e = s;
  e.channels[0].redial->delay = test::exponential(-1);
  CHECK(has(e, "channels.voice.redial.delay.mean"));
}
