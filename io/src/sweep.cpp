// ccsim sweep: --vary parsing, the grid, and the sensitivity table's writers.

#include "ccsim/io/sweep.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ccsim/io/error.hpp"
#include "ccsim/io/scenario_file.hpp"
#include "html.hpp"
#include "text.hpp"

namespace ccsim::io {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxAxisValues = 10000;

std::string trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(s.begin());
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  for (char c : s) {
    if (c == sep) {
      out.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  out.push_back(part);
  return out;
}

// Range and factor arithmetic leaves binary noise (0.9 + 3 x 0.05 = 1.0500000000000003):
// 12 significant digits are far more than any scenario value needs and read back cleanly.
std::string clean_number(double x) {
  double rounded = 0;
  const std::string text = fmt::format("{:.12g}", x);
  detail::parse_decimal(text, rounded);
  return detail::format_number(rounded == 0 ? 0.0 : rounded);
}

bool is_whole_number_text(const std::string& s) {
  if (s.empty()) return false;
  std::size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

}  // namespace

SweepAxis parse_vary(const std::string& argument, const std::string& scenario_path,
                     const std::vector<std::string>& overrides) {
  const SourceLocation where{"--vary " + argument, 0, 0};
  SweepAxis axis;
  axis.argument = argument;
  const auto eq = argument.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(where,
                     "expected KEY=V1,V2,... (values, ranges A..B:STEP or factors xF), "
                     "e.g. --vary channels.voice.volume.per_hour=1800,2000,2200");
  axis.key = trim(argument.substr(0, eq));
  const std::string spec = argument.substr(eq + 1);
  for (std::string item : split(spec, ',')) {
    item = trim(item);
    if (item.empty())
      throw InputError(where, "empty value in the list (two commas, or a comma at an end)");
    if (const auto dots = item.find(".."); dots != std::string::npos) {
      const auto colon = item.find(':', dots);
      if (colon == std::string::npos)
        throw InputError(
            where, fmt::format("range '{}' needs a step: A..B:STEP, e.g. 0.9..1.2:0.05", item));
      double a = 0, b = 0, step = 0;
      const std::string ta = item.substr(0, dots), tb = item.substr(dots + 2, colon - dots - 2),
                        ts = item.substr(colon + 1);
      if (detail::parse_decimal(ta, a) != detail::NumberStatus::ok ||
          detail::parse_decimal(tb, b) != detail::NumberStatus::ok ||
          detail::parse_decimal(ts, step) != detail::NumberStatus::ok)
        throw InputError(where, fmt::format("range '{}': A, B and STEP must be numbers", item));
      if (!(step > 0)) throw InputError(where, fmt::format("range '{}': STEP must be > 0", item));
      if (b < a) throw InputError(where, fmt::format("range '{}' is empty: B is below A", item));
      const double n = std::floor((b - a) / step + 1e-9);
      if (n + 1 > static_cast<double>(kMaxAxisValues))
        throw InputError(where, fmt::format("range '{}' has {:.0f} values, more than {}", item,
                                            n + 1, kMaxAxisValues));
      for (int i = 0; i <= static_cast<int>(n); ++i)
        axis.values.push_back(clean_number(a + i * step));
      continue;
    }
    if (item[0] == 'x' || item[0] == 'X') {
      double f = 0;
      if (detail::parse_decimal(item.substr(1), f) != detail::NumberStatus::ok)
        throw InputError(where,
                         fmt::format("factor '{}': expected x and a number, e.g. x1.1", item));
      const auto current = scenario_scalar(scenario_path, overrides, axis.key);
      if (!current)
        throw InputError(where, fmt::format("factor '{}' needs a value to multiply, but the "
                                            "scenario has no single value at '{}'",
                                            item, axis.key));
      double x = 0;
      if (detail::parse_decimal(*current, x) == detail::NumberStatus::ok) {
        axis.values.push_back(is_whole_number_text(*current)
                                  ? fmt::format("{:.0f}", std::round(x * f))
                                  : clean_number(x * f));
      } else {
        try {
          axis.values.push_back(clean_number(parse_duration(*current) * f));
        } catch (const std::invalid_argument&) {
          throw InputError(where, fmt::format("factor '{}': the value at '{}' is '{}', not a "
                                              "number or a duration",
                                              item, axis.key, *current));
        }
      }
      continue;
    }
    axis.values.push_back(item);
  }
  if (axis.values.size() > kMaxAxisValues)
    throw InputError(where,
                     fmt::format("{} values, more than {}", axis.values.size(), kMaxAxisValues));
  return axis;
}

std::vector<std::vector<std::string>> sweep_grid(const std::vector<SweepAxis>& axes,
                                                 std::size_t max_points) {
  std::size_t n = 1;
  for (const SweepAxis& a : axes) {
    if (a.values.empty()) return {};
    if (n > max_points / a.values.size())
      throw InputError(SourceLocation{"--vary " + a.argument, 0, 0},
                       fmt::format("the grid would have more than {} points", max_points));
    n *= a.values.size();
  }
  std::vector<std::vector<std::string>> grid;
  grid.reserve(n);
  std::vector<std::size_t> at(axes.size(), 0);
  for (std::size_t p = 0; p < n; ++p) {
    std::vector<std::string> point;
    for (std::size_t i = 0; i < axes.size(); ++i)
      point.push_back(axes[i].key + "=" + axes[i].values[at[i]]);
    grid.push_back(std::move(point));
    // The last axis varies fastest.
    for (std::size_t i = axes.size(); i-- > 0;) {
      if (++at[i] < axes[i].values.size()) break;
      at[i] = 0;
    }
  }
  return grid;
}

namespace {

Json metric_json(const MetricValue& m) {
  const auto number = [](double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); };
  if (m.lower)
    return Json{{"mean", number(m.value)}, {"ci95", {number(*m.lower), number(*m.upper)}}};
  return number(m.value);
}

std::string to_json(const SweepResult& r) {
  Json j;
  j["scenario"] = r.scenario;
  j["command"] = r.command;
  j["seed"] = r.seed;
  j["replications"] = r.replications;
  Json vary = Json::array();
  for (const SweepAxis& a : r.axes) vary.push_back(Json{{"key", a.key}, {"values", a.values}});
  j["vary"] = std::move(vary);
  j["columns"] = r.columns;
  Json points = Json::array();
  for (const auto& p : r.points) {
    Json set = Json::object();
    for (std::size_t i = 0; i < r.axes.size(); ++i) set[r.axes[i].key] = p.values[i];
    Json values = Json::object();
    for (std::size_t c = 0; c < r.columns.size(); ++c)
      values[r.columns[c]] = metric_json(p.metrics[c]);
    points.push_back(Json{{"set", std::move(set)}, {"values", std::move(values)}});
  }
  j["points"] = std::move(points);
  return j.dump(2) + "\n";
}

bool is_estimate(const SweepResult& r, std::size_t column) {
  for (const auto& p : r.points)
    if (p.metrics[column].lower) return true;
  return false;
}

std::string num(double x) { return std::isfinite(x) ? detail::format_number(x) : ""; }

std::string to_csv(const SweepResult& r) {
  std::vector<std::string> header{"point"};
  for (const SweepAxis& a : r.axes) header.push_back(a.key);
  for (std::size_t c = 0; c < r.columns.size(); ++c) {
    header.push_back(r.columns[c]);
    if (is_estimate(r, c)) {
      header.push_back(r.columns[c] + "_ci95_lo");
      header.push_back(r.columns[c] + "_ci95_hi");
    }
  }
  std::string out = detail::csv_line(header);
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    const auto& p = r.points[i];
    std::vector<std::string> row{std::to_string(i)};
    for (const auto& v : p.values) row.push_back(v);
    for (std::size_t c = 0; c < r.columns.size(); ++c) {
      const MetricValue& m = p.metrics[c];
      row.push_back(num(m.value));
      if (is_estimate(r, c)) {
        row.push_back(m.lower ? num(*m.lower) : "");
        row.push_back(m.upper ? num(*m.upper) : "");
      }
    }
    out += detail::csv_line(row);
  }
  return out;
}

// Terminal columns of UTF-8 text ("±" is two bytes, one column).
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string cell(const MetricValue& m) {
  if (!std::isfinite(m.value)) return "-";
  if (!m.lower || !m.upper || !std::isfinite(*m.lower) || !std::isfinite(*m.upper))
    return fmt::format("{:.6g}", m.value);
  return fmt::format("{:.4g} ± {:.2g}", m.value, (*m.upper - *m.lower) / 2);
}

std::string format_table(const SweepResult& r) {
  std::string out = fmt::format(
      "sweep of scenario {} ({}): {} point(s), {} replication(s){}, "
      "seed {} (common random numbers)\n\n",
      r.scenario, r.command, r.points.size(), r.replications,
      r.command == "run" ? " each" : " per pass", r.seed);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"#"};
  for (const SweepAxis& a : r.axes) header.push_back(a.key);
  for (const auto& c : r.columns) header.push_back(c);
  rows.push_back(header);
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    std::vector<std::string> row{std::to_string(i)};
    for (const auto& v : r.points[i].values) row.push_back(v);
    for (const auto& m : r.points[i].metrics) row.push_back(cell(m));
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> w(header.size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) w[c] = std::max(w[c], width(row[c]));
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) line += "  ";
      const std::string pad(w[c] - width(row[c]), ' ');
      // Axis values and the point number left-aligned, metrics right-aligned.
      line += c <= r.axes.size() ? row[c] + pad : pad + row[c];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  if (r.command == "run")
    out += "\n(means per replication; ± is the half-width of the 95% confidence interval)\n";
  return out;
}

std::string point_name(const SweepResult& r, const SweepResult::Point& p) {
  std::string s;
  for (std::size_t i = 0; i < r.axes.size(); ++i)
    s += (i > 0 ? ", " : "") + r.axes[i].key + "=" + p.values[i];
  return s;
}

html::Unit unit_of(const std::string& column) {
  for (const char* m : {"service_level", "abandon_rate", "occupancy", "p_wait"})
    if (column.ends_with(m)) return html::Unit::percent;
  if (column.ends_with("_seconds")) return html::Unit::seconds;
  if (column.find("headcount") != std::string::npos || column.find("agents") != std::string::npos)
    return html::Unit::agents;
  return html::Unit::count;
}

// One table of every point, then one chart per column over the grid points (mean, and the 95%
// interval as dashed lines for estimates).
std::string to_html(const SweepResult& r) {
  html::Document doc(fmt::format("sweep: {} ({})", r.scenario, r.command),
                     fmt::format("{} point(s), {} replication(s){}, seed {} (common random "
                                 "numbers)",
                                 r.points.size(), r.replications,
                                 r.command == "run" ? " each" : " per pass", r.seed));
  std::vector<std::string> labels;
  for (const auto& p : r.points) labels.push_back(point_name(r, p));
  doc.set_time_axis(labels);
  doc.heading("Sensitivity table");
  std::vector<std::string> header{"#"};
  for (const SweepAxis& a : r.axes) header.push_back(a.key);
  for (const auto& c : r.columns) header.push_back(c);
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    std::vector<std::string> row{std::to_string(i)};
    for (const auto& v : r.points[i].values) row.push_back(v);
    for (const auto& m : r.points[i].metrics) row.push_back(cell(m));
    rows.push_back(std::move(row));
  }
  doc.table(header, rows);
  doc.heading("Each metric over the grid");
  for (std::size_t c = 0; c < r.columns.size(); ++c) {
    std::vector<html::Series> series{{"mean", {}, html::Style::line}};
    const bool ci = is_estimate(r, c);
    if (ci) {
      series.push_back({"95% CI low", {}, html::Style::dashed});
      series.push_back({"95% CI high", {}, html::Style::dashed});
    }
    for (const auto& p : r.points) {
      const MetricValue& m = p.metrics[c];
      series[0].values.push_back(m.value);
      if (ci) {
        series[1].values.push_back(m.lower.value_or(std::nan("")));
        series[2].values.push_back(m.upper.value_or(std::nan("")));
      }
    }
    doc.time_chart(r.columns[c], series, unit_of(r.columns[c]));
  }
  return doc.render();
}

}  // namespace

const WriterRegistry<SweepResult>& sweep_writers() {
  using R = SweepResult;
  using W = Writer<R>;
  static const WriterRegistry<R> registry = [] {
    WriterRegistry<R> r;
    r.add(W{"table", "", [](const R& x) { return format_table(x); }, {}});
    r.add(W{"csv",
            "one row per point",
            [](const R& x) { return to_csv(x); },
            {{"sweep.csv", [](const R& x) { return to_csv(x); }}}});
    r.add(W{"json", "", [](const R& x) { return to_json(x); }, {{"summary.json", [](const R& x) {
                                                                   return to_json(x);
                                                                 }}}});
    r.add(W{"html",
            "one self-contained report",
            [](const R& x) { return to_html(x); },
            {{"report.html", [](const R& x) { return to_html(x); }}}});
    return r;
  }();
  return registry;
}

}  // namespace ccsim::io
