#pragma once
/// Rostering (`ccsim roster`): whole shifts with breaks and weekly days off per site and agent
/// group, solved as an integer program and verified by simulation.
///
/// 1. Requirement. Productive agents required per counted interval for every site x group
///    (RequirementTable), from the staffing step (plan_staffing; analytic with
///    RosterOptions::simulate = false). Each group's requirement is folded onto the week in
///    the site's local time: interval t of the local week needs the largest requirement of the
///    counted intervals that fall on t (the roster is one week repeated over the horizon).
/// 2. Integer program per site x group (Aykin's implicit-break formulation, Management Science
///    42:591-602, 1996, with tours as in Bechtold & Jacobs). Shifts are the template's
///    length x start combinations; a tour is a shift worked on every day of one days-off
///    pattern (the same daily shift on each working day). Integer variables: tours x_{s,p};
///    for every shift s, day d and break rule k with more than one allowed start, integer
///    counts b_{s,d,k,j} of the agents working s on d that take break k at start j, with
///    sum_j b_{s,d,k,j} = W_{s,d} = sum_{p works d} x_{s,p}. Coverage: for every interval t of
///    the week with a requirement, sum cov(s,d,t) W_{s,d} - sum brk(s,d,k,j,t) b_{s,d,k,j} >=
///    r_t, with cov and brk the shares of interval t that shift s started on day d works and
///    that break start j takes. Objective: paid cost, cost_per_hour x (length - unpaid breaks)
///    x working days per tour. Bounds: max_per_start per template and start time (all
///    lengths), max_part_time_share of a group's tours. The headcount cap of a site (tours <=
///    floor(headcount x (1 - shrinkage))) couples its groups: when the independent solutions
///    exceed it, the site's groups are solved together. CBC (COIN-OR) runs on one thread, so
///    the answer depends only on the input (and on the time limit when one cuts it short).
///    Because the solver is free to choose each b, on a flat requirement the breaks spread over
///    their windows (a spike of breaks would need more tours).
///    Deferred work (email). A group serving an email channel does not need email seats in
///    every interval: its email work may wait up to the channel's service window W
///    (sl_seconds; the shortest one when it serves several email channels). Its requirement is
///    split in two (GroupRequirement): seats r_t for its real-time channels (the staffing
///    step's seats minus their email part) and the email work w_t arriving in interval t, in
///    agent-intervals (offered x (handle + wrap-up) / interval / max_occupancy, folded onto the
///    week as the largest of its weeks). Capacity for email: continuous e_t >= 0 with
///    coverage(t) - e_t >= r_t, so the real-time seats come first and email gets the rest
///    (conservative for a mixed group: the idle time of its real-time seats, which the
///    simulation gives to email, is not counted). Service: FIFO fluid, D = floor(W / interval)
///    - 1 (at least 0), work arriving in interval t done by the end of interval t + D, i.e.
///    within W of the start of its arrival interval. That holds iff for every a <= t,
///    sum_{s=a..t} w_s <= sum_{s=a..t+D} e_s (cyclic over the week). It is imposed exactly,
///    not by enumerating (a, t), through the backlog: continuous B_t >= 0 with B_t >= B_{t-1} +
///    w_t - e_t (cyclic; any feasible B is at least the fluid backlog, which is
///    max_a sum_{s=a..t} (w_s - e_s), and the fluid backlog itself is feasible) and B_t <=
///    sum_{s=t+1..t+D} e_s (the work left at the end of t is served first, by FIFO). Summed over
///    the cycle the rows imply weekly capacity >= weekly work. The model is a fluid one: an
///    interval's capacity serves the work arriving in it. So nights carry no email seats; the
///    work is done in the hours the templates cover, within the window. The staffing search's
///    email factor is not used (it sizes round-the-clock seats, not work that waits); the
///    verification below judges the rostered email and raises its work when it misses.
/// 3. Verification and repair. The roster (apply_roster) is simulated with `replications`
///    replications and the same seed (common random numbers). Real-time channels are judged
///    per interval key (interval of the week when the horizon has >= 14 days, pooled over weeks
///    and replications; interval of the horizon otherwise) like plan_staffing judges them;
///    email over the horizon. A key is also repaired when one of its intervals of the horizon
///    with at least min_offered contacts per replication misses its targets pooled over the
///    replications only (the intervals_meeting_targets criterion: with day-to-day
///    overdispersion a key can meet its targets over the weeks and still miss on its busy
///    days). Where a key misses, the requirement of every group with the skill (with contacts
///    homed by region: of the sites whose home contacts miss) is raised at that key's
///    intervals, by max(1, 5 %) for a key missing over its weeks and by 1 for one missing only
///    on some of its days, and at least to one agent above the roster's coverage there; a
///    missing email channel raises its groups' deferred work by 5 % everywhere. Then the program is
///    solved again, at most max_passes times in all.
///
/// Bad input that only shows when rostering (templates that cannot cover an interval with
/// demand, email work that no shift of the templates can serve within its window, caps below
/// the need, a UTC offset that is not a whole number of intervals) throws
/// RosterError with a dotted path into the scenario, e.g. "sites.rostov.groups.voice.roster".

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ccsim/models/results.hpp"
#include "ccsim/models/scenario.hpp"
#include "ccsim/models/staffing.hpp"

namespace ccsim::models {

/// A scenario that cannot be rostered as given: `path` is the dotted scenario path to blame.
class RosterError : public std::invalid_argument {
 public:
  RosterError(std::string path, const std::string& message)
      : std::invalid_argument(message), path_(std::move(path)) {}
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

/// Productive agents required per counted interval (UTC) of one site's agent group.
struct GroupRequirement {
  int site = 0;
  int group = 0;
  std::vector<int> agents;  ///< one per counted interval (real-time seats only when deferred)
  /// Email work the roster may let wait up to `window_seconds` (see the file comment):
  /// agent-intervals arriving per counted interval; empty = none, `agents` is then the whole
  /// requirement.
  std::vector<double> deferred_work = {};
  double window_seconds = 0;
};

/// The requirement the roster must cover, per site x group.
struct RequirementTable {
  std::vector<GroupRequirement> groups;  ///< by site, then group; every group of the scenario
  GroupRequirement& at(int site, int group);
  const GroupRequirement& at(int site, int group) const;
};

/// A staffing plan's per-site x group rows (simulated when present, else analytic).
RequirementTable requirement_table(const Scenario& scenario, const StaffingPlan& plan);

/// How to roster.
struct RosterOptions {
  int replications = 0;               ///< per simulation; 0 = kDefaultStaffingReplications
  std::optional<std::uint64_t> seed;  ///< unset = the scenario's
  /// Simulation threads, and the groups' programs solved at once (each in a child process);
  /// 0 = all cores. The roster does not depend on it.
  int threads = 1;
  bool simulate = true;           ///< false: analytic requirement, no verification
  double time_limit_seconds = 0;  ///< all integer programs together; <= 0 = none
  double mip_gap = 0.005;         ///< relative gap at which a search stops
  /// Branch-and-bound nodes per integer program, > 0; 0 = none. A node limit without a time
  /// limit makes the roster the same on every machine and load (a time limit does not).
  int max_nodes = 0;
  int max_passes = 3;       ///< solves (the first + repairs), >= 1
  double min_offered = 50;  ///< intervals_meeting_targets counts intervals with >= this offered
  std::function<void(const std::string& step)> progress;  ///< optional
};

/// Tours of one kind: `agents` people working shift (start, length) of `template_name` on the
/// days of `days` (local weekdays, Monday..Sunday).
struct RosterTour {
  int site = 0, group = 0;
  std::string template_name;
  double start_seconds = 0, length_seconds = 0;  ///< local time of day; paid length
  std::array<bool, 7> days{};
  int agents = 0;
  bool part_time = false;
};

/// One shift entry of the solved roster, as the simulator's shift model represents it (breaks
/// at fixed offsets): the agents working `shift` on its days with these break starts.
struct RosterShift {
  int site = 0, group = 0;
  std::string template_name;
  Shift shift;
};

/// Requirement and scheduled supply of one site x group per counted interval (UTC).
struct RosterCoverage {
  int site = 0, group = 0;
  std::vector<int> required;
  std::vector<double> productive;  ///< time-average agents on duty and not on break
  std::vector<double> on_break;    ///< time-average agents on break
  /// Groups with deferred work: its agent-intervals arriving per counted interval, and the
  /// fluid FIFO backlog at the end of each interval (work not yet done, agent-intervals) when
  /// the productive agents beyond `required` serve it; empty otherwise.
  std::vector<double> deferred_work = {}, backlog = {};
};

/// Per site.
struct RosterSite {
  std::string name;
  std::optional<int> headcount_available;  ///< the site's headcount, if given
  double shrinkage = 0;
  int tours = 0;                      ///< people on the roster
  int headcount_required = 0;         ///< ceil(tours / (1 - shrinkage))
  std::optional<int> surplus;         ///< available - required
  double paid_hours = 0;              ///< over the horizon
  double cost = 0;                    ///< paid hours x cost per hour
  double lower_bound_paid_hours = 0;  ///< requirement agent-hours over the horizon
};

/// A real-time interval that misses its channel's targets in the verification.
struct RosterMiss {
  int channel = 0;
  int interval = 0;          ///< counted interval index
  double offered = 0;        ///< mean per replication
  double service_level = 0;  ///< pooled over replications
  double asa_seconds = 0;
  double abandon_rate = 0;
};

/// Per channel KPIs of the verification (means over replications).
struct RosterChannel {
  std::string name;
  std::optional<Estimate> service_level, asa_seconds, abandon_rate;
  int keys = 0, keys_missed = 0;  ///< interval keys judged (email: 1) and missed
};

/// Result of plan_roster() / solve_roster().
struct RosterPlan {
  std::string scenario;
  std::uint64_t seed = 0;
  int replications = 0;  ///< per verification (0 when not simulated)
  bool simulated = false;
  int passes = 0;  ///< integer-program solves
  std::vector<RosterTour> tours;
  std::vector<RosterShift> shifts;
  std::vector<RosterCoverage> coverage;
  std::vector<RosterSite> sites;
  std::vector<RosterChannel> channels;  ///< empty when not simulated
  double paid_hours = 0, cost = 0, lower_bound_paid_hours = 0;
  double objective = 0;  ///< weekly paid cost of the roster the program found
  double lp_bound = 0;   ///< best bound on it proved by the solver
  double gap = 0;        ///< (objective - lp_bound) / objective
  bool optimal = true;   ///< every program solved to its gap tolerance
  bool time_limited = false;
  bool node_limited = false;  ///< a node limit (RosterOptions::max_nodes) stopped a search
  /// Agent-intervals of the week the integer break placement left short of the requirement
  /// (two-stage solves only; 0 in nearly every case).
  double shortfall_agent_intervals = 0;
  int intervals_judged = 0, intervals_meeting_targets = 0;  ///< real-time, offered >= min
  std::vector<RosterMiss> misses;                           ///< worst first, at most 20
  double interval_seconds = 0, horizon_days = 0;
  /// Net staffing of the rostered groups (net_staffing.hpp): the requirement before repairs
  /// against the rostered agents on duty and not on break.
  NetStaffing net;
};

/// Step 2 alone: the cheapest roster covering `requirement`.
RosterPlan solve_roster(const Scenario& scenario, const RequirementTable& requirement,
                        const RosterOptions& options = {});

/// Steps 1-3. Same scenario, options and seed give the same roster for any `threads` (unless a
/// time limit cuts a search short).
RosterPlan plan_roster(const Scenario& scenario, const RosterOptions& options = {});

/// The scenario with every rostered group's supply replaced by the plan's shifts (`agents`
/// and `on_duty` cleared; groups without a requirement keep no shifts and 0 agents).
Scenario apply_roster(const Scenario& scenario, const RosterPlan& plan);

/// The roster rules that apply to a group (its own, else the site's; cost from the site), and
/// the scenario path they come from; nullopt when neither has templates.
struct EffectiveRules {
  RosterRules rules;
  std::string path;  ///< e.g. "sites.rostov.roster"
};
std::optional<EffectiveRules> roster_rules(const Scenario& scenario, int site, int group);

}  // namespace ccsim::models
