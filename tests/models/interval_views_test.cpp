// Per-interval queue figures, per-group interval rows, per-site KPIs by answering and home
// site, and the scheduled agents of net staffing: conservation laws and Erlang C / Little's law.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <span>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/net_staffing.hpp"
#include "ccsim/models/simulation.hpp"
#include "ccsim/sim/statistics.hpp"
#include "scenario_builders.hpp"

using namespace ccsim;
using namespace ccsim::models;

TEST_CASE("interval queue figures add up to the channel's and match Erlang C's Lq",
          "[models][intervals]") {
  // M/M/10 at 8.5 erlangs (lambda = 255 per hour, 120 s): Lq = lambda x Wq from Erlang C.
  const Scenario s = test::single_pool(255, test::exponential(120), 10, std::nullopt, 2.0);
  std::vector<double> lq;
  for (int rep = 0; rep < 8; ++rep) {
    const ReplicationResult r = simulate_replication(s, 5, rep);
    double area = 0, sum_max = 0;
    for (const IntervalKpis& k : r.intervals[0]) {
      area += k.queue_seconds;
      CHECK(k.queue_max >= k.queue_seconds / s.interval_seconds - 1e-9);  // max >= mean
      CHECK(k.queue_end <= k.queue_max + 1);
      sum_max += k.queue_max;
    }
    CHECK(area == Approx(r.channels[0].queue_seconds).epsilon(1e-9));
    CHECK(sum_max > 0);
    lq.push_back(area / (s.horizon_days * 86400));
    // One group: its on-duty agent-seconds per interval are 10 x 1800, busy <= staffed.
    REQUIRE(r.group_intervals.size() == 1);
    for (const GroupIntervalKpis& g : r.group_intervals[0]) {
      CHECK(g.staffed_seconds == Approx(10 * 1800.0));
      CHECK(g.busy_seconds <= g.staffed_seconds + 1e-6);
    }
  }
  QueueInput in;
  in.arrival_rate = 255.0 / 3600;
  in.mean_service_seconds = 120;
  in.agents = 10;
  const double expected = in.arrival_rate * erlang_c(in).mean_wait_seconds;
  const auto ci = sim::student_t_interval(std::span<const double>(lq));
  INFO("Lq " << ci.mean << " [" << ci.lower << ", " << ci.upper << "], Erlang C " << expected);
  CHECK(std::abs(ci.mean - expected) < std::max(3 * (ci.upper - ci.lower) / 2, 0.05 * expected));
}

TEST_CASE("site KPIs by answering and home site add up to the channel's",
          "[models][intervals][sites]") {
  Scenario s = test::single_pool(300, test::exponential(120), 7, test::exponential(180));
  s.sites[0].name = "west";
  SiteConfig e = s.sites[0];
  e.name = "east";
  e.utc_offset_hours = 5;
  e.groups[0].agents = 4;
  s.sites.push_back(e);
  s.regions = {{"r3", 3, 0.7, "west"}, {"r5", 5, 0.3, "east"}};
  s.routing.policy = "home_first";
  const ReplicationResult r = simulate_replication(s, 9, 0);
  double answered = 0, offered_home = 0, answered_home = 0, abandoned_home = 0, within = 0,
         within_home = 0;
  for (const SiteKpis& site : r.sites) {
    REQUIRE(site.by_channel.size() == 1);
    const SiteChannelKpis& k = site.by_channel[0];
    answered += k.answered;
    within += k.answered_within_sl;
    offered_home += k.offered_home;
    answered_home += k.answered_home;
    abandoned_home += k.abandoned_home;
    within_home += k.answered_within_sl_home;
    CHECK(k.answered == site.handled[0]);
  }
  const ChannelKpis& c = r.channels[0];
  CHECK(answered == c.answered);
  CHECK(answered_home == c.answered);
  CHECK(offered_home == c.offered);
  CHECK(abandoned_home == c.abandoned);
  CHECK(within == c.answered_within_sl);
  CHECK(within_home == c.answered_within_sl);
  // The home split follows the regions' shares (70 / 30) within sampling noise.
  const double west_share = r.sites[0].by_channel[0].offered_home / c.offered;
  CHECK(west_share == Approx(0.7).margin(0.03));

  const RunResults agg = aggregate(s, {r});
  REQUIRE(agg.sites.size() == 2);
  REQUIRE(agg.sites[0].by_channel.size() == 1);
  const auto& w = agg.sites[0].by_channel[0];
  CHECK(w.service_level.mean ==
        Approx(r.sites[0].by_channel[0].answered_within_sl / r.sites[0].by_channel[0].answered));
  CHECK(w.abandon_rate_home.mean ==
        Approx(r.sites[0].by_channel[0].abandoned_home / r.sites[0].by_channel[0].offered_home));
  // Group rows: agents on duty once per group, per interval.
  CHECK(agg.group_intervals.size() == 2 * static_cast<std::size_t>(s.horizon_intervals()));
  CHECK(agg.group_intervals[0].agents_on_duty == Approx(7));
  CHECK(agg.group_intervals[1].agents_on_duty == Approx(4));
}

TEST_CASE("scheduled agents follow constant agents and shifts in local time",
          "[models][intervals][net]") {
  Scenario s = test::single_pool(100, test::exponential(120), 5);
  auto sched = scheduled_agents(s);
  REQUIRE(sched.size() == 1);
  REQUIRE(sched[0].size() == 48);
  for (double x : sched[0]) CHECK(x == Approx(5));
  // A shift 09:00-17:00 local at UTC+3 covers 06:00-14:00 UTC: intervals 12..27.
  s.sites[0].utc_offset_hours = 3;
  s.sites[0].absence_probability = 0.5;  // not drawn: the schedule, not a replication
  Shift day;
  day.start_seconds = 9 * 3600;
  day.length_seconds = 8 * 3600;
  day.agents = 6;
  s.sites[0].groups[0].shifts = {day};
  sched = scheduled_agents(s);
  for (int i = 0; i < 48; ++i) CHECK(sched[0][i] == Approx(i >= 12 && i < 28 ? 6.0 : 0.0));
}

TEST_CASE("busy intervals with a low service level are counted from the interval rows",
          "[models][intervals]") {
  // Demand with a peak: a base of 70 per half hour (busy, 4.7 erlangs) and a 6 h block of 420
  // per half hour that 12 agents at 120 s (28 erlangs offered) cannot serve: SL far below 50 %.
  Scenario s = test::single_pool(1, test::exponential(120), 12, test::exponential(180));
  std::vector<double> day(48, 1.0);
  for (int i = 20; i < 32; ++i) day[static_cast<std::size_t>(i)] = 6.0;
  const double total = std::accumulate(day.begin(), day.end(), 0.0);
  s.channels[0].intraday = day;
  s.channels[0].volume = {Volume::Per::day, 70.0 * total};  // 70 a half hour at weight 1
  RunOptions o;
  o.replications = 4;
  o.seed = 11;
  const RunResults r = simulate(s, o);
  const ChannelSummary& c = r.channels[0];
  int busy = 0, low = 0;
  for (const IntervalRow& row : r.intervals) {
    if (row.offered < kBusyIntervalOffered) continue;
    ++busy;
    if (row.service_level < kLowIntervalServiceLevel) ++low;
  }
  CHECK(c.busy_intervals == busy);
  CHECK(c.busy_intervals_low_sl == low);
  CHECK(c.busy_intervals_low_sl_share == Approx(static_cast<double>(low) / busy));
  // The 12 peak intervals are low (the one after may be too, draining); the base is not.
  CHECK(low >= 11);
  CHECK(low <= 13);
  CHECK(busy == 48);
  // Overstaffed: no busy interval is low.
  s.sites[0].groups[0].agents = 40;
  const RunResults ok = simulate(s, o);
  CHECK(ok.channels[0].busy_intervals_low_sl == 0);
  CHECK(ok.channels[0].busy_intervals_low_sl_share == 0.0);
  CHECK(ok.channels[0].busy_intervals > 0);
}

namespace {

// One replication of single_pool()'s shape whose voice KPIs give the service level `sl` and
// the ASA `asa` (100 offered and answered).
ReplicationResult replication_with(const Scenario& s, double sl, double asa) {
  ReplicationResult r;
  ChannelKpis k;
  k.offered = k.answered = 100;
  k.answered_within_sl = 100 * sl;
  k.wait_sum_answered = k.wait_sum_all = 100 * asa;
  k.busy_seconds = 50;
  k.staffed_seconds = 100;
  r.channels = {k};
  r.sites.resize(s.sites.size());
  r.intervals.assign(1, std::vector<IntervalKpis>(static_cast<std::size_t>(s.horizon_intervals())));
  return r;
}

}  // namespace

TEST_CASE("run estimates stay in range: proportions in [0, 1], times >= 0, none from one rep",
          "[results]") {
  const Scenario s = test::single_pool(100, test::exponential(180), 5);
  // Service levels 1, 0.9, 1 and ASAs 0.5 s, 0.1 s, 30 s: a symmetric Student-t interval
  // (mean +- 4.30 se) runs past 1 (1.11) and below 0 s (-33.8 s).
  const std::vector<ReplicationResult> reps{
      replication_with(s, 1.0, 0.5), replication_with(s, 0.9, 0.1), replication_with(s, 1.0, 30.0)};
  const RunResults agg = aggregate(s, reps);
  const ChannelSummary& c = agg.channels.at(0);
  const std::vector<double> sl{1.0, 0.9, 1.0}, asa{0.5, 0.1, 30.0};
  const sim::ConfidenceInterval t_sl = sim::student_t_interval(std::span<const double>(sl));
  const sim::ConfidenceInterval t_asa = sim::student_t_interval(std::span<const double>(asa));
  REQUIRE(t_sl.upper > 1.0);  // the case is the one it claims to be
  REQUIRE(t_asa.lower < 0.0);
  CHECK(c.service_level.mean == Approx(2.9 / 3));
  CHECK(c.service_level.interval);
  CHECK(c.service_level.lower > 0.0);
  CHECK(c.service_level.lower < c.service_level.mean);
  CHECK(c.service_level.upper > c.service_level.mean);
  CHECK(c.service_level.upper < 1.0);
  // The logit-scale interval of the delta method: logit(m) +- t se / (m (1 - m)).
  const double m = 2.9 / 3, se = (t_sl.upper - t_sl.mean) / 4.302652729911275;
  const double half = 4.302652729911275 * se / (m * (1 - m));
  CHECK(c.service_level.upper == Approx(1 / (1 + std::exp(-(std::log(m / (1 - m)) + half)))));
  CHECK(c.asa_seconds.mean == Approx(30.6 / 3));
  CHECK(c.asa_seconds.lower > 0.0);
  CHECK(c.asa_seconds.upper > c.asa_seconds.mean);
  CHECK(c.mean_wait_seconds.lower > 0.0);
  // Occupancy equal in every replication: a point interval [0.5, 0.5], not an error.
  CHECK(c.occupancy.lower == Approx(0.5));
  CHECK(c.occupancy.upper == Approx(0.5));

  const RunResults one = aggregate(s, {reps[1]});
  CHECK(one.channels.at(0).service_level.mean == Approx(0.9));
  CHECK_FALSE(one.channels.at(0).service_level.interval);
  CHECK_FALSE(one.channels.at(0).asa_seconds.interval);
}

namespace {

// Two sites with regions homed on them (home_first), two call channels with their own
// thresholds, and per site a voice-only group and a blended voice + sales group.
Scenario two_sites_two_channels() {
  Scenario s = test::single_pool(300, test::exponential(120), 6, test::exponential(180));
  ChannelConfig sales = s.channels[0];
  sales.name = "sales";
  sales.volume = {Volume::Per::hour, 90};
  sales.sl_seconds = 45;
  s.channels.push_back(sales);
  s.sites[0].name = "west";
  AgentGroupConfig blend = s.sites[0].groups[0];
  blend.name = "blend";
  blend.skills = {"voice", "sales"};
  blend.agents = 3;
  s.sites[0].groups.push_back(blend);
  SiteConfig e = s.sites[0];
  e.name = "east";
  e.utc_offset_hours = 5;
  e.groups[0].agents = 3;
  e.groups[1].agents = 2;
  s.sites.push_back(e);
  s.regions = {{"r3", 3, 0.7, "west"}, {"r5", 5, 0.3, "east"}};
  s.routing.policy = "home_first";
  return s;
}

}  // namespace

TEST_CASE("group interval rows count what the group answered: they add up to the channels'",
          "[models][intervals][groups]") {
  const Scenario s = two_sites_two_channels();
  const ReplicationResult r = simulate_replication(s, 13, 0);
  REQUIRE(r.group_intervals.size() == 4);
  const auto intervals = static_cast<std::size_t>(s.horizon_intervals());
  double total = 0;
  std::vector<double> by_group(4, 0.0);
  for (std::size_t i = 0; i < intervals; ++i) {
    double ch_answered = 0, ch_within = 0, ch_wait = 0, g_answered = 0, g_within = 0, g_wait = 0;
    for (const auto& channel : r.intervals) {
      ch_answered += channel.at(i).answered;
      ch_within += channel.at(i).answered_within_sl;
      ch_wait += channel.at(i).wait_sum_answered;
    }
    for (std::size_t g = 0; g < r.group_intervals.size(); ++g) {
      const GroupIntervalKpis& k = r.group_intervals[g].at(i);
      CHECK(k.answered_within_sl <= k.answered);
      g_answered += k.answered;
      g_within += k.answered_within_sl;
      g_wait += k.wait_sum_answered;
      by_group[g] += k.answered;
    }
    INFO("interval " << i);
    CHECK(g_answered == ch_answered);
    CHECK(g_within == ch_within);
    CHECK(g_wait == Approx(ch_wait).epsilon(1e-12).margin(1e-9));
    total += g_answered;
  }
  CHECK(total == r.channels[0].answered + r.channels[1].answered);
  for (double x : by_group) CHECK(x > 0);  // every group answers something
  // A group's answered contacts are those its site answered, summed over the site's groups.
  for (std::size_t site = 0; site < 2; ++site) {
    double handled = 0;
    for (double x : r.sites[site].handled) handled += x;
    CHECK(by_group[2 * site] + by_group[2 * site + 1] == handled);
  }

  const RunResults agg = aggregate(s, {r, simulate_replication(s, 13, 1)});
  REQUIRE(agg.group_intervals.size() == 4 * intervals);
  for (const GroupIntervalRow& row : agg.group_intervals) {
    if (row.answered > 0) {
      CHECK(row.service_level_of_answered >= 0);
      CHECK(row.service_level_of_answered <= 1);
      CHECK(row.asa_seconds >= 0);
    } else {
      CHECK(std::isnan(row.service_level_of_answered));
      CHECK(std::isnan(row.asa_seconds));
    }
  }
}

TEST_CASE("one group's service level of answered contacts is the channel's, and Erlang C's",
          "[models][intervals][groups]") {
  // M/M/10 at 8.5 erlangs, nobody abandons: P(W <= 20 s) of the answered = Erlang C's SL.
  const Scenario s = test::single_pool(255, test::exponential(120), 10, std::nullopt, 2.0);
  std::vector<ReplicationResult> reps;
  std::vector<double> sl;
  for (int rep = 0; rep < 8; ++rep) {
    const ReplicationResult& r = reps.emplace_back(simulate_replication(s, 21, rep));
    double answered = 0, within = 0, wait = 0;
    for (std::size_t i = 0; i < r.group_intervals[0].size(); ++i) {
      const GroupIntervalKpis& g = r.group_intervals[0][i];
      const IntervalKpis& c = r.intervals[0][i];
      // By the contacts' arrival interval, like the channel rows: equal interval by interval.
      CHECK(g.answered == c.answered);
      CHECK(g.answered_within_sl == c.answered_within_sl);
      answered += g.answered;
      within += g.answered_within_sl;
      wait += g.wait_sum_answered;
    }
    const ChannelKpis& k = r.channels[0];
    REQUIRE(answered > 0);
    CHECK(within / answered == Approx(k.service_level_of_answered()).epsilon(1e-12));
    CHECK(wait / answered == Approx(k.asa_seconds()).epsilon(1e-9));
    sl.push_back(within / answered);
  }
  const RunResults agg = aggregate(s, reps);
  REQUIRE(agg.group_intervals.size() == agg.intervals.size());
  for (std::size_t i = 0; i < agg.intervals.size(); ++i) {
    const IntervalRow& c = agg.intervals[i];
    const GroupIntervalRow& g = agg.group_intervals[i];
    CHECK(g.answered == Approx(c.answered));
    CHECK(g.asa_seconds == Approx(c.asa_seconds).epsilon(1e-9));
    // Per replication the group answered what the channel did, so the ASA half-widths agree
    // and the answered count's half-width is a finite spread.
    if (!std::isnan(c.asa_seconds_ci95))
      CHECK(g.asa_seconds_ci95 == Approx(c.asa_seconds_ci95).epsilon(1e-9).margin(1e-12));
    CHECK(g.answered_ci95 >= 0.0);
    // Nobody abandons: where every contact offered was answered, the two ratios agree.
    if (c.offered > 0 && c.answered == c.offered)
      CHECK(g.service_level_of_answered == Approx(c.service_level).epsilon(1e-12));
  }
  QueueInput in;
  in.arrival_rate = 255.0 / 3600;
  in.mean_service_seconds = 120;
  in.agents = 10;
  in.sl_seconds = 20;
  const double expected = erlang_c(in).service_level;
  const auto ci = sim::student_t_interval(std::span<const double>(sl));
  INFO("group SL of answered " << ci.mean << " [" << ci.lower << ", " << ci.upper << "], Erlang C "
                               << expected);
  CHECK(std::abs(ci.mean - expected) < std::max(3 * (ci.upper - ci.lower) / 2, 0.01));
}

TEST_CASE("site interval rows by home site add up to the channel's, interval by interval",
          "[models][intervals][sites]") {
  const Scenario s = two_sites_two_channels();
  const ReplicationResult r = simulate_replication(s, 17, 0);
  const std::size_t n_ch = s.channels.size();
  REQUIRE(r.site_intervals.size() == s.sites.size() * n_ch);
  const auto intervals = static_cast<std::size_t>(s.horizon_intervals());
  for (std::size_t c = 0; c < n_ch; ++c) {
    std::vector<double> offered_by_site(s.sites.size(), 0.0);
    for (std::size_t i = 0; i < intervals; ++i) {
      const IntervalKpis& k = r.intervals[c].at(i);
      SiteIntervalKpis sum;
      for (std::size_t site = 0; site < s.sites.size(); ++site) {
        const SiteIntervalKpis& x = r.site_intervals[site * n_ch + c].at(i);
        CHECK(x.answered + x.abandoned <= x.offered);
        sum.offered += x.offered;
        sum.answered += x.answered;
        sum.abandoned += x.abandoned;
        sum.answered_within_sl += x.answered_within_sl;
        sum.wait_sum_answered += x.wait_sum_answered;
        sum.answered_here += x.answered_here;
        sum.wait_sum_answered_here += x.wait_sum_answered_here;
        offered_by_site[site] += x.offered;
      }
      INFO("channel " << c << " interval " << i);
      // Every contact has a home site (regions with home sites): the sites split the channel.
      CHECK(sum.offered == k.offered);
      CHECK(sum.answered == k.answered);
      CHECK(sum.abandoned == k.abandoned);
      CHECK(sum.answered_within_sl == k.answered_within_sl);
      CHECK(sum.wait_sum_answered == Approx(k.wait_sum_answered).epsilon(1e-12).margin(1e-9));
      CHECK(sum.answered_here == k.answered);
      CHECK(sum.wait_sum_answered_here == Approx(k.wait_sum_answered).epsilon(1e-12).margin(1e-9));
    }
    // The per-interval rows add up to the site's horizon figures, by home and answering site.
    for (std::size_t site = 0; site < s.sites.size(); ++site) {
      const SiteChannelKpis& h = r.sites[site].by_channel[c];
      double answered = 0, abandoned = 0, within = 0, here = 0, wait_here = 0;
      for (const SiteIntervalKpis& x : r.site_intervals[site * n_ch + c]) {
        answered += x.answered;
        abandoned += x.abandoned;
        within += x.answered_within_sl;
        here += x.answered_here;
        wait_here += x.wait_sum_answered_here;
      }
      CHECK(offered_by_site[site] == h.offered_home);
      CHECK(answered == h.answered_home);
      CHECK(abandoned == h.abandoned_home);
      CHECK(within == h.answered_within_sl_home);
      CHECK(here == h.answered);
      CHECK(wait_here == Approx(h.wait_sum_answered).epsilon(1e-12));
      CHECK(here != answered);  // some contacts are answered away from home (home_first)
    }
    CHECK(offered_by_site[0] / (offered_by_site[0] + offered_by_site[1]) ==
          Approx(0.7).margin(0.05));
  }

  const RunResults agg = aggregate(s, {r});
  // Both sites serve both channels: every (site, channel) pair, time-major.
  REQUIRE(agg.site_intervals.size() == intervals * 2 * n_ch);
  const SiteIntervalRow& first = agg.site_intervals[3];
  CHECK(first.index == 0);
  CHECK(first.site == "east");
  CHECK(first.channel == "sales");
  for (const SiteIntervalRow& row : agg.site_intervals) {
    CHECK(std::isnan(row.service_level) == (row.offered == 0));
    CHECK(std::isnan(row.abandon_rate) == (row.offered == 0));
    CHECK(std::isnan(row.asa_seconds) == (row.answered == 0));
    CHECK(std::isnan(row.asa_here) == (row.answered_here == 0));
  }
}

TEST_CASE("one site: its interval rows are the channel's", "[models][intervals][sites]") {
  // No regions, no home sites: a single site's figures by home site are every contact's.
  const Scenario s = test::single_pool(300, test::exponential(120), 11, test::exponential(180));
  std::vector<ReplicationResult> reps;
  for (int rep = 0; rep < 3; ++rep) reps.push_back(simulate_replication(s, 23, rep));
  const RunResults agg = aggregate(s, reps);
  REQUIRE(agg.site_intervals.size() == agg.intervals.size());
  for (std::size_t i = 0; i < agg.intervals.size(); ++i) {
    const IntervalRow& c = agg.intervals[i];
    const SiteIntervalRow& x = agg.site_intervals[i];
    INFO("interval " << i);
    CHECK(x.index == c.index);
    CHECK(x.site == "main");
    CHECK(x.offered == c.offered);
    CHECK(x.answered == c.answered);
    CHECK(x.answered_here == c.answered);
    CHECK(x.abandoned == c.abandoned);
    CHECK(x.service_level == Approx(c.service_level).epsilon(1e-12));
    CHECK(x.asa_seconds == Approx(c.asa_seconds).epsilon(1e-12));
    CHECK(x.asa_here == Approx(c.asa_seconds).epsilon(1e-12));
    CHECK(x.abandon_rate == Approx(c.abandoned / c.offered).epsilon(1e-12));
    // The same per-replication values, so the same half-widths (NaN where one is undefined).
    CHECK(x.offered_ci95 == Approx(c.offered_ci95).epsilon(1e-12));
    const auto same = [](double a, double b) {
      return (std::isnan(a) && std::isnan(b)) || a == Approx(b).epsilon(1e-9).margin(1e-15);
    };
    CHECK(same(x.service_level_ci95, c.service_level_ci95));
    CHECK(same(x.asa_seconds_ci95, c.asa_seconds_ci95));
    CHECK(same(x.abandon_rate_ci95, c.abandon_rate_ci95));
  }
  CHECK(agg.intervals.back().offered > 0);

  // Two sites without home sites (pooled routing): nothing counts by home site, and the rows
  // are those of the sites' served channels, with their own answered contacts.
  Scenario two = s;
  SiteConfig other = two.sites[0];
  other.name = "other";
  other.groups[0].agents = 4;
  two.sites.push_back(other);
  const ReplicationResult r = simulate_replication(two, 23, 0);
  const RunResults b = aggregate(two, {r});
  REQUIRE(b.site_intervals.size() == 2 * b.intervals.size());
  for (std::size_t i = 0; i < b.intervals.size(); ++i) {
    const SiteIntervalRow& main = b.site_intervals[2 * i];
    const SiteIntervalRow& o = b.site_intervals[2 * i + 1];
    CHECK(main.offered == 0);
    CHECK(std::isnan(main.service_level));
    CHECK(main.answered_here + o.answered_here == b.intervals[i].answered);
  }
}
