// Staffing report writers. Same conventions as report.cpp: nlohmann::ordered_json keeps the
// contract's key order and the scenario's site/channel order; nothing depends on the clock or
// the thread count, so equal plans give equal bytes.

#include "ccsim/io/staff_report.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ccsim/io/net_staffing_report.hpp"
#include "ccsim/io/report.hpp"
#include "net_staffing_json.hpp"
#include "text.hpp"

namespace ccsim::io {

namespace {

using Json = nlohmann::ordered_json;
using detail::csv_line;
using detail::format_number;

std::string num(double x) { return std::isfinite(x) ? format_number(x) : ""; }

int peak(const std::vector<int>& v) {
  return v.empty() ? 0 : *std::max_element(v.begin(), v.end());
}

double month_hours(const models::StaffingPlan& p, double horizon_hours) {
  return p.horizon_days > 0 ? horizon_hours * p.month_days / p.horizon_days : 0.0;
}

Json optional_estimate(const std::optional<models::Estimate>& e) {
  if (!e) return nullptr;
  // One replication has no interval: null, never a zero-width [m, m].
  return Json{{"mean", e->mean},
              {"ci95", e->interval ? Json::array({e->lower, e->upper}) : Json(nullptr)}};
}

/// The channel a row's group serves, or its channels joined by "+" when it is shared.
std::string row_channel(const models::StaffingPlan& p, const models::GroupStaffing& g) {
  std::string out;
  for (int c : g.channels) {
    if (!out.empty()) out += "+";
    out += p.channels.at(static_cast<std::size_t>(c)).name;
  }
  return out;
}

const models::GroupStaffing& group_of(const models::StaffingPlan& p, const models::StaffingRow& r) {
  for (const auto& g : p.groups)
    if (g.site == r.site && g.group == r.group) return g;
  static const models::GroupStaffing none;  // rows are made from groups: not reached
  return none;
}

double share(int part, int whole) { return whole > 0 ? static_cast<double>(part) / whole : 1.0; }

std::string percent_or_na(const std::optional<models::Estimate>& e) {
  if (!e) return "-";
  if (!e->interval) return fmt::format("{:.1f}% (n/a)", e->mean * 100);
  return fmt::format("{:.1f}% [{:.1f}, {:.1f}]", e->mean * 100, e->lower * 100, e->upper * 100);
}

std::string method(const models::StaffingPlan& p) { return p.simulated ? "simulated" : "analytic"; }

}  // namespace

std::string to_json(const models::StaffingPlan& p) {
  Json j;
  j["scenario"] = p.scenario;
  j["seed"] = p.seed;
  j["replications"] = p.replications;
  j["max_replications"] = p.max_replications;
  j["replications_run"] = p.replications_run;
  j["method"] = method(p);
  j["confidence"] = p.confidence;
  j["decision_confidence"] = p.decision_confidence;
  j["must_hold"] = models::to_string(p.must_hold);
  j["targets_met"] = p.targets_met;
  j["passes"] = p.passes;
  j["fold_intervals"] = p.fold_intervals;
  j["interval_seconds"] = p.interval_seconds;
  j["horizon_days"] = p.horizon_days;
  j["month_days"] = p.month_days;
  j["paid_hours_per_month"] = p.paid_hours_per_month;
  Json sites = Json::object();
  int required_analytic = 0;
  for (const auto& s : p.sites) {
    required_analytic += s.headcount_required_analytic;
    sites[s.name] = Json{{"headcount_available", s.headcount_available},
                         {"headcount_required", s.headcount_required},
                         {"surplus", s.surplus},
                         {"headcount_required_analytic", s.headcount_required_analytic},
                         {"shrinkage", s.shrinkage},
                         {"agent_hours_analytic", s.agent_hours_analytic},
                         {"agent_hours_simulated", s.agent_hours_simulated},
                         {"headcount", s.headcount ? Json(*s.headcount) : Json(nullptr)},
                         {"headcount_source", s.headcount ? "headcount" : "implied_by_seats"},
                         {"headcount_implied", s.headcount_implied},
                         {"seat_hours_on_duty", s.seat_hours_on_duty},
                         {"intervals_short_of_seats", s.intervals_short}};
  }
  j["sites"] = std::move(sites);
  j["total"] = Json{{"headcount_available", p.headcount_available},
                    {"headcount_required", p.headcount_required},
                    {"surplus", p.surplus},
                    {"headcount_required_analytic", required_analytic}};
  Json channels = Json::object();
  for (const auto& c : p.channels) {
    channels[c.name] =
        Json{{"kind", models::to_string(c.kind)},
             {"agent_hours_analytic", c.agent_hours_analytic},
             {"agent_hours_simulated", c.agent_hours_simulated},
             {"peak_agents_analytic", peak(c.analytic)},
             {"peak_agents_simulated", peak(c.simulated)},
             {"keys", c.keys},
             {"keys_missed", c.keys_missed},
             {"service_level", optional_estimate(c.service_level)},
             {"asa_seconds", optional_estimate(c.asa_seconds)},
             {"abandon_rate", optional_estimate(c.abandon_rate)},
             {"occupancy", optional_estimate(c.occupancy)},
             {"dedicated", c.dedicated},
             {"targets_met", c.has_targets ? Json(c.targets_met) : Json(nullptr)},
             {"analytic_infeasible_intervals", c.analytic_infeasible.size()},
             {"intervals_with_demand", c.intervals_with_demand},
             {"intervals_met", c.intervals_met},
             {"share_intervals_met", share(c.intervals_met, c.intervals_with_demand)},
             {"share_offered_met", c.offered > 0 ? c.offered_in_met / c.offered : 1.0}};
    Json infeasible = Json::array();
    for (int i : c.analytic_infeasible)
      infeasible.push_back(detail::interval_start(i * p.interval_seconds));
    channels[c.name]["analytic_infeasible"] = std::move(infeasible);
    Json worst = Json::array();
    for (const auto& w : c.worst)
      worst.push_back(Json{{"start", detail::interval_start(w.interval * p.interval_seconds)},
                           {"offered", w.offered},
                           {"met", w.met},
                           {"service_level", optional_estimate(w.service_level)},
                           {"asa_seconds", optional_estimate(w.asa_seconds)},
                           {"abandon_rate", optional_estimate(w.abandon_rate)}});
    channels[c.name]["worst_intervals"] = std::move(worst);
  }
  j["channels"] = std::move(channels);
  Json groups = Json::array();
  for (const auto& g : p.groups) {
    Json names = Json::array();
    for (int c : g.channels) names.push_back(p.channels.at(static_cast<std::size_t>(c)).name);
    groups.push_back(Json{{"site", g.site_name},
                          {"group", g.group_name},
                          {"channels", std::move(names)},
                          {"dedicated", g.dedicated()},
                          {"seat_hours_analytic", g.seat_hours_analytic},
                          {"seat_hours_simulated", g.seat_hours_simulated}});
  }
  j["groups"] = std::move(groups);
  Json rows = Json::array();
  for (const auto& r : p.rows) {
    Json simulated = nullptr;
    if (r.agents_simulated) simulated = *r.agents_simulated;
    const models::GroupStaffing& g = group_of(p, r);
    Json row{{"index", r.interval},
             {"start_seconds", r.start_seconds},
             {"start", detail::interval_start(r.start_seconds)},
             {"site", g.site_name},
             {"group", g.group_name},
             {"channel", row_channel(p, g)},
             {"agents_required_analytic", r.agents_analytic},
             {"agents_required_simulated", std::move(simulated)}};
    if (!g.dedicated()) {  // a shared group: its work by channel, not seats by channel
      Json work = Json::object();
      for (std::size_t k = 0; k < g.channels.size(); ++k)
        work[p.channels.at(static_cast<std::size_t>(g.channels[k])).name] =
            g.work_share.at(static_cast<std::size_t>(r.interval)).at(k);
      row["work_share"] = std::move(work);
    }
    rows.push_back(std::move(row));
  }
  j["intervals"] = std::move(rows);
  j["net_staffing"] = detail::net_staffing_json(p.net);
  return j.dump(2) + "\n";
}

std::string format_table(const models::StaffingPlan& p) {
  std::string out =
      fmt::format("scenario {}: {} staffing, {} day(s), interval {}\n", p.scenario, method(p),
                  format_number(p.horizon_days), detail::format_duration(p.interval_seconds));
  if (p.simulated)
    out += fmt::format(
        "simulation: seed {}, {} pass(es), {} replication(s) per decision first, up to {} while "
        "a decision is open at {}% confidence ({} simulated); must hold: {}; targets judged on "
        "the {}\n",
        p.seed, p.passes, p.replications, p.max_replications,
        format_number(p.decision_confidence * 100), p.replications_run,
        models::to_string(p.must_hold),
        p.confidence ? "pessimistic end of the confidence interval" : "mean over replications");
  out += fmt::format(
      "people = seat-hours per month / (1 - shrinkage) / {} paid hours (month = {} days)\n\n",
      format_number(p.paid_hours_per_month), format_number(p.month_days));
  out += fmt::format("{:<16} {:>9} {:>9} {:>8} {:>10} {:>12} {:>10} {:>10}  {}\n", "site", "people",
                     "required", "surplus", "Erlang req", "seat-h/month", "short int.", "shrinkage",
                     "people available from");
  int required_analytic = 0;
  double hours = 0.0;
  for (const auto& s : p.sites) {
    const double h = month_hours(p, p.simulated ? s.agent_hours_simulated : s.agent_hours_analytic);
    hours += h;
    required_analytic += s.headcount_required_analytic;
    out += fmt::format("{:<16} {:>9} {:>9} {:>+8} {:>10} {:>12.0f} {:>10} {:>9.0f}%  {}\n", s.name,
                       s.headcount_available, s.headcount_required, s.surplus,
                       s.headcount_required_analytic, h, s.intervals_short, s.shrinkage * 100,
                       s.headcount ? std::string("headcount")
                                   : fmt::format("implied by {:.0f} seat-h/month on duty",
                                                 month_hours(p, s.seat_hours_on_duty)));
  }
  out += fmt::format("{:<16} {:>9} {:>9} {:>+8} {:>10} {:>12.0f}\n", "total", p.headcount_available,
                     p.headcount_required, p.surplus, required_analytic, hours);
  out += fmt::format("\n{:<14} {:<9} {:>11} {:>11} {:>24} {:>14} {:>22} {:>17} {:>9}\n", "channel",
                     "kind", "Erlang ag-h", "sim ag-h", "service level", "ASA", "abandoned",
                     "intervals met", "contacts");
  for (const auto& c : p.channels) {
    std::string sim_hours = "-";
    if (p.simulated)
      sim_hours = c.dedicated ? fmt::format("{:.0f}", month_hours(p, c.agent_hours_simulated))
                              : std::string("shared");
    std::string asa = "-";
    if (c.asa_seconds)
      asa = c.asa_seconds->interval ? fmt::format("{:.1f}s [{:.1f}, {:.1f}]", c.asa_seconds->mean,
                                                  c.asa_seconds->lower, c.asa_seconds->upper)
                                    : fmt::format("{:.1f}s (n/a)", c.asa_seconds->mean);
    const bool judged = p.simulated && c.has_targets && c.intervals_with_demand > 0;
    out += fmt::format(
        "{:<14} {:<9} {:>11.0f} {:>11} {:>24} {:>14} {:>22} {:>17} {:>9}\n", c.name,
        models::to_string(c.kind), month_hours(p, c.agent_hours_analytic), sim_hours,
        percent_or_na(c.service_level), asa, percent_or_na(c.abandon_rate),
        judged ? fmt::format("{}/{} ({:.0f}%)", c.intervals_met, c.intervals_with_demand,
                             100.0 * share(c.intervals_met, c.intervals_with_demand))
               : std::string("-"),
        judged && c.offered > 0 ? fmt::format("{:.0f}%", 100.0 * c.offered_in_met / c.offered)
                                : std::string("-"));
  }
  for (const auto& c : p.channels)
    if (!c.analytic_infeasible.empty())
      out +=
          fmt::format("{}: {} interval(s) need more than {} agents: infeasible (first at {})\n",
                      c.name, c.analytic_infeasible.size(), models::kMaxAnalyticAgents,
                      detail::interval_start(c.analytic_infeasible.front() * p.interval_seconds));
  if (p.simulated) {
    out += "\nworst intervals (the final plan):\n";
    for (const auto& c : p.channels) {
      if (c.worst.empty()) continue;
      std::string line;
      for (const auto& w : c.worst)
        line += fmt::format("  {} {}{}", detail::interval_start(w.interval * p.interval_seconds),
                            w.service_level ? fmt::format("SL {:.1f}%", w.service_level->mean * 100)
                                            : std::string(),
                            w.met ? "" : " (missed)");
      out += fmt::format("{:<14}{}\n", c.name, line);
    }
    out += fmt::format("\n{:<28} {:<28} {:>12} {:>12} {:>8}\n", "site/group", "serves",
                       "Erlang seat-h", "sim seat-h", "peak");
    for (const auto& g : p.groups) {
      std::string serves;
      for (int c : g.channels)
        serves += (serves.empty() ? "" : "+") + p.channels.at(static_cast<std::size_t>(c)).name;
      out +=
          fmt::format("{:<28} {:<28} {:>12.0f} {:>12.0f} {:>8}\n", g.site_name + "/" + g.group_name,
                      serves, month_hours(p, g.seat_hours_analytic),
                      month_hours(p, g.seat_hours_simulated), peak(g.seats_simulated));
    }
  }
  out += "\n";
  out += net_staffing_table(p.net);
  out += fmt::format("\ntargets ({}): {}\n", models::to_string(p.must_hold),
                     p.targets_met ? "met" : "NOT met (see the channels and worst intervals)");
  out +=
      "(agent- and seat-hours per month; 'sim ag-h' is 'shared' for a channel served by groups "
      "with several channels: see their work share in the interval rows; per-interval rows: "
      "--format csv, --format json or --out)\n";
  return out;
}

std::string staff_sites_csv(const models::StaffingPlan& p) {
  std::string out = csv_line({"site", "headcount_available", "headcount_required", "surplus",
                              "headcount_required_analytic", "shrinkage", "agent_hours_analytic",
                              "agent_hours_simulated"});
  int required_analytic = 0;
  for (const auto& s : p.sites) {
    required_analytic += s.headcount_required_analytic;
    out += csv_line({s.name, std::to_string(s.headcount_available),
                     std::to_string(s.headcount_required), std::to_string(s.surplus),
                     std::to_string(s.headcount_required_analytic), num(s.shrinkage),
                     num(s.agent_hours_analytic), num(s.agent_hours_simulated)});
  }
  out += csv_line({"total", std::to_string(p.headcount_available),
                   std::to_string(p.headcount_required), std::to_string(p.surplus),
                   std::to_string(required_analytic), "", "", ""});
  return out;
}

std::string staff_channels_csv(const models::StaffingPlan& p) {
  std::string out = csv_line({"channel", "kind", "agent_hours_analytic", "agent_hours_simulated",
                              "peak_agents_analytic", "peak_agents_simulated", "service_level",
                              "asa_seconds", "abandon_rate", "occupancy", "keys", "keys_missed"});
  auto mean = [](const std::optional<models::Estimate>& e) { return e ? num(e->mean) : ""; };
  for (const auto& c : p.channels)
    out += csv_line({c.name, models::to_string(c.kind), num(c.agent_hours_analytic),
                     num(c.agent_hours_simulated), std::to_string(peak(c.analytic)),
                     p.simulated ? std::to_string(peak(c.simulated)) : "", mean(c.service_level),
                     mean(c.asa_seconds), mean(c.abandon_rate), mean(c.occupancy),
                     std::to_string(c.keys), std::to_string(c.keys_missed)});
  return out;
}

std::string staff_intervals_csv(const models::StaffingPlan& p) {
  std::string out =
      csv_line({"index", "start_seconds", "start", "site", "group", "channel",
                "agents_required_analytic", "agents_required_simulated", "work_share"});
  for (const auto& r : p.rows) {
    const models::GroupStaffing& g = group_of(p, r);
    std::string work;
    if (!g.dedicated())
      for (std::size_t k = 0; k < g.channels.size(); ++k)
        work += (k ? " " : "") + p.channels.at(static_cast<std::size_t>(g.channels[k])).name + "=" +
                fmt::format("{:.3f}", g.work_share.at(static_cast<std::size_t>(r.interval)).at(k));
    out += csv_line({std::to_string(r.interval), num(r.start_seconds),
                     detail::interval_start(r.start_seconds), g.site_name, g.group_name,
                     row_channel(p, g), std::to_string(r.agents_analytic),
                     r.agents_simulated ? std::to_string(*r.agents_simulated) : "", work});
  }
  return out;
}

const WriterRegistry<models::StaffingPlan>& staff_writers() {
  using P = models::StaffingPlan;
  using W = Writer<P>;
  static const WriterRegistry<P> registry = [] {
    WriterRegistry<P> r;
    r.add(W{"table", "", [](const P& x) { return format_table(x); }, {}});
    r.add(W{"csv",
            "sites",
            [](const P& x) { return staff_sites_csv(x); },
            {{"sites.csv", [](const P& x) { return staff_sites_csv(x); }},
             {"channels.csv", [](const P& x) { return staff_channels_csv(x); }},
             {"intervals.csv", [](const P& x) { return staff_intervals_csv(x); }}}});
    r.add(W{"net",
            "net staffing per interval, site and group, CSV",
            [](const P& x) { return net_staffing_csv(x.net); },
            {{"net_staffing.csv", [](const P& x) { return net_staffing_csv(x.net); }}}});
    r.add(W{"json",
            "with every interval row",
            [](const P& x) { return to_json(x); },
            {{"summary.json", [](const P& x) { return to_json(x); }}}});
    r.add(W{"html",
            "self-contained report with charts",
            [](const P& x) { return to_html(x); },
            {{"report.html", [](const P& x) { return to_html(x); }}}});
    return r;
  }();
  return registry;
}

void write_staff_outputs(const std::string& dir, const models::StaffingPlan& plan) {
  staff_writers().write_out(dir, plan);
}

}  // namespace ccsim::io
