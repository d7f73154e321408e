#include "ccsim/models/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "ccsim/models/error.hpp"

#include "ccsim/models/limits.hpp"
#include "ccsim/sim/distribution.hpp"
#include "contact_center.hpp"

namespace ccsim::models {
ReplicationResult simulate_replication(const Scenario& scenario, std::uint64_t seed,
                                       int replication, ContactObserver* observer) {
  require_valid(scenario);
  detail::ContactCenter model(scenario, seed, replication);
  model.set_observer(observer);
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
  const int observed = options.observer ? options.observed_replication : -1;
  if (options.observer && (observed < 0 || observed >= reps))
    throw std::out_of_range(fmt::format("observed replication {} of {}", observed, reps));
  // The observed replication is watched where it runs if that is this process; otherwise
  // (another rank's block of an MPI job) it is simulated again here afterwards.
  bool local = true;
  if (const sim::ReplicationDistributor* d = sim::replication_distributor();
      observed >= 0 && d != nullptr && d->size() > 1) {
    const sim::ReplicationBlock mine = sim::replication_block(reps, d->rank(), d->size());
    local = mine.begin <= observed && observed < mine.end;
  }
  const std::function<ReplicationResult(int)> body = [&](int r) {
    detail::ContactCenter model(scenario, seed, r);
    if (r == observed && local) model.set_observer(options.observer);
    return model.run();
  };
  const std::vector<ReplicationResult> results =
      run_replications(reps, options.threads, body, options.progress);
  if (observed >= 0 && !local) {
    detail::ContactCenter model(scenario, seed, observed);
    model.set_observer(options.observer);
    model.run();
  }
  RunResults out = aggregate(scenario, results);
  out.seed = seed;
  return out;
}

RunResults simulate_to_precision(const Scenario& scenario, const RunOptions& options,
                                 std::vector<PrecisionMetric> targets, int max_replications,
                                 const HalfWidthMeasure& measure) {
  require_valid(scenario);
  const int first = options.replications > 0 ? options.replications : scenario.replications;
  if (first < 2)
    throw UserError(fmt::format("precision-driven replications need a first batch of at least 2 "
                                "replications (an interval needs two), got {}",
                                first),
                    "replications");
  if (max_replications < first)
    throw UserError(fmt::format("precision: max_replications {} is below the first batch of {} "
                                "replications",
                                max_replications, first),
                    "precision.max_replications");
  check_resources(scenario, max_replications, options.threads, options.limits);
  const std::uint64_t seed = options.seed.value_or(scenario.seed);
  std::vector<ReplicationResult> all;
  int next = first;
  for (;;) {
    const int done = static_cast<int>(all.size());
    const std::function<ReplicationResult(int)> body = [&](int r) {
      detail::ContactCenter model(scenario, seed, done + r);
      return model.run();
    };
    std::vector<ReplicationResult> batch =
        run_replications(next - done, options.threads, body, options.progress);
    for (ReplicationResult& r : batch) all.push_back(std::move(r));
    RunResults out = aggregate(scenario, all);
    out.seed = seed;
    const std::vector<double> widths = measure(out);
    PrecisionOutcome outcome;
    outcome.max_replications = max_replications;
    bool reached = true;
    double worst = 1.0;  // largest half-width / target among the misses
    for (std::size_t i = 0; i < targets.size(); ++i) {
      PrecisionMetric m = targets[i];
      m.half_width = i < widths.size() ? widths[i] : std::nan("");
      m.reached = m.half_width <= m.target_half_width;  // false for NaN
      if (!m.reached)
        worst = std::max(worst, std::isfinite(m.half_width)
                                    ? m.half_width / m.target_half_width
                                    : std::sqrt(2.0));  // unknown: double the replications
      reached = reached && m.reached;
      outcome.metrics.push_back(std::move(m));
    }
    const int n = static_cast<int>(all.size());
    if (reached || n >= max_replications) {
      outcome.stop_reason = reached ? "precision_reached" : "cap";
      out.precision = std::move(outcome);
      return out;
    }
    const double projected = std::ceil(n * worst * worst);
    next = static_cast<int>(std::min<double>(
        max_replications, std::max<double>(static_cast<double>(n + first), projected)));
  }
}

}  // namespace ccsim::models
