// Net staffing (models/net_staffing.hpp): rows and per-site summaries on hand-made series,
// on a staffing plan (against the plan's own seats and its independent count of short
// intervals) and on a tiny roster whose optimum, and so its excess, is known by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "ccsim/models/net_staffing.hpp"
#include "ccsim/models/roster.hpp"
#include "ccsim/models/staffing.hpp"
#include "scenario_builders.hpp"

using namespace ccsim::models;

namespace {

constexpr double kH = 3600.0;

/// Recounts a site's summary from the rows (the definitions of net_staffing.hpp).
NetStaffingSite recount(const NetStaffing& n, int site) {
  NetStaffingSite out;
  for (int i = 0; i < n.intervals; ++i) {
    double shortfall = 0, over = 0, len = 0;
    for (const NetStaffingRow& r : n.rows) {
      if (r.site != site || r.interval != i) continue;
      len = r.length_seconds;
      const double net = r.scheduled - r.required;
      if (net < -kNetTolerance) shortfall -= net;
      if (net > kNetTolerance) over += net;
    }
    out.seat_hours_short += shortfall * len / kH;
    out.seat_hours_over += over * len / kH;
    if (shortfall > 0) ++out.intervals_short;
    if (shortfall == 0 && over > 0) ++out.intervals_over;
    if (shortfall > out.worst_shortfall) out.worst_shortfall = shortfall, out.worst_interval = i;
  }
  return out;
}

void check_summary(const NetStaffing& n, int site) {
  const NetStaffingSite want = recount(n, site);
  const NetStaffingSite& got = n.sites.at(static_cast<std::size_t>(site));
  CHECK(got.intervals_short == want.intervals_short);
  CHECK(got.intervals_over == want.intervals_over);
  CHECK(got.worst_shortfall == Approx(want.worst_shortfall));
  CHECK(got.worst_interval == want.worst_interval);
  CHECK(got.seat_hours_short == Approx(want.seat_hours_short).margin(1e-9));
  CHECK(got.seat_hours_over == Approx(want.seat_hours_over).margin(1e-9));
}

}  // namespace

TEST_CASE("net staffing: rows and site summary of two groups, by hand", "[models][net]") {
  // Half-hour intervals over a day; groups g and h of one site.
  Scenario s = ccsim::test::single_pool(100, ccsim::test::exponential(180), 2);
  AgentGroupConfig h = s.sites[0].groups[0];
  h.name = "h";
  s.sites[0].groups.push_back(h);
  s.sites[0].utc_offset_hours = 3;
  NetStaffingSeries g{0, 0, std::vector<double>(48, 2.0), std::vector<double>(48, 2.0)};
  g.scheduled[3] = 1.5;  // short 0.5
  g.scheduled[4] = 3.0;  // over 1
  NetStaffingSeries k{0, 1, std::vector<double>(48, 1.0), std::vector<double>(48, 1.0)};
  k.scheduled[3] = 0.0;  // short 1: with g, 1.5 short at 01:30
  k.required[4] = 2.0;   // short 1 while g is over: the site is short (g cannot cover h)
  k.scheduled[5] = 2.0;  // over 1
  const NetStaffing n = net_staffing(s, {k, g});  // any order: rows come out sorted
  REQUIRE(n.rows.size() == 96);
  CHECK(n.intervals == 48);
  for (std::size_t r = 0; r < n.rows.size(); ++r) {
    CHECK(n.rows[r].interval == static_cast<int>(r / 2));
    CHECK(n.rows[r].group == static_cast<int>(r % 2));
  }
  CHECK(n.rows[6].net() == Approx(-0.5));
  CHECK(n.rows[6].is_short());
  CHECK(n.rows[8].is_over());
  CHECK(n.rows[9].net() == Approx(-1));
  CHECK_FALSE(n.rows[0].is_short());
  CHECK_FALSE(n.rows[0].is_over());
  const NetStaffingSite& site = n.sites[0];
  CHECK(site.name == "main");
  CHECK(site.utc_offset_hours == 3);
  CHECK(site.groups == std::vector<std::string>{"agents", "h"});
  CHECK(site.intervals == 48);
  CHECK(site.intervals_short == 2);  // 3 and 4
  CHECK(site.intervals_over == 1);   // 5 (4 is short)
  CHECK(site.worst_shortfall == Approx(1.5));
  CHECK(site.worst_interval == 3);
  CHECK(site.seat_hours_short == Approx((1.5 + 1.0) * 0.5));
  CHECK(site.seat_hours_over == Approx((1.0 + 1.0) * 0.5));
  CHECK(site.seat_hours_required == Approx((3 * 48 + 1) * 0.5));
  CHECK(site.seat_hours_scheduled == Approx((3 * 48 - 0.5 + 1 - 1 + 1) * 0.5));
  check_summary(n, 0);

  NetStaffingSeries bad = g;
  bad.required.pop_back();
  CHECK_THROWS_AS(net_staffing(s, {bad}), std::invalid_argument);
  bad = g;
  bad.group = 2;
  CHECK_THROWS_AS(net_staffing(s, {bad}), std::invalid_argument);
}

TEST_CASE("net staffing of a staffing plan: the plan's seats against its schedule",
          "[models][net][staffing]") {
  // 200 calls/h of 180 s (10 erlangs) with 2 agents on duty until noon and 13 after it.
  Scenario s = ccsim::test::single_pool(200, ccsim::test::exponential(180), 0);
  s.channels[0].targets.service_level = 0.8;
  std::vector<int> on_duty(48, 13);
  for (int i = 0; i < 24; ++i) on_duty[static_cast<std::size_t>(i)] = 2;
  s.sites[0].groups[0].on_duty = on_duty;
  StaffingOptions o;
  o.simulate = false;
  const StaffingPlan plan = plan_staffing(s, o);
  const NetStaffing& n = plan.net;
  REQUIRE(plan.groups.size() == 1);
  REQUIRE(n.rows.size() == 48);
  const GroupStaffing& g = plan.groups[0];
  for (std::size_t i = 0; i < 48; ++i) {
    CHECK(n.rows[i].required == g.seats_analytic[i]);
    CHECK(n.rows[i].scheduled == Approx(on_duty[i]));
    CHECK(n.rows[i].net() == Approx(on_duty[i] - g.seats_analytic[i]));
  }
  // Erlang C at 10 erlangs needs more than 2 and at most 13 for 80 % in 20 s.
  CHECK(n.sites[0].intervals_short == plan.sites[0].intervals_short);  // counted independently
  CHECK(n.sites[0].intervals_short >= 24);
  CHECK(n.sites[0].worst_shortfall == Approx(g.seats_analytic[0] - 2));
  CHECK(n.sites[0].worst_interval == 0);
  check_summary(n, 0);
}

TEST_CASE("net staffing of a tiny roster: the excess of the known optimum",
          "[models][net][roster]") {
  // Hourly intervals on a Monday; 8 h shifts starting at 00:00, 08:00 or 16:00, no breaks.
  // 3 agents needed every hour and 4 at 05:00: the optimum is 4 + 3 + 3 agents, so the night
  // shift is one over in the 7 other hours and nothing is short.
  Scenario s;
  s.name = "net-roster";
  s.interval_seconds = kH;
  s.horizon_days = 1;
  ChannelConfig c;
  c.name = "voice";
  s.channels.push_back(c);
  SiteConfig site;
  site.name = "a";
  AgentGroupConfig grp;
  grp.name = "g";
  grp.skills = {"voice"};
  ShiftTemplate t;
  t.name = "day";
  t.lengths_seconds = {8 * kH};
  t.start_earliest_seconds = 0;
  t.start_latest_seconds = 16 * kH;
  t.start_step_seconds = 8 * kH;
  t.days.work_days = 1;
  RosterRules rules;
  rules.templates = {t};
  grp.roster = rules;
  site.groups.push_back(grp);
  s.sites.push_back(site);
  std::vector<int> req(24, 3);
  req[5] = 4;
  RequirementTable table;
  table.groups.push_back(GroupRequirement{0, 0, req});
  RosterOptions o;
  o.mip_gap = 0;
  RosterPlan plan = solve_roster(s, table, o);
  const NetStaffing& n = plan.net;
  REQUIRE(n.rows.size() == 24);
  for (int i = 0; i < 24; ++i) {
    CHECK(n.rows[static_cast<std::size_t>(i)].required == req[static_cast<std::size_t>(i)]);
    CHECK(n.rows[static_cast<std::size_t>(i)].net() ==
          Approx(i < 8 && i != 5 ? 1.0 : 0.0).margin(1e-9));
  }
  CHECK(n.sites[0].intervals_short == 0);
  CHECK(n.sites[0].worst_interval == -1);
  CHECK(n.sites[0].intervals_over == 7);
  CHECK(n.sites[0].seat_hours_over == Approx(7));
  CHECK(n.sites[0].seat_hours_required == Approx(73));
  CHECK(n.sites[0].seat_hours_scheduled == Approx(80));
  check_summary(n, 0);

  // A requirement of 5 at 12:00 (3 on duty) is 2 short there, by the roster's own coverage.
  plan.coverage[0].required[12] = 5;
  const NetStaffing raised = net_staffing(s, plan);
  CHECK(raised.sites[0].intervals_short == 1);
  CHECK(raised.sites[0].worst_shortfall == Approx(2));
  CHECK(raised.sites[0].worst_interval == 12);
  CHECK(raised.sites[0].seat_hours_short == Approx(2));
  check_summary(raised, 0);
}
