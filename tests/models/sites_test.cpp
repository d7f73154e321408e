// Several sites: shifts in site-local time, routing across sites, conservation, absences.
#include <catch2/catch.hpp>

#include <cmath>

#include "ccsim/models/routing.hpp"
#include "ccsim/models/simulation.hpp"
#include "ccsim/sim/statistics.hpp"
#include "scenario_builders.hpp"

using namespace ccsim;
using namespace ccsim::models;

namespace {

/// Two sites (west UTC+3, east UTC+5) with `west` and `east` call agents; regions homed on
/// them with 70 % / 30 % of `per_hour` calls.
Scenario two_sites(double per_hour, int west, int east, const std::string& policy,
                   double delay = 30) {
  Scenario s = test::single_pool(per_hour, test::exponential(120), west, test::exponential(180));
  s.sites[0].name = "west";
  s.sites[0].utc_offset_hours = 3;
  SiteConfig e = s.sites[0];
  e.name = "east";
  e.utc_offset_hours = 5;
  e.groups[0].agents = east;
  s.sites.push_back(e);
  s.regions = {{"r3", 3, 0.7, "west"}, {"r5", 5, 0.3, "east"}};
  s.routing.policy = policy;
  s.routing.overflow_delay_seconds = delay;
  return s;
}

}  // namespace

TEST_CASE("routing policies are found by name", "[models][sites][routing]") {
  const std::vector<std::string> names = routing_policy_names();
  CHECK(std::find(names.begin(), names.end(), "pooled") != names.end());
  CHECK(std::find(names.begin(), names.end(), "home_first") != names.end());
  Scenario s = two_sites(100, 5, 5, "nope");
  CHECK_THROWS_AS(make_routing_policy(s), std::invalid_argument);
  s.routing.policy = "home_first";
  const auto p = make_routing_policy(s);
  CHECK(p->home_site(0) == 0);
  CHECK(p->home_site(1) == 1);
  CHECK(p->overflow_delay_seconds() == 30);
}

TEST_CASE("a user-registered routing policy is used by name", "[models][sites][routing]") {
  // "east_only": everything is held for the east site and never overflows.
  struct EastOnly : RoutingPolicy {
    int home_site(int) const override { return 1; }
    double overflow_delay_seconds() const override { return INFINITY; }
  };
  register_routing_policy("test_east_only",
                          [](const Scenario&) { return std::make_unique<EastOnly>(); });
  const Scenario s = two_sites(300, 10, 10, "test_east_only");
  const ReplicationResult r = simulate_replication(s, 1, 0);
  CHECK(r.sites[0].handled[0] == 0);
  CHECK(r.sites[1].handled[0] == r.channels[0].answered);
  CHECK(r.sites[0].busy_seconds == 0);
}

TEST_CASE("contacts are conserved across sites", "[models][sites]") {
  for (const char* policy : {"pooled", "home_first"}) {
    const Scenario s = two_sites(700, 12, 12, policy);
    const ReplicationResult r = simulate_replication(s, 8, 0);
    const ChannelKpis& k = r.channels[0];
    INFO(policy);
    CHECK(r.sites[0].handled[0] + r.sites[1].handled[0] == k.answered);
    CHECK(k.offered == k.answered + k.abandoned + k.unanswered_end);
    CHECK(r.sites[0].handled[0] > 0);
    CHECK(r.sites[1].handled[0] > 0);
    CHECK(r.sites[0].staffed_seconds == Approx(12 * 86400.0));
    CHECK(r.sites[0].occupancy() > 0.3);
    CHECK(r.sites[0].occupancy() <= 1.0);
  }
}

TEST_CASE("no contact is taken by a remote site before the overflow delay",
          "[models][sites][routing]") {
  // West has no agents: its region's calls can only be answered by east, after 45 s.
  Scenario s = two_sites(300, 0, 12, "home_first", 45);
  s.regions[0].share = 0.7;
  SECTION("service level with T just below the delay counts only east's own calls") {
    const ReplicationResult r = simulate_replication(s, 3, 0);
    // West's region (70 %) cannot be answered within 44.9 s; east's own (30 %) can.
    Scenario only_west = s;
    only_west.regions = {{"r3", 3, 0.7, "west"}, {"r5", 5, 0.3, "west"}};
    only_west.channels[0].sl_seconds = 44.999;
    const ReplicationResult w = simulate_replication(only_west, 3, 0);
    CHECK(w.channels[0].answered > 0);
    CHECK(w.channels[0].answered_within_sl == 0);
    CHECK(w.channels[0].asa_seconds() >= 45.0);
    CHECK(r.sites[1].handled[0] == r.channels[0].answered);
  }
  SECTION("with pooling the same calls are answered at once") {
    s.routing.policy = "pooled";
    s.channels[0].sl_seconds = 44.999;
    const ReplicationResult r = simulate_replication(s, 3, 0);
    CHECK(r.channels[0].answered_within_sl > 0.5 * r.channels[0].offered);
  }
}

TEST_CASE("pooling across sites serves at least as well as isolated sites (CRN)",
          "[models][sites][routing]") {
  // Equal agents, unequal demand (70 / 30): isolated sites (never overflow) leave the busy
  // site short; pooling the same agents must not do worse. Compared per replication with
  // common random numbers, then across replications with a CI on the difference.
  const Scenario pooled = two_sites(700, 13, 13, "pooled");
  const Scenario isolated = two_sites(700, 13, 13, "home_first", INFINITY);
  std::vector<double> diff;
  for (int r = 0; r < 8; ++r) {
    const ChannelKpis p = simulate_replication(pooled, 21, r).channels[0];
    const ChannelKpis i = simulate_replication(isolated, 21, r).channels[0];
    REQUIRE(p.offered == i.offered);
    diff.push_back(p.service_level() - i.service_level());
  }
  const sim::ConfidenceInterval ci = sim::student_t_interval(diff);
  INFO("SL(pooled) - SL(isolated) = " << ci.mean << " +/- " << ci.half_width);
  CHECK(ci.lower > 0.0);
}

TEST_CASE("a shift from 08:00 to 16:00 local time in UTC+8 staffs 00:00-08:00 UTC",
          "[models][sites][shifts]") {
  Scenario s = test::single_pool(60, test::exponential(120), 0, std::nullopt, 2.0, 0);
  s.sites[0].utc_offset_hours = 8;
  Shift sh;
  sh.name = "day";
  sh.start_seconds = 8 * 3600;
  sh.length_seconds = 8 * 3600;
  sh.agents = 7;
  s.sites[0].groups[0].shifts = {sh};
  const ReplicationResult r = simulate_replication(s, 1, 0);
  const auto& rows = r.intervals[0];
  REQUIRE(rows.size() == 96);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t of_day = i % 48;
    // Agents leave at 08:00 UTC after finishing their contact, so the interval after the
    // shift can hold a little overtime; every other interval is exact.
    if (of_day < 16)
      CHECK(rows[i].agents_on_duty == Approx(7));
    else if (of_day != 16)
      CHECK(rows[i].agents_on_duty == 0);
  }
  CHECK(rows[16].agents_on_duty < 7);
}

TEST_CASE("shift days follow the site's local calendar and breaks remove agents",
          "[models][sites][shifts]") {
  Scenario s = test::single_pool(30, test::exponential(60), 0, std::nullopt, 7.0, 0);
  s.start_weekday = 0;  // day 0 is a Monday
  Shift sh;
  sh.start_seconds = 9 * 3600;
  sh.length_seconds = 4 * 3600;
  sh.agents = 5;
  sh.days = {false, false, true, false, false, false, false};  // Wednesdays only
  sh.breaks = {{3600, 1800}};                                  // 10:00-10:30 local
  s.sites[0].groups[0].shifts = {sh};
  const ReplicationResult r = simulate_replication(s, 1, 0);
  const auto& rows = r.intervals[0];
  double total = 0;
  for (const IntervalKpis& row : rows) total += row.agents_on_duty;
  // 4 h on Wednesday minus a 30-minute break: 7 half-hour intervals of 5 agents, plus at
  // most a little overtime after the break starts and at the end.
  CHECK(total >= 7 * 5);
  CHECK(total < 7 * 5 + 2);
  CHECK(rows[2 * 48 + 18].agents_on_duty == Approx(5));  // Wednesday 09:00
  CHECK(rows[1 * 48 + 18].agents_on_duty == 0);          // Tuesday 09:00
}

TEST_CASE("an agent going off duty finishes the current contact first", "[models][sites][shifts]") {
  // One agent on duty in the first interval only; handle time 2000 s > the 1800 s interval.
  // The override covers the whole 12-hour horizon, so its last value (0) covers the drain.
  Scenario s = test::single_pool(20, test::deterministic(2000), 0, std::nullopt, 0.5, 0);
  s.sites[0].groups[0].on_duty.assign(24, 0);
  s.sites[0].groups[0].on_duty[0] = 1;
  const ReplicationResult r = simulate_replication(s, 4, 0);
  const auto& rows = r.intervals[0];
  REQUIRE(r.channels[0].answered == 1);
  CHECK(r.channels[0].unanswered_end == r.channels[0].offered - 1);
  CHECK(rows[0].staffed_seconds == Approx(1800));
  // It stays exactly as long as its contact: staffed time after the interval = busy time.
  CHECK(rows[1].staffed_seconds > 0);
  CHECK(rows[1].staffed_seconds == Approx(rows[1].busy_seconds));
  CHECK(rows[2].staffed_seconds == 0);
}

TEST_CASE("the per-interval on-duty override sets the agents directly", "[models][sites][shifts]") {
  Scenario s = test::single_pool(0.001, test::exponential(60), 0, std::nullopt, 2.0, 0);
  std::vector<int> plan(48);
  for (int i = 0; i < 48; ++i) plan[static_cast<std::size_t>(i)] = i % 5;
  s.sites[0].groups[0].on_duty = plan;
  const ReplicationResult r = simulate_replication(s, 1, 0);
  for (std::size_t i = 0; i < 96; ++i)
    CHECK(r.intervals[0][i].agents_on_duty == Approx(plan[i % 48]));
}

TEST_CASE("absences remove each agent-day with the configured probability",
          "[models][sites][shifts]") {
  Scenario s = test::single_pool(1, test::exponential(60), 40, std::nullopt, 20.0, 0);
  s.sites[0].absence_probability = 0.2;
  // Days are independent Binomial(40, 0.8) on-duty counts.
  std::vector<double> daily;
  const ReplicationResult r = simulate_replication(s, 5, 0);
  for (int d = 0; d < 20; ++d)
    daily.push_back(r.intervals[0][static_cast<std::size_t>(d * 48 + 24)].agents_on_duty);
  const sim::ConfidenceInterval ci = sim::student_t_interval(daily);
  INFO("mean on duty " << ci.mean << " +/- " << ci.half_width);
  CHECK(std::fabs(ci.mean - 32.0) <= 3 * ci.half_width);
  CHECK(ci.half_width < 2.0);
  // A different stream per group: the draws do not move the contacts (CRN).
  Scenario none = s;
  none.sites[0].absence_probability = 0;
  CHECK(simulate_replication(none, 5, 0).channels[0].offered == r.channels[0].offered);
}

TEST_CASE("chat agents whose shift ends take no new sessions and leave",
          "[models][sites][shifts][chat]") {
  // Chat demand always exceeds the slots, so an agent that kept taking sessions would never
  // free up. Five agents until 06:00, none after: all are gone one session (600 s) later.
  Scenario s = test::single_pool(100, test::deterministic(600), 0, test::exponential(300), 0.5, 0);
  s.channels[0].kind = ChannelKind::chat;
  s.channels[0].concurrency = 3;
  std::vector<int> plan(24, 0);
  for (int i = 0; i < 12; ++i) plan[static_cast<std::size_t>(i)] = 5;
  s.sites[0].groups[0].on_duty = plan;
  const ReplicationResult r = simulate_replication(s, 6, 0);
  const auto& rows = r.intervals[0];
  CHECK(rows[11].staffed_seconds == Approx(5 * 3 * 1800.0));
  CHECK(rows[12].staffed_seconds > 0);
  CHECK(rows[12].staffed_seconds <= 5 * 3 * 600.0 + 1e-6);
  CHECK(rows[13].staffed_seconds == 0);
}
