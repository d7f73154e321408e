// The HTML report builder. The page is static text plus two scripts: the vendored ECharts
// (embedded at build time, see io/CMakeLists.txt) and a short loader that turns the JSON data
// block into charts. Output depends only on the blocks added: equal results, equal bytes.

#include "html.hpp"

#include <cmath>
#include <cstdlib>
#include <string_view>

#include <fmt/format.h>

#include "text.hpp"

namespace ccsim::io {
namespace detail {
std::string_view echarts_js();  // generated from io/vendor/echarts/echarts.min.js
}  // namespace detail

namespace html {
namespace {

constexpr const char* kEchartsVersion = "5.6.0";

// Four significant digits are far below what a chart shows and keep a month of intervals small.
Json compact(double x) {
  if (!std::isfinite(x)) return nullptr;
  return std::strtod(fmt::format("{:.4g}", x).c_str(), nullptr);
}

Json compact(const std::vector<double>& v) {
  Json out = Json::array();
  for (double x : v) out.push_back(compact(x));
  return out;
}

const char* unit_name(Unit u) {
  switch (u) {
    case Unit::agents:
      return "agents";
    case Unit::percent:
      return "percent";
    case Unit::seconds:
      return "seconds";
    case Unit::count:
      break;
  }
  return "count";
}

// The loader: data block -> ECharts instances; formatters per unit; resize with the window.
// Sets data-charts on <body> to the number of charts drawn (the browser test reads it).
constexpr const char* kLoader = R"js(
(function () {
  var data = JSON.parse(document.getElementById('ccsim-data').textContent);
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  var fmt = {
    count: function (v) { return v == null ? '-' : (Math.abs(v) >= 100 ? v.toFixed(0) : String(+v.toPrecision(3))); },
    percent: function (v) { return v == null ? '-' : (v * 100).toFixed(1) + ' %'; },
    seconds: function (v) {
      if (v == null) return '-';
      if (v < 60) return v.toFixed(1) + ' s';
      if (v < 3600) return Math.floor(v / 60) + ' m ' + pad(Math.round(v % 60) % 60) + ' s';
      return (v / 3600).toFixed(1) + ' h';
    }
  };
  fmt.agents = fmt.count;
  var axis = {
    count: fmt.count, agents: fmt.count, seconds: fmt.seconds,
    percent: function (v) { return Math.round(v * 100) + ' %'; }
  };
  var charts = [];
  data.charts.forEach(function (c) {
    var o = c.option;
    if (o.xAxis && o.xAxis.data === '$time') o.xAxis.data = data.time;
    var f = fmt[c.unit] || fmt.count;
    if (o.visualMap) {
      o.visualMap.formatter = axis[c.unit] || axis.count;
      o.tooltip = { formatter: function (p) { return p.name + ' ' + o.yAxis.data[p.value[1]] + ': ' + f(p.value[2]); } };
    } else {
      o.yAxis = o.yAxis || { type: 'value' };
      o.yAxis.axisLabel = { formatter: axis[c.unit] || axis.count };
      o.tooltip = o.tooltip || { trigger: 'axis' };
      o.tooltip.valueFormatter = f;
    }
    var chart = echarts.init(document.getElementById(c.id), null, { renderer: 'canvas' });
    chart.setOption(o);
    charts.push(chart);
  });
  window.addEventListener('resize', function () { charts.forEach(function (ch) { ch.resize(); }); });
  document.body.setAttribute('data-charts', String(charts.length));
})();
)js";

constexpr const char* kStyle = R"css(
body { font-family: system-ui, sans-serif; margin: 0; color: #222; background: #fff; }
header { padding: 12px 20px; background: #f3f5f8; border-bottom: 1px solid #dde; }
header h1 { margin: 0; font-size: 1.4em; }
header p { margin: 4px 0 0; color: #555; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 8px 16px; padding: 8px 20px; }
main > h2, main > p, main > div.table { grid-column: 1 / -1; }
h2 { margin: 18px 0 0; font-size: 1.15em; border-bottom: 1px solid #dde; }
figure { margin: 0; }
figcaption { font-weight: 600; font-size: 0.9em; margin: 6px 0 2px; }
div.table { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { padding: 2px 8px; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
footer { padding: 12px 20px; color: #777; font-size: 0.8em; }
)css";

}  // namespace

std::vector<std::string> interval_labels(int intervals, double interval_seconds, int start_weekday,
                                         const std::string& start_date, double offset_seconds) {
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(intervals));
  for (int i = 0; i < intervals; ++i) {
    const auto s = static_cast<long long>(std::floor(i * interval_seconds + offset_seconds));
    const long long day = s >= 0 ? s / 86400 : -((-s + 86399) / 86400), in_day = s - day * 86400;
    const std::string d =
        start_date.empty() ? fmt::format("d{}", day) : detail::add_days(start_date, day);
    out.push_back(fmt::format("{} {} {:02}:{:02}", detail::weekday_name(day + start_weekday), d,
                              in_day / 3600, (in_day % 3600) / 60));
  }
  return out;
}

// XML's attribute escaping is valid HTML5 for both text and attributes (one escaper for both).
std::string escape(const std::string& text) { return detail::xml_escape(text, true); }

Document::Document(std::string title, std::string subtitle)
    : title_(std::move(title)), subtitle_(std::move(subtitle)) {}

void Document::set_time_axis(std::vector<std::string> labels) { time_axis_ = std::move(labels); }

void Document::heading(const std::string& text) { body_ += "<h2>" + escape(text) + "</h2>\n"; }

void Document::note(const std::string& text) { body_ += "<p>" + escape(text) + "</p>\n"; }

void Document::table(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows) {
  body_ += "<div class=\"table\"><table>\n<tr>";
  for (const auto& h : header) body_ += "<th>" + escape(h) + "</th>";
  body_ += "</tr>\n";
  for (const auto& r : rows) {
    body_ += "<tr>";
    for (const auto& c : r) body_ += "<td>" + escape(c) + "</td>";
    body_ += "</tr>\n";
  }
  body_ += "</table></div>\n";
}

void Document::chart(const std::string& title, Json option, int height) {
  const std::string id = fmt::format("c{}", charts_++);
  body_ += fmt::format(
      "<figure><figcaption>{}</figcaption><div id=\"{}\" class=\"chart\" "
      "style=\"height:{}px\"></div></figure>\n",
      escape(title), id, height);
  Json c;
  c["id"] = id;
  c["unit"] = option.contains("ccsim_unit") ? option["ccsim_unit"] : Json("count");
  option.erase("ccsim_unit");
  c["option"] = std::move(option);
  charts_json_.push_back(std::move(c));
}

void Document::time_chart_on(const std::vector<std::string>& labels, const std::string& title,
                             const std::vector<Series>& series, Unit unit, int height) {
  const int before = charts_;
  time_chart(title, series, unit, std::nullopt, height);
  if (charts_ > before) charts_json_.back()["option"]["xAxis"]["data"] = labels;
}

void Document::time_chart(const std::string& title, const std::vector<Series>& series, Unit unit,
                          std::optional<double> target, int height) {
  Json o;
  o["ccsim_unit"] = unit_name(unit);
  o["animation"] = false;
  o["grid"] = {{"left", 64}, {"right", 16}, {"top", 28}, {"bottom", 56}};
  o["legend"] = {{"top", 0}};
  o["xAxis"] = {{"type", "category"}, {"data", "$time"}};
  o["yAxis"] = {{"type", "value"}};
  if (unit == Unit::percent) o["yAxis"]["max"] = 1;
  o["dataZoom"] = Json::array(
      {Json{{"type", "inside"}}, Json{{"type", "slider"}, {"height", 16}, {"bottom", 6}}});
  Json list = Json::array();
  for (const Series& s : series) {
    Json j;
    j["name"] = s.name;
    j["type"] = s.style == Style::bar ? "bar" : "line";
    j["data"] = compact(s.values);
    if (s.style != Style::bar) {
      j["showSymbol"] = false;
      j["sampling"] = "lttb";
    }
    if (s.style == Style::step) j["step"] = "end";
    if (s.style == Style::area) j["areaStyle"] = Json::object();
    if (s.style == Style::dashed) j["lineStyle"] = {{"type", "dashed"}};
    list.push_back(std::move(j));
  }
  if (target && !list.empty()) {
    list[0]["markLine"] = {{"silent", true},
                           {"symbol", "none"},
                           {"lineStyle", {{"type", "dashed"}, {"color", "#d62728"}}},
                           {"label", {{"formatter", "target"}, {"position", "insideEndTop"}}},
                           {"data", Json::array({Json{{"yAxis", compact(*target)}}})}};
  }
  o["series"] = std::move(list);
  chart(title, std::move(o), height);
}

void Document::heatmap(const std::string& title, const std::vector<std::string>& x_labels,
                       const std::vector<std::string>& y_labels,
                       const std::vector<std::vector<double>>& values, Unit unit, int height) {
  Json cells = Json::array();
  double lo = 0, hi = unit == Unit::percent ? 1.0 : 0.0;
  for (std::size_t y = 0; y < values.size(); ++y)
    for (std::size_t x = 0; x < values[y].size(); ++x) {
      const double v = values[y][x];
      if (!std::isfinite(v)) continue;
      hi = std::max(hi, v);
      cells.push_back(Json::array({x, y, compact(v)}));
    }
  Json o;
  o["ccsim_unit"] = unit_name(unit);
  o["animation"] = false;
  o["grid"] = {{"left", 48}, {"right", 16}, {"top", 8}, {"bottom", 64}};
  o["xAxis"] = {{"type", "category"}, {"data", x_labels}, {"splitArea", {{"show", true}}}};
  o["yAxis"] = {
      {"type", "category"}, {"data", y_labels}, {"inverse", true}, {"splitArea", {{"show", true}}}};
  o["visualMap"] = {
      {"min", lo},          {"max", compact(hi)},
      {"calculable", true}, {"orient", "horizontal"},
      {"left", "center"},   {"bottom", 0},
      {"itemHeight", 120},  {"inRange", {{"color", {"#f7fbff", "#6baed6", "#08306b"}}}}};
  o["series"] = Json::array({Json{{"type", "heatmap"}, {"data", std::move(cells)}}});
  chart(title, std::move(o), height);
}

std::string Document::render() const {
  Json data;
  data["time"] = time_axis_;
  data["charts"] = charts_json_;
  std::string json = data.dump();
  // Inside <script>, "</" could end the element: "<\/" is the same JSON string.
  for (std::size_t p = 0; (p = json.find("</", p)) != std::string::npos; p += 3)
    json.replace(p, 2, "<\\/");
  std::string out;
  const std::string_view lib = detail::echarts_js();
  out.reserve(lib.size() + json.size() + body_.size() + 4096);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + escape(title_) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<header><h1>" + escape(title_) + "</h1><p>" + escape(subtitle_) + "</p></header>\n";
  out += "<main>\n" + body_ + "</main>\n";
  out += fmt::format(
      "<footer>Generated by ccsim. Charts drawn with Apache ECharts {} (Apache License 2.0; "
      "copyright The Apache Software Foundation), embedded in this file: nothing is fetched "
      "when it is opened.</footer>\n",
      kEchartsVersion);
  out += "<script>";
  out += lib;
  out += "</script>\n<script type=\"application/json\" id=\"ccsim-data\">" + json + "</script>\n";
  out += "<script>" + std::string(kLoader) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace html
}  // namespace ccsim::io
