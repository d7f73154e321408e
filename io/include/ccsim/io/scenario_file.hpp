#pragma once
/// Loading scenario YAML files into models::Scenario, with file:line:col diagnostics.
///
/// The schema is documented in scenarios/README.md. Every problem found is collected and
/// thrown at once as an InputError; nothing is silently defaulted for a misspelled key.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ccsim/io/error.hpp"
#include "ccsim/models/scenario.hpp"

namespace ccsim::io {

/// One entry of a scenario's `expect:` block: a metric of the run results and how close it
/// must come to `value`.
struct Expectation {
  /// How the tolerance is read.
  enum class Kind {
    absolute,   ///< |measured - value| <= tolerance
    relative,   ///< |measured - value| <= tolerance x |value|
    within_ci,  ///< value lies inside the measured 95% confidence interval
  };
  std::string metric;  ///< dotted path into the JSON run results, e.g. channels.voice.service_level
  double value = 0.0;
  Kind kind = Kind::absolute;
  double tolerance = 0.0;       ///< absolute or relative; unused for within_ci
  SourceLocation where;         ///< the entry in the file
  SourceLocation metric_where;  ///< its metric: value (where an unknown path is reported)
};

/// A metric of a `precision:` block (or of `--precision METRIC=HALFWIDTH`).
struct PrecisionTarget {
  std::string metric;       ///< dotted path into the JSON run results, with a 95% interval
  double half_width = 0.0;  ///< target 95% half-width, > 0
  SourceLocation where;     ///< the entry in the file (empty for the command line)
};

/// A scenario's `precision:` block: replications are added until every metric's 95% half-width
/// is at most its target, or max_replications have run (models::simulate_to_precision).
struct PrecisionSpec {
  std::vector<PrecisionTarget> metrics;
  int max_replications = 0;  ///< 0 = not given (the command's default)
  SourceLocation where;
};

/// What-if edits from the command line, applied to the YAML tree before it is read (so the
/// result is checked like a file, and problems name the edit): first every `unsets` entry
/// (`--unset key.path`: remove a map key such as a channel or a site, or a list entry), then
/// `sets` (`--set key.path=value`), then `scales` (`--scale key.path=factor`: multiply the
/// numbers there; a `*` component matches every key or entry, e.g. `channels.*.volume=1.1`).
/// scenarios/README.md documents them for users.
struct ScenarioEdits {
  std::vector<std::string> sets;
  std::vector<std::string> unsets;
  std::vector<std::string> scales;
};

/// A loaded scenario file.
struct ScenarioFile {
  std::string path;         ///< as given to load_scenario
  std::string description;  ///< optional free text (`description:`)
  models::Scenario scenario;
  std::vector<Expectation> expect;
  std::optional<PrecisionSpec> precision;  ///< the `precision:` block, if any
  std::vector<std::string> overrides;      ///< the `--set` assignments applied, in order
  ScenarioEdits edits;                     ///< every edit applied (--unset, --set, --scale)
  std::string source;                      ///< the YAML text as read
  /// Position of every dotted scenario path read (e.g. "sites.rostov.headcount").
  std::map<std::string, SourceLocation> locations;
};

/// Where a dotted scenario path (as in models::Problem or models::RosterError) is in the file:
/// its longest known prefix, or the file alone.
SourceLocation locate(const ScenarioFile& file, std::string path);

/// Reads, overrides and checks a scenario file. `overrides` are "key.path=value" assignments
/// (the CLI's --set) applied to the YAML tree before it is read, so they are checked like the
/// file itself. Throws InputError listing every problem (syntax, unknown keys, types, units,
/// ranges, references, and models::validate()'s findings mapped to file positions).
ScenarioFile load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

/// load_scenario with --unset / --set / --scale edits (see ScenarioEdits).
ScenarioFile load_scenario(const std::string& path, const ScenarioEdits& edits);
ScenarioFile parse_scenario(std::string_view text, const std::string& file,
                            const ScenarioEdits& edits);

/// Same as load_scenario for YAML text already in memory; `file` names it in diagnostics.
ScenarioFile parse_scenario(std::string_view text, const std::string& file,
                            const std::vector<std::string>& overrides = {});

/// Parses a duration: a number of seconds, or a string "<number><unit>" with unit s, m, h or
/// d ("90s", "1.5h"). Throws std::invalid_argument with a message on a malformed or negative
/// value.
double parse_duration(std::string_view text);

/// A one-screen, human-readable summary of a scenario (what `ccsim validate` prints).
std::string describe(const ScenarioFile& file);

}  // namespace ccsim::io
