// Regression checks. Metrics are resolved in the JSON that to_json() writes rather than in
// RunResults fields, so `expect:` paths cannot drift from what `ccsim run --format json` shows.

#include "ccsim/io/check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ccsim/io/error.hpp"
#include "ccsim/io/report.hpp"
#include "text.hpp"

namespace ccsim::io {

namespace {

using Json = nlohmann::ordered_json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : path) {
    if (c == '.') {
      parts.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  parts.push_back(part);
  return parts;
}

// JSON writes NaN as null (e.g. a mean over zero contacts).
double number_of(const Json& j) { return j.is_number() ? j.get<double>() : kNaN; }

using Resolved = MetricValue;

/// Resolves `path` in `root`; on failure returns nullopt and says why in `why`.
std::optional<Resolved> resolve(const Json& root, const std::string& path, std::string& why) {
  const Json* node = &root;
  std::string at;  // the path walked so far, for messages
  for (const std::string& part : split_path(path)) {
    if (part.empty()) {
      why = "empty path segment";
      return std::nullopt;
    }
    if (node->is_object()) {
      const auto it = node->find(part);
      if (it == node->end()) {
        std::vector<std::string> keys;
        for (const auto& [k, v] : node->items()) keys.push_back(k);
        why = fmt::format("{} has no key '{}'{}", at.empty() ? "the run results" : "'" + at + "'",
                          part, detail::did_you_mean(part, keys));
        return std::nullopt;
      }
      node = &*it;
    } else if (node->is_array()) {
      unsigned long long index = 0;
      if (detail::parse_uint64(part, index) != detail::NumberStatus::ok || index >= node->size()) {
        why =
            fmt::format("'{}' is a list of {}; '{}' is not an index in it", at, node->size(), part);
        return std::nullopt;
      }
      node = &(*node)[static_cast<std::size_t>(index)];
    } else {
      why = fmt::format("'{}' is a single value, it has no '{}'", at, part);
      return std::nullopt;
    }
    at += (at.empty() ? "" : ".") + part;
  }
  if (node->is_number()) return Resolved{node->get<double>(), std::nullopt, std::nullopt, {}};
  if (node->is_object() && node->contains("mean") && node->contains("ci95") &&
      (*node)["ci95"].is_array() && (*node)["ci95"].size() == 2) {
    const Json& ci = (*node)["ci95"];
    Resolved r{number_of((*node)["mean"]), number_of(ci[0]), number_of(ci[1]), {}};
    if (!(*node)["mean"].is_number()) {
      const auto reason = node->find("undefined");
      r.undefined = reason != node->end() && reason->is_string() ? reason->get<std::string>()
                                                                 : "the value is null";
    }
    return r;
  }
  // A ratio with an empty denominator: fails an expectation with this reason.
  if (node->is_null()) return Resolved{kNaN, std::nullopt, std::nullopt, "the value is null"};
  why = fmt::format("'{}' is {}, not a number or an estimate {{mean, ci95}}", at,
                    node->is_object()  ? "a mapping"
                    : node->is_array() ? "a list"
                                       : "text");
  return std::nullopt;
}

// The interval arrays that some of `paths` reaches into (by its first segment): the only ones
// a document for resolving them needs rows of (the others are written empty, with their keys,
// so that a misspelled key gets the same "did you mean").
IntervalArrays arrays_reached(std::span<const std::string_view> paths) {
  IntervalArrays a{false, false, false};
  for (const std::string_view path : paths) {
    const std::string_view first = path.substr(0, path.find('.'));
    a.intervals = a.intervals || first == "intervals";
    a.group_intervals = a.group_intervals || first == "group_intervals";
    a.site_intervals = a.site_intervals || first == "site_intervals";
  }
  return a;
}

// The metrics of precision targets, as paths.
std::vector<std::string_view> metric_paths(const std::vector<PrecisionTarget>& targets) {
  std::vector<std::string_view> paths;
  for (const PrecisionTarget& t : targets) paths.emplace_back(t.metric);
  return paths;
}

// Every metric path of `file`: its expectations' and its precision targets'.
IntervalArrays arrays_reached(const ScenarioFile& file) {
  std::vector<std::string_view> paths =
      file.precision ? metric_paths(file.precision->metrics) : std::vector<std::string_view>{};
  for (const Expectation& e : file.expect) paths.emplace_back(e.metric);
  return arrays_reached(paths);
}

/// Resolves every expectation of `file` in `json`; collects problems as diagnostics.
std::vector<std::optional<Resolved>> resolve_all(const ScenarioFile& file, const Json& json,
                                                 std::vector<Diagnostic>& problems) {
  std::vector<std::optional<Resolved>> out;
  for (const Expectation& e : file.expect) {
    std::string why;
    auto r = resolve(json, e.metric, why);
    if (!r) {
      const SourceLocation& at = e.metric_where.line > 0 ? e.metric_where : e.where;
      problems.push_back(
          {at, fmt::format("expect: metric '{}' is not in the run results: {}", e.metric, why)});
    } else if (e.kind == Expectation::Kind::within_ci && !r->lower) {
      problems.push_back(
          {e.where, fmt::format("expect: metric '{}' is a plain number without a confidence "
                                "interval; within_ci needs an estimate {{mean, ci95}} (give a "
                                "tolerance or rel_tolerance instead)",
                                e.metric)});
      r.reset();
    }
    out.push_back(std::move(r));
  }
  return out;
}

/// What is wrong with a precision target in `json`: not a path of it, or not an estimate.
std::optional<Diagnostic> precision_problem(const Json& json, const PrecisionTarget& t) {
  std::string why;
  const auto v = resolve(json, t.metric, why);
  if (!v) return Diagnostic{t.where, fmt::format("precision metric '{}': {}", t.metric, why)};
  if (!v->lower)
    return Diagnostic{t.where, fmt::format("precision metric '{}' is a plain number without a "
                                           "95% interval; give an estimate such as "
                                           "channels.<name>.service_level",
                                           t.metric)};
  return std::nullopt;
}

/// Terminal columns of UTF-8 text ("±" is two bytes, one column).
std::size_t display_width(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string num(double x) {
  if (std::isnan(x)) return "nan";
  return fmt::format("{:.6g}", x);
}

std::string tolerance_text(const Expectation& e) {
  switch (e.kind) {
    case Expectation::Kind::absolute:
      return "±" + num(e.tolerance);
    case Expectation::Kind::relative:
      return fmt::format("±{}% (±{})", num(e.tolerance * 100),
                         num(e.tolerance * std::abs(e.value)));
    case Expectation::Kind::within_ci:
      return "in 95% CI";
  }
  return "";
}

std::string kind_name(Expectation::Kind k) {
  switch (k) {
    case Expectation::Kind::absolute:
      return "absolute";
    case Expectation::Kind::relative:
      return "relative";
    case Expectation::Kind::within_ci:
      return "within_ci";
  }
  return "";
}

std::string got_text(const CheckOutcome& o) {
  if (!o.undefined.empty()) return "undefined (" + o.undefined + ")";
  if (!o.ci_lower) return num(o.measured);
  return fmt::format("{} [{}, {}]", num(o.measured), num(*o.ci_lower), num(*o.ci_upper));
}

std::string where_text(const FileCheck& f, const Expectation& e) {
  return e.where.line > 0 ? fmt::format("{}:{}", f.file, e.where.line) : f.file;
}

}  // namespace

std::optional<MetricValue> find_metric(const std::string& json_text, const std::string& path,
                                       std::string& why) {
  const Json root = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    why = "the results are not a JSON document";
    return std::nullopt;
  }
  return resolve(root, path, why);
}

std::optional<MetricValue> find_metric(const models::RunResults& results, const std::string& path,
                                       std::string& why) {
  const std::string_view one[] = {path};
  return resolve(Json::parse(to_json(results, arrays_reached(one))), path, why);
}

void check_metric_paths(const ScenarioFile& file) {
  if (file.expect.empty() && !file.precision) return;
  // The shape of the JSON (channel and site names, keys) does not depend on the replications,
  // so an empty aggregate resolves the same paths as a real run.
  const Json json =
      Json::parse(to_json(models::aggregate(file.scenario, {}), arrays_reached(file)));
  std::vector<Diagnostic> problems;
  resolve_all(file, json, problems);
  if (file.precision)
    for (const PrecisionTarget& t : file.precision->metrics)
      if (auto d = precision_problem(json, t)) problems.push_back(std::move(*d));
  if (!problems.empty()) throw InputError(std::move(problems));
}

void check_expectations(const ScenarioFile& file) {
  if (file.expect.empty())
    throw InputError(SourceLocation{file.path, 0, 0},
                     "no expect: block; `ccsim check` needs at least one expectation (a "
                     "regression scenario without one would always pass)");
  check_metric_paths(file);
}

bool meets(const Expectation& e, double measured, std::optional<double> ci_lower,
           std::optional<double> ci_upper) {
  switch (e.kind) {
    case Expectation::Kind::absolute:
      return std::abs(measured - e.value) <= e.tolerance;
    case Expectation::Kind::relative:
      return std::abs(measured - e.value) <= e.tolerance * std::abs(e.value);
    case Expectation::Kind::within_ci:
      return ci_lower && ci_upper && *ci_lower <= e.value && e.value <= *ci_upper;
  }
  return false;
}

FileCheck evaluate(const ScenarioFile& file, const models::RunResults& results) {
  FileCheck out;
  out.file = file.path;
  out.scenario = results.scenario;
  out.seed = results.seed;
  out.replications = results.replications;
  const Json json = Json::parse(to_json(results, arrays_reached(file)));
  std::vector<Diagnostic> problems;
  const auto resolved = resolve_all(file, json, problems);
  for (std::size_t i = 0; i < file.expect.size(); ++i) {
    const Expectation& e = file.expect[i];
    // One replication gives a zero-width interval: within_ci would demand an exact match.
    if (e.kind == Expectation::Kind::within_ci && resolved[i] && results.replications < 2)
      problems.push_back(
          {e.where, fmt::format("expect: within_ci on '{}' needs at least 2 replications, got {}",
                                e.metric, results.replications)});
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  for (std::size_t i = 0; i < file.expect.size(); ++i) {
    const Expectation& e = file.expect[i];
    const Resolved& r = *resolved[i];
    CheckOutcome o{e, r.value, r.lower, r.upper, false, r.undefined};
    // An undefined metric (JSON null) never passes; neither does any other NaN.
    o.passed = r.undefined.empty() && meets(e, r.value, r.lower, r.upper);
    out.outcomes.push_back(std::move(o));
  }
  return out;
}

CheckCounts count(const std::vector<FileCheck>& checks) {
  CheckCounts c;
  for (const FileCheck& f : checks)
    for (const CheckOutcome& o : f.outcomes) (o.passed ? c.passed : c.failed) += 1;
  return c;
}

std::string format_check_table(const std::vector<FileCheck>& checks) {
  std::vector<std::vector<std::string>> rows{
      {"file:line", "metric", "expected", "got [95% CI]", "tolerance", "result"}};
  for (const FileCheck& f : checks)
    for (const CheckOutcome& o : f.outcomes)
      rows.push_back({where_text(f, o.expectation), o.expectation.metric, num(o.expectation.value),
                      got_text(o), tolerance_text(o.expectation), o.passed ? "pass" : "FAIL"});
  std::vector<std::size_t> width(rows[0].size(), 0);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i)
      width[i] = std::max(width[i], display_width(row[i]));
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - display_width(row[i]) + 2, ' ');
    }
    out += line + "\n";
  }
  const CheckCounts c = count(checks);
  out += fmt::format("\n{} expectation(s) in {} file(s): {} passed, {} failed{}\n",
                     c.passed + c.failed, checks.size(), c.passed, c.failed,
                     c.failed > 0 ? " (FAIL)" : "");
  return out;
}

std::string check_to_json(const std::vector<FileCheck>& checks) {
  Json files = Json::array();
  for (const FileCheck& f : checks) {
    Json list = Json::array();
    for (const CheckOutcome& o : f.outcomes) {
      const Expectation& e = o.expectation;
      Json x;
      x["metric"] = e.metric;
      x["line"] = e.where.line;
      x["column"] = e.where.column;
      x["kind"] = kind_name(e.kind);
      x["value"] = e.value;
      if (e.kind != Expectation::Kind::within_ci) x["tolerance"] = e.tolerance;
      x["measured"] = o.measured;
      if (o.ci_lower) x["ci95"] = {*o.ci_lower, *o.ci_upper};
      x["passed"] = o.passed;
      if (!o.undefined.empty()) x["undefined"] = o.undefined;
      list.push_back(std::move(x));
    }
    files.push_back(Json{{"file", f.file},
                         {"scenario", f.scenario},
                         {"seed", f.seed},
                         {"replications", f.replications},
                         {"expectations", std::move(list)}});
  }
  const CheckCounts c = count(checks);
  Json j;
  j["files"] = std::move(files);
  j["passed"] = c.passed;
  j["failed"] = c.failed;
  return j.dump(2) + "\n";
}

namespace {

std::string attr(std::string_view text) { return detail::xml_escape(text, true); }

/// What a failed expectation's <failure message> says: metric, value, expected, tolerance.
std::string failure_message(const CheckOutcome& o) {
  const Expectation& e = o.expectation;
  const std::string expected = e.kind == Expectation::Kind::within_ci
                                   ? fmt::format("expected {} inside the 95% CI", num(e.value))
                                   : fmt::format("expected {} {}", num(e.value), tolerance_text(e));
  if (!o.undefined.empty())
    return fmt::format("{} is undefined ({}); {}", e.metric, o.undefined, expected);
  if (!o.ci_lower) return fmt::format("{} = {}; {}", e.metric, num(o.measured), expected);
  return fmt::format("{} = {} (95% CI [{}, {}]); {}", e.metric, num(o.measured), num(*o.ci_lower),
                     num(*o.ci_upper), expected);
}

}  // namespace

std::string check_to_junit(const std::vector<FileCheck>& checks) {
  const CheckCounts total = count(checks);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out +=
      fmt::format("<testsuites name=\"ccsim check\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                  total.passed + total.failed, total.failed);
  for (const FileCheck& f : checks) {
    CheckCounts c;
    for (const CheckOutcome& o : f.outcomes) (o.passed ? c.passed : c.failed) += 1;
    const std::string scenario = attr(f.scenario);
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" "
        "file=\"{}\">\n",
        scenario, c.passed + c.failed, c.failed, attr(f.file));
    out += fmt::format(
        "    <properties>\n      <property name=\"file\" value=\"{}\"/>\n"
        "      <property name=\"seed\" value=\"{}\"/>\n"
        "      <property name=\"replications\" value=\"{}\"/>\n    </properties>\n",
        attr(f.file), f.seed, f.replications);
    for (const CheckOutcome& o : f.outcomes) {
      const Expectation& e = o.expectation;
      const bool repeated =
          std::count_if(f.outcomes.begin(), f.outcomes.end(), [&](const CheckOutcome& x) {
            return x.expectation.metric == e.metric;
          }) > 1;
      const std::string name =
          repeated ? fmt::format("{} (line {})", e.metric, e.where.line) : e.metric;
      out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
                         attr(name), scenario, attr(f.file), e.where.line);
      if (o.passed) {
        out += "/>\n";
        continue;
      }
      const std::string message = failure_message(o);
      out += fmt::format(
          ">\n      <failure message=\"{}\" type=\"{}\">{}: {}</failure>\n    </testcase>\n",
          attr(message), o.undefined.empty() ? "out_of_tolerance" : "undefined",
          detail::xml_escape(where_text(f, e), false), detail::xml_escape(message, false));
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

PrecisionTarget parse_precision_option(const std::string& text) {
  const auto eq = text.rfind('=');
  const auto bad = [&](const std::string& why) -> PrecisionTarget {
    throw InputError(SourceLocation{}, fmt::format("--precision {}: {}", text, why));
  };
  if (eq == std::string::npos || eq == 0)
    return bad("expected METRIC=HALFWIDTH, e.g. channels.voice.asa_seconds=2");
  PrecisionTarget t;
  t.metric = text.substr(0, eq);
  double h = 0;
  if (detail::parse_decimal(text.substr(eq + 1), h) != detail::NumberStatus::ok || !(h > 0))
    return bad(fmt::format("the half-width must be a number > 0, got '{}'", text.substr(eq + 1)));
  t.half_width = h;
  return t;
}

models::HalfWidthMeasure precision_measure(const models::Scenario& scenario,
                                           const std::vector<PrecisionTarget>& targets) {
  // The shape of the JSON does not depend on the replications (as in check_expectations).
  const IntervalArrays arrays = arrays_reached(metric_paths(targets));
  const Json skeleton = Json::parse(to_json(models::aggregate(scenario, {}), arrays));
  std::vector<Diagnostic> problems;
  for (const PrecisionTarget& t : targets)
    if (auto d = precision_problem(skeleton, t)) problems.push_back(std::move(*d));
  if (!problems.empty()) throw InputError(std::move(problems));
  return [targets, arrays](const models::RunResults& r) {
    const Json json = Json::parse(to_json(r, arrays));  // once for all targets
    std::vector<double> widths;
    for (const PrecisionTarget& t : targets) {
      std::string why;
      const auto v = resolve(json, t.metric, why);
      widths.push_back(v && v->lower && v->upper ? (*v->upper - *v->lower) / 2
                                                 : std::numeric_limits<double>::quiet_NaN());
    }
    return widths;
  };
}

}  // namespace ccsim::io
