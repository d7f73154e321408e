// Report writers. JSON goes through nlohmann::ordered_json so that keys keep the contract's
// order and channels/sites keep the scenario's order; nothing depends on the clock or on the
// thread count, so equal results give equal bytes.

#include "ccsim/io/report.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ccsim/io/error.hpp"
#include "text.hpp"

namespace ccsim::io {

namespace detail {

// "d3 08:30" for an interval starting 3 days and 8.5 hours after day 0, 00:00 UTC.
std::string interval_start(double seconds) {
  const auto s = static_cast<long long>(std::floor(seconds));
  const long long day = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
  const long long in_day = s - day * 86400;
  return fmt::format("d{} {:02}:{:02}", day, in_day / 3600, (in_day % 3600) / 60);
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_field(fields[i]);
  }
  return out + "\n";
}

}  // namespace detail

namespace {

using detail::csv_line;
using detail::interval_start;

using Json = nlohmann::ordered_json;
using models::Estimate;

// An undefined ratio (empty denominator) is null with its reason, never 0, 1 or NaN. One
// replication has no interval: its ci95 is [null, null], not a zero-width [mean, mean].
Json estimate(const Estimate& e) {
  if (!e.defined())
    return Json{{"mean", nullptr}, {"ci95", {nullptr, nullptr}}, {"undefined", e.undefined}};
  if (!e.interval) return Json{{"mean", e.mean}, {"ci95", {nullptr, nullptr}}};
  return Json{{"mean", e.mean}, {"ci95", {e.lower, e.upper}}};
}

// What the text report shows for an undefined value.
constexpr const char* kNotApplicable = "n/a";

// Weekday ("Mon") and, with a start_date, the ISO date of a time in seconds from day 0.
std::string weekday_at(const models::RunResults& r, double seconds) {
  return detail::weekday_at(seconds, r.start_weekday);
}
std::string date_at(const models::RunResults& r, double seconds) {
  return detail::date_at(seconds, r.start_date);
}
double site_offset(const models::RunResults& r, const std::string& site) {
  for (const auto& s : r.sites)
    if (s.name == site) return s.utc_offset_hours;
  return 0.0;
}

std::string num(double x) { return std::isfinite(x) ? detail::format_number(x) : ""; }

void add_estimate_columns(std::vector<std::string>& header, const std::string& name) {
  header.push_back(name);
  header.push_back(name + "_ci95_lo");
  header.push_back(name + "_ci95_hi");
}
void add_estimate(std::vector<std::string>& row, const Estimate& e) {
  row.push_back(num(e.mean));
  row.push_back(e.interval ? num(e.lower) : "");
  row.push_back(e.interval ? num(e.upper) : "");
}

// "±" shows the mean half-width (upper - lower) / 2 of an interval that need not be
// symmetric (proportions on the logit scale, times on the log scale); "±n/a" for one
// replication, which has no interval.
std::string pct(const Estimate& e) {
  if (!e.defined()) return kNotApplicable;
  if (!e.interval) return fmt::format("{:.1f}% ±n/a", e.mean * 100);
  return fmt::format("{:.1f}% ±{:.1f}", e.mean * 100, (e.upper - e.lower) / 2 * 100);
}
// Readable durations ("23.9 s ±1.2 s", "12.9 h ±0.4 h"); JSON and CSV stay in seconds.
std::string secs(const Estimate& e) {
  if (!e.defined()) return kNotApplicable;
  if (!e.interval) return detail::readable_duration(e.mean) + " ±n/a";
  return detail::readable_duration(e.mean) + " ±" +
         detail::readable_duration((e.upper - e.lower) / 2);
}
std::string pct1(const Estimate& e) {
  return e.defined() ? fmt::format("{:.1f}%", e.mean * 100) : kNotApplicable;
}
std::string pct2(const Estimate& e) {
  return e.defined() ? fmt::format("{:.2f}%", e.mean * 100) : kNotApplicable;
}
std::string duration(const Estimate& e) {
  return e.defined() ? detail::readable_duration(e.mean) : kNotApplicable;
}
// A ratio of interval means: NaN (JSON null, an empty CSV cell) when nothing was offered.
double interval_abandon_rate(const models::IntervalRow& row) {
  return row.offered > 0 ? row.abandoned / row.offered : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

namespace {

// The leading keys of a per-site interval row (group_intervals, site_intervals): the interval
// in UTC, the site and `key` (its group or channel), the interval in the site's local time;
// the dates only with a start date.
Json site_row_head(const models::RunResults& r, int index, double start_seconds,
                   const std::string& site, const char* key, const std::string& value) {
  const double local = start_seconds + site_offset(r, site) * 3600;
  Json row{{"index", index},
           {"start_seconds", start_seconds},
           {"start", interval_start(start_seconds)},
           {"weekday", weekday_at(r, start_seconds)}};
  if (!r.start_date.empty()) row["date"] = date_at(r, start_seconds);
  row["site"] = site;
  row[key] = value;
  row["local_start"] = interval_start(local);
  row["local_weekday"] = weekday_at(r, local);
  if (!r.start_date.empty()) row["local_date"] = date_at(r, local);
  return row;
}

// The same leading fields as CSV cells (date cells empty without a start date).
std::vector<std::string> site_row_cells(const models::RunResults& r, int index,
                                        double start_seconds, const std::string& site,
                                        const std::string& value) {
  const bool dated = !r.start_date.empty();
  const double local = start_seconds + site_offset(r, site) * 3600;
  return {std::to_string(index),
          num(start_seconds),
          interval_start(start_seconds),
          weekday_at(r, start_seconds),
          dated ? date_at(r, start_seconds) : "",
          site,
          value,
          interval_start(local),
          weekday_at(r, local),
          dated ? date_at(r, local) : ""};
}

// `row` as j.dump(2) prints an element of an array that is a member of the root object: every
// line indented by 4 more (JSON strings hold no raw newline, so lines are the dump's own).
void append_indented(std::string& out, const Json& row) {
  const std::string text = row.dump(2);
  out += "    ";
  std::string_view rest = text;
  for (std::size_t nl; (nl = rest.find('\n')) != std::string_view::npos;
       rest.remove_prefix(nl + 1)) {
    out.append(rest.data(), nl + 1);
    out += "    ";
  }
  out += rest;
}

// Appends `,\n  "key": [rows]` to a root object printed by dump(2) without its closing brace.
// `include` false writes the key with an empty list.
template <class Rows, class MakeRow>
void append_rows(std::string& out, const char* key, const Rows& rows, const MakeRow& make_row,
                 bool include) {
  out += ",\n  \"";
  out += key;
  out += "\": ";
  if (!include || rows.empty()) {
    out += "[]";
    return;
  }
  out += "[\n";
  bool first = true;
  for (const auto& x : rows) {
    if (!first) out += ",\n";
    first = false;
    append_indented(out, make_row(x));
  }
  out += "\n  ]";
}

}  // namespace

std::string to_json(const models::RunResults& r) { return to_json(r, IntervalArrays{}); }

std::string to_json(const models::RunResults& r, const IntervalArrays& arrays) {
  Json j;
  j["scenario"] = r.scenario;
  j["seed"] = r.seed;
  j["replications"] = r.replications;
  j["horizon_days"] = r.horizon_days;
  Json channels = Json::object();
  for (const auto& c : r.channels) {
    Json ch;
    ch["kind"] = models::to_string(c.kind);
    ch["offered"] = c.offered;
    ch["answered"] = c.answered;
    ch["abandoned"] = c.abandoned;
    ch["service_level"] = estimate(c.service_level);
    ch["asa_seconds"] = estimate(c.asa_seconds);
    // Every channel: queue wait + the agent's first reply (= asa_seconds without first_reply).
    ch["first_response_seconds"] = estimate(c.first_response_seconds);
    ch["mean_wait_seconds"] = estimate(c.mean_wait_seconds);
    ch["abandon_rate"] = estimate(c.abandon_rate);
    ch["occupancy"] = estimate(c.occupancy);
    ch["p_wait"] = estimate(c.p_wait);
    ch["backlog_end"] = estimate(c.backlog_end);
    ch["unanswered_end"] = c.unanswered_end;
    ch["timed_out"] = c.timed_out;
    // The other service-level definitions (docs/contract.md), after the contract's first keys.
    ch["service_level_of_answered"] = estimate(c.service_level_of_answered);
    ch["service_level_excluding_abandoned"] = estimate(c.service_level_excluding_abandoned);
    ch["service_level_excluding_short_abandons"] =
        estimate(c.service_level_excluding_short_abandons);
    ch["abandoned_within_sl"] = c.abandoned_within_sl;
    ch["abandoned_short"] = c.abandoned_short;
    ch["short_abandon_seconds"] = c.short_abandon_seconds;
    ch["busy_intervals"] = c.busy_intervals;
    ch["busy_intervals_low_sl"] = c.busy_intervals_low_sl;
    ch["busy_intervals_low_sl_share"] = c.busy_intervals_low_sl_share;
    // Keys of optional features appear only when the feature is on, so a scenario without
    // them keeps its output byte for byte.
    if (c.has_after_call_work) ch["after_call_work_seconds"] = estimate(c.after_call_work_seconds);
    if (c.has_redials) {
      ch["fresh_attempts"] = c.fresh_attempts;
      ch["retrial_attempts"] = c.retrial_attempts;
      ch["unique_customers"] = c.unique_customers;
      ch["abandoned_then_redialled"] = c.abandoned_then_redialled;
    }
    if (c.has_callbacks) {
      ch["callbacks_offered"] = c.callbacks_offered;
      ch["callbacks_accepted"] = c.callbacks_accepted;
      ch["callbacks_reached"] = c.callbacks_reached;
      ch["callbacks_failed"] = c.callbacks_failed;
      ch["callback_wait_seconds"] = estimate(c.callback_wait_seconds);
    }
    channels[c.name] = std::move(ch);
  }
  j["channels"] = std::move(channels);
  Json sites = Json::object();
  for (const auto& s : r.sites) {
    Json site;
    site["headcount"] = s.headcount;
    site["occupancy"] = estimate(s.occupancy);
    site["handled"] = s.handled;
    Json by_channel = Json::object();
    for (std::size_t i = 0; i < s.handled_by_channel.size() && i < r.channels.size(); ++i)
      by_channel[r.channels[i].name] = s.handled_by_channel[i];
    site["handled_by_channel"] = std::move(by_channel);
    site["utc_offset_hours"] = s.utc_offset_hours;
    // Service per channel by the site that answered and by the contacts' home site.
    Json answering = Json::object(), home = Json::object();
    for (const auto& c : s.by_channel) {
      answering[c.channel] = Json{{"answered", c.answered},
                                  {"service_level", estimate(c.service_level)},
                                  {"asa_seconds", estimate(c.asa_seconds)}};
      home[c.channel] = Json{{"offered", c.offered_home},
                             {"service_level", estimate(c.service_level_home)},
                             {"asa_seconds", estimate(c.asa_seconds_home)},
                             {"abandon_rate", estimate(c.abandon_rate_home)}};
    }
    site["answering"] = std::move(answering);
    site["home"] = std::move(home);
    sites[s.name] = std::move(site);
  }
  j["sites"] = std::move(sites);
  const auto interval_row = [&](const models::IntervalRow& row) {
    Json x{{"index", row.index},
           {"start_seconds", row.start_seconds},
           {"start", interval_start(row.start_seconds)},
           {"channel", row.channel},
           {"offered", row.offered},
           {"answered", row.answered},
           {"abandoned", row.abandoned},
           {"service_level", row.service_level},
           {"asa_seconds", row.asa_seconds},
           {"occupancy", row.occupancy},
           {"agents_on_duty", row.agents_on_duty}};
    // Keys added after the original ones (extend, never rename).
    x["weekday"] = weekday_at(r, row.start_seconds);
    if (!r.start_date.empty()) x["date"] = date_at(r, row.start_seconds);
    x["abandon_rate"] = interval_abandon_rate(row);
    x["queue_mean"] = row.queue_mean;
    x["queue_max"] = row.queue_max;
    x["backlog_end"] = row.backlog_end;
    if (r.replications > 1)
      x["ci95_half_width"] = Json{{"offered", row.offered_ci95},
                                  {"service_level", row.service_level_ci95},
                                  {"asa_seconds", row.asa_seconds_ci95},
                                  {"abandon_rate", row.abandon_rate_ci95}};
    return x;
  };
  const auto group_row = [&](const models::GroupIntervalRow& g) {
    Json row = site_row_head(r, g.index, g.start_seconds, g.site, "group", g.group);
    row["agents_on_duty"] = g.agents_on_duty;
    row["occupancy"] = g.occupancy;
    // Added: the contacts the group answered, by their arrival interval.
    row["answered"] = g.answered;
    row["service_level_of_answered"] = g.service_level_of_answered;
    row["asa_seconds"] = g.asa_seconds;
    if (r.replications > 1)
      row["ci95_half_width"] = Json{{"answered", g.answered_ci95},
                                    {"service_level_of_answered", g.service_level_of_answered_ci95},
                                    {"asa_seconds", g.asa_seconds_ci95}};
    return row;
  };
  const auto site_row = [&](const models::SiteIntervalRow& x) {
    Json row = site_row_head(r, x.index, x.start_seconds, x.site, "channel", x.channel);
    row["offered"] = x.offered;
    row["answered"] = x.answered;
    row["abandoned"] = x.abandoned;
    row["service_level"] = x.service_level;
    row["abandon_rate"] = x.abandon_rate;
    row["asa_seconds"] = x.asa_seconds;
    row["answered_here"] = x.answered_here;
    row["asa_here"] = x.asa_here;
    if (r.replications > 1)
      row["ci95_half_width"] = Json{{"offered", x.offered_ci95},
                                    {"service_level", x.service_level_ci95},
                                    {"asa_seconds", x.asa_seconds_ci95},
                                    {"abandon_rate", x.abandon_rate_ci95}};
    return row;
  };
  // The interval arrays hold most of the document (a month of 30-minute rows per channel,
  // site x group and site x channel: tens of thousands of objects): each row is formed and
  // printed on its own instead of as one tree, in the bytes j.dump(2) would give.
  std::string out = j.dump(2);
  out.resize(out.size() - 2);  // the root's closing "\n}"
  append_rows(out, "intervals", r.intervals, interval_row, arrays.intervals);
  append_rows(out, "group_intervals", r.group_intervals, group_row, arrays.group_intervals);
  append_rows(out, "site_intervals", r.site_intervals, site_row, arrays.site_intervals);
  Json tail;
  tail["events"] = r.events;
  // Only for precision-driven runs, so other runs keep their bytes.
  if (r.precision) {
    Json metrics = Json::object();
    for (const auto& m : r.precision->metrics)
      metrics[m.metric] = Json{{"target_half_width", m.target_half_width},
                               {"half_width", m.half_width},
                               {"reached", m.reached}};
    tail["precision"] = Json{{"replications_run", r.replications},
                             {"max_replications", r.precision->max_replications},
                             {"stop_reason", r.precision->stop_reason},
                             {"metrics", std::move(metrics)}};
  }
  out += ",\n";
  out += std::string_view(tail.dump(2)).substr(2);  // without its opening "{\n"
  out += '\n';
  return out;
}

std::string format_table(const models::RunResults& r) {
  std::string out =
      fmt::format("scenario {}: {} replication(s), seed {}, {} day(s), {} events\n\n", r.scenario,
                  r.replications, r.seed, detail::format_number(r.horizon_days), r.events);
  if (r.precision) {
    out.pop_back();
    out += fmt::format("precision: {} replications run, stopped: {}{}\n", r.replications,
                       r.precision->stop_reason,
                       r.precision->stop_reason == "cap"
                           ? fmt::format(" (max_replications {})", r.precision->max_replications)
                           : "");
    for (const auto& m : r.precision->metrics)
      out += fmt::format(
          "  {} 95% half-width {} (target {}){}\n", m.metric, detail::format_number(m.half_width),
          detail::format_number(m.target_half_width), m.reached ? "" : "  NOT reached");
    out += "\n";
  }
  out += fmt::format("{:<14} {:<9} {:>11} {:>11} {:>9} {:>14} {:>18} {:>18} {:>12} {:>14}\n",
                     "channel", "kind", "offered", "answered", "abandoned", "service level", "ASA",
                     "mean wait", "abandoned %", "occupancy");
  for (const auto& c : r.channels) {
    out += fmt::format(
        "{:<14} {:<9} {:>11.0f} {:>11.0f} {:>9.0f} {:>14} {:>18} {:>18} {:>12} {:>14}\n", c.name,
        models::to_string(c.kind), c.offered, c.answered, c.abandoned, pct(c.service_level),
        secs(c.asa_seconds), secs(c.mean_wait_seconds), pct2(c.abandon_rate), pct(c.occupancy));
  }
  // The optional features' figures, one line per channel and feature that has them.
  for (const auto& c : r.channels) {
    if (c.has_after_call_work)
      out += fmt::format("{:<14} after-call work {} per answered contact (in occupancy)\n", c.name,
                         secs(c.after_call_work_seconds));
    if (c.has_first_reply)
      out += fmt::format("{:<14} first response {} (queue wait + agent's first reply)\n", c.name,
                         secs(c.first_response_seconds));
    if (c.has_redials)
      out += fmt::format(
          "{:<14} redials: {:.0f} first attempts + {:.0f} retrials, {:.0f} unique customers, "
          "{:.0f} abandoned then redialled\n",
          c.name, c.fresh_attempts, c.retrial_attempts, c.unique_customers,
          c.abandoned_then_redialled);
    if (c.has_callbacks)
      out += fmt::format(
          "{:<14} callbacks: {:.0f} offered, {:.0f} accepted, {:.0f} reached, {:.0f} failed; "
          "time to callback {}\n",
          c.name, c.callbacks_offered, c.callbacks_accepted, c.callbacks_reached,
          c.callbacks_failed, secs(c.callback_wait_seconds));
  }
  out += fmt::format("\n{:<14} {:>7} {:>14} {:>14} {:>22} {:>22}\n", "service level", "T",
                     "/ offered", "/ answered", "/ (offered - ab<=T)", "/ (offered - ab<X)");
  for (const auto& c : r.channels)
    out += fmt::format("{:<14} {:>7} {:>14} {:>14} {:>22} {:>22}\n", c.name,
                       detail::format_duration(c.sl_seconds), pct(c.service_level),
                       pct(c.service_level_of_answered), pct(c.service_level_excluding_abandoned),
                       fmt::format("{} (X={})", pct(c.service_level_excluding_short_abandons),
                                   detail::format_duration(c.short_abandon_seconds)));
  out += fmt::format("\n{:<14} {:>9} {:>14} {:>11}\n", "site", "headcount", "occupancy", "handled");
  for (const auto& s : r.sites)
    out += fmt::format("{:<14} {:>9} {:>14} {:>11.0f}\n", s.name, s.headcount, pct(s.occupancy),
                       s.handled);
  // Per site and channel: service of what the site answered, and of the contacts homed on it.
  bool any = false;
  for (const auto& s : r.sites) any = any || !s.by_channel.empty();
  if (any) {
    out +=
        fmt::format("\n{:<14} {:<14} | {:>11} {:>9} {:>12} | {:>11} {:>9} {:>12} {:>11}\n", "site",
                    "channel", "answered", "SL", "ASA", "home offered", "SL", "ASA", "abandoned");
    for (const auto& s : r.sites)
      for (const auto& c : s.by_channel)
        out += fmt::format(
            "{:<14} {:<14} | {:>11.0f} {:>9} {:>12} | {:>11.0f} {:>9} {:>12} {:>11}\n", s.name,
            c.channel, c.answered, pct1(c.service_level), duration(c.asa_seconds), c.offered_home,
            pct1(c.service_level_home), duration(c.asa_seconds_home), pct2(c.abandon_rate_home));
    out +=
        "(left: by answering site, SL = answered within T / answered there; right: by home "
        "site, of the contacts whose home it is)\n";
  }
  out +=
      "\n(means per replication; ± is the half-width of the 95% confidence interval, n/a "
      "with one replication)\n";
  return out;
}

std::string channels_csv(const models::RunResults& r) {
  std::vector<std::string> header{"channel",   "kind",           "offered",  "answered",
                                  "abandoned", "unanswered_end", "timed_out"};
  for (const char* m :
       {"service_level", "asa_seconds", "mean_wait_seconds", "abandon_rate", "occupancy", "p_wait",
        "backlog_end", "service_level_of_answered", "service_level_excluding_abandoned",
        "service_level_excluding_short_abandons",
        // Added columns after the original ones.
        "first_response_seconds"})
    add_estimate_columns(header, m);
  std::string out = csv_line(header);
  for (const auto& c : r.channels) {
    std::vector<std::string> row{c.name,          models::to_string(c.kind), num(c.offered),
                                 num(c.answered), num(c.abandoned),          num(c.unanswered_end),
                                 num(c.timed_out)};
    for (const auto* e : {&c.service_level, &c.asa_seconds, &c.mean_wait_seconds, &c.abandon_rate,
                          &c.occupancy, &c.p_wait, &c.backlog_end, &c.service_level_of_answered,
                          &c.service_level_excluding_abandoned,
                          &c.service_level_excluding_short_abandons, &c.first_response_seconds})
      add_estimate(row, *e);
    out += csv_line(row);
  }
  return out;
}

std::string sites_csv(const models::RunResults& r) {
  std::vector<std::string> header{"site", "headcount"};
  add_estimate_columns(header, "occupancy");
  header.push_back("handled");
  for (const auto& c : r.channels) header.push_back("handled_" + c.name);
  std::string out = csv_line(header);
  for (const auto& s : r.sites) {
    std::vector<std::string> row{s.name, std::to_string(s.headcount)};
    add_estimate(row, s.occupancy);
    row.push_back(num(s.handled));
    for (std::size_t i = 0; i < r.channels.size(); ++i)
      row.push_back(i < s.handled_by_channel.size() ? num(s.handled_by_channel[i]) : "");
    out += csv_line(row);
  }
  return out;
}

std::string intervals_csv(const models::RunResults& r) {
  std::string out = csv_line({"index",
                              "start_seconds",
                              "start",
                              "channel",
                              "offered",
                              "answered",
                              "abandoned",
                              "service_level",
                              "asa_seconds",
                              "occupancy",
                              "agents_on_duty",
                              "weekday",
                              "date",
                              "abandon_rate",
                              "queue_mean",
                              "queue_max",
                              "backlog_end",
                              "offered_ci95",
                              "service_level_ci95",
                              "asa_seconds_ci95",
                              "abandon_rate_ci95"});
  const bool ci = r.replications > 1;
  for (const auto& row : r.intervals)
    out += csv_line({std::to_string(row.index),
                     num(row.start_seconds),
                     interval_start(row.start_seconds),
                     row.channel,
                     num(row.offered),
                     num(row.answered),
                     num(row.abandoned),
                     num(row.service_level),
                     num(row.asa_seconds),
                     num(row.occupancy),
                     num(row.agents_on_duty),
                     weekday_at(r, row.start_seconds),
                     r.start_date.empty() ? "" : date_at(r, row.start_seconds),
                     num(interval_abandon_rate(row)),
                     num(row.queue_mean),
                     num(row.queue_max),
                     num(row.backlog_end),
                     ci ? num(row.offered_ci95) : "",
                     ci ? num(row.service_level_ci95) : "",
                     ci ? num(row.asa_seconds_ci95) : "",
                     ci ? num(row.abandon_rate_ci95) : ""});
  return out;
}

namespace {

// A per-site interval CSV line: the leading cells, then `figures`.
std::string site_row_line(const models::RunResults& r, int index, double start_seconds,
                          const std::string& site, const std::string& value,
                          const std::vector<std::string>& figures) {
  std::vector<std::string> cells = site_row_cells(r, index, start_seconds, site, value);
  cells.insert(cells.end(), figures.begin(), figures.end());
  return csv_line(cells);
}

}  // namespace

std::string group_intervals_csv(const models::RunResults& r) {
  std::string out =
      csv_line({"index", "start_seconds", "start", "weekday", "date", "site", "group",
                "local_start", "local_weekday", "local_date", "agents_on_duty", "occupancy",
                "answered", "service_level_of_answered", "asa_seconds", "answered_ci95",
                "service_level_of_answered_ci95", "asa_seconds_ci95"});
  const bool ci = r.replications > 1;
  for (const auto& g : r.group_intervals)
    out += site_row_line(
        r, g.index, g.start_seconds, g.site, g.group,
        {num(g.agents_on_duty), num(g.occupancy), num(g.answered), num(g.service_level_of_answered),
         num(g.asa_seconds), ci ? num(g.answered_ci95) : "",
         ci ? num(g.service_level_of_answered_ci95) : "", ci ? num(g.asa_seconds_ci95) : ""});
  return out;
}

std::string site_intervals_csv(const models::RunResults& r) {
  std::string out = csv_line({"index",
                              "start_seconds",
                              "start",
                              "weekday",
                              "date",
                              "site",
                              "channel",
                              "local_start",
                              "local_weekday",
                              "local_date",
                              "offered",
                              "answered",
                              "abandoned",
                              "service_level",
                              "abandon_rate",
                              "asa_seconds",
                              "answered_here",
                              "asa_here",
                              "offered_ci95",
                              "service_level_ci95",
                              "asa_seconds_ci95",
                              "abandon_rate_ci95"});
  const bool ci = r.replications > 1;
  for (const auto& x : r.site_intervals)
    out += site_row_line(
        r, x.index, x.start_seconds, x.site, x.channel,
        {num(x.offered), num(x.answered), num(x.abandoned), num(x.service_level),
         num(x.abandon_rate), num(x.asa_seconds), num(x.answered_here), num(x.asa_here),
         ci ? num(x.offered_ci95) : "", ci ? num(x.service_level_ci95) : "",
         ci ? num(x.asa_seconds_ci95) : "", ci ? num(x.abandon_rate_ci95) : ""});
  return out;
}

const WriterRegistry<models::RunResults>& run_writers() {
  using R = models::RunResults;
  using W = Writer<R>;
  static const WriterRegistry<R> registry = [] {
    WriterRegistry<R> r;
    r.add(W{"table", "", [](const R& x) { return format_table(x); }, {}});
    r.add(W{"csv",
            "channels",
            [](const R& x) { return channels_csv(x); },
            {{"channels.csv", [](const R& x) { return channels_csv(x); }},
             {"sites.csv", [](const R& x) { return sites_csv(x); }},
             {"intervals.csv", [](const R& x) { return intervals_csv(x); }},
             {"group_intervals.csv", [](const R& x) { return group_intervals_csv(x); }},
             {"site_intervals.csv", [](const R& x) { return site_intervals_csv(x); }}}});
    r.add(W{"json", "", [](const R& x) { return to_json(x); }, {{"summary.json", [](const R& x) {
                                                                   return to_json(x);
                                                                 }}}});
    r.add(W{"html",
            "self-contained report with charts",
            [](const R& x) { return to_html(x); },
            {{"report.html", [](const R& x) { return to_html(x); }}}});
    return r;
  }();
  return registry;
}

void write_outputs(const std::string& dir, const models::RunResults& results) {
  run_writers().write_out(dir, results);
}

}  // namespace ccsim::io
