#pragma once
/// Service targets of a channel: the one targets type of the scenario (`channels.<c>.targets`),
/// the Erlang required-agents search (erlang.hpp) and the staffing plan (staffing.hpp).

#include <optional>

namespace ccsim::models {

/// Targets; any subset, unset ones are not checked.
struct Targets {
  std::optional<double> service_level;  ///< minimum share answered within sl_seconds, in (0, 1)
  std::optional<double> asa_seconds;    ///< maximum mean wait of answered contacts, > 0
  std::optional<double> abandon_rate;   ///< maximum abandoned / offered, in [0, 1)
  std::optional<double> max_occupancy;  ///< maximum occupancy, in (0, 1]

  /// True when at least one target is set.
  bool any() const { return service_level || asa_seconds || abandon_rate || max_occupancy; }
};

}  // namespace ccsim::models
