// A scaled-down version of the reference center (docs/contract.md): four sites in three time zones,
// calls, web chat, messenger and email, eleven demand regions, shifts, absences, home-first
// routing. Checks the accounting identities that must hold in any run.
#include <catch2/catch.hpp>

#include "ccsim/models/simulation.hpp"
#include "scenario_builders.hpp"

using namespace ccsim;
using namespace ccsim::models;

namespace {

std::string fmt_shift(int k) { return "shift" + std::to_string(k); }

Scenario reference_center(double scale) {
  Scenario s;
  s.name = "reference-scaled";
  s.horizon_days = 2;
  s.warmup_seconds = 3600;
  s.interval_seconds = 1800;
  s.start_weekday = 0;
  const std::vector<double> hourly = {1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2.5, 4.5, 6.5, 8, 8,
                                      8, 7.5, 7,   7,   7,   6.5, 6, 5,   4,   3,   2, 1.5};
  std::vector<double> intraday;
  for (double h : hourly) intraday.insert(intraday.end(), {h, h});
  auto channel = [&](std::string name, ChannelKind kind, double per_month, Distribution handle) {
    ChannelConfig c;
    c.name = std::move(name);
    c.kind = kind;
    c.volume = {Volume::Per::month, per_month * scale};
    c.intraday = intraday;
    c.day_of_week = {1.1, 1.05, 1.0, 1.0, 1.0, 0.8, 0.8};
    c.overdispersion_shape = 65;
    c.handle_time = std::move(handle);
    c.sl_seconds = 20;
    return c;
  };
  s.channels.push_back(channel("voice", ChannelKind::call, 3.3e6, test::lognormal(120, 1.0)));
  s.channels.back().patience = test::exponential(240);
  s.channels.push_back(channel("webchat", ChannelKind::chat, 45e3, test::lognormal(600, 0.8)));
  s.channels.back().patience = test::exponential(120);
  s.channels.back().concurrency = 3;
  s.channels.back().concurrency_slowdown = 0.15;
  s.channels.push_back(
      channel("telegram", ChannelKind::messenger, 25e3, test::lognormal(900, 1.0)));
  s.channels.back().patience = test::exponential(600);
  s.channels.back().concurrency = 4;
  s.channels.back().inactivity_timeout_seconds = 300;
  s.channels.back().quiet_after = test::exponential(1200);
  s.channels.push_back(channel("email", ChannelKind::email, 130e3, test::lognormal(400, 0.7)));
  s.channels.back().sl_seconds = 86400;

  s.regions = {{"utc2", 2, 0.01, "rostov"},      {"utc3", 3, 0.55, "rostov"},
               {"utc4", 4, 0.07, "saransk"},     {"utc5", 5, 0.14, "chelyabinsk"},
               {"utc6", 6, 0.03, "chelyabinsk"}, {"utc7", 7, 0.13, "irkutsk"},
               {"utc8", 8, 0.04, "irkutsk"},     {"utc9", 9, 0.01, "irkutsk"},
               {"utc10", 10, 0.01, "irkutsk"},   {"utc11", 11, 0.005, ""},
               {"utc12", 12, 0.005, ""}};
  auto site = [&](std::string name, double offset, int agents) {
    SiteConfig sc;
    sc.name = std::move(name);
    sc.utc_offset_hours = offset;
    sc.absence_probability = 0.05;
    AgentGroupConfig voice;
    voice.name = "voice";
    voice.skills = {"voice", "email"};
    for (int k = 0; k < 4; ++k) {
      Shift sh;
      sh.name = fmt_shift(k);
      sh.start_seconds = (6 + 4 * k) * 3600.0;
      sh.length_seconds = 9 * 3600.0;
      sh.agents = agents;
      sh.breaks = {{4 * 3600.0, 1800.0}};
      voice.shifts.push_back(sh);
    }
    AgentGroupConfig online;
    online.name = "online";
    online.skills = {"webchat", "telegram", "email"};
    online.agents = std::max(1, agents / 8);
    sc.groups = {voice, online};
    return sc;
  };
  // Few agents per shift so that queues, abandonment, overflow and backlog all occur.
  s.sites = {site("rostov", 3, 3), site("chelyabinsk", 5, 2), site("irkutsk", 8, 2),
             site("saransk", 3, 2)};
  s.routing.policy = "home_first";
  s.routing.overflow_delay_seconds = 20;
  return s;
}

}  // namespace

TEST_CASE("the scaled reference center keeps its accounting identities",
          "[models][simulation][reference]") {
  const Scenario s = reference_center(0.05);
  REQUIRE(validate(s).empty());
  const ReplicationResult r = simulate_replication(s, 2026, 0);
  for (std::size_t c = 0; c < s.channels.size(); ++c) {
    const ChannelKpis& k = r.channels[c];
    INFO(s.channels[c].name);
    CHECK(k.offered > 0);
    if (s.channels[c].kind == ChannelKind::email)
      CHECK(k.offered == k.answered + k.backlog_end);
    else
      CHECK(k.offered == k.answered + k.abandoned + k.unanswered_end);
    double handled = 0;
    for (const SiteKpis& site : r.sites) handled += site.handled[c];
    CHECK(handled == k.answered);
    double offered = 0, busy = 0, staffed = 0;
    for (const IntervalKpis& row : r.intervals[c]) {
      offered += row.offered;
      busy += row.busy_seconds;
      staffed += row.staffed_seconds;
      CHECK(row.busy_seconds <= row.staffed_seconds + 1e-6);
    }
    CHECK(offered == k.offered);
    CHECK(busy == Approx(k.busy_seconds));
    CHECK(staffed == Approx(k.staffed_seconds));
    CHECK(k.occupancy() > 0.0);
    CHECK(k.occupancy() <= 1.0);
  }
  CHECK(r.channels[0].abandoned > 0);
  CHECK(r.channels[0].occupancy() > 0.5);
  for (const SiteKpis& site : r.sites) {
    CHECK(site.occupancy() > 0.0);
    CHECK(site.occupancy() <= 1.0);
  }
  const RunResults agg = aggregate(s, {r});
  CHECK(agg.intervals.size() == 96 * s.channels.size());
  CHECK(agg.sites.size() == 4);
}
