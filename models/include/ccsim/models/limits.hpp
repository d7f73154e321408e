#pragma once
/// Ranges and resource caps of a run, owned here once: the YAML loader and the CLI both check
/// against these numbers.
///
/// A run is estimated before it starts (estimate_run): the events it will process and the
/// memory it will hold. check_resources() refuses a run beyond the caps with a UserError that
/// says which figure is too large and how to raise the cap (`--max-events`, `--max-memory`),
/// instead of running for hours or dying with std::bad_alloc.

#include <cstdint>

#include "ccsim/models/scenario.hpp"

namespace ccsim::models {

/// Replications of one run: [1, kMaxReplications] in the YAML and on the command line.
inline constexpr int kMaxReplications = 1'000'000;
/// Agents of one group, shift or site headcount.
inline constexpr int kMaxAgents = 10'000'000;
/// Longest drain after the horizon (drain_limit), seconds: agent supply is laid out over it.
inline constexpr double kMaxDrainSeconds = 366 * 86400.0;
/// Worker threads (--threads); more than this is a typo, not a machine.
inline constexpr int kMaxThreads = 256;

/// Resource caps of a run. The defaults fit a workstation; raise them on purpose.
struct ResourceLimits {
  double max_events = 2e10;     ///< simulated events over all replications (--max-events)
  double max_memory_mb = 8192;  ///< estimated peak memory in MiB (--max-memory)
};

/// What a run is expected to cost (upper estimates, from expected volumes).
struct RunEstimate {
  double contacts = 0;      ///< expected arrivals of one replication (warm-up included)
  double events = 0;        ///< events over all replications
  double memory_bytes = 0;  ///< peak: replications in flight, their results, the report
};

/// Estimates a run of `replications` on `threads` workers (0 = all cores) of a valid scenario.
RunEstimate estimate_run(const Scenario& scenario, int replications, int threads);

/// Throws UserError when the estimate of the run exceeds `limits`; the message gives the
/// figure, the cap and the option that raises it.
void check_resources(const Scenario& scenario, int replications, int threads,
                     const ResourceLimits& limits);

}  // namespace ccsim::models
