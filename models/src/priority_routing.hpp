#pragma once
// The priority routing policies (routing.hpp registers them): "priority" and
// "longest_weighted_wait", both with optional reservation thresholds.

#include <memory>

#include "ccsim/models/routing.hpp"
#include "ccsim/models/scenario.hpp"

namespace ccsim::models::detail {

/// "priority": a free agent takes the waiting contact of its highest-priority channel
/// (RoutingConfig::priority, else the group's skill order), oldest first within it.
std::unique_ptr<RoutingPolicy> make_priority_policy(const Scenario& s);

/// "longest_weighted_wait": a free agent takes the waiting contact with the largest
/// weight x wait (RoutingConfig::weights, default 1), ties to the higher priority.
std::unique_ptr<RoutingPolicy> make_longest_weighted_wait_policy(const Scenario& s);

}  // namespace ccsim::models::detail
