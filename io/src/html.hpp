#pragma once
// The HTML report builder shared by every command's HTML writer (run, staff, roster, ...).
//
// A Document is a list of blocks (headings, notes, tables, charts) rendered into one
// self-contained file: the vendored Apache ECharts (io/vendor/echarts) and the data are
// inlined, so opening the report fetches nothing. Charts are ECharts options (JSON); the
// helpers below build the usual ones (a time series over the reporting intervals with an
// optional target line, a heat map by hour of week). A writer for a new command builds a
// Document from its result and calls render():
//
//   html::Document doc("roster: tele2", "seed 42, 30 day(s)");
//   doc.set_time_axis(html::interval_labels(n, interval_seconds, start_weekday));
//   doc.heading("Coverage");
//   doc.time_chart("irkutsk: required vs scheduled",
//                  {{"required", req, html::Style::step}, {"scheduled", sch}}, html::Unit::agents);
//   return doc.render();

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ccsim::io::html {

using Json = nlohmann::ordered_json;

/// How values are shown on an axis and in tooltips.
enum class Unit { count, agents, percent, seconds };

/// How a series is drawn.
enum class Style { line, step, area, bar, dashed };

/// One series of a time chart; `values` has one entry per interval of the time axis (NaN =
/// no value, drawn as a gap).
struct Series {
  std::string name;
  std::vector<double> values;
  Style style = Style::line;
};

/// Labels of the reporting intervals: "Mon d0 08:30" (UTC), weekday from `start_weekday`
/// (0 = Monday); with an ISO `start_date` the day is the calendar date ("Mon 2026-03-02 08:30").
/// `offset_seconds` shifts every label (a site's UTC offset: its local time).
std::vector<std::string> interval_labels(int intervals, double interval_seconds, int start_weekday,
                                         const std::string& start_date = "",
                                         double offset_seconds = 0);

/// Escapes &, <, >, " and ' for HTML text and attribute values (detail::xml_escape).
std::string escape(const std::string& text);

class Document {
 public:
  Document(std::string title, std::string subtitle);

  /// The x axis shared by every time_chart(); set it before adding time charts.
  void set_time_axis(std::vector<std::string> labels);

  void heading(const std::string& text);
  void note(const std::string& text);
  /// A table of plain text cells (escaped here).
  void table(const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows);

  /// A line/bar chart over the time axis, with a dashed horizontal target line when given.
  void time_chart(const std::string& title, const std::vector<Series>& series, Unit unit,
                  std::optional<double> target = std::nullopt, int height = 260);

  /// time_chart() on its own x axis instead of the shared one (e.g. a site's local time).
  void time_chart_on(const std::vector<std::string>& labels, const std::string& title,
                     const std::vector<Series>& series, Unit unit, int height = 260);

  /// A heat map: `values[y][x]` (NaN = empty cell), e.g. occupancy by hour (x) and weekday (y).
  void heatmap(const std::string& title, const std::vector<std::string>& x_labels,
               const std::vector<std::string>& y_labels,
               const std::vector<std::vector<double>>& values, Unit unit, int height = 260);

  /// Any ECharts option, as is (the time axis placeholder "$time" in xAxis.data is replaced by
  /// the labels of set_time_axis()).
  void chart(const std::string& title, Json option, int height = 260);

  /// Number of charts added so far.
  int charts() const { return charts_; }

  /// The complete HTML file.
  std::string render() const;

 private:
  std::string title_, subtitle_;
  std::vector<std::string> time_axis_;
  std::string body_;
  Json charts_json_ = Json::array();
  int charts_ = 0;
};

}  // namespace ccsim::io::html
