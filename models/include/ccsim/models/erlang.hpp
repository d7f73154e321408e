#pragma once
/// Exact Erlang B, C (M/M/N) and A (M/M/N+M) solvers and the required-agents search.
///
/// Metric definitions are those of docs/contract.md: `service_level` = answered with wait <= T
/// divided by offered (abandons count against), `asa_seconds` = mean wait of answered contacts,
/// `mean_wait_seconds` = mean time in queue over all offered (answered and abandoned).
/// A contact that abandons, even before T, stays in the service-level denominator and is never
/// in its numerator; its time in queue counts in `mean_wait_seconds` but not in `asa_seconds`.
/// Every function is exact up to rounding (no normal or diffusion approximation) and stays
/// stable up to tens of thousands of agents: nothing forms A^N or N!.

#include <optional>
#include <string>

#include "ccsim/models/targets.hpp"

namespace ccsim::models {

/// Erlang B blocking probability of an M/M/N/N loss system with offered load `a` Erlangs.
/// Requires n >= 0 and a finite a >= 0 (std::invalid_argument otherwise).
double erlang_b(int n, double a);

/// One queue: Poisson arrivals, exponential service, N identical agents, FCFS.
struct QueueInput {
  double arrival_rate = 0.0;          ///< contacts per second, >= 0
  double mean_service_seconds = 0.0;  ///< mean handle time (AHT), > 0
  /// Mean of the exponential patience; unset = nobody abandons (Erlang C).
  std::optional<double> mean_patience_seconds;
  int agents = 0;            ///< N
  double sl_seconds = 20.0;  ///< service-level threshold T, >= 0
  /// X of service_level_excluding_short_abandons: abandons after a wait shorter than this are
  /// left out of its denominator, >= 0 (QueueMetrics).
  double short_abandon_seconds = 5.0;
};

/// Steady-state metrics of one queue (docs/contract.md definitions).
struct QueueMetrics {
  std::string model;  ///< "erlang-c" or "erlang-a"
  int agents = 0;
  double offered_load_erlangs = 0.0;  ///< A = lambda / mu
  double p_wait = 0.0;                ///< share of offered that must wait
  double service_level = 0.0;         ///< answered within sl_seconds / offered
  double sl_seconds = 0.0;
  double asa_seconds = 0.0;        ///< mean wait of answered contacts
  double mean_wait_seconds = 0.0;  ///< mean wait over all offered
  double p_abandon = 0.0;          ///< abandoned / offered (0 for Erlang C)
  double occupancy = 0.0;          ///< carried load / N
  // The other common service-level definitions (docs/contract.md, "Service level"), all with
  // the numerator P(answered with wait <= T); they differ in what they divide by.
  double service_level_of_answered = 0.0;               ///< ÷ P(answered)
  double service_level_excluding_abandoned = 0.0;       ///< ÷ (1 - P(abandoned with wait <= T))
  double service_level_excluding_short_abandons = 0.0;  ///< ÷ (1 - P(abandoned, wait < X))
  double p_abandon_within_sl = 0.0;                     ///< P(abandoned with wait <= T)
  double p_abandon_short = 0.0;                         ///< P(abandoned with wait < X)
  double short_abandon_seconds = 0.0;                   ///< X
};

/// Erlang C (M/M/N). Throws std::domain_error when A >= N (the queue is unstable) and
/// std::invalid_argument on bad input. Ignores mean_patience_seconds.
QueueMetrics erlang_c(const QueueInput& in);

/// Erlang A (M/M/N+M, exponential patience). Requires mean_patience_seconds; stable at any load.
QueueMetrics erlang_a(const QueueInput& in);

/// Erlang A when a patience is given, Erlang C otherwise.
QueueMetrics queue_metrics(const QueueInput& in);

/// The required-agents search takes the scenario's targets type (targets.hpp); this name is
/// kept so that existing callers compile.
using StaffingTargets = Targets;

/// Result of required_agents(): the smallest N meeting every target, and the metrics at N.
struct StaffingAnswer {
  int agents = 0;
  QueueMetrics metrics;
  bool feasible = false;  ///< false: no N <= max_agents meets the targets (see note)
  std::string note;       ///< why infeasible, or empty
};

/// Most agents required_agents() searches unless told otherwise.
inline constexpr int kDefaultMaxAgents = 100000;

/// Smallest N meeting every target in `targets` (base.agents is ignored), found with
/// O(log N) metric evaluations. An arrival rate of 0 needs 0 agents. Targets that no N can
/// meet (service level 1, ASA 0, ...) throw std::invalid_argument; a target that needs more
/// than max_agents gives feasible = false and agents = max_agents, with the metrics at
/// max_agents when the search evaluated them; when the load alone shows that more than
/// max_agents are needed (stability, or service level and abandonment bounds), nothing is
/// evaluated and `metrics` is left default (metrics.agents == 0).
///
/// The search starts at the square-root staffing guess A + sqrt(A), or, given `previous` (a
/// similar interval already solved, e.g. the one before it in a day), at A + beta sqrt(A) with
/// that interval's beta = (N - A) / sqrt(A): abandonment moves the answer well away from
/// A + sqrt(A) at high loads, but little from one interval to the next. Only the number of
/// evaluations depends on where the search starts, never its answer.
struct SearchStart {
  double load_erlangs = 0.0;  ///< A of the interval already solved, > 0
  int agents = 0;             ///< its answer, >= 1
};
StaffingAnswer required_agents(QueueInput base, const Targets& targets,
                               int max_agents = kDefaultMaxAgents,
                               std::optional<SearchStart> previous = std::nullopt);

}  // namespace ccsim::models
