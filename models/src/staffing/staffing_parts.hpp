#pragma once
// The four parts of the staffing plan (ccsim/models/staffing.hpp documents the method): what
// each part gives the next. Private to models/.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "ccsim/models/results.hpp"
#include "ccsim/models/scenario.hpp"
#include "ccsim/models/staffing.hpp"

namespace ccsim::models::staffing {

using Index = std::size_t;
inline Index at(int i) { return static_cast<Index>(i); }

/// Rounds up, ignoring floating-point dust (2.0000000001 agents is 2 agents).
inline int ceil_int(double x) { return static_cast<int>(std::ceil(x - 1e-9)); }

/// Length of counted interval i (the last one may be partial).
double interval_length(const Scenario& s, int i);

/// Hours of a per-interval agent count over the horizon.
double hours(const Scenario& s, const std::vector<int>& per_interval);

/// Largest-remainder split of `total` by `weights` (any non-negative numbers; equal shares
/// when they sum to 0). Ties go to the lower index, so the split is deterministic.
std::vector<int> split(int total, const std::vector<double>& weights);

// ---- step 1: analytic -----------------------------------------------------------------

/// Step 1 of one channel on an offered-per-interval curve (expected contacts per counted
/// interval). `infeasible` (optional) receives the intervals no N <= kMaxAnalyticAgents serves.
std::vector<int> analytic_agents(const Scenario& s, int channel, const std::vector<double>& offered,
                                 std::vector<int>* infeasible = nullptr);

/// Email step 1 before rounding: agents of deferred work per interval.
std::vector<double> email_workload_agents(const Scenario& s, int channel,
                                          const std::vector<double>& offered);

// ---- step 2: allocation over sites and groups ------------------------------------------

/// A group serving at least one channel.
struct GroupRef {
  int site = 0;
  int group = 0;
};

/// Who serves what, and the analytic seats per channel and group.
struct Allocation {
  std::vector<GroupRef> groups;                  ///< every group with a channel skill
  std::vector<std::vector<int>> channel_groups;  ///< [channel] -> indices into `groups`
  /// [channel][interval][k]: analytic seats of channel_groups[c][k] for channel c.
  std::vector<std::vector<std::vector<int>>> analytic;
  /// [channel][interval][k]: offered work (Erlangs) of channel c routed to channel_groups[c][k].
  std::vector<std::vector<std::vector<double>>> work;
  /// [channel][interval]: unrounded email agents (email channels only; summed over the pools).
  std::vector<std::vector<double>> email_raw;
  std::vector<std::vector<int>> infeasible;  ///< [channel]: infeasible intervals (sorted)

  /// Channel totals of the analytic seats: [channel][interval].
  std::vector<std::vector<int>> channel_totals() const;
  /// Spreads channel totals over the groups, in proportion to the analytic seats of each
  /// interval (or to the work, then equally, where those are 0): [channel][interval][k].
  std::vector<std::vector<std::vector<int>>> spread(
      const std::vector<std::vector<int>>& totals) const;
  /// Seats per group and interval of a per-channel split: [group index][interval].
  std::vector<std::vector<int>> group_seats(
      const std::vector<std::vector<std::vector<int>>>& per_channel, int intervals) const;
};

/// Steps 1 and 2 (see staffing.hpp for the sizing rule of each routing policy).
Allocation allocate(const Scenario& s);

/// The scenario with every group's supply replaced by `seats` ([group index][interval]).
Scenario with_seats(const Scenario& s, const Allocation& a,
                    const std::vector<std::vector<int>>& seats);

// ---- step 3: simulated search ----------------------------------------------------------

/// What the search settled on.
struct SearchResult {
  std::vector<std::vector<int>> totals;  ///< [channel][interval] final channel requirement
  std::vector<ReplicationResult> last;   ///< the final simulation's replications
  int passes = 0;
  int replications_run = 0;
};

/// The resolved settings of one search.
struct SearchSettings {
  std::uint64_t seed = 0;
  int batch = 1;  ///< first batch and increment
  int cap = 1;    ///< most replications per decision
  double decision_confidence = 0.95;
  bool confidence = false;
  int fold = 1;                ///< intervals per key period (n = no folding)
  bool whole_horizon = false;  ///< must_hold month: one key per channel
  int threads = 1;
  int max_passes = 8, repair_passes = 2;
  const std::function<void(int, int)>* progress = nullptr;
};

SearchResult search(const Scenario& s, const Allocation& a, const SearchSettings& settings);

/// Judging targets on replications.
enum class Verdict { meets, misses, open };

/// Sums of one channel over a set of intervals in one replication.
struct KeySums {
  double offered = 0, answered = 0, abandoned = 0, within_sl = 0, wait_sum = 0, busy = 0,
         staffed = 0;
  void add(const IntervalKpis& k);
};

/// Per-replication sums of channel c over the whole horizon (its ChannelKpis).
std::vector<KeySums> horizon_sums(const std::vector<ReplicationResult>& reps, Index c);

/// Verdict of targets on per-replication sums (ratio estimates, staffing.hpp).
Verdict judge(const Targets& t, const std::vector<KeySums>& reps, double decision_confidence,
              bool check_occupancy);

/// The ratio estimate sum num / sum den over replications with a Student-t interval at 95 %
/// on the delta-method standard error (unset when sum den = 0).
std::optional<Estimate> ratio_estimate(const std::vector<double>& num,
                                       const std::vector<double>& den, bool proportion);

// ---- step 4: headcount -----------------------------------------------------------------

/// Time-average scheduled seats (no absences) per counted interval of a site's group.
std::vector<double> seats_on_duty(const Scenario& s, int site, int group);
/// The same summed over the site's groups.
std::vector<double> seats_on_duty(const Scenario& s, int site);

}  // namespace ccsim::models::staffing
