#pragma once
// The YAML tree of a loaded scenario file (its text with the --set overrides applied), for
// writers that emit a changed copy of the scenario (roster.yaml).

#include <yaml-cpp/yaml.h>

#include "ccsim/io/scenario_file.hpp"

namespace ccsim::io::detail {

/// Re-reads file.source and applies file.overrides. Throws InputError when they fail.
YAML::Node scenario_tree(const ScenarioFile& file);

}  // namespace ccsim::io::detail
