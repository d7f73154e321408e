#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "ccsim/models/demand.hpp"
#include "ccsim/models/error.hpp"
#include "ccsim/models/simulation.hpp"
#include "scenario_builders.hpp"

using namespace ccsim;
using namespace ccsim::models;

namespace {

bool same_channel(const ChannelKpis& a, const ChannelKpis& b) {
  return a.offered == b.offered && a.answered == b.answered && a.abandoned == b.abandoned &&
         a.answered_within_sl == b.answered_within_sl &&
         a.wait_sum_answered == b.wait_sum_answered && a.wait_sum_all == b.wait_sum_all &&
         a.waited == b.waited && a.busy_seconds == Approx(b.busy_seconds).epsilon(1e-12) &&
         a.staffed_seconds == Approx(b.staffed_seconds).epsilon(1e-12);
}

}  // namespace

TEST_CASE("a single-pool day runs and counts every offered contact", "[models][simulation]") {
  const Scenario s = test::single_pool(600, test::exponential(120), 25, test::exponential(180));
  const ReplicationResult r = simulate_replication(s, 42, 0);
  const ChannelKpis& k = r.channels.at(0);
  CHECK(k.offered > 0);
  CHECK(k.offered == k.answered + k.abandoned + k.unanswered_end);
  CHECK(k.service_level() > 0.0);
  CHECK(k.occupancy() > 0.5);
  CHECK(k.occupancy() < 1.0);
  double offered = 0;
  for (const IntervalKpis& i : r.intervals.at(0)) offered += i.offered;
  CHECK(offered == k.offered);
  CHECK(r.intervals.at(0).size() == 48);
  CHECK(r.intervals.at(0)[10].agents_on_duty == Approx(25));
}

TEST_CASE("the same seed and replication give the same results", "[models][simulation]") {
  const Scenario s = test::single_pool(600, test::lognormal(120, 1.2), 22, test::exponential(180));
  const ReplicationResult a = simulate_replication(s, 7, 3);
  const ReplicationResult b = simulate_replication(s, 7, 3);
  CHECK(same_channel(a.channels[0], b.channels[0]));
  CHECK(a.events == b.events);
  const ReplicationResult c = simulate_replication(s, 7, 4);
  CHECK(c.channels[0].offered != a.channels[0].offered);
}

TEST_CASE("results do not depend on the number of threads", "[models][simulation]") {
  Scenario s = test::single_pool(300, test::exponential(120), 12, test::exponential(180), 0.5);
  RunOptions one;
  one.replications = 4;
  one.threads = 1;
  RunOptions two = one;
  two.threads = 2;
  const RunResults a = simulate(s, one);
  const RunResults b = simulate(s, two);
  CHECK(a.channels[0].service_level.mean == b.channels[0].service_level.mean);
  CHECK(a.channels[0].service_level.upper == b.channels[0].service_level.upper);
  CHECK(a.events == b.events);
  CHECK(a.intervals.size() == b.intervals.size());
}

TEST_CASE("two staffing levels see the same contacts (common random numbers)",
          "[models][simulation]") {
  const Scenario few =
      test::single_pool(600, test::lognormal(120, 1.0), 19, test::exponential(180));
  const Scenario many =
      test::single_pool(600, test::lognormal(120, 1.0), 24, test::exponential(180));
  const ReplicationResult a = simulate_replication(few, 11, 0);
  const ReplicationResult b = simulate_replication(many, 11, 0);
  for (std::size_t i = 0; i < a.intervals[0].size(); ++i)
    CHECK(a.intervals[0][i].offered == b.intervals[0][i].offered);
  CHECK(b.channels[0].service_level() > a.channels[0].service_level());
  CHECK(b.channels[0].abandoned < a.channels[0].abandoned);
}

TEST_CASE("chat with concurrency 1 is exactly the call model", "[models][simulation][chat]") {
  const Scenario call =
      test::single_pool(600, test::lognormal(120, 1.0), 20, test::exponential(180));
  Scenario chat = call;
  chat.channels[0].kind = ChannelKind::chat;
  chat.channels[0].concurrency = 1;
  const ReplicationResult a = simulate_replication(call, 5, 0);
  const ReplicationResult b = simulate_replication(chat, 5, 0);
  CHECK(same_channel(a.channels[0], b.channels[0]));
  CHECK(a.events == b.events);
}

TEST_CASE("chat slots without slowdown behave as that many call agents",
          "[models][simulation][chat]") {
  // Exponential or not, sessions are per contact and every free slot is equivalent, so
  // 10 agents x 2 slots serve exactly like 20 call agents.
  const Scenario call =
      test::single_pool(600, test::lognormal(120, 1.0), 20, test::exponential(180));
  Scenario chat = call;
  chat.channels[0].kind = ChannelKind::chat;
  chat.channels[0].concurrency = 2;
  chat.sites[0].groups[0].agents = 10;
  const ReplicationResult a = simulate_replication(call, 5, 1);
  const ReplicationResult b = simulate_replication(chat, 5, 1);
  CHECK(same_channel(a.channels[0], b.channels[0]));
  CHECK(b.intervals[0][5].agents_on_duty == Approx(10));
}

TEST_CASE("concurrency slowdown stretches sessions held alongside others",
          "[models][simulation][chat]") {
  Scenario chat = test::single_pool(600, test::deterministic(120), 10, std::nullopt);
  chat.channels[0].kind = ChannelKind::chat;
  chat.channels[0].concurrency = 3;
  Scenario slow = chat;
  slow.channels[0].concurrency_slowdown = 0.5;
  const ChannelKpis a = simulate_replication(chat, 9, 0).channels[0];
  const ChannelKpis b = simulate_replication(slow, 9, 0).channels[0];
  CHECK(a.offered == b.offered);
  // Without slowdown every session lasts exactly 120 s; with it, those started next to
  // others last 180 s or 240 s.
  CHECK(a.busy_seconds / a.answered == Approx(120).epsilon(0.01));
  CHECK(b.busy_seconds / b.answered > 125);
  CHECK(b.busy_seconds / b.answered <= 240);
}

TEST_CASE("messenger sessions whose customer goes quiet end at the inactivity timeout",
          "[models][simulation][messenger]") {
  Scenario s = test::single_pool(20, test::deterministic(900), 5, std::nullopt, 1.0, 0);
  s.channels[0].kind = ChannelKind::messenger;
  s.channels[0].concurrency = 4;
  s.channels[0].inactivity_timeout_seconds = 120;
  SECTION("quiet after 60 s: every session holds its slot 60 + 120 s") {
    s.channels[0].quiet_after = test::deterministic(60);
    const ChannelKpis k = simulate_replication(s, 3, 0).channels[0];
    REQUIRE(k.answered > 0);
    CHECK(k.timed_out == k.answered);
    // busy time is clipped at the horizon end, so at most one session's worth short
    CHECK(k.busy_seconds <= 180 * k.answered + 1e-6);
    CHECK(k.busy_seconds >= 180 * (k.answered - 4) - 1e-6);
  }
  SECTION("quiet after the handle time: the timeout never fires") {
    s.channels[0].quiet_after = test::deterministic(1000);
    const ChannelKpis k = simulate_replication(s, 3, 0).channels[0];
    CHECK(k.timed_out == 0);
    CHECK(k.busy_seconds >= 900 * (k.answered - 20) - 1e-6);
  }
}

TEST_CASE("email is conserved: arrived = handled + backlog", "[models][simulation][email]") {
  Scenario s = test::single_pool(40, test::exponential(300), 2, std::nullopt, 2.0, 0);
  s.channels[0].kind = ChannelKind::email;
  s.channels[0].sl_seconds = 86400;
  SECTION("overloaded: a backlog remains and is reported") {
    const ChannelKpis k = simulate_replication(s, 1, 0).channels[0];
    CHECK(k.backlog_end > 0);
    CHECK(k.offered == k.answered + k.backlog_end);
    CHECK(k.abandoned == 0);
    CHECK(k.unanswered_end == 0);
  }
  SECTION("enough agents: the backlog is worked off") {
    s.sites[0].groups[0].agents = 6;
    const ChannelKpis k = simulate_replication(s, 1, 0).channels[0];
    CHECK(k.offered == k.answered + k.backlog_end);
    CHECK(k.backlog_end <= 6);
    CHECK(k.service_level() > 0.99);
  }
}

TEST_CASE("agents serve real-time contacts before the email backlog",
          "[models][simulation][email]") {
  // 6.7 Erlangs of calls and 5 of email on 8 agents: an email backlog is always there. Were
  // email served first, calls would only get the agents the backlog leaves (none) and almost
  // all would abandon; with calls first they lose only the residual of emails in progress.
  Scenario s = test::single_pool(200, test::exponential(120), 8, test::exponential(120), 1.0, 0);
  ChannelConfig email;
  email.name = "email";
  email.kind = ChannelKind::email;
  email.volume = {Volume::Per::hour, 60};
  email.handle_time = test::exponential(300);
  email.sl_seconds = 86400;
  s.channels.push_back(email);
  s.sites[0].groups[0].skills = {"email", "voice"};
  const ReplicationResult r = simulate_replication(s, 2, 0);
  CHECK(r.channels[1].backlog_end > 0);
  CHECK(r.channels[1].offered == r.channels[1].answered + r.channels[1].backlog_end);
  CHECK(r.channels[0].abandon_rate() < 0.5);
  CHECK(r.channels[0].answered > r.channels[0].abandoned);
  // Priority comes from the channel kind, not from the order skills are listed in.
  Scenario reordered = s;
  reordered.sites[0].groups[0].skills = {"voice", "email"};
  const ReplicationResult q = simulate_replication(reordered, 2, 0);
  CHECK(same_channel(r.channels[0], q.channels[0]));
  CHECK(same_channel(r.channels[1], q.channels[1]));
}

TEST_CASE("runs end in bounded time without agents or patience", "[models][simulation][drain]") {
  SECTION("zero agents, nobody abandons: everything is reported unanswered") {
    const Scenario s = test::single_pool(100, test::exponential(120), 0, std::nullopt, 1.0, 0);
    const ChannelKpis k = simulate_replication(s, 1, 0).channels[0];
    CHECK(k.offered > 0);
    CHECK(k.answered == 0);
    CHECK(k.unanswered_end == k.offered);
    CHECK(k.service_level() == 0);
  }
  SECTION("heavy overload without patience: drain stops at the limit, counts balance") {
    Scenario s = test::single_pool(600, test::exponential(120), 10, std::nullopt, 1.0, 0);
    s.drain_limit_seconds = 3600;
    const ReplicationResult r = simulate_replication(s, 1, 0);
    const ChannelKpis& k = r.channels[0];
    CHECK(k.unanswered_end > 0);
    CHECK(k.offered == k.answered + k.unanswered_end);
  }
  SECTION("a drain that can finish does: nothing is left unanswered") {
    const Scenario s = test::single_pool(400, test::exponential(120), 12, std::nullopt, 1.0, 0);
    const ChannelKpis k = simulate_replication(s, 1, 0).channels[0];
    CHECK(k.unanswered_end == 0);
    CHECK(k.offered == k.answered);
  }
}

TEST_CASE("validate reports problems with dotted paths", "[models][validate]") {
  Scenario s = test::single_pool(100, test::lognormal(120, 1.0), 5, test::exponential(180));
  CHECK(validate(s).empty());
  s.channels[0].handle_time.get_if<ccsim::models::Lognormal>()->cv = -1;
  s.channels[0].intraday = {1, 2, 3};
  s.channels[0].concurrency = 2;
  s.interval_seconds = 7;
  s.sites[0].groups[0].skills.push_back("chat");
  s.regions = {{"a", 3.1, 0.5, "nowhere"}};
  s.routing.policy = "magic";
  const std::vector<Problem> p = validate(s);
  auto has = [&](const std::string& path) {
    return std::any_of(p.begin(), p.end(), [&](const Problem& x) { return x.path == path; });
  };
  CHECK(has("channels.voice.handle_time.cv"));
  CHECK(has("channels.voice.concurrency"));
  CHECK(has("interval"));
  CHECK(has("sites.main.groups.agents.skills[1]"));
  CHECK(has("regions.a.utc_offset"));
  CHECK(has("regions.a.home_site"));
  CHECK(has("regions"));  // shares sum to 0.5
  CHECK(has("routing.policy"));
  CHECK_THROWS_AS(simulate_replication(s, 1, 0), ccsim::models::UserError);
}

TEST_CASE("validate checks intraday length against the interval", "[models][validate]") {
  Scenario s = test::single_pool(100, test::exponential(120), 5);
  s.channels[0].intraday.assign(48, 1.0);
  CHECK(validate(s).empty());
  s.channels[0].intraday.assign(24, 1.0);
  REQUIRE(validate(s).size() == 1);
  CHECK(validate(s)[0].path == "channels.voice.intraday");
}

TEST_CASE("aggregate gives means with 95% intervals and pooled interval rows",
          "[models][simulation][aggregate]") {
  const Scenario s =
      test::single_pool(500, test::exponential(120), 19, test::exponential(180), 0.5);
  std::vector<ReplicationResult> reps;
  for (int r = 0; r < 5; ++r) reps.push_back(simulate_replication(s, 77, r));
  const RunResults a = aggregate(s, reps);
  REQUIRE(a.channels.size() == 1);
  const ChannelSummary& c = a.channels[0];
  double offered = 0, sl = 0;
  for (const ReplicationResult& r : reps) {
    offered += r.channels[0].offered;
    sl += r.channels[0].service_level();
  }
  CHECK(c.offered == Approx(offered / 5));
  CHECK(c.service_level.mean == Approx(sl / 5));
  CHECK(c.service_level.lower < c.service_level.mean);
  CHECK(c.service_level.upper > c.service_level.mean);
  CHECK(a.intervals.size() == 24);
  double rows = 0;
  for (const IntervalRow& row : a.intervals) rows += row.offered;
  CHECK(rows == Approx(c.offered));
  CHECK(a.intervals[3].start_seconds == 3 * 1800.0);
  CHECK(a.sites.size() == 1);
  CHECK(a.sites[0].headcount == 19);
  CHECK(a.events ==
        reps[0].events + reps[1].events + reps[2].events + reps[3].events + reps[4].events);
}

TEST_CASE("a region's local-time curve lands shifted in UTC", "[models][simulation][demand]") {
  // Calls only between 08:00 and 16:00 local time in UTC+8: 00:00-08:00 UTC.
  Scenario s = test::single_pool(0, test::exponential(60), 20, std::nullopt, 2.0, 0);
  s.channels[0].volume = {Volume::Per::day, 5000};
  s.channels[0].intraday.assign(48, 0.0);
  for (int i = 16; i < 32; ++i) s.channels[0].intraday[static_cast<std::size_t>(i)] = 1.0;
  s.regions = {{"east", 8.0, 1.0, ""}};
  const ReplicationResult r = simulate_replication(s, 12, 0);
  for (std::size_t i = 0; i < 96; ++i) {
    INFO("interval " << i);
    if (i % 48 < 16)
      CHECK(r.intervals[0][i].offered > 100);
    else
      CHECK(r.intervals[0][i].offered == 0);
  }
}

TEST_CASE("odd warm-up, interval and offsets still give the configured volume",
          "[models][simulation][demand]") {
  Scenario s =
      test::single_pool(0, test::exponential(60), 30, test::exponential(120), 1.25, 1234.5);
  s.interval_seconds = 900;
  s.channels[0].volume = {Volume::Per::day, 20000};
  s.channels[0].intraday.assign(96, 1.0);
  for (std::size_t i = 40; i < 60; ++i) s.channels[0].intraday[i] = 5.0;
  s.regions = {{"a", 5.75, 0.5, ""}, {"b", -3.25, 0.5, ""}};
  REQUIRE(validate(s).empty());
  const std::vector<double> expected = expected_offered(s, 0);
  REQUIRE(expected.size() == 120);
  double total = 0;
  for (double x : expected) total += x;
  // The first 24 h hold one full local day of each region (flat week): 20000. The last 6 h
  // (00:00-06:00 UTC) are local 05:45-11:45 in region a (weights: 17 x 1 + 7 x 5 = 52 of
  // 176) and 20:45-02:45 in region b (24 x 1 = 24 of 176), half the volume each.
  CHECK(total == Approx(20000 + 10000 * (52.0 + 24.0) / 176.0).epsilon(1e-9));
  const ReplicationResult r = simulate_replication(s, 99, 0);
  const ChannelKpis& k = r.channels[0];
  // Poisson: within 4 standard deviations of the mean.
  CHECK(std::fabs(k.offered - total) < 4 * std::sqrt(total));
  CHECK(k.offered == k.answered + k.abandoned + k.unanswered_end);
}

TEST_CASE("abandons are counted against T and X exactly at their thresholds",
          "[models][simulation][sl_definitions]") {
  // Deterministic patience of 10 s: every abandon waited exactly 10 s. Overloaded, so many do.
  Scenario s = test::single_pool(900, test::exponential(120), 25, test::deterministic(10));
  ChannelConfig& c = s.channels.at(0);
  const auto counts = [&](double t, double x) {
    c.sl_seconds = t;
    c.short_abandon_seconds = x;
    return simulate_replication(s, 7, 0).channels.at(0);
  };
  const ChannelKpis base = counts(20, 5);
  REQUIRE(base.abandoned > 100);
  CHECK(base.abandoned_within_sl == base.abandoned);            // 10 <= T = 20
  CHECK(base.abandoned_short == 0);                             // none shorter than 5 s
  CHECK(counts(10, 10).abandoned_within_sl == base.abandoned);  // wait <= T counts at T
  CHECK(counts(10, 10).abandoned_short == 0);                   // wait < X does not at X
  CHECK(counts(9.999, 10.001).abandoned_within_sl == 0);
  CHECK(counts(9.999, 10.001).abandoned_short == base.abandoned);
  // The definitions from the counters, and their order: each leaves more abandons out.
  const ChannelKpis k = counts(20, 10.001);
  CHECK(k.service_level() == k.answered_within_sl / k.offered);
  CHECK(k.service_level_of_answered() == k.answered_within_sl / k.answered);
  CHECK(k.service_level_excluding_abandoned() ==
        k.answered_within_sl / (k.offered - k.abandoned_within_sl));
  CHECK(k.service_level_excluding_short_abandons() ==
        k.answered_within_sl / (k.offered - k.abandoned_short));
  CHECK(k.service_level() < k.service_level_excluding_abandoned());
  CHECK(k.service_level_excluding_abandoned() <= k.service_level_of_answered());
  // Same trajectory whatever T and X: they only change what is counted.
  CHECK(k.answered == base.answered);
  CHECK(k.abandoned == base.abandoned);
}
