#include "ccsim/models/simulation.hpp"

#include <stdexcept>
#include <string>

#include "ccsim/models/limits.hpp"
#include "ccsim/sim/distribution.hpp"
#include "contact_center.hpp"

namespace ccsim::models {
ReplicationResult simulate_replication(const Scenario& scenario, std::uint64_t seed,
                                       int replication) {
  require_valid(scenario);
  detail::ContactCenter model(scenario, seed, replication);
  return model.run();
}

std::vector<ReplicationResult> run_replications(
    int replications, int threads, const std::function<ReplicationResult(int)>& body,
    const std::function<void(int done, int total)>& progress) {
  return sim::distribute_replications<ReplicationResult>(
      replications, threads, body, encode_replication, decode_replication, progress);
}

RunResults simulate(const Scenario& scenario, const RunOptions& options) {
  require_valid(scenario);
  const int reps = options.replications > 0 ? options.replications : scenario.replications;
  check_resources(scenario, reps, options.threads, options.limits);
  const std::uint64_t seed = options.seed.value_or(scenario.seed);
  const std::function<ReplicationResult(int)> body = [&](int r) {
    detail::ContactCenter model(scenario, seed, r);
    return model.run();
  };
  const std::vector<ReplicationResult> results =
      run_replications(reps, options.threads, body, options.progress);
  RunResults out = aggregate(scenario, results);
  out.seed = seed;
  return out;
}

}  // namespace ccsim::models
