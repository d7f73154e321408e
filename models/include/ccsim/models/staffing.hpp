#pragma once
/// Staffing: seats required per site x agent group x interval, and the people behind them
/// (`ccsim staff`). The code is in four parts (models/src/staffing/), one per step:
///
/// 1. Analytic (analytic.cpp). Per counted interval i and channel, with lambda = expected
///    offered / interval length, handle mean h and the channel's Targets:
///    - call: required_agents() on (lambda, h, patience mean), Erlang A when the channel has a
///      patience (its mean is used as an exponential patience; Garnett, Mandelbaum & Reiman 2002,
///      M&SOM 4:208-227), Erlang C otherwise.
///    - chat / messenger: the same search on slots, with the per-session handle time at full
///      load h x (1 + concurrency_slowdown x (concurrency - 1)); agents =
///      ceil(slots / concurrency). The messenger inactivity timeout is ignored (conservative).
///    - email (deferred work): the work W_j = offered_j x h arriving in interval j must start
///      within m = ceil(sl_seconds / interval) intervals; it is spread evenly over them, so
///      agents_i = ceil( sum_{j = i-m+1..i} W_j / (m x interval) / max_occupancy ) (max_occupancy
///      = 1 when not targeted). The horizon is read as periodic (j < 0 wraps to its end).
///    A channel without targets gets required_agents()' answer without targets (Erlang C: the
///    smallest stable N > A; Erlang A: 1 agent when anything arrives).
///    An interval whose targets need more than kMaxAnalyticAgents agents is infeasible: it gets
///    that many and is listed in ChannelStaffing::analytic_infeasible (never dropped).
/// 2. Allocation over sites and groups (allocation.cpp). Who is sized on which demand:
///    - home_first: each site that has groups with the skill is sized on its own home demand
///      (the regions whose RoutingPolicy::home_site is that site), as if it were alone; demand
///      without a home site with the skill (no home, or a home without the skill) is sized as
///      one more stream and spread over every skilled group. So re-homing a region or removing
///      a site moves and re-sizes requirements (less pooling = more agents).
///    - pooled (and any policy with kAnySite homes): the channel's whole stream is sized once
///      and split over the skilled groups in proportion to their scheduled agents (peak on_duty,
///      constant agents, or the sum of their shifts' agents; equal shares when all are zero).
///    Within a site, the site's requirement is split over its skilled groups the same way.
///    Splits use largest remainders, so the parts add up. A group's seats are the sum over its
///    channels (no pooling credit between channels analytically; the simulation gives it back).
/// 3. Simulated search (search.cpp). The group seats are set as every group's per-interval
///    `on_duty` override and simulated; the channel requirement (all groups) gets an additive
///    adjustment per interval key, spread over the groups in proportion to their analytic seats.
///    The keys follow StaffingOptions::must_hold: the whole horizon (month), the interval of
///    the week (interval_of_week; interval of the horizon when it has fewer than 14 days), or
///    every interval. Each key's adjustment is searched by galloping then bisection. Every
///    decision "do the targets hold at this level?" is taken by sequential sampling: the first
///    batch of replications is simulated, and while some key's decision is still open (the
///    `decision_confidence` Student-t interval of a target's ratio estimate contains the
///    target) another batch is added, up to max_replications; a key decided stays decided
///    for that pass, an open key at the cap is decided on the mean (with `confidence`: counted
///    as missing). Replication r always uses the random streams of replication r (common random
///    numbers across levels and passes), and batches are fixed by the options, not by the
///    threads, so the plan does not depend on `threads`. Email: one factor >= 1 on its analytic
///    workload for the whole horizon, raised x 1.5 while its targets miss, then bisected to 3 %.
///    The final plan is simulated again; keys that still miss are raised by one (email: x 1.1),
///    at most `repair_passes` times.
/// 4. Headcount (headcount.cpp). Per site, seat-hours over the horizon are scaled to a month
///    (x month_days / horizon_days) and people = ceil(month seat-hours / (1 - shrinkage) /
///    paid_hours_per_month). Like for like: seats required are compared with the seats the
///    scenario puts on duty, per interval; people required with the site's headcount, or, for a
///    site without one, with the people its seats on duty imply by the same formula
///    (SiteStaffing::headcount_implied).
///
/// Ratio estimates. A target is judged on the ratio over replications of the sums in the key
/// (e.g. service level = sum answered within T / sum offered), with the delta-method standard
/// error of the per-replication pairs; the decision interval is Student-t at
/// `decision_confidence` with (replications - 1) degrees of freedom.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/models/limits.hpp"
#include "ccsim/models/net_staffing.hpp"
#include "ccsim/models/results.hpp"
#include "ccsim/models/scenario.hpp"

namespace ccsim::models {

/// Default first batch of replications of every staffing decision when neither the options nor
/// the scenario's `staffing.replications` set one (the scenario's `replications` comes first).
inline constexpr int kDefaultStaffingReplications = 4;
/// Most agents one interval of one channel may need in step 1; more is reported infeasible.
inline constexpr int kMaxAnalyticAgents = 100000;

/// How to compute a staffing plan. Unset values come from Scenario::staffing.
struct StaffingOptions {
  /// First batch of every decision (and batch size when more are added); 0 = the scenario's
  /// `staffing.replications`, else its `replications`.
  int replications = 0;
  /// Cap of the sequential sampling per decision; 0 = the scenario's staffing.max_replications,
  /// else 4 x the first batch. Raised to the first batch when lower.
  int max_replications = 0;
  std::optional<std::uint64_t> seed;          ///< unset = the scenario's
  int threads = 1;                            ///< 0 = all cores; the plan does not depend on it
  bool simulate = true;                       ///< false: steps 1, 2 and 4 only (analytic)
  bool confidence = false;                    ///< targets must hold at the pessimistic CI end
  std::optional<MustHold> must_hold;          ///< unset = Scenario::staffing.must_hold
  std::optional<double> decision_confidence;  ///< unset = Scenario::staffing.decision_confidence
  int max_passes = 8;                         ///< search passes, >= 1
  int repair_passes = 2;                      ///< verification passes after the search, >= 0
  std::function<void(int done, int total)> progress;  ///< optional, called per pass
  ResourceLimits limits;  ///< each simulated pass is refused beyond these (UserError)
};

/// Seats one agent group needs per counted interval: the input of rostering.
///
/// Stable contract: `seats_analytic[i]` and `seats_simulated[i]` are the agents of group
/// (`site`, `group`) that must be on duty (seats, before shrinkage) during counted interval i
/// (0 = day 0, 00:00 UTC; Scenario::interval_seconds long; the last one may be partial).
/// `seats_simulated` is empty when the plan is analytic only. `work_share[i][k]` is the share
/// of the group's offered work (Erlangs: offered x handle time) in interval i that comes from
/// channel `channels[k]` (all 0 where it has no work).
struct GroupStaffing {
  int site = 0;   ///< index into Scenario::sites
  int group = 0;  ///< index into SiteConfig::groups
  std::string site_name, group_name;
  std::vector<int> channels;  ///< channel indices it serves, in skill order
  std::vector<int> seats_analytic;
  std::vector<int> seats_simulated;
  std::vector<std::vector<double>> work_share;
  double seat_hours_analytic = 0;   ///< over the horizon
  double seat_hours_simulated = 0;  ///< over the horizon (0 when analytic only)
  /// Deferred work for a roster that lets email wait (roster.hpp): the email work routed to
  /// the group, in agent-intervals per counted interval (offered x (handle + wrap-up) /
  /// interval / max_occupancy, summed over its email channels, as step 1 sizes it); empty when
  /// it serves no email channel.
  std::vector<double> deferred_work;
  /// The shortest service window (sl_seconds) of those email channels.
  double deferred_window_seconds = 0;
  /// The part of seats_analytic (seats_simulated) that comes from those email channels; empty
  /// when it serves none (seats_simulated's part also when analytic only).
  std::vector<int> deferred_seats_analytic, deferred_seats_simulated;
  /// Time-average seats the scenario puts on duty per counted interval (no absences).
  std::vector<double> seats_on_duty;
  /// True when it serves exactly one channel (per-channel figures are meaningful for it).
  bool dedicated() const { return channels.size() == 1; }
};

/// Requirement of one site x group in one interval (a row of the report).
struct StaffingRow {
  int interval = 0;          ///< counted interval index from day 0, 00:00 UTC
  double start_seconds = 0;  ///< from day 0, 00:00 UTC
  int site = 0;              ///< index into Scenario::sites
  int channel = -1;          ///< the channel of a dedicated group; -1 for a shared group
  int agents_analytic = 0;
  std::optional<int> agents_simulated;  ///< unset when the plan is analytic only
  int group = 0;                        ///< index into SiteConfig::groups
};

/// A target figure of one interval in the final simulation.
struct IntervalOutcome {
  int interval = 0;
  double offered = 0;  ///< mean per replication
  std::optional<Estimate> service_level, asa_seconds, abandon_rate;
  bool met = true;
};

/// One channel's requirement over the horizon (all sites).
struct ChannelStaffing {
  std::string name;
  ChannelKind kind = ChannelKind::call;
  bool has_targets = false;
  bool dedicated = true;       ///< every group serving it serves only it
  std::vector<int> analytic;   ///< agents per counted interval, all groups
  std::vector<int> simulated;  ///< agents per counted interval; empty when analytic only
  double agent_hours_analytic = 0;
  double agent_hours_simulated = 0;
  std::vector<int> analytic_infeasible;  ///< intervals no N <= kMaxAnalyticAgents could serve
  /// KPIs of the final simulated plan over the horizon.
  std::optional<Estimate> service_level, asa_seconds, abandon_rate, occupancy;
  int keys = 0;         ///< interval keys searched (0 for email and channels without targets)
  int keys_missed = 0;  ///< keys that still missed their targets in the last simulation
  /// The per-interval truth of the final plan (real-time channels with targets).
  int intervals_with_demand = 0;
  int intervals_met = 0;
  double offered = 0;                  ///< mean per replication, all intervals
  double offered_in_met = 0;           ///< of which in intervals meeting their targets
  std::vector<IntervalOutcome> worst;  ///< up to 5 intervals furthest from the targets
  bool targets_met = true;             ///< under the plan's must_hold rule
};

/// One site's seats and people.
struct SiteStaffing {
  std::string name;
  std::optional<int> headcount;  ///< the site's headcount, when given
  /// People the seats the scenario puts on duty imply (same formula as the requirement).
  int headcount_implied = 0;
  /// People available: the headcount, or headcount_implied when none is given.
  int headcount_available = 0;
  double shrinkage = 0;
  double seat_hours_on_duty = 0;     ///< the scenario's supply over the horizon
  double agent_hours_analytic = 0;   ///< seats required over the horizon
  double agent_hours_simulated = 0;  ///< seats required over the horizon (0 when analytic only)
  int headcount_required_analytic = 0;
  int headcount_required = 0;         ///< from the simulated plan (analytic when analytic only)
  int surplus = 0;                    ///< people: available - required; negative = deficit
  std::vector<double> seats_on_duty;  ///< time-average scheduled seats per counted interval
  int intervals_short = 0;  ///< intervals where seats on duty < seats required (final plan)
};

/// Result of plan_staffing().
struct StaffingPlan {
  std::string scenario;
  std::uint64_t seed = 0;
  int replications = 0;      ///< first batch per decision (0 when analytic only)
  int max_replications = 0;  ///< cap per decision (0 when analytic only)
  int replications_run = 0;  ///< replications simulated in all passes
  bool simulated = false;
  bool confidence = false;
  double decision_confidence = 0;
  MustHold must_hold = MustHold::interval_of_week;
  int passes = 0;               ///< simulation passes run (search + verification)
  int fold_intervals = 0;       ///< intervals per search key period (e.g. a week)
  double interval_seconds = 0;  ///< reporting interval
  double horizon_days = 0, month_days = 0, paid_hours_per_month = 0;
  std::vector<ChannelStaffing> channels;
  std::vector<SiteStaffing> sites;
  std::vector<GroupStaffing> groups;  ///< every group serving a channel, site by site
  std::vector<StaffingRow> rows;      ///< by interval, then group (as in `groups`)
  int headcount_available = 0, headcount_required = 0, surplus = 0;  ///< totals over sites
  /// Net staffing (net_staffing.hpp): required vs scheduled seats per interval and site x
  /// group, and per site its shortfalls; the weekday of day 0 for reports.
  NetStaffing net;
  int start_weekday = 0;
  /// Every channel with targets meets them under must_hold (true when analytic only and no
  /// interval is infeasible: the analytic plan meets its targets by construction).
  bool targets_met = true;
};

/// Step 1 for one channel on its whole stream (all regions pooled): agents required per
/// counted interval (see the file comment). Throws std::invalid_argument for targets no
/// staffing can meet; intervals needing more than kMaxAnalyticAgents get that many.
std::vector<int> analytic_requirement(const Scenario& scenario, int channel);

/// Step 4: ceil(agent_hours x month_days / horizon_days / (1 - shrinkage) / paid_hours).
/// Throws std::invalid_argument on a non-positive horizon, month or paid hours, or a
/// shrinkage outside [0, 1).
int required_headcount(double agent_hours, double horizon_days, double month_days, double shrinkage,
                       double paid_hours_per_month);

/// Seats required per site ([site][counted interval], scenario order) by the analytic plan
/// (plan_staffing() without simulation: steps 1, 2 and 4), the sum over the site's groups;
/// empty when no channel has a target. Throws std::invalid_argument like plan_staffing().
std::vector<std::vector<double>> analytic_site_requirement(const Scenario& scenario);

/// True when at least one channel of the scenario has a target.
bool has_any_target(const Scenario& scenario);

/// Runs all steps on a scenario. Same scenario, options and seed give the same plan whatever
/// `threads` is. Throws std::invalid_argument on an invalid scenario or options, and when no
/// channel has a target (a plan would then answer nothing).
StaffingPlan plan_staffing(const Scenario& scenario, const StaffingOptions& options = {});

/// The rostering input: seats per site x group x interval, analytic and (when
/// options.simulate) simulated. Equal to plan_staffing(scenario, options).groups.
std::vector<GroupStaffing> group_requirements(const Scenario& scenario,
                                              const StaffingOptions& options = {});

}  // namespace ccsim::models
