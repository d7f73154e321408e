#pragma once
/// Reports of `ccsim calibrate`: the fitted parameter value, its 95% interval and the search.

#include <string>

#include "ccsim/io/scenario_file.hpp"
#include "ccsim/models/calibrate.hpp"

namespace ccsim::io {

/// What was calibrated, for the report.
struct CalibrationSetup {
  std::string scenario;   ///< scenario name
  std::string parameter;  ///< the --set path that was varied
  std::string metric;     ///< the results path that was matched
  double target = 0.0;
  double range_lower = 0.0, range_upper = 0.0;
  std::uint64_t seed = 0;
  int replications = 0;
};

/// One JSON document: `scenario`, `parameter`, `metric`, `target`, `range`, `seed`,
/// `replications`, `bracketed`, `converged`, `stop_reason`, `value`, `ci95` (of the value),
/// `metric_at_value` {mean, ci95}, and `evaluations` [{x, mean, ci95}] in call order.
std::string to_json(const CalibrationSetup& setup, const models::CalibrationResult& result);

/// The same for a terminal: the fitted value first, then the evaluations.
std::string format_calibration_table(const CalibrationSetup& setup,
                                     const models::CalibrationResult& result);

/// The calibrated scenario as YAML: `at_value` is the scenario file loaded with the parameter
/// set to the fitted value (its --set edit last). Keeps the comment block at the top of the
/// file, adds a line saying what was fitted, then the scenario with every edit applied (other
/// comments are not kept: YAML trees have none).
std::string calibrated_scenario_yaml(const ScenarioFile& at_value, const CalibrationSetup& setup,
                                     const models::CalibrationResult& result);

}  // namespace ccsim::io
