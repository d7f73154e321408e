// The agent's first reply in chat and messenger sessions (ChannelConfig::first_reply) and the
// first_response_seconds KPI: queue wait + min(reply, the session's handle time), drawn from
// its own stream so that no other figure of the run moves.
#include <catch2/catch.hpp>

#include <cmath>

#include "ccsim/models/simulation.hpp"
#include "scenario_builders.hpp"
#include "theory_checks.hpp"

using namespace ccsim;
using namespace ccsim::models;

using test::run;

namespace {

/// A chat channel (renamed from single_pool's voice) with `agents` agents of `concurrency`
/// slots, 120 chats an hour.
Scenario chat(Distribution handle, int agents, int concurrency = 2,
              std::optional<Distribution> patience = std::nullopt) {
  Scenario s = test::single_pool(120, std::move(handle), agents, std::move(patience), 1.0, 3600);
  s.channels[0].name = "webchat";
  s.channels[0].kind = ChannelKind::chat;
  s.channels[0].concurrency = concurrency;
  s.sites[0].groups[0].skills = {"webchat"};
  return s;
}

}  // namespace

TEST_CASE("first_response_seconds is the queue wait plus the first reply", "[models][reply]") {
  SECTION("deterministic 15 s reply, 10 min handle: exactly 15 s more than the ASA") {
    // 120 chats/h x 600 s = 20 busy slots on average; 40 agents x 2 slots: nobody waits long.
    Scenario s = chat(test::deterministic(600), 40);
    s.channels[0].first_reply = test::deterministic(15);
    const RunResults r = run(s, 3, 11);
    const ChannelSummary& c = r.channels.at(0);
    REQUIRE(c.answered > 100);
    CHECK(c.has_first_reply);
    CHECK(c.first_response_seconds.mean - c.asa_seconds.mean == Approx(15.0).epsilon(1e-9));
  }
  SECTION("a reply longer than the handle time is capped at the handle time") {
    Scenario s = chat(test::deterministic(10), 40);
    s.channels[0].first_reply = test::deterministic(15);
    const RunResults r = run(s, 3, 12);
    const ChannelSummary& c = r.channels.at(0);
    REQUIRE(c.answered > 100);
    CHECK(c.first_response_seconds.mean - c.asa_seconds.mean == Approx(10.0).epsilon(1e-9));
  }
  SECTION("exponential reply: the mean reply is within a 99 % interval of its mean") {
    // Ample capacity: no wait, so the difference is the mean of min(reply, 600 s) over the
    // answered chats, whose mean is m (1 - exp(-600 / m)) = m to 1e-13 for m = 20 s. Its
    // standard error is m / sqrt(answered); 2.576 of them is the 99 % half-width.
    const double m = 20.0;
    Scenario s = chat(test::deterministic(600), 40);
    s.channels[0].first_reply = test::exponential(m);
    const int reps = 4;
    const RunResults r = run(s, reps, 13);
    const ChannelSummary& c = r.channels.at(0);
    const double n = c.answered * reps;
    REQUIRE(n > 2000);
    const double diff = c.first_response_seconds.mean - c.asa_seconds.mean;
    INFO("mean reply " << diff << " over " << n << " chats");
    CHECK(std::fabs(diff - m) <= 2.576 * m / std::sqrt(n));
    CHECK(diff > 0.5 * m);  // the draw is used, not ignored
  }
}

TEST_CASE("without first_reply, first_response_seconds is asa_seconds exactly", "[models][reply]") {
  // A loaded chat with abandons (non-zero, variable ASA) and a call channel.
  Scenario s = chat(test::exponential(400), 8, 2, test::exponential(120));
  ChannelConfig voice = s.channels[0];
  voice.name = "voice";
  voice.kind = ChannelKind::call;
  voice.concurrency = 1;
  s.channels.push_back(voice);
  AgentGroupConfig phone = s.sites[0].groups[0];
  phone.name = "phone";
  phone.skills = {"voice"};
  phone.agents = 12;
  s.sites[0].groups.push_back(phone);
  const RunResults r = run(s, 3, 21);
  for (const ChannelSummary& c : r.channels) {
    INFO(c.name);
    REQUIRE(c.asa_seconds.mean > 1.0);
    CHECK_FALSE(c.has_first_reply);
    CHECK(c.first_response_seconds.mean == c.asa_seconds.mean);
    CHECK(c.first_response_seconds.lower == c.asa_seconds.lower);
    CHECK(c.first_response_seconds.upper == c.asa_seconds.upper);
  }
}

TEST_CASE("adding first_reply changes no other figure of the run", "[models][reply]") {
  // Loaded channels with abandons, so waits depend on every draw: a chat, and a messenger that
  // goes quiet and redials (retrials draw their attributes from "retrial/").
  Scenario s = chat(test::exponential(400), 8, 2, test::exponential(120));
  ChannelConfig msg = s.channels[0];
  msg.name = "messenger";
  msg.kind = ChannelKind::messenger;
  msg.concurrency = 3;
  msg.concurrency_slowdown = 0.2;
  msg.inactivity_timeout_seconds = 300;
  msg.quiet_after = test::exponential(500);
  msg.redial = RedialConfig{};
  msg.redial->probability = 0.5;
  msg.redial->delay = test::exponential(300);
  s.channels.push_back(msg);
  AgentGroupConfig g = s.sites[0].groups[0];
  g.name = "messaging";
  g.skills = {"messenger"};
  g.agents = 6;
  s.sites[0].groups.push_back(g);
  const RunResults a = run(s, 3, 31);
  Scenario with = s;
  with.channels[0].first_reply = test::exponential(20);
  with.channels[1].first_reply = test::lognormal(30, 0.8);
  const RunResults b = run(with, 3, 31);
  REQUIRE(a.channels.size() == b.channels.size());
  CHECK(a.events == b.events);
  for (std::size_t i = 0; i < a.channels.size(); ++i) {
    const ChannelSummary &x = a.channels[i], &y = b.channels[i];
    INFO(x.name);
    REQUIRE(x.answered > 100);
    CHECK(x.abandoned > 0);
    CHECK(x.offered == y.offered);
    CHECK(x.answered == y.answered);
    CHECK(x.abandoned == y.abandoned);
    CHECK(x.timed_out == y.timed_out);
    CHECK(x.retrial_attempts == y.retrial_attempts);
    CHECK(x.asa_seconds.mean == y.asa_seconds.mean);
    CHECK(x.mean_wait_seconds.mean == y.mean_wait_seconds.mean);
    CHECK(x.service_level.mean == y.service_level.mean);
    CHECK(x.occupancy.mean == y.occupancy.mean);
    CHECK(y.first_response_seconds.mean > y.asa_seconds.mean + 10);
  }
  REQUIRE(a.intervals.size() == b.intervals.size());
  for (std::size_t i = 0; i < a.intervals.size(); ++i) {
    CHECK(a.intervals[i].answered == b.intervals[i].answered);
    CHECK(a.intervals[i].occupancy == Approx(b.intervals[i].occupancy).margin(0));
  }
}

TEST_CASE("a customer picked up does not abandon during the first reply", "[models][reply]") {
  // Patience 5 s, reply 15 s, ample capacity: every chat starts at once and none abandons.
  Scenario s = chat(test::deterministic(600), 40, 2, test::deterministic(5));
  s.channels[0].first_reply = test::deterministic(15);
  const RunResults r = run(s, 2, 41);
  const ChannelSummary& c = r.channels.at(0);
  REQUIRE(c.answered > 100);
  CHECK(c.abandoned == 0);
  CHECK(c.asa_seconds.mean == 0);
  CHECK(c.first_response_seconds.mean == Approx(15.0).epsilon(1e-12));
}

TEST_CASE("validate: first_reply only on chat and messenger, with valid parameters",
          "[models][reply]") {
  Scenario s = chat(test::deterministic(600), 4);
  s.channels[0].first_reply = test::exponential(20);
  CHECK(validate(s).empty());
  s.channels[0].kind = ChannelKind::messenger;
  CHECK(validate(s).empty());
  for (const ChannelKind k : {ChannelKind::call, ChannelKind::email}) {
    Scenario bad = s;
    bad.channels[0].kind = k;
    bad.channels[0].concurrency = 1;
    const std::vector<Problem> p = validate(bad);
    REQUIRE(p.size() == 1);
    CHECK(p[0].path == "channels.webchat.first_reply");
    CHECK_THAT(p[0].message, Catch::Contains("only chat and messenger"));
  }
  Scenario negative = s;
  negative.channels[0].first_reply = test::exponential(-3);
  const std::vector<Problem> p = validate(negative);
  REQUIRE(p.size() == 1);
  CHECK(p[0].path == "channels.webchat.first_reply.mean");
}
