// The staffing plan: runs the four parts (staffing.hpp) and reports what the final plan does,
// interval by interval.

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "staffing/staffing_parts.hpp"

namespace ccsim::models {

using staffing::at;
using staffing::Index;
using staffing::KeySums;
using staffing::Verdict;

bool has_any_target(const Scenario& s) {
  return std::any_of(s.channels.begin(), s.channels.end(),
                     [](const ChannelConfig& c) { return c.targets.any(); });
}

namespace {

/// Do the targets hold on these replications? On the mean, or with `confidence` on the
/// pessimistic end of the decision interval.
bool holds(const Targets& t, const std::vector<KeySums>& reps, bool confidence, double level,
           bool check_occupancy) {
  const Verdict v = staffing::judge(t, reps, confidence ? level : 0.0, check_occupancy);
  return v == Verdict::meets;
}

/// How far an interval is from its targets (> 0 = missed), as a share of the target.
double shortfall(const Targets& t, const IntervalOutcome& o) {
  double worst = -1e300;
  if (t.service_level && o.service_level)
    worst = std::max(worst, (*t.service_level - o.service_level->mean) / *t.service_level);
  if (t.abandon_rate && o.abandon_rate)
    worst =
        std::max(worst, (o.abandon_rate->mean - *t.abandon_rate) / std::max(*t.abandon_rate, 1e-9));
  if (t.asa_seconds && o.asa_seconds)
    worst = std::max(worst, (o.asa_seconds->mean - *t.asa_seconds) / *t.asa_seconds);
  return worst;
}

std::vector<KeySums> sums_over(const std::vector<ReplicationResult>& reps, Index c,
                               const std::vector<int>& intervals) {
  std::vector<KeySums> out;
  for (const ReplicationResult& r : reps) {
    KeySums k;
    for (int i : intervals) k.add(r.intervals[c][at(i)]);
    out.push_back(k);
  }
  return out;
}

std::optional<Estimate> estimate(const std::vector<KeySums>& reps, double KeySums::*num,
                                 double KeySums::*den, bool proportion) {
  std::vector<double> x, y;
  for (const KeySums& k : reps) x.push_back(k.*num), y.push_back(k.*den);
  return staffing::ratio_estimate(x, y, proportion);
}

/// The per-interval truth and the monthly KPIs of one channel in the final simulation.
void outcome(const Scenario& s, const StaffingPlan& plan, Index c,
             const std::vector<ReplicationResult>& last, bool confidence, int fold,
             ChannelStaffing& cs) {
  const ChannelConfig& ch = s.channels[c];
  const int n = s.horizon_intervals();
  const bool email = ch.kind == ChannelKind::email;
  std::vector<int> all(at(n));
  std::iota(all.begin(), all.end(), 0);
  const std::vector<KeySums> horizon =
      email ? staffing::horizon_sums(last, c) : sums_over(last, c, all);
  cs.service_level = estimate(horizon, &KeySums::within_sl, &KeySums::offered, true);
  cs.asa_seconds = estimate(horizon, &KeySums::wait_sum, &KeySums::answered, false);
  cs.abandon_rate = estimate(horizon, &KeySums::abandoned, &KeySums::offered, true);
  cs.occupancy = estimate(horizon, &KeySums::busy, &KeySums::staffed, true);
  const double reps = std::max<double>(1.0, static_cast<double>(last.size()));
  for (const KeySums& k : horizon) cs.offered += k.offered / reps;
  if (!ch.targets.any()) return;
  const double level = plan.decision_confidence;
  if (email) {
    cs.keys = 1;
    cs.keys_missed = holds(ch.targets, horizon, confidence, level, false) ? 0 : 1;
    cs.targets_met = cs.keys_missed == 0;
    return;
  }
  // Keys as the search judged them.
  const int keys = plan.must_hold == MustHold::month ? 1 : fold;
  for (int key = 0; key < keys; ++key) {
    std::vector<int> members;
    for (int i = key; i < n; i += (keys == 1 ? 1 : fold)) members.push_back(i);
    const std::vector<KeySums> sums = sums_over(last, c, members);
    if (std::all_of(sums.begin(), sums.end(), [](const KeySums& k) { return k.offered <= 0; }))
      continue;
    ++cs.keys;
    if (!holds(ch.targets, sums, confidence, level, true)) ++cs.keys_missed;
  }
  // Every interval on its own.
  std::vector<IntervalOutcome> outcomes;
  for (int i = 0; i < n; ++i) {
    const std::vector<KeySums> sums = sums_over(last, c, {i});
    IntervalOutcome o;
    o.interval = i;
    for (const KeySums& k : sums) o.offered += k.offered / reps;
    if (!(o.offered > 0)) continue;
    o.service_level = estimate(sums, &KeySums::within_sl, &KeySums::offered, true);
    o.asa_seconds = estimate(sums, &KeySums::wait_sum, &KeySums::answered, false);
    o.abandon_rate = estimate(sums, &KeySums::abandoned, &KeySums::offered, true);
    o.met = holds(ch.targets, sums, confidence, level, true);
    ++cs.intervals_with_demand;
    if (o.met) {
      ++cs.intervals_met;
      cs.offered_in_met += o.offered;
    }
    outcomes.push_back(o);
  }
  std::stable_sort(outcomes.begin(), outcomes.end(), [&](const auto& a, const auto& b) {
    return shortfall(ch.targets, a) > shortfall(ch.targets, b);
  });
  outcomes.resize(std::min<Index>(outcomes.size(), 5));
  cs.worst = std::move(outcomes);
  switch (plan.must_hold) {
    case MustHold::month:
      cs.targets_met = holds(ch.targets, horizon, confidence, level, true);
      break;
    case MustHold::interval_of_week:
      cs.targets_met = cs.keys_missed == 0;
      break;
    case MustHold::interval:
      cs.targets_met = cs.intervals_met == cs.intervals_with_demand;
      break;
  }
}

void check(const Scenario& s, const StaffingOptions& options) {
  const std::vector<Problem> problems = validate(s);
  if (!problems.empty()) {
    std::string msg = "invalid scenario";
    for (const Problem& p : problems) msg += "\n  " + p.path + ": " + p.message;
    throw std::invalid_argument(msg);
  }
  if (options.max_passes < 1 || options.repair_passes < 0 || options.replications < 0 ||
      options.max_replications < 0 || options.threads < 0)
    throw std::invalid_argument("staffing options: passes, replications, threads out of range");
  if (options.decision_confidence &&
      !(*options.decision_confidence > 0 && *options.decision_confidence < 1))
    throw std::invalid_argument("decision confidence must be in (0, 1)");
  if (!has_any_target(s))
    throw std::invalid_argument(
        "no channel has a target, so there is nothing to staff for; add one under a channel, "
        "e.g. `targets: {service_level: 0.8}` (with `sl_seconds: 20`), or on the command line "
        "--set channels.<name>.targets.service_level=0.8");
}

}  // namespace

StaffingPlan plan_staffing(const Scenario& s, const StaffingOptions& options) {
  check(s, options);
  const int channels = static_cast<int>(s.channels.size());
  const int n = s.horizon_intervals();
  StaffingPlan plan;
  plan.scenario = s.name;
  plan.seed = options.seed.value_or(s.seed);
  plan.simulated = options.simulate;
  plan.confidence = options.confidence;
  plan.must_hold = options.must_hold.value_or(s.staffing.must_hold);
  plan.decision_confidence = options.decision_confidence.value_or(s.staffing.decision_confidence);
  plan.interval_seconds = s.interval_seconds;
  plan.horizon_days = s.horizon_days;
  plan.month_days = s.month_days;
  plan.paid_hours_per_month = s.staffing.paid_hours_per_month;
  // Pool the weeks of a long horizon: each interval of the week is then judged on every week
  // and replication (a month gives 4+ samples per replication instead of one).
  const int per_day = s.intervals_per_day();
  plan.fold_intervals =
      plan.must_hold == MustHold::interval_of_week && s.horizon_days >= 14 ? 7 * per_day : n;

  // Steps 1 and 2.
  const staffing::Allocation alloc = staffing::allocate(s);
  const std::vector<std::vector<int>> analytic = alloc.channel_totals();
  std::vector<std::vector<int>> simulated;
  std::vector<ReplicationResult> last;

  // Step 3.
  if (options.simulate) {
    staffing::SearchSettings o;
    o.seed = plan.seed;
    o.batch = options.replications > 0      ? options.replications
              : s.staffing.replications > 0 ? s.staffing.replications
              : s.replications > 0          ? s.replications
                                            : kDefaultStaffingReplications;
    o.cap = options.max_replications > 0      ? options.max_replications
            : s.staffing.max_replications > 0 ? s.staffing.max_replications
                                              : 4 * o.batch;
    o.cap = std::max(o.cap, o.batch);
    o.decision_confidence = plan.decision_confidence;
    o.confidence = options.confidence;
    o.fold = plan.fold_intervals;
    o.whole_horizon = plan.must_hold == MustHold::month;
    o.threads = options.threads;
    o.max_passes = options.max_passes;
    o.repair_passes = options.repair_passes;
    o.progress = &options.progress;
    // Each pass simulates up to `cap` replications of the scenario: refuse up front what
    // would exceed the event or memory caps (UserError), before the first pass.
    check_resources(s, o.cap, o.threads, options.limits);
    staffing::SearchResult r = staffing::search(s, alloc, o);
    simulated = std::move(r.totals);
    last = std::move(r.last);
    plan.replications = o.batch;
    plan.max_replications = o.cap;
    plan.passes = r.passes;
    plan.replications_run = r.replications_run;
  }

  // Groups and rows.
  const std::vector<std::vector<int>> seats_a = alloc.group_seats(alloc.analytic, n);
  const std::vector<std::vector<std::vector<int>>> spread_s =
      options.simulate ? alloc.spread(simulated) : std::vector<std::vector<std::vector<int>>>{};
  const std::vector<std::vector<int>> seats_s =
      options.simulate ? alloc.group_seats(spread_s, n) : std::vector<std::vector<int>>{};
  for (Index g = 0; g < alloc.groups.size(); ++g) {
    GroupStaffing gs;
    gs.site = alloc.groups[g].site;
    gs.group = alloc.groups[g].group;
    gs.site_name = s.sites[at(gs.site)].name;
    gs.group_name = s.sites[at(gs.site)].groups[at(gs.group)].name;
    for (int c = 0; c < channels; ++c)
      for (int member : alloc.channel_groups[at(c)])
        if (at(member) == g) gs.channels.push_back(c);
    gs.seats_analytic = seats_a[g];
    gs.seat_hours_analytic = staffing::hours(s, gs.seats_analytic);
    if (options.simulate) {
      gs.seats_simulated = seats_s[g];
      gs.seat_hours_simulated = staffing::hours(s, gs.seats_simulated);
    }
    gs.work_share.assign(at(n), std::vector<double>(gs.channels.size(), 0.0));
    for (int i = 0; i < n; ++i) {
      double total = 0;
      for (Index k = 0; k < gs.channels.size(); ++k) {
        const int c = gs.channels[k];
        const auto& members = alloc.channel_groups[at(c)];
        const auto pos = static_cast<Index>(
            std::find(members.begin(), members.end(), static_cast<int>(g)) - members.begin());
        gs.work_share[at(i)][k] = alloc.work[at(c)][at(i)][pos];
        total += gs.work_share[at(i)][k];
      }
      for (double& x : gs.work_share[at(i)]) x = total > 0 ? x / total : 0.0;
    }
    // Deferred work: the email channels' work in agent-intervals, and their part of the seats.
    for (const int c : gs.channels) {
      const ChannelConfig& ch = s.channels[at(c)];
      if (ch.kind != ChannelKind::email) continue;
      if (gs.deferred_work.empty()) {
        gs.deferred_work.assign(at(n), 0.0);
        gs.deferred_seats_analytic.assign(at(n), 0);
        if (options.simulate) gs.deferred_seats_simulated.assign(at(n), 0);
        gs.deferred_window_seconds = ch.sl_seconds;
      }
      gs.deferred_window_seconds = std::min(gs.deferred_window_seconds, ch.sl_seconds);
      const auto& members = alloc.channel_groups[at(c)];
      const auto pos = static_cast<Index>(
          std::find(members.begin(), members.end(), static_cast<int>(g)) - members.begin());
      const double occupancy = ch.targets.max_occupancy.value_or(1.0);
      for (int i = 0; i < n; ++i) {
        // Erlangs over the interval's length = agent-intervals of work.
        gs.deferred_work[at(i)] += alloc.work[at(c)][at(i)][pos] * staffing::interval_length(s, i) /
                                   s.interval_seconds / occupancy;
        gs.deferred_seats_analytic[at(i)] += alloc.analytic[at(c)][at(i)][pos];
        if (options.simulate) gs.deferred_seats_simulated[at(i)] += spread_s[at(c)][at(i)][pos];
      }
    }
    plan.groups.push_back(std::move(gs));
  }
  for (int i = 0; i < n; ++i)
    for (const GroupStaffing& gs : plan.groups) {
      StaffingRow row;
      row.interval = i;
      row.start_seconds = i * s.interval_seconds;
      row.site = gs.site;
      row.group = gs.group;
      row.channel = gs.dedicated() ? gs.channels[0] : -1;
      row.agents_analytic = gs.seats_analytic[at(i)];
      if (options.simulate) row.agents_simulated = gs.seats_simulated[at(i)];
      plan.rows.push_back(row);
    }

  // Channels.
  for (int c = 0; c < channels; ++c) {
    ChannelStaffing cs;
    cs.name = s.channels[at(c)].name;
    cs.kind = s.channels[at(c)].kind;
    cs.has_targets = s.channels[at(c)].targets.any();
    for (int member : alloc.channel_groups[at(c)])
      cs.dedicated = cs.dedicated && plan.groups[at(member)].dedicated();
    cs.analytic = analytic[at(c)];
    cs.agent_hours_analytic = staffing::hours(s, cs.analytic);
    cs.analytic_infeasible = alloc.infeasible[at(c)];
    if (!cs.analytic_infeasible.empty()) plan.targets_met = false;
    if (options.simulate) {
      cs.simulated = simulated[at(c)];
      cs.agent_hours_simulated = staffing::hours(s, cs.simulated);
      outcome(s, plan, at(c), last, options.confidence, plan.fold_intervals, cs);
      if (!cs.targets_met) plan.targets_met = false;
    }
    plan.channels.push_back(std::move(cs));
  }

  // Step 4: sites, like for like.
  const int sites = static_cast<int>(s.sites.size());
  for (int si = 0; si < sites; ++si) {
    const SiteConfig& site = s.sites[at(si)];
    SiteStaffing st;
    st.name = site.name;
    st.headcount = site.headcount;
    st.shrinkage = site.shrinkage;
    st.seats_on_duty.assign(at(n), 0.0);
    for (int gi = 0; gi < static_cast<int>(site.groups.size()); ++gi) {
      std::vector<double> seats = staffing::seats_on_duty(s, si, gi);
      for (int i = 0; i < n; ++i) st.seats_on_duty[at(i)] += seats[at(i)];
      for (GroupStaffing& gs : plan.groups)
        if (gs.site == si && gs.group == gi) gs.seats_on_duty = seats;
    }
    for (int i = 0; i < n; ++i)
      st.seat_hours_on_duty += st.seats_on_duty[at(i)] * staffing::interval_length(s, i) / 3600.0;
    st.headcount_implied = required_headcount(st.seat_hours_on_duty, s.horizon_days, s.month_days,
                                              site.shrinkage, s.staffing.paid_hours_per_month);
    st.headcount_available = site.headcount.value_or(st.headcount_implied);
    std::vector<int> required(at(n), 0);
    for (const GroupStaffing& gs : plan.groups) {
      if (gs.site != si) continue;
      st.agent_hours_analytic += gs.seat_hours_analytic;
      st.agent_hours_simulated += gs.seat_hours_simulated;
      const std::vector<int>& seats = options.simulate ? gs.seats_simulated : gs.seats_analytic;
      for (int i = 0; i < n; ++i) required[at(i)] += seats[at(i)];
    }
    for (int i = 0; i < n; ++i)
      if (st.seats_on_duty[at(i)] + 1e-9 < required[at(i)]) ++st.intervals_short;
    st.headcount_required_analytic =
        required_headcount(st.agent_hours_analytic, s.horizon_days, s.month_days, site.shrinkage,
                           s.staffing.paid_hours_per_month);
    st.headcount_required =
        options.simulate
            ? required_headcount(st.agent_hours_simulated, s.horizon_days, s.month_days,
                                 site.shrinkage, s.staffing.paid_hours_per_month)
            : st.headcount_required_analytic;
    st.surplus = st.headcount_available - st.headcount_required;
    plan.headcount_available += st.headcount_available;
    plan.headcount_required += st.headcount_required;
    plan.sites.push_back(std::move(st));
  }
  plan.surplus = plan.headcount_available - plan.headcount_required;
  plan.start_weekday = s.start_weekday;
  plan.net = net_staffing(s, plan);
  return plan;
}

std::vector<std::vector<double>> analytic_site_requirement(const Scenario& s) {
  if (!has_any_target(s)) return {};
  StaffingOptions o;
  o.simulate = false;
  const StaffingPlan plan = plan_staffing(s, o);
  std::vector<std::vector<double>> out(s.sites.size(),
                                       std::vector<double>(at(s.horizon_intervals()), 0.0));
  for (const GroupStaffing& g : plan.groups)
    for (Index i = 0; i < g.seats_analytic.size() && i < out[at(g.site)].size(); ++i)
      out[at(g.site)][i] += g.seats_analytic[i];
  return out;
}

std::vector<GroupStaffing> group_requirements(const Scenario& scenario,
                                              const StaffingOptions& options) {
  return plan_staffing(scenario, options).groups;
}

}  // namespace ccsim::models
