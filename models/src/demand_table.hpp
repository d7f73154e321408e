#pragma once
// The piecewise-constant arrival rate of one channel over the whole simulated span, and the
// exact non-homogeneous Poisson arrival generator that reads it.

#include <cstdint>
#include <vector>

#include "ccsim/models/scenario.hpp"
#include "ccsim/sim/random.hpp"

namespace ccsim::models::detail {

/// Rate per cell of a UTC grid fine enough that every region's local intervals are unions of
/// cells (cell = gcd(interval, region offsets mod 1 day)); simulation ticks throughout.
struct DemandTable {
  std::int64_t origin = 0;         ///< sim ticks where cell 0 starts (<= 0)
  std::int64_t cell = 1;           ///< ticks per cell
  std::int64_t end = 0;            ///< no arrival at or after this sim tick (the horizon end)
  std::vector<double> rate;        ///< contacts per second in each cell
  int regions = 1;                 ///< number of demand regions
  std::vector<double> region_cum;  ///< [cell * regions + r]: cumulative share of regions 0..r

  /// The next arrival after time `t` (ticks): exponential gaps at the current cell's rate; a gap
  /// crossing into the next cell is discarded and drawing restarts at the boundary (exact, by
  /// memorylessness). Returns -1 if none before `end`.
  std::int64_t next_arrival(std::int64_t t, sim::RandomEngine& rng) const;
  /// Region of an arrival at `t` (drawn with probability proportional to its rate share).
  int pick_region(std::int64_t t, sim::RandomEngine& rng) const;
};

/// Builds the table of channel `channel`. Day multipliers (overdispersion) are drawn from the
/// stream "overdispersion/<channel name>" of `streams` if given, else all are 1.
DemandTable build_demand_table(const Scenario& scenario, int channel,
                               const sim::StreamFactory* streams);

}  // namespace ccsim::models::detail
