#pragma once
/// What-if grids (`ccsim sweep`): parsing --vary, the grid of --set assignments it spans, and
/// the sensitivity table (one row per grid point, chosen metrics as columns) with its writers.
///
/// `--vary KEY=SPEC`, SPEC a comma-separated list of items:
///   - a value, written as in --set (`150s`, `0.85`, `pooled`);
///   - a range `A..B:STEP` of numbers, A, A+STEP, ... up to B (inclusive, within 1e-9 STEP);
///   - a factor `xF`: F times the scenario's current value at KEY (after --set). A duration
///     ("120s", "2m") is multiplied in seconds; a whole number stays whole (rounded).
/// Several --vary make a Cartesian grid, the first --vary varying slowest. Every grid point is
/// the scenario with the point's assignments applied after --set, exactly as --set would.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/io/check.hpp"
#include "ccsim/io/writer.hpp"

namespace ccsim::io {

/// One --vary: a key path and the values it takes, in order.
struct SweepAxis {
  std::string argument;             ///< the --vary argument as given, for messages
  std::string key;                  ///< dotted key path, as for --set
  std::vector<std::string> values;  ///< --set values
};

/// Parses one --vary argument. Factors are resolved against the value at the key in
/// `scenario_path` after `overrides`. Throws InputError located at "--vary ARG" on a malformed
/// argument, an empty or huge range, a factor of a key that is missing or not a number.
SweepAxis parse_vary(const std::string& argument, const std::string& scenario_path,
                     const std::vector<std::string>& overrides);

/// The Cartesian grid of `axes`: per point, the "key=value" assignments in axis order. The
/// first axis varies slowest. Throws InputError when the grid has more than `max_points`.
std::vector<std::vector<std::string>> sweep_grid(const std::vector<SweepAxis>& axes,
                                                 std::size_t max_points = 100000);

/// The scalar at dotted `key` of the scenario file after `overrides` (as --set applies them),
/// as written in the YAML; nullopt when the key is absent or is not a single value.
std::optional<std::string> scenario_scalar(const std::string& path,
                                           const std::vector<std::string>& overrides,
                                           const std::string& key);

/// The sensitivity table of a sweep.
struct SweepResult {
  std::string scenario;  ///< scenario name
  std::string command;   ///< run | staff | roster
  std::uint64_t seed = 0;
  int replications = 0;  ///< per grid point (staff: per search pass)
  std::vector<SweepAxis> axes;
  std::vector<std::string> columns;  ///< metric paths, resolved in each point's JSON
  struct Point {
    std::vector<std::string> values;   ///< per axis
    std::vector<MetricValue> metrics;  ///< per column
  };
  std::vector<Point> points;  ///< grid order
};

/// Terminal table, CSV (one row per point: the axis values, then per column its mean and,
/// for estimates, ci95_lo and ci95_hi) and JSON (scenario, command, seed, replications,
/// vary [{key, values}], columns, points [{set {key: value}, values {column: number |
/// {mean, ci95}}}]). --out DIR gets sweep.csv and summary.json.
const WriterRegistry<SweepResult>& sweep_writers();

}  // namespace ccsim::io
