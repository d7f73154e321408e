// Roster report writers. Same conventions as the other writers: ordered JSON in scenario
// order, nothing depends on the clock or the thread count.

#include "ccsim/io/roster_report.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ccsim/io/net_staffing_report.hpp"
#include "ccsim/io/report.hpp"
#include "html.hpp"
#include "net_staffing_json.hpp"
#include "scenario_tree.hpp"
#include "text.hpp"

namespace ccsim::io {

namespace {

using Json = nlohmann::ordered_json;
using detail::csv_line;
using detail::format_number;
using Index = std::size_t;
Index at(int i) { return static_cast<Index>(i); }

const char* const kDays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string hhmm(double seconds) {
  const long s = std::lround(std::fmod(std::fmod(seconds, 86400.0) + 86400.0, 86400.0));
  return fmt::format("{:02}:{:02}", s / 3600, (s / 60) % 60);
}

/// "8h", "30m", "90s": the shortest whole unit.
std::string duration(double seconds) {
  const long s = std::lround(seconds);
  if (s % 3600 == 0) return fmt::format("{}h", s / 3600);
  if (s % 60 == 0) return fmt::format("{}m", s / 60);
  return fmt::format("{}s", s);
}

/// "mon-fri", "mon,wed,sat": runs of three or more days as ranges.
std::string days_text(const std::array<bool, 7>& days) {
  std::vector<std::string> parts;
  for (int d = 0; d < 7;) {
    if (!days[at(d)]) {
      ++d;
      continue;
    }
    int e = d;
    while (e + 1 < 7 && days[at(e + 1)]) ++e;
    if (e - d >= 2)
      parts.push_back(fmt::format("{}-{}", kDays[d], kDays[e]));
    else
      for (int k = d; k <= e; ++k) parts.emplace_back(kDays[k]);
    d = e + 1;
  }
  std::string out;
  for (Index i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ',';
    out += parts[i];
  }
  return out;
}

const std::string& group_name(const models::Scenario& s, int site, int group) {
  return s.sites[at(site)].groups[at(group)].name;
}

Json optional_estimate(const std::optional<models::Estimate>& e) {
  if (!e) return nullptr;
  return Json{{"mean", e->mean}, {"ci95", {e->lower, e->upper}}};
}

double share(int met, int judged) { return judged > 0 ? static_cast<double>(met) / judged : 1.0; }

}  // namespace

std::string roster_json(const models::Scenario& s, const models::RosterPlan& p) {
  Json j;
  j["scenario"] = p.scenario;
  j["seed"] = p.seed;
  j["replications"] = p.replications;
  j["method"] = p.simulated ? "simulated" : "analytic";
  j["passes"] = p.passes;
  j["interval_seconds"] = p.interval_seconds;
  j["horizon_days"] = p.horizon_days;
  Json sites = Json::object();
  for (const auto& st : p.sites) {
    Json o;
    o["headcount_available"] = st.headcount_available ? Json(*st.headcount_available) : Json();
    o["headcount_required"] = st.headcount_required;
    o["surplus"] = st.surplus ? Json(*st.surplus) : Json();
    o["tours"] = st.tours;
    o["shrinkage"] = st.shrinkage;
    o["paid_hours"] = st.paid_hours;
    o["cost"] = st.cost;
    o["lower_bound_paid_hours"] = st.lower_bound_paid_hours;
    sites[st.name] = std::move(o);
  }
  j["sites"] = std::move(sites);
  j["lower_bound_paid_hours"] = p.lower_bound_paid_hours;
  j["paid_hours"] = p.paid_hours;
  j["paid_over_lower_bound"] =
      p.lower_bound_paid_hours > 0 ? p.paid_hours / p.lower_bound_paid_hours - 1.0 : 0.0;
  j["cost"] = p.cost;
  j["objective"] = p.objective;
  j["lp_bound"] = p.lp_bound;
  j["gap"] = p.gap;
  j["optimal"] = p.optimal;
  j["time_limited"] = p.time_limited;
  j["node_limited"] = p.node_limited;
  j["intervals_judged"] = p.intervals_judged;
  j["intervals_meeting_targets"] = p.intervals_meeting_targets;
  j["intervals_meeting_targets_share"] = share(p.intervals_meeting_targets, p.intervals_judged);
  Json channels = Json::object();
  for (const auto& c : p.channels)
    channels[c.name] = Json{{"service_level", optional_estimate(c.service_level)},
                            {"asa_seconds", optional_estimate(c.asa_seconds)},
                            {"abandon_rate", optional_estimate(c.abandon_rate)},
                            {"keys", c.keys},
                            {"keys_missed", c.keys_missed}};
  j["channels"] = std::move(channels);
  Json misses = Json::array();
  for (const auto& m : p.misses)
    misses.push_back(Json{{"channel", s.channels[at(m.channel)].name},
                          {"interval", m.interval},
                          {"start", detail::interval_start(m.interval * p.interval_seconds)},
                          {"offered", m.offered},
                          {"service_level", m.service_level},
                          {"asa_seconds", m.asa_seconds},
                          {"abandon_rate", m.abandon_rate}});
  j["misses"] = std::move(misses);
  j["net_staffing"] = detail::net_staffing_json(p.net);
  return j.dump(2) + "\n";
}

std::string roster_table(const models::Scenario& s, const models::RosterPlan& p) {
  std::string out = fmt::format("Roster of {} ({}, {} solve{}, seed {})\n\n", p.scenario,
                                p.simulated ? "verified by simulation" : "analytic requirement",
                                p.passes, p.passes == 1 ? "" : "s", p.seed);
  out += fmt::format("{:<16} {:>9} {:>9} {:>8} {:>7} {:>11} {:>11} {:>7}\n", "site", "available",
                     "required", "surplus", "tours", "paid h", "lower bd h", "over");
  for (const auto& st : p.sites) {
    out += fmt::format("{:<16} {:>9} {:>9} {:>8} {:>7} {:>11.0f} {:>11.0f} {:>6.1f}%\n", st.name,
                       st.headcount_available ? std::to_string(*st.headcount_available) : "-",
                       st.headcount_required, st.surplus ? std::to_string(*st.surplus) : "-",
                       st.tours, st.paid_hours, st.lower_bound_paid_hours,
                       st.lower_bound_paid_hours > 0
                           ? 100.0 * (st.paid_hours / st.lower_bound_paid_hours - 1)
                           : 0.0);
  }
  out += fmt::format(
      "{:<16} {:>9} {:>9} {:>8} {:>7} {:>11.0f} {:>11.0f} {:>6.1f}%\n\n", "total", "", "", "", "",
      p.paid_hours, p.lower_bound_paid_hours,
      p.lower_bound_paid_hours > 0 ? 100.0 * (p.paid_hours / p.lower_bound_paid_hours - 1) : 0.0);
  out += fmt::format("weekly paid cost {:.1f}, LP bound {:.1f}, gap {:.2f}%{}\n", p.objective,
                     p.lp_bound, 100 * p.gap,
                     p.optimal                          ? ""
                     : p.time_limited && p.node_limited ? " (time or node limit reached)"
                     : p.time_limited                   ? " (time limit reached)"
                     : p.node_limited                   ? " (node limit reached)"
                                                        : "");
  if (p.simulated) {
    out += fmt::format(
        "intervals meeting targets: {} of {} ({:.1f}%), real-time channels, >= "
        "offered threshold\n",
        p.intervals_meeting_targets, p.intervals_judged,
        100 * share(p.intervals_meeting_targets, p.intervals_judged));
    for (const auto& c : p.channels)
      out += fmt::format(
          "  {:<12} SL {:>6.3f}  ASA {:>7.1f} s  abandoned {:>6.3f}  keys missed "
          "{}/{}\n",
          c.name, c.service_level ? c.service_level->mean : 0.0,
          c.asa_seconds ? c.asa_seconds->mean : 0.0, c.abandon_rate ? c.abandon_rate->mean : 0.0,
          c.keys_missed, c.keys);
    if (!p.misses.empty()) {
      out += "worst intervals still missing:\n";
      for (Index i = 0; i < std::min<Index>(5, p.misses.size()); ++i) {
        const auto& m = p.misses[i];
        out += fmt::format("  {:<12} {}  offered {:.0f}  SL {:.3f}  ASA {:.1f} s\n",
                           s.channels[at(m.channel)].name,
                           detail::interval_start(m.interval * p.interval_seconds), m.offered,
                           m.service_level, m.asa_seconds);
      }
    }
  }
  out += "\n";
  out += net_staffing_table(p.net);
  out += "\ntours per site and group (people; start local time):\n";
  for (int si = 0; si < static_cast<int>(s.sites.size()); ++si)
    for (int gi = 0; gi < static_cast<int>(s.sites[at(si)].groups.size()); ++gi) {
      int tours = 0, part = 0, kinds = 0;
      for (const auto& t : p.tours)
        if (t.site == si && t.group == gi)
          tours += t.agents, part += t.part_time ? t.agents : 0, ++kinds;
      if (tours == 0) continue;
      out += fmt::format("  {}/{}: {} tours ({} part-time) of {} kinds\n", s.sites[at(si)].name,
                         group_name(s, si, gi), tours, part, kinds);
    }
  return out;
}

std::string roster_shifts_csv(const models::Scenario& s, const models::RosterPlan& p) {
  std::string out = csv_line(
      {"site", "group", "template", "shift", "start", "length", "days", "agents", "break_starts"});
  for (const auto& rs : p.shifts) {
    std::string breaks;
    for (const auto& b : rs.shift.breaks) {
      if (!breaks.empty()) breaks += ';';
      breaks += hhmm(rs.shift.start_seconds + b.offset_seconds);
    }
    out += csv_line({s.sites[at(rs.site)].name, group_name(s, rs.site, rs.group), rs.template_name,
                     rs.shift.name, hhmm(rs.shift.start_seconds), duration(rs.shift.length_seconds),
                     days_text(rs.shift.days), std::to_string(rs.shift.agents), breaks});
  }
  return out;
}

std::string roster_tours_csv(const models::Scenario& s, const models::RosterPlan& p) {
  std::string out =
      csv_line({"site", "group", "template", "start", "length", "days", "agents", "part_time"});
  for (const auto& t : p.tours)
    out += csv_line({s.sites[at(t.site)].name, group_name(s, t.site, t.group), t.template_name,
                     hhmm(t.start_seconds), duration(t.length_seconds), days_text(t.days),
                     std::to_string(t.agents), t.part_time ? "true" : "false"});
  return out;
}

std::string roster_coverage_csv(const models::Scenario& s, const models::RosterPlan& p) {
  std::string out = csv_line({"interval", "start", "site", "group", "required", "productive",
                              "on_break", "over_under", "email_work", "email_backlog"});
  if (p.coverage.empty()) return out;
  const Index n = p.coverage.front().required.size();
  for (Index i = 0; i < n; ++i)
    for (const auto& c : p.coverage) {
      if (i >= c.required.size()) continue;
      out += csv_line(
          {std::to_string(i), detail::interval_start(static_cast<double>(i) * p.interval_seconds),
           s.sites[at(c.site)].name, group_name(s, c.site, c.group), std::to_string(c.required[i]),
           format_number(c.productive[i]), format_number(c.on_break[i]),
           format_number(c.productive[i] - c.required[i]),
           i < c.deferred_work.size() ? format_number(c.deferred_work[i]) : std::string(),
           i < c.backlog.size() ? format_number(c.backlog[i]) : std::string()});
    }
  return out;
}

std::string roster_yaml(const ScenarioFile& file, const models::RosterPlan& p) {
  const models::Scenario& s = file.scenario;
  YAML::Node root = detail::scenario_tree(file);
  YAML::Node sites = root["sites"];
  for (int si = 0; si < static_cast<int>(s.sites.size()); ++si) {
    YAML::Node site = sites[s.sites[at(si)].name];
    for (int gi = 0; gi < static_cast<int>(s.sites[at(si)].groups.size()); ++gi) {
      if (!models::roster_rules(s, si, gi)) continue;
      YAML::Node group = site["groups"] ? site["groups"][group_name(s, si, gi)] : site;
      for (const char* key : {"agents", "shifts", "on_duty"}) group.remove(key);
      YAML::Node shifts(YAML::NodeType::Map);
      for (const auto& rs : p.shifts) {
        if (rs.site != si || rs.group != gi) continue;
        YAML::Node e(YAML::NodeType::Map);
        e["start"] = hhmm(rs.shift.start_seconds);
        e["length"] = duration(rs.shift.length_seconds);
        YAML::Node days(YAML::NodeType::Sequence);
        for (int d = 0; d < 7; ++d)
          if (rs.shift.days[at(d)]) days.push_back(kDays[d]);
        days.SetStyle(YAML::EmitterStyle::Flow);
        e["days"] = days;
        e["agents"] = rs.shift.agents;
        if (!rs.shift.breaks.empty()) {
          YAML::Node breaks(YAML::NodeType::Sequence);
          for (const auto& b : rs.shift.breaks) {
            YAML::Node bn(YAML::NodeType::Map);
            bn["after"] = duration(b.offset_seconds);
            bn["length"] = duration(b.length_seconds);
            breaks.push_back(bn);
          }
          breaks.SetStyle(YAML::EmitterStyle::Flow);
          e["breaks"] = breaks;
        }
        e.SetStyle(YAML::EmitterStyle::Flow);
        shifts[rs.shift.name] = e;
      }
      if (shifts.size() == 0)
        group["agents"] = 0;
      else
        group["shifts"] = shifts;
    }
  }
  YAML::Emitter emitter;
  emitter << root;
  std::string from = file.path;
  if (const auto slash = from.find_last_of('/'); slash != std::string::npos)
    from = from.substr(slash + 1);
  return fmt::format(
      "{}# Rostered by ccsim roster from {} (seed {}); the shifts of every rostered "
      "group are the solved ones.\n{}\n",
      detail::leading_comments(file.source), from, p.seed, emitter.c_str());
}

std::string roster_html(const models::Scenario& s, const models::RosterPlan& p) {
  using html::Series;
  using html::Style;
  using html::Unit;
  html::Document doc(
      "ccsim roster: " + p.scenario,
      fmt::format("{}; seed {}, {} day(s), {} solve(s); weekly paid cost {:.1f}, LP bound {:.1f}, "
                  "gap {:.2f} %{}",
                  p.simulated
                      ? fmt::format("verified by simulation, {} replication(s)", p.replications)
                      : std::string("analytic requirement"),
                  p.seed, format_number(p.horizon_days), p.passes, p.objective, p.lp_bound,
                  100 * p.gap, s.start_date.empty() ? "" : ", day 0 = " + s.start_date));
  const int n = s.horizon_intervals();
  const double len = s.interval_seconds;
  doc.set_time_axis(html::interval_labels(n, len, s.start_weekday, s.start_date));

  doc.heading("People and paid hours per site");
  std::vector<std::vector<std::string>> rows;
  for (const auto& st : p.sites)
    rows.push_back(
        {st.name, st.headcount_available ? std::to_string(*st.headcount_available) : "-",
         std::to_string(st.headcount_required), st.surplus ? std::to_string(*st.surplus) : "-",
         std::to_string(st.tours), fmt::format("{:.0f}", st.paid_hours),
         fmt::format("{:.0f}", st.lower_bound_paid_hours),
         st.lower_bound_paid_hours > 0
             ? fmt::format("{:+.1f} %", 100.0 * (st.paid_hours / st.lower_bound_paid_hours - 1))
             : std::string("-")});
  doc.table({"site", "available", "required", "surplus", "tours", "paid h", "lower bound h",
             "paid over bound"},
            rows);
  doc.note(
      "Required people = tours / (1 - shrinkage). The lower bound is the staffing requirement's "
      "agent-hours over the horizon (email work included): no roster pays fewer hours.");
  {
    html::Json names = html::Json::array(), paid = html::Json::array(), bound = html::Json::array();
    for (const auto& st : p.sites) {
      names.push_back(st.name);
      paid.push_back(std::round(st.paid_hours * 10) / 10);
      bound.push_back(std::round(st.lower_bound_paid_hours * 10) / 10);
    }
    html::Json o;
    o["ccsim_unit"] = "count";
    o["animation"] = false;
    o["grid"] = {{"left", 64}, {"right", 16}, {"top", 28}, {"bottom", 28}};
    o["legend"] = {{"top", 0}};
    o["tooltip"] = {{"trigger", "axis"}};
    o["xAxis"] = {{"type", "category"}, {"data", std::move(names)}};
    o["yAxis"] = {{"type", "value"}, {"name", "hours"}};
    o["series"] = html::Json::array(
        {html::Json{{"name", "paid hours"}, {"type", "bar"}, {"data", std::move(paid)}},
         html::Json{{"name", "lower bound"}, {"type", "bar"}, {"data", std::move(bound)}}});
    doc.chart("Paid hours vs the staffing lower bound, per site", std::move(o));
  }

  doc.heading("Net staffing: seats required vs rostered (UTC)");
  doc.note(
      "Required: the staffing requirement before repairs; scheduled: rostered agents on duty and "
      "not on break. Short is the sum of the groups' shortfalls, over the sum of their excess.");
  detail::net_staffing_charts(doc, p.net);

  for (int si = 0; si < static_cast<int>(s.sites.size()); ++si) {
    const auto& site = s.sites[at(si)];
    std::vector<Series> on_duty, on_break;
    for (const auto& c : p.coverage) {
      if (c.site != si || !models::roster_rules(s, c.site, c.group)) continue;
      std::vector<double> duty(at(n), 0.0);
      for (int i = 0; i < n && at(i) < c.productive.size(); ++i)
        duty[at(i)] = c.productive[at(i)] + c.on_break[at(i)];
      on_duty.push_back(Series{group_name(s, si, c.group), duty, Style::step});
      on_break.push_back(Series{group_name(s, si, c.group), c.on_break, Style::bar});
    }
    if (on_duty.empty()) continue;
    const auto local =
        html::interval_labels(n, len, s.start_weekday, s.start_date, site.utc_offset_hours * 3600);
    doc.heading(fmt::format("site {} (local time, UTC{:+g})", site.name, site.utc_offset_hours));
    doc.time_chart_on(local, site.name + ": agents on duty per group (local time)", on_duty,
                      Unit::agents);
    doc.time_chart_on(local, site.name + ": agents on break per interval (local time)", on_break,
                      Unit::agents);
  }

  doc.heading("Tours and days off");
  rows.clear();
  for (const auto& t : p.tours)
    rows.push_back({s.sites[at(t.site)].name, group_name(s, t.site, t.group), t.template_name,
                    hhmm(t.start_seconds), duration(t.length_seconds), days_text(t.days),
                    std::to_string(t.agents), t.part_time ? "yes" : ""});
  doc.table({"site", "group", "template", "start (local)", "length", "days", "agents", "part-time"},
            rows);

  if (p.simulated) {
    doc.heading("Verification by simulation");
    rows.clear();
    auto pct = [](const std::optional<models::Estimate>& e) {
      return e ? fmt::format("{:.1f} %", e->mean * 100) : std::string("-");
    };
    for (const auto& c : p.channels)
      rows.push_back({c.name, pct(c.service_level),
                      c.asa_seconds ? detail::readable_duration(c.asa_seconds->mean) : "-",
                      pct(c.abandon_rate), fmt::format("{}/{}", c.keys_missed, c.keys)});
    doc.table({"channel", "service level", "ASA", "abandoned", "keys missed"}, rows);
    doc.note(
        fmt::format("Intervals meeting targets: {} of {} (real-time, at least the offered "
                    "threshold).",
                    p.intervals_meeting_targets, p.intervals_judged));
  }
  return doc.render();
}

const WriterRegistry<RosterReport>& roster_writers() {
  using R = RosterReport;
  using W = Writer<R>;
  static const WriterRegistry<R> registry = [] {
    WriterRegistry<R> r;
    r.add(W{
        "yaml", "", {}, {{"roster.yaml", [](const R& x) { return roster_yaml(x.file, x.plan); }}}});
    r.add(W{"table", "", [](const R& x) { return roster_table(x.file.scenario, x.plan); }, {}});
    r.add(W{"csv",
            "shift entries",
            [](const R& x) { return roster_shifts_csv(x.file.scenario, x.plan); },
            {{"shifts.csv", [](const R& x) { return roster_shifts_csv(x.file.scenario, x.plan); }},
             {"tours.csv", [](const R& x) { return roster_tours_csv(x.file.scenario, x.plan); }},
             {"coverage.csv",
              [](const R& x) { return roster_coverage_csv(x.file.scenario, x.plan); }}}});
    r.add(W{"net",
            "net staffing per interval, site and group, CSV",
            [](const R& x) { return net_staffing_csv(x.plan.net); },
            {{"net_staffing.csv", [](const R& x) { return net_staffing_csv(x.plan.net); }}}});
    r.add(W{"json",
            "the summary",
            [](const R& x) { return roster_json(x.file.scenario, x.plan); },
            {{"summary.json", [](const R& x) { return roster_json(x.file.scenario, x.plan); }}}});
    r.add(W{"html",
            "self-contained report with charts",
            [](const R& x) { return roster_html(x.file.scenario, x.plan); },
            {{"report.html", [](const R& x) { return roster_html(x.file.scenario, x.plan); }}}});
    return r;
  }();
  return registry;
}

void write_roster_outputs(const std::string& dir, const ScenarioFile& file,
                          const models::RosterPlan& plan) {
  roster_writers().write_out(dir, RosterReport{file, plan});
}

}  // namespace ccsim::io
