// Net staffing writers (CSV, text table, JSON, HTML charts): one place for the columns and keys
// that `ccsim staff` and `ccsim roster` share.

#include <string>
#include <vector>

#include <fmt/format.h>

#include "ccsim/io/net_staffing_report.hpp"
#include "ccsim/io/report.hpp"
#include "net_staffing_json.hpp"
#include "text.hpp"

namespace ccsim::io {

namespace {

using Json = nlohmann::ordered_json;
using detail::csv_line;
using detail::format_number;
using detail::interval_start;

const char* flag(const models::NetStaffingRow& r) {
  return r.is_short() ? "short" : r.is_over() ? "over" : "";
}

double local_seconds(const models::NetStaffing& n, int site, double utc_seconds) {
  return utc_seconds + n.sites.at(static_cast<std::size_t>(site)).utc_offset_hours * 3600;
}

const std::string& group_name(const models::NetStaffing& n, const models::NetStaffingRow& r) {
  return n.sites.at(static_cast<std::size_t>(r.site)).groups.at(static_cast<std::size_t>(r.group));
}

/// "Tue d1 09:30" (local), with the date instead of d1 when the horizon has one.
std::string local_label(const models::NetStaffing& n, int site, int interval) {
  const double t = local_seconds(n, site, interval * n.interval_seconds);
  const std::string when = interval_start(t);
  const std::string day =
      n.start_date.empty() ? when : detail::date_at(t, n.start_date) + when.substr(when.find(' '));
  return fmt::format("{} {}", detail::weekday_at(t, n.start_weekday), day);
}

}  // namespace

std::string net_staffing_csv(const models::NetStaffing& n) {
  std::string out = csv_line({"index", "start_seconds", "start", "weekday", "date", "site", "group",
                              "local_start", "local_weekday", "local_date", "required", "scheduled",
                              "net", "flag"});
  const bool dated = !n.start_date.empty();
  for (const auto& r : n.rows) {
    const double local = local_seconds(n, r.site, r.start_seconds);
    out += csv_line({std::to_string(r.interval), format_number(r.start_seconds),
                     interval_start(r.start_seconds),
                     detail::weekday_at(r.start_seconds, n.start_weekday),
                     dated ? detail::date_at(r.start_seconds, n.start_date) : "",
                     n.sites.at(static_cast<std::size_t>(r.site)).name, group_name(n, r),
                     interval_start(local), detail::weekday_at(local, n.start_weekday),
                     dated ? detail::date_at(local, n.start_date) : "", format_number(r.required),
                     format_number(r.scheduled), format_number(r.net()), flag(r)});
  }
  return out;
}

std::string net_staffing_table(const models::NetStaffing& n) {
  std::string out =
      "net staffing over the horizon (seats scheduled - required per interval and group; a site "
      "is short when one of its groups is; per-interval rows: --format net):\n";
  out += fmt::format("{:<16} {:>9} {:>7} {:>7} {:>11} {:<24} {:>11} {:>11} {:>9} {:>9}\n", "site",
                     "intervals", "short", "over", "worst short", "  worst at (local)",
                     "seat-h req", "seat-h sch", "h short", "h over");
  for (std::size_t si = 0; si < n.sites.size(); ++si) {
    const auto& s = n.sites[si];
    if (s.intervals == 0) continue;
    out += fmt::format(
        "{:<16} {:>9} {:>7} {:>7} {:>11.1f} {:<24} {:>11.0f} {:>11.0f} {:>9.1f} {:>9.1f}\n", s.name,
        s.intervals, s.intervals_short, s.intervals_over, s.worst_shortfall,
        s.worst_interval >= 0 ? "  " + local_label(n, static_cast<int>(si), s.worst_interval)
                              : std::string("  -"),
        s.seat_hours_required, s.seat_hours_scheduled, s.seat_hours_short, s.seat_hours_over);
  }
  return out;
}

namespace detail {

Json net_staffing_json(const models::NetStaffing& n) {
  Json sites = Json::object();
  for (std::size_t si = 0; si < n.sites.size(); ++si) {
    const auto& s = n.sites[si];
    const bool worst = s.worst_interval >= 0;
    sites[s.name] =
        Json{{"intervals", s.intervals},
             {"intervals_short", s.intervals_short},
             {"intervals_over", s.intervals_over},
             {"worst_shortfall", s.worst_shortfall},
             {"worst_interval", worst ? Json(s.worst_interval) : Json(nullptr)},
             {"worst_start",
              worst ? Json(interval_start(s.worst_interval * n.interval_seconds)) : Json(nullptr)},
             {"worst_local_start",
              worst ? Json(interval_start(local_seconds(n, static_cast<int>(si),
                                                        s.worst_interval * n.interval_seconds)))
                    : Json(nullptr)},
             {"seat_hours_required", s.seat_hours_required},
             {"seat_hours_scheduled", s.seat_hours_scheduled},
             {"seat_hours_short", s.seat_hours_short},
             {"seat_hours_over", s.seat_hours_over}};
  }
  Json rows = Json::array();
  const bool dated = !n.start_date.empty();
  for (const auto& r : n.rows) {
    const double local = local_seconds(n, r.site, r.start_seconds);
    Json x{{"index", r.interval},
           {"start_seconds", r.start_seconds},
           {"start", interval_start(r.start_seconds)},
           {"weekday", weekday_at(r.start_seconds, n.start_weekday)}};
    if (dated) x["date"] = date_at(r.start_seconds, n.start_date);
    x["site"] = n.sites.at(static_cast<std::size_t>(r.site)).name;
    x["group"] = group_name(n, r);
    x["local_start"] = interval_start(local);
    x["local_weekday"] = weekday_at(local, n.start_weekday);
    if (dated) x["local_date"] = date_at(local, n.start_date);
    x["required"] = r.required;
    x["scheduled"] = r.scheduled;
    x["net"] = r.net();
    x["flag"] = flag(r);
    rows.push_back(std::move(x));
  }
  return Json{{"sites", std::move(sites)}, {"intervals", std::move(rows)}};
}

void net_staffing_charts(html::Document& doc, const models::NetStaffing& n) {
  using html::Series;
  using html::Style;
  const auto len = static_cast<std::size_t>(n.intervals);
  for (std::size_t si = 0; si < n.sites.size(); ++si) {
    const auto& s = n.sites[si];
    if (s.intervals == 0) continue;
    std::vector<double> required(len, 0.0), scheduled(len, 0.0), short_of(len, 0.0), over(len, 0.0);
    for (const auto& r : n.rows) {
      if (r.site != static_cast<int>(si)) continue;
      const auto i = static_cast<std::size_t>(r.interval);
      required[i] += r.required;
      scheduled[i] += r.scheduled;
      if (r.is_short()) short_of[i] += r.net();
      if (r.is_over()) over[i] += r.net();
    }
    doc.time_chart(
        s.name + ": seats required vs scheduled (UTC)",
        {Series{"required", required, Style::step}, Series{"scheduled", scheduled, Style::area}},
        html::Unit::agents);
    doc.time_chart(
        fmt::format("{}: net staffing, {} interval(s) short, {:.1f} seat-h short, {:.1f} over",
                    s.name, s.intervals_short, s.seat_hours_short, s.seat_hours_over),
        {Series{"short", short_of, Style::bar}, Series{"over", over, Style::bar}},
        html::Unit::agents);
  }
}

}  // namespace detail

}  // namespace ccsim::io
