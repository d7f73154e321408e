// The HTML report of `ccsim staff`: headcount per site, then per site the requirement per
// interval against the scheduled seats and the net staffing (models/net_staffing.hpp), and per
// channel the requirement (analytic and simulated) over all sites.

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ccsim/io/staff_report.hpp"
#include "html.hpp"
#include "net_staffing_json.hpp"
#include "text.hpp"

namespace ccsim::io {

std::string to_html(const models::StaffingPlan& p) {
  using html::Series;
  using html::Style;
  using html::Unit;
  html::Document doc(
      "ccsim staff: " + p.scenario,
      fmt::format("{}; seed {}, {} day(s)",
                  p.simulated ? fmt::format("simulated, {} replication(s) per pass, {} pass(es)",
                                            p.replications, p.passes)
                              : std::string("analytic only (Erlang)"),
                  p.seed, detail::format_number(p.horizon_days)));
  int n = 0;
  for (const auto& r : p.rows) n = std::max(n, r.interval + 1);
  n = std::max(n, p.net.intervals);
  doc.set_time_axis(html::interval_labels(n, p.interval_seconds > 0 ? p.interval_seconds : 1800,
                                          p.start_weekday, p.net.start_date));

  doc.heading("Headcount per site");
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : p.sites)
    rows.push_back({s.name, std::to_string(s.headcount_available),
                    std::to_string(s.headcount_required), std::to_string(s.surplus),
                    std::to_string(s.headcount_required_analytic),
                    fmt::format("{:.0f} %", s.shrinkage * 100)});
  rows.push_back({"total", std::to_string(p.headcount_available),
                  std::to_string(p.headcount_required), std::to_string(p.surplus), "", ""});
  doc.table({"site", "available", "required", "surplus", "required (analytic)", "shrinkage"}, rows);
  doc.note(
      "Seats per interval (UTC); the requirement of a site is the sum over its groups (simulated "
      "when simulated, else analytic). Net = scheduled - required per group: short is the sum "
      "of the groups' shortfalls (seats of one group do not cover another's skills), over the "
      "sum of their excess.");

  detail::net_staffing_charts(doc, p.net);
  std::vector<std::vector<double>> ch_analytic(p.channels.size(), std::vector<double>(n, 0.0)),
      ch_simulated(p.channels.size(), std::vector<double>(n, 0.0));
  // Channel totals over all groups (rows are per group: a shared group has no channel).
  for (std::size_t c = 0; c < p.channels.size(); ++c) {
    const auto& ch = p.channels[c];
    for (std::size_t i = 0; i < ch.analytic.size() && i < ch_analytic[c].size(); ++i)
      ch_analytic[c][i] = ch.analytic[i];
    for (std::size_t i = 0; i < ch.simulated.size() && i < ch_simulated[c].size(); ++i)
      ch_simulated[c][i] = ch.simulated[i];
  }
  doc.heading("Requirement per channel (all sites)");
  for (std::size_t c = 0; c < p.channels.size(); ++c) {
    std::vector<Series> series{{"analytic", ch_analytic[c], Style::step}};
    if (p.simulated) series.push_back({"simulated", ch_simulated[c], Style::step});
    doc.time_chart(p.channels[c].name + ": agents required", series, Unit::agents);
  }
  return doc.render();
}

}  // namespace ccsim::io
