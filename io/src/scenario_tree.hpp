#pragma once
// The YAML tree of a loaded scenario file (its text with the --set overrides applied), for
// writers that emit a changed copy of the scenario (roster.yaml).

#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "ccsim/io/scenario_file.hpp"

namespace ccsim::io::detail {

/// Re-reads file.source and applies file.overrides. Throws InputError when they fail.
YAML::Node scenario_tree(const ScenarioFile& file);

/// The comment lines at the top of a YAML text (up to its first other line), each with its
/// newline: the provenance a generated copy keeps.
std::string leading_comments(std::string_view source);

}  // namespace ccsim::io::detail
