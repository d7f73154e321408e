#pragma once
/// Regression checks: a scenario's `expect:` entries compared with its run results.
///
/// Metrics are dotted paths into the JSON of `ccsim run` (to_json in report.hpp), resolved in
/// that very JSON, so a metric means exactly what the report shows. A JSON value
/// `{"mean": x, "ci95": [lo, hi]}` is compared through its mean (within_ci uses ci95); a plain
/// number directly. An unknown path, a value that is not a number, or within_ci on a metric
/// without a confidence interval is bad input (InputError at the entry), never a pass.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/io/scenario_file.hpp"
#include "ccsim/models/results.hpp"
#include "ccsim/models/simulation.hpp"

namespace ccsim::io {

/// A number found in results JSON by its dotted path: a plain number (value only), or an
/// estimate `{"mean": x, "ci95": [lo, hi]}` (value = mean, with its interval). JSON null (a
/// ratio with an empty denominator) reads as NaN with `undefined` saying why.
struct MetricValue {
  double value = std::numeric_limits<double>::quiet_NaN();
  std::optional<double> lower, upper;
  /// Non-empty when the metric is undefined (null): the reason, e.g. "no contacts offered".
  std::string undefined;
};

/// Resolves the dotted `path` (e.g. `channels.voice.asa_seconds`, `intervals.3.offered`) in
/// the JSON document `json_text`, the way `expect:` metrics are resolved. On failure returns
/// nullopt and says why in `why` (with a "did you mean" for a misspelled key).
std::optional<MetricValue> find_metric(const std::string& json_text, const std::string& path,
                                       std::string& why);
/// find_metric in the JSON document of `ccsim run` for `results` (to_json), formed with the
/// rows of only the interval array the path reaches into, if any: a scalar metric of a month's
/// run costs no document of every interval. Same value and same `why` as the whole document.
std::optional<MetricValue> find_metric(const models::RunResults& results, const std::string& path,
                                       std::string& why);

/// Reads `--precision METRIC=HALFWIDTH` (a half-width > 0); InputError otherwise.
PrecisionTarget parse_precision_option(const std::string& text);

/// Checks, before anything is simulated, that every target names an estimate (a number with a
/// 95% interval) of the run results of `scenario`, resolved like `expect:` metrics (InputError
/// at the target's entry otherwise, with a "did you mean"), and returns the measure of their
/// half-widths ((upper - lower) / 2, in the targets' order) for simulate_to_precision.
models::HalfWidthMeasure precision_measure(const models::Scenario& scenario,
                                           const std::vector<PrecisionTarget>& targets);

/// One expectation compared with the measured value.
struct CheckOutcome {
  Expectation expectation;
  double measured = 0.0;           ///< the number, or the mean of an estimate
  std::optional<double> ci_lower;  ///< 95% CI of an estimate; unset for plain numbers
  std::optional<double> ci_upper;
  bool passed = false;
  /// Non-empty when the metric is undefined in the results (e.g. "no contacts answered"): the
  /// expectation fails, and the report says why instead of comparing a NaN.
  std::string undefined;
};

/// The outcomes of one scenario file.
struct FileCheck {
  std::string file;
  std::string scenario;  ///< scenario name
  std::uint64_t seed = 0;
  int replications = 0;
  std::vector<CheckOutcome> outcomes;  ///< in the order of the expect: block
};

/// Checks, without simulating, that every expectation of `file` names a number of the run
/// results and that within_ci is only used on estimates, and that every metric of its
/// precision: block names an estimate. This is the one place metric paths are checked (the
/// loader does not: a path means what the JSON of `ccsim run` holds). Throws InputError
/// listing every problem at its entry; `ccsim validate` runs it.
void check_metric_paths(const ScenarioFile& file);

/// check_metric_paths, and that `file` has at least one expectation.
void check_expectations(const ScenarioFile& file);

/// Compares `results` (of file.scenario) with file.expect. Throws InputError as
/// check_expectations does, and when within_ci is asked of fewer than 2 replications.
FileCheck evaluate(const ScenarioFile& file, const models::RunResults& results);

/// Whether a measured value (and its 95% CI, for estimates) meets `expectation` (the rule of
/// its Kind).
bool meets(const Expectation& expectation, double measured, std::optional<double> ci_lower,
           std::optional<double> ci_upper);

/// Expectations passed and failed over `checks`.
struct CheckCounts {
  int passed = 0;
  int failed = 0;
};
CheckCounts count(const std::vector<FileCheck>& checks);

/// One line per expectation (file:line, metric, expected, got, tolerance, pass/FAIL) and a
/// summary line, for a terminal.
std::string format_check_table(const std::vector<FileCheck>& checks);

/// The same as one JSON document: `files` (file, scenario, seed, replications,
/// `expectations` with metric, line, column, kind, value, tolerance, measured, ci95, passed),
/// `passed`, `failed`.
std::string check_to_json(const std::vector<FileCheck>& checks);

/// The same as JUnit XML (the format CI servers display): a <testsuites> root, one <testsuite>
/// per file (name and every testcase's classname: the scenario name; properties file, seed,
/// replications) and one <testcase> per expectation (name: the metric path, with " (line N)"
/// when a file expects the same metric twice; attributes file and line). A failed expectation
/// holds a <failure message="..."> naming the metric, measured value (and 95% CI), expected
/// value and tolerance, or the reason an undefined metric has no value. Counts `tests`,
/// `failures` and `errors` (always 0: bad input is exit 2 before anything runs) on both levels;
/// no `time` attribute (optional in JUnit): wall-clock times would make the same scenario and
/// seed give different bytes, and every ccsim output is byte-identical run to run. All
/// text is escaped for XML 1.0: markup characters as entities, tab/CR/LF in attributes as
/// character references, and bytes XML cannot hold (other control characters, malformed
/// UTF-8, U+FFFE/U+FFFF) as U+FFFD.
std::string check_to_junit(const std::vector<FileCheck>& checks);

}  // namespace ccsim::io
