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

#include "ccsim/io/report.hpp"
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
  return Json{{"mean", e->mean}, {"ci95", {e->lower, e->upper}}};
}

std::string method(const models::StaffingPlan& p) { return p.simulated ? "simulated" : "analytic"; }

}  // namespace

std::string to_json(const models::StaffingPlan& p) {
  Json j;
  j["scenario"] = p.scenario;
  j["seed"] = p.seed;
  j["replications"] = p.replications;
  j["method"] = method(p);
  j["confidence"] = p.confidence;
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
                         {"agent_hours_simulated", s.agent_hours_simulated}};
  }
  j["sites"] = std::move(sites);
  j["total"] = Json{{"headcount_available", p.headcount_available},
                    {"headcount_required", p.headcount_required},
                    {"surplus", p.surplus},
                    {"headcount_required_analytic", required_analytic}};
  Json channels = Json::object();
  for (const auto& c : p.channels) {
    channels[c.name] = Json{{"kind", models::to_string(c.kind)},
                            {"agent_hours_analytic", c.agent_hours_analytic},
                            {"agent_hours_simulated", c.agent_hours_simulated},
                            {"peak_agents_analytic", peak(c.analytic)},
                            {"peak_agents_simulated", peak(c.simulated)},
                            {"keys", c.keys},
                            {"keys_missed", c.keys_missed},
                            {"service_level", optional_estimate(c.service_level)},
                            {"asa_seconds", optional_estimate(c.asa_seconds)},
                            {"abandon_rate", optional_estimate(c.abandon_rate)},
                            {"occupancy", optional_estimate(c.occupancy)}};
  }
  j["channels"] = std::move(channels);
  Json rows = Json::array();
  for (const auto& r : p.rows) {
    Json simulated = nullptr;
    if (r.agents_simulated) simulated = *r.agents_simulated;
    rows.push_back(Json{{"index", r.interval},
                        {"start_seconds", r.start_seconds},
                        {"start", detail::interval_start(r.start_seconds)},
                        {"site", p.sites.at(static_cast<std::size_t>(r.site)).name},
                        {"channel", p.channels.at(static_cast<std::size_t>(r.channel)).name},
                        {"agents_required_analytic", r.agents_analytic},
                        {"agents_required_simulated", std::move(simulated)}});
  }
  j["intervals"] = std::move(rows);
  return j.dump(2) + "\n";
}

std::string format_table(const models::StaffingPlan& p) {
  std::string out =
      fmt::format("scenario {}: {} staffing, {} day(s), interval {}\n", p.scenario, method(p),
                  format_number(p.horizon_days), detail::format_duration(p.interval_seconds));
  if (p.simulated)
    out += fmt::format(
        "simulation: {} replication(s) per pass, seed {}, {} pass(es), targets judged on the {}\n",
        p.replications, p.seed, p.passes,
        p.confidence ? "pessimistic end of the 95% CI" : "mean over replications");
  out += fmt::format(
      "headcount = agent-hours per month / (1 - shrinkage) / {} paid hours (month = {} days)\n\n",
      format_number(p.paid_hours_per_month), format_number(p.month_days));
  out += fmt::format("{:<16} {:>9} {:>9} {:>8} {:>10} {:>14} {:>10}\n", "site", "available",
                     "required", "surplus", "Erlang req", "agent-h/month", "shrinkage");
  int required_analytic = 0;
  double hours = 0.0;
  for (const auto& s : p.sites) {
    const double h = month_hours(p, p.simulated ? s.agent_hours_simulated : s.agent_hours_analytic);
    hours += h;
    required_analytic += s.headcount_required_analytic;
    out += fmt::format("{:<16} {:>9} {:>9} {:>+8} {:>10} {:>14.0f} {:>9.0f}%\n", s.name,
                       s.headcount_available, s.headcount_required, s.surplus,
                       s.headcount_required_analytic, h, s.shrinkage * 100);
  }
  out += fmt::format("{:<16} {:>9} {:>9} {:>+8} {:>10} {:>14.0f}\n", "total", p.headcount_available,
                     p.headcount_required, p.surplus, required_analytic, hours);
  out += fmt::format("\n{:<14} {:<9} {:>11} {:>11} {:>7} {:>7} {:>14} {:>14} {:>10} {:>9}\n",
                     "channel", "kind", "Erlang ag-h", "sim ag-h", "peak E", "peak S",
                     "service level", "ASA", "abandoned", "missed");
  for (const auto& c : p.channels) {
    auto pct = [](const std::optional<models::Estimate>& e) {
      return e ? fmt::format("{:.1f}%", e->mean * 100) : std::string("-");
    };
    out += fmt::format(
        "{:<14} {:<9} {:>11.0f} {:>11} {:>7} {:>7} {:>14} {:>14} {:>10} {:>9}\n", c.name,
        models::to_string(c.kind), month_hours(p, c.agent_hours_analytic),
        p.simulated ? fmt::format("{:.0f}", month_hours(p, c.agent_hours_simulated)) : "-",
        peak(c.analytic), p.simulated ? std::to_string(peak(c.simulated)) : "-",
        pct(c.service_level),
        c.asa_seconds ? fmt::format("{:.1f}s", c.asa_seconds->mean) : std::string("-"),
        pct(c.abandon_rate), p.simulated ? fmt::format("{}/{}", c.keys_missed, c.keys) : "-");
  }
  if (p.simulated) {
    // Where the simulation departs from Erlang: the intervals of largest difference.
    out += fmt::format("\n{:<14} {:>18} {:>22} {:>22}\n", "channel", "mean sim - Erlang",
                       "most below Erlang", "most above Erlang");
    for (const auto& c : p.channels) {
      if (c.simulated.size() != c.analytic.size() || c.analytic.empty()) continue;
      std::size_t low = 0, high = 0;
      double sum = 0.0;
      for (std::size_t i = 0; i < c.analytic.size(); ++i) {
        const int d = c.simulated[i] - c.analytic[i];
        sum += d;
        if (d < c.simulated[low] - c.analytic[low]) low = i;
        if (d > c.simulated[high] - c.analytic[high]) high = i;
      }
      auto at = [&](std::size_t i) {
        return fmt::format("{:+} at {}", c.simulated[i] - c.analytic[i],
                           detail::interval_start(static_cast<double>(i) * p.interval_seconds));
      };
      out += fmt::format("{:<14} {:>+18.2f} {:>22} {:>22}\n", c.name,
                         sum / static_cast<double>(c.analytic.size()), at(low), at(high));
    }
  }
  out +=
      "\n(agent-hours per month; peak = most agents in one interval; 'missed' = interval keys "
      "still missing their targets in the last simulation; per-interval rows: --format csv, "
      "--format json or --out)\n";
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
  std::string out = csv_line({"index", "start_seconds", "start", "site", "channel",
                              "agents_required_analytic", "agents_required_simulated"});
  for (const auto& r : p.rows)
    out += csv_line(
        {std::to_string(r.interval), num(r.start_seconds), detail::interval_start(r.start_seconds),
         p.sites.at(static_cast<std::size_t>(r.site)).name,
         p.channels.at(static_cast<std::size_t>(r.channel)).name, std::to_string(r.agents_analytic),
         r.agents_simulated ? std::to_string(*r.agents_simulated) : ""});
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
