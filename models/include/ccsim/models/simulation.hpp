#pragma once
/// Running the contact-center model.

#include <cstdint>
#include <functional>
#include <optional>

#include "ccsim/models/results.hpp"
#include "ccsim/models/scenario.hpp"

namespace ccsim::models {

/// How to run a scenario.
struct RunOptions {
  int replications = 0;                               ///< 0 = the scenario's
  std::optional<std::uint64_t> seed;                  ///< unset = the scenario's
  int threads = 1;                                    ///< 0 = all cores
  std::function<void(int done, int total)> progress;  ///< optional, called per replication
};

/// Simulates replication `replication` of `scenario` with random streams derived from `seed`.
/// Throws std::invalid_argument if validate(scenario) reports problems.
ReplicationResult simulate_replication(const Scenario& scenario, std::uint64_t seed,
                                       int replication);

/// Simulates all replications (in parallel) and aggregates them. Output does not depend on
/// the number of threads.
RunResults simulate(const Scenario& scenario, const RunOptions& options = {});

}  // namespace ccsim::models
