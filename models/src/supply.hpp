#pragma once
// Agent supply: the on-duty count of one agent group as a step function of simulation time.
// Everything that shapes supply (constant agents, shifts in site-local time with breaks,
// absences, or a per-interval override) is reduced to these steps, so the model only ever
// sees "the group should now have N agents on duty".

#include <cstdint>
#include <vector>

#include "ccsim/models/scenario.hpp"
#include "ccsim/sim/random.hpp"

namespace ccsim::models::detail {

/// From `time` (sim ticks) on, the group should have `agents` on duty.
struct SupplyStep {
  std::int64_t time = 0;
  int agents = 0;
};

/// Steps of group `group` of site `site` covering sim time [0, until); the first is at 0 and
/// consecutive steps differ in `agents`. Absences come from stream "absence/<site>/<group>".
std::vector<SupplyStep> build_supply(const Scenario& scenario, int site, int group,
                                     const sim::StreamFactory& streams, std::int64_t until);

}  // namespace ccsim::models::detail
