#pragma once
// Agent supply: the on-duty count of one agent group as a step function of simulation time.
// Everything that shapes supply (constant agents, shifts in site-local time with breaks,
// absences, or a per-interval override) is reduced to these steps, so the model only ever
// sees "the group should now have N agents on duty".

#include <algorithm>
#include <cstdint>
#include <utility>
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

/// The on-duty target of one group, walked step by step as simulation time passes.
class GroupSupply {
 public:
  GroupSupply() = default;
  explicit GroupSupply(std::vector<SupplyStep> steps) : steps_(std::move(steps)) {}
  /// The most agents the group ever needs on duty.
  int capacity() const {
    int n = 0;
    for (const SupplyStep& st : steps_) n = std::max(n, st.agents);
    return n;
  }
  /// Moves to the next step; returns the change of the target (new - old).
  int advance() {
    const int diff = steps_[next_].agents - target_;
    target_ = steps_[next_++].agents;
    return diff;
  }
  bool has_next() const { return next_ < steps_.size(); }
  sim::TimePoint next_time() const { return sim::TimePoint{sim::Duration{steps_[next_].time}}; }

 private:
  std::vector<SupplyStep> steps_;
  std::size_t next_ = 0;
  int target_ = 0;
};

}  // namespace ccsim::models::detail
