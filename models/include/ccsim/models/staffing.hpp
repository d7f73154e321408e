#pragma once
/// Staffing: required agents per interval, channel and site, and the headcount behind them
/// (`ccsim staff`). Three steps:
///
/// 1. Analytic. Per counted interval i and channel, with lambda = expected offered / interval
///    length, handle mean h and the channel's Targets:
///    - call: required_agents() on (lambda, h, patience mean), Erlang A when the channel has a
///      patience (its mean is used as an exponential patience; Garnett, Mandelbaum & Reiman 2002,
///      M&SOM 4:208-227), Erlang C otherwise.
///    - chat / messenger: the same search on slots, with the per-session handle time at full
///      load h x (1 + concurrency_slowdown x (concurrency - 1)) (every session then shares its
///      agent with concurrency - 1 others, so it is the conservative figure); agents =
///      ceil(slots / concurrency). The messenger inactivity timeout is ignored (conservative).
///    - email (deferred work): the work W_j = offered_j x h arriving in interval j must start
///      within m = ceil(sl_seconds / interval) intervals; it is spread evenly over them, so
///      agents_i = ceil( sum_{j = i-m+1..i} W_j / (m x interval) / max_occupancy ) (max_occupancy
///      = 1 when not targeted). The horizon is read as periodic (j < 0 wraps to its end).
///    A channel without targets gets required_agents()' answer without targets (Erlang C: the
///    smallest stable N > A; Erlang A: 1 agent when anything arrives) and keeps it in step 2.
/// 2. Simulated. The channel requirements are distributed over the groups with the skill (see
///    below), set as every group's per-interval `on_duty` override, and simulated with
///    `replications` replications, the same seed each pass (common random numbers). Real-time
///    channels: an additive adjustment per channel and interval key (interval of the week when
///    the horizon has at least 14 whole days, so the weeks and replications are pooled; interval
///    of the horizon otherwise) is searched by galloping then bisection: raised where the
///    targets miss, lowered where they hold, bounded by max_passes passes, each one batch of
///    replications. Email: one factor >= 1 on its analytic workload for the whole horizon
///    (the analytic figure is the work itself, so less cannot hold in a steady state), raised
///    x 1.5 while the horizon's email targets miss, then bisected to 3 %. In a group serving
///    several channels the pooling gain therefore shows on the real-time channels (their
///    adjustment can go below zero when the email agents' idle time serves them). Targets hold
///    when the mean over replications (or, with `confidence`, the pessimistic end of the 95%
///    Student-t interval) meets them. The final plan (the smallest adjustment seen to meet the
///    targets) is simulated again; keys that still miss are raised by one (email: x 1.1), at
///    most `repair_passes` times.
/// 3. Headcount. Per site, agent-hours on duty over the horizon are scaled to a month
///    (x month_days / horizon_days) and required headcount = ceil(month agent-hours /
///    (1 - shrinkage) / paid_hours_per_month).
///
/// Distribution over sites. The demand of a region whose home site (RoutingPolicy::home_site)
/// has groups with the skill goes to that site's groups; other demand (pooled routing, no home
/// site, home site without the skill) goes to every group with the skill. Within such a set,
/// groups share in proportion to their scheduled agents (peak on_duty, constant agents, or the
/// sum of their shifts' agents; equal shares when all are zero). Each interval's channel
/// requirement is split by its demand-weighted group shares with largest remainders, so the
/// site figures add up to the channel's. A group's on_duty is the sum over its skills (no
/// pooling credit between channels in step 1; the simulation gives it back in step 2).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/models/results.hpp"
#include "ccsim/models/scenario.hpp"

namespace ccsim::models {

/// Default replications per pass of the staffing search.
inline constexpr int kDefaultStaffingReplications = 4;

/// How to compute a staffing plan.
struct StaffingOptions {
  int replications = 0;               ///< per search pass; 0 = kDefaultStaffingReplications
  std::optional<std::uint64_t> seed;  ///< unset = the scenario's
  int threads = 1;                    ///< 0 = all cores; the plan does not depend on it
  bool simulate = true;               ///< false: step 1 and 3 only (analytic)
  bool confidence = false;            ///< targets must hold at the pessimistic end of the 95% CI
  int max_passes = 6;                 ///< search passes (each one batch of replications), >= 1
  int repair_passes = 2;              ///< verification passes after the search, >= 0
  std::function<void(int done, int total)> progress;  ///< optional, called per pass
};

/// Requirement of one site for one channel in one interval.
struct StaffingRow {
  int interval = 0;          ///< counted interval index from day 0, 00:00 UTC
  double start_seconds = 0;  ///< from day 0, 00:00 UTC
  int site = 0;              ///< index into Scenario::sites
  int channel = 0;           ///< index into Scenario::channels
  int agents_analytic = 0;
  std::optional<int> agents_simulated;  ///< unset when the plan is analytic only
};

/// One channel's requirement over the horizon (all sites).
struct ChannelStaffing {
  std::string name;
  ChannelKind kind = ChannelKind::call;
  std::vector<int> analytic;   ///< agents per counted interval
  std::vector<int> simulated;  ///< agents per counted interval; empty when analytic only
  double agent_hours_analytic = 0;
  double agent_hours_simulated = 0;
  /// KPIs of the final simulated plan over the horizon (means over replications).
  std::optional<Estimate> service_level, asa_seconds, abandon_rate, occupancy;
  int keys = 0;         ///< interval keys searched (0 for email and channels without targets)
  int keys_missed = 0;  ///< keys that still missed their targets in the last simulation
};

/// One site's headcount.
struct SiteStaffing {
  std::string name;
  int headcount_available = 0;  ///< the site's headcount, or its scheduled agents if none
  double shrinkage = 0;
  double agent_hours_analytic = 0;   ///< on duty over the horizon
  double agent_hours_simulated = 0;  ///< on duty over the horizon (0 when analytic only)
  int headcount_required_analytic = 0;
  int headcount_required = 0;  ///< from the simulated plan (analytic when analytic only)
  int surplus = 0;             ///< available - required; negative = deficit
};

/// Result of plan_staffing().
struct StaffingPlan {
  std::string scenario;
  std::uint64_t seed = 0;
  int replications = 0;  ///< per pass (0 when analytic only)
  bool simulated = false;
  bool confidence = false;
  int passes = 0;               ///< simulation passes run (search + verification)
  int fold_intervals = 0;       ///< intervals per search key period (e.g. a week)
  double interval_seconds = 0;  ///< reporting interval
  double horizon_days = 0, month_days = 0, paid_hours_per_month = 0;
  std::vector<ChannelStaffing> channels;
  std::vector<SiteStaffing> sites;
  std::vector<StaffingRow> rows;  ///< by interval, then site, then channel
  int headcount_available = 0, headcount_required = 0, surplus = 0;  ///< totals over sites
  /// For reports (net staffing): agents on duty per site and counted interval as scheduled
  /// (models::scheduled_agents()), and the weekday of day 0. Left empty by plan_staffing();
  /// the caller that has the scenario fills them.
  std::vector<std::vector<double>> scheduled;
  int start_weekday = 0;
};

/// Step 1 for one channel: agents required per counted interval (see the file comment).
/// Throws std::invalid_argument for targets no staffing can meet.
std::vector<int> analytic_requirement(const Scenario& scenario, int channel);

/// Step 3: ceil(agent_hours x month_days / horizon_days / (1 - shrinkage) / paid_hours).
/// Throws std::invalid_argument on a non-positive horizon, month or paid hours, or a
/// shrinkage outside [0, 1).
int required_headcount(double agent_hours, double horizon_days, double month_days, double shrinkage,
                       double paid_hours_per_month);

/// Runs steps 1-3 on a scenario. Same scenario, options and seed give the same plan whatever
/// `threads` is. Throws std::invalid_argument on an invalid scenario or options.
StaffingPlan plan_staffing(const Scenario& scenario, const StaffingOptions& options = {});

}  // namespace ccsim::models
