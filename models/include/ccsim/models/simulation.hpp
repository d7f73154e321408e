#pragma once
/// Running the contact-center model.
///
/// Model semantics (what one replication does):
///
/// - Contacts. Each channel's arrivals are a non-homogeneous Poisson process with the
///   piecewise-constant rate of ccsim/models/demand.hpp (streams "arrivals/<channel>";
///   region of a contact from "regions/<channel>"). A contact's handle time, patience and
///   (messenger) quiet time are drawn at arrival from "handle/", "patience/" and "quiet/<channel>",
///   so two staffing levels see the same contacts (common random numbers).
/// - Agents. Agents of a group have its skills; real-time channels are served before email
///   whatever the listed order, real-time ones in the listed order. A contact goes to the
///   longest-idle agent allowed to take it (routing.hpp decides which sites may); a freed
///   agent takes the oldest waiting contact of its first skill with one. Within a channel
///   service is first come, first served.
/// - call: one contact per agent; a caller abandons when its patience runs out before service.
/// - chat: an agent holds up to `concurrency` sessions of one channel at a time. A new
///   session goes to a fully idle agent first (longest idle), else to the agent with a free
///   slot that has waited longest for one. A session started while the agent holds k others
///   lasts handle x (1 + concurrency_slowdown x k) (fixed at its start). Customers abandon
///   before the first response like callers. Slot-seconds measure busy and staffed time.
/// - messenger: as chat, plus: a customer who goes quiet `quiet_after` after the session
///   starts has the session closed `inactivity_timeout` later if that is before its handle
///   time ends (counted in ChannelKpis::timed_out); the slot is freed then.
/// - After-call work (any channel with `after_call_work`): drawn at arrival from "acw/<channel>";
///   when the handling ends (or the messenger session times out) the contact is done and the
///   agent (slot) stays busy for the wrap-up, counted as busy time (occupancy).
/// - First reply (chat, messenger with `first_reply`): drawn at arrival from its own stream
///   "first_reply/<channel>" (retrials too); the agent's first message comes min(reply, the
///   session's handle time) after the session starts, inside the handling (no slot time is
///   added; the customer, picked up, does not abandon). ChannelKpis::first_response_seconds()
///   = queue wait + that reply.
/// - Redials (a channel with `redial`): an abandoning contact comes back with the configured
///   probability after a delay, on one of the targets (decision, delay and target from
///   "redial/<channel>"), as a new contact of the target with attributes from
///   "retrial/<target>"; returns at or after the horizon end are not simulated. Attempts and
///   customers are counted in ChannelKpis (offered = fresh_attempts + retrial_attempts).
/// - Callbacks (a call channel with `callback`, finite threshold): see CallbackConfig. A
///   when_idle callback waits in the channel's virtual queue, taken by a freed agent of any
///   site after the real-time contacts it could take and before email; a fifo callback keeps
///   its ticket in the line. Reached: answered with wait = time to the callback; failed: the
///   agent spends failed_attempt_seconds, the contact is neither answered nor abandoned.
/// - email: deferred work, never abandons. An agent starts an email only when no real-time
///   contact it could take is waiting (non-preemptive: a call can wait for the email in
///   progress). The backlog carries across days. Emails not started by the horizon end stay
///   in the backlog: they are reported in ChannelKpis::backlog_end (offered = answered +
///   backlog_end) and are not worked during the drain.
/// - Agent supply. Each group has a piecewise-constant on-duty target: constant `agents`,
///   shifts in site-local time (breaks taken by the whole shift together), or the per-interval
///   `on_duty` override. Absences: each scheduled agent-day is lost with the site's
///   absence_probability (stream "absence/<site>/<group>"). When the target drops, idle agents
///   leave at once; then the busy agents holding the fewest sessions are chosen: they take no
///   new work and leave when their current contact (chat: last session) ends, their time
///   counting as staffed. A rise in the target first keeps such leaving agents.
///   Shrinkage is not simulated: it only converts agents into headcount in `ccsim staff`.
/// - Counting and termination. Contacts are counted by arrival time in [day 0, horizon end);
///   warm-up arrivals are simulated but not counted. Occupancy uses busy and staffed time inside
///   the horizon only. After the horizon no contact arrives; the drain runs until no counted
///   real-time contact is waiting (in-service contacts are already answered), or for at most
///   Scenario::drain_limit_seconds, so every run ends: with zero agents or an overload without
///   patience, counted contacts still waiting then are reported in ChannelKpis::unanswered_end
///   (offered = answered + abandoned + unanswered_end for real-time channels).

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "ccsim/models/limits.hpp"
#include "ccsim/models/results.hpp"
#include "ccsim/models/scenario.hpp"
#include "ccsim/models/trace.hpp"

namespace ccsim::models {

/// How to run a scenario.
struct RunOptions {
  int replications = 0;                               ///< 0 = the scenario's
  std::optional<std::uint64_t> seed;                  ///< unset = the scenario's
  int threads = 1;                                    ///< 0 = all cores
  std::function<void(int done, int total)> progress;  ///< optional, called per replication
  ResourceLimits limits;  ///< simulate() refuses a run estimated beyond these (UserError)
  /// simulate(): receives the ContactRecords of replication `observed_replication` (0-based).
  /// The replication runs where the distributor puts it; when that is another process of an
  /// MPI job, this process simulates it once more (the same streams give the same contacts),
  /// so give the observer on the one process that writes the trace.
  ContactObserver* observer = nullptr;
  int observed_replication = 0;
};

/// Simulates replication `replication` of `scenario` with random streams derived from `seed`.
/// Throws UserError if validate(scenario) reports problems.
ReplicationResult simulate_replication(const Scenario& scenario, std::uint64_t seed,
                                       int replication, ContactObserver* observer = nullptr);

/// Runs `body(r)` for r = 0..replications-1 on `threads` threads and, when the front end has
/// installed a sim::ReplicationDistributor (an MPI job), spread over its processes; results in
/// replication order, the lowest-numbered failure rethrown (sim/distribution.hpp). Every
/// simulation of the library goes through it.
std::vector<ReplicationResult> run_replications(
    int replications, int threads, const std::function<ReplicationResult(int)>& body,
    const std::function<void(int done, int total)>& progress = {});

/// Simulates all replications (in parallel) and aggregates them. Output does not depend on
/// the number of threads.
RunResults simulate(const Scenario& scenario, const RunOptions& options = {});

/// The current 95% half-width of each target metric in `results`, in the targets' order (NaN
/// when it is not known, e.g. a mean over nothing).
using HalfWidthMeasure = std::function<std::vector<double>(const RunResults& results)>;

/// Precision-driven replications: a first batch (RunOptions::replications, else the
/// scenario's; at least 2), then more until every target's half-width (measured by `measure`
/// on the aggregate of all replications so far) is at most its target_half_width, or
/// `max_replications` have run. The next total is the larger of (replications so far + first
/// batch) and the replications the widest miss projects (n x (half-width / target)^2, since
/// half-widths shrink as 1/sqrt(n)), at most the cap. Replication r always uses the streams of
/// replication r and each decision depends only on the results so far, so the outcome is the
/// same for any thread count. RunResults::precision says what was reached and why it stopped.
/// Throws UserError when the first batch is below 2 or above max_replications.
RunResults simulate_to_precision(const Scenario& scenario, const RunOptions& options,
                                 std::vector<PrecisionMetric> targets, int max_replications,
                                 const HalfWidthMeasure& measure);

}  // namespace ccsim::models
