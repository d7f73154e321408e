#pragma once
/// Demand curves: the arrival rate of a channel over time, as specified on ChannelConfig.

#include <vector>

#include "ccsim/models/scenario.hpp"

namespace ccsim::models {

/// Mean contacts per day of a channel before the day-of-week profile and region shares.
double daily_volume(const Scenario& scenario, const ChannelConfig& channel);

/// Mean arrivals of channel `channel` in each counted reporting interval (UTC, from day 0;
/// horizon_intervals() values, the last one possibly partial), without the random
/// overdispersion multipliers (their mean is 1). Regions' local curves are shifted and summed.
std::vector<double> expected_offered(const Scenario& scenario, int channel);

}  // namespace ccsim::models
