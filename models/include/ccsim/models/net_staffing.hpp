#pragma once
/// The "scheduled" side of net staffing: agents on duty per site and reporting interval as the
/// scenario schedules them (constant agents, shifts with breaks, on_duty overrides), before
/// absences. Reports set it against a staffing requirement ("where am I short").

#include <vector>

#include "ccsim/models/scenario.hpp"

namespace ccsim::models {

/// Time-average agents on duty per counted interval: [site][interval], sites in scenario order,
/// horizon_intervals() values each (the last interval may be partial). Absences
/// (absence_probability) are not drawn: this is the schedule, not one replication's supply.
std::vector<std::vector<double>> scheduled_agents(const Scenario& scenario);

}  // namespace ccsim::models
