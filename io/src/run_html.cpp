// The HTML report of `ccsim run`: a summary table, then per channel the intraday curves
// (offered; service level, ASA and abandon % per interval with their targets), the email
// backlog, and per site the agents on duty per group, an occupancy heat map by hour of week
// in the site's local time and the service level per channel of the contacts homed there.

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ccsim/io/report.hpp"
#include "html.hpp"
#include "text.hpp"

namespace ccsim::io {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// An undefined ratio (NaN: an empty denominator) shows as a dash, never as 0 or "nan".
std::string pct(double x) { return std::isfinite(x) ? fmt::format("{:.1f} %", x * 100) : "–"; }

int interval_count(const models::RunResults& r) {
  int n = 0;
  for (const auto& row : r.intervals) n = std::max(n, row.index + 1);
  for (const auto& row : r.group_intervals) n = std::max(n, row.index + 1);
  return n;
}

}  // namespace

std::string to_html(const models::RunResults& r) {
  using html::Series;
  using html::Style;
  using html::Unit;
  html::Document doc("ccsim run: " + r.scenario,
                     fmt::format("{} replication(s), seed {}, {} day(s); means per replication{}",
                                 r.replications, r.seed, detail::format_number(r.horizon_days),
                                 r.start_date.empty() ? "" : ", day 0 = " + r.start_date));
  const int n = interval_count(r);
  const double len = r.interval_seconds > 0 ? r.interval_seconds : 1800;
  doc.set_time_axis(html::interval_labels(n, len, r.start_weekday, r.start_date));

  doc.heading("Channels");
  // The first-response column only when some channel models the agent's first reply (else it
  // repeats ASA).
  const bool first_reply = std::any_of(r.channels.begin(), r.channels.end(),
                                       [](const auto& c) { return c.has_first_reply; });
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : r.channels) {
    rows.push_back({c.name, models::to_string(c.kind), fmt::format("{:.0f}", c.offered),
                    fmt::format("{:.0f}", c.answered), pct(c.service_level.mean),
                    detail::readable_duration(c.asa_seconds.mean), pct(c.abandon_rate.mean),
                    pct(c.occupancy.mean), fmt::format("{:.0f}", c.backlog_end.mean)});
    if (first_reply)
      rows.back().insert(rows.back().begin() + 6,
                         detail::readable_duration(c.first_response_seconds.mean));
  }
  std::vector<std::string> header{"channel",   "kind",          "offered",
                                  "answered",  "service level", "ASA",
                                  "abandoned", "occupancy",     "backlog at end"};
  if (first_reply) header.insert(header.begin() + 6, "first response");
  doc.table(header, rows);
  doc.note("Times on the charts are UTC. Drag or scroll a chart to zoom into a day.");

  for (const auto& c : r.channels) {
    std::vector<double> offered(n, kNaN), sl(n, kNaN), asa(n, kNaN), ab(n, kNaN), backlog(n, kNaN);
    for (const auto& row : r.intervals) {
      if (row.channel != c.name) continue;
      const auto i = static_cast<std::size_t>(row.index);
      offered[i] = row.offered;
      if (row.offered > 0) {
        sl[i] = row.service_level;
        ab[i] = row.abandoned / row.offered;
      }
      if (row.answered > 0) asa[i] = row.asa_seconds;
      backlog[i] = row.backlog_end;
    }
    doc.heading(fmt::format("{} ({})", c.name, models::to_string(c.kind)));
    doc.time_chart(c.name + ": offered per interval", {Series{"offered", offered, Style::area}},
                   Unit::count);
    doc.time_chart(fmt::format("{}: service level (answered within {})", c.name,
                               detail::readable_duration(c.sl_seconds)),
                   {Series{"service level", sl}}, Unit::percent, c.targets.service_level);
    doc.time_chart(c.name + ": ASA", {Series{"ASA", asa}}, Unit::seconds, c.targets.asa_seconds);
    if (c.kind == models::ChannelKind::email)
      doc.time_chart(c.name + ": backlog at the interval's end", {Series{"backlog", backlog}},
                     Unit::count);
    else
      doc.time_chart(c.name + ": abandoned %", {Series{"abandoned", ab}}, Unit::percent,
                     c.targets.abandon_rate);
  }

  for (std::size_t si = 0; si < r.sites.size(); ++si) {
    const auto& s = r.sites[si];
    doc.heading(fmt::format("site {} (UTC{:+g})", s.name, s.utc_offset_hours));
    std::vector<std::string> groups;
    for (const auto& g : r.group_intervals)
      if (g.site == s.name && std::find(groups.begin(), groups.end(), g.group) == groups.end())
        groups.push_back(g.group);
    std::vector<Series> on_duty;
    for (const auto& g : groups)
      on_duty.push_back(Series{g, std::vector<double>(n, kNaN), Style::step});
    // Occupancy by hour of week in local time: busy / staffed agent-time of the hour's intervals.
    std::vector<std::vector<double>> busy(7, std::vector<double>(24, 0.0)),
        staffed(7, std::vector<double>(24, 0.0));
    for (const auto& g : r.group_intervals) {
      if (g.site != s.name) continue;
      const auto gi = static_cast<std::size_t>(std::find(groups.begin(), groups.end(), g.group) -
                                               groups.begin());
      on_duty[gi].values[static_cast<std::size_t>(g.index)] = g.agents_on_duty;
      const double local = g.start_seconds + s.utc_offset_hours * 3600;
      const auto hour_of_week = static_cast<long long>(std::floor(local / 3600)) +
                                static_cast<long long>(r.start_weekday) * 24;
      const auto h = static_cast<std::size_t>(((hour_of_week % 168) + 168) % 168);
      if (!std::isfinite(g.occupancy)) continue;  // nobody on duty
      busy[h / 24][h % 24] += g.occupancy * g.agents_on_duty;
      staffed[h / 24][h % 24] += g.agents_on_duty;
    }
    std::vector<std::vector<double>> occ(7, std::vector<double>(24, kNaN));
    for (int d = 0; d < 7; ++d)
      for (int h = 0; h < 24; ++h)
        if (staffed[d][h] > 0) occ[d][h] = busy[d][h] / staffed[d][h];
    // Against the requirement: the analytic staffing of the offered load (RunResults).
    std::string vs = " vs required";
    if (si < r.site_required.size()) {
      std::vector<double> req(n, kNaN);
      for (std::size_t i = 0; i < req.size() && i < r.site_required[si].size(); ++i)
        req[i] = r.site_required[si][i];
      on_duty.push_back(Series{"required (Erlang, all groups)", std::move(req), Style::dashed});
    } else {
      vs += r.required_note.empty() ? std::string(" (not computed)") : " (" + r.required_note + ")";
    }
    doc.time_chart(s.name + ": agents on duty per group" + vs, on_duty, Unit::agents);
    std::vector<std::string> hours;
    for (int h = 0; h < 24; ++h) hours.push_back(fmt::format("{:02}", h));
    doc.heatmap(s.name + ": occupancy by hour of week (site local time)", hours,
                {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}, occ, Unit::percent);
    // Service level per channel of the contacts whose home is the site (site_intervals).
    std::vector<Series> home_sl;
    for (const auto& c : r.channels) {
      Series line{c.name, std::vector<double>(n, kNaN)};
      bool any = false;
      for (const auto& x : r.site_intervals) {
        if (x.site != s.name || x.channel != c.name) continue;
        any = true;
        if (x.index >= 0 && x.index < n)
          line.values[static_cast<std::size_t>(x.index)] = x.service_level;
      }
      if (any) home_sl.push_back(std::move(line));
    }
    if (!home_sl.empty())
      doc.time_chart(s.name + ": service level of the contacts homed here, per channel", home_sl,
                     Unit::percent);
  }
  return doc.render();
}

}  // namespace ccsim::io
