#pragma once
/// Report writers for rosters (`ccsim roster`): terminal table, CSV, JSON and the rostered
/// scenario YAML.

#include <string>

#include "ccsim/io/scenario_file.hpp"
#include "ccsim/io/writer.hpp"
#include "ccsim/models/roster.hpp"

namespace ccsim::io {

/// summary.json: sites.<name> with headcount_available, headcount_required, surplus, tours,
/// paid_hours, cost, lower_bound_paid_hours; the overall lower_bound_paid_hours, paid_hours,
/// objective and lp_bound (weekly paid cost), gap, passes, intervals_judged,
/// intervals_meeting_targets (count and share), per channel KPIs of the verification and the
/// worst misses, and net_staffing (the rostered groups' required vs scheduled seats per interval
/// and the per-site summary, as in `ccsim staff`). Pretty-printed, ends with a newline; equal plans
/// give equal bytes.
std::string roster_json(const models::Scenario& scenario, const models::RosterPlan& plan);

/// Human-readable: per site first (people needed of available, paid hours vs the lower bound),
/// then the solver's bound and gap, the verification, and the tours per group.
std::string roster_table(const models::Scenario& scenario, const models::RosterPlan& plan);

/// shifts.csv: one row per shift entry: site, group, template, start (local), length, days,
/// agents, break_starts (local times, ';'-separated).
std::string roster_shifts_csv(const models::Scenario& scenario, const models::RosterPlan& plan);
/// tours.csv: one row per tour kind: site, group, template, start, length, days, agents.
std::string roster_tours_csv(const models::Scenario& scenario, const models::RosterPlan& plan);
/// coverage.csv: per counted interval and site x group: required, scheduled productive, on
/// break, over_under (productive - required).
std::string roster_coverage_csv(const models::Scenario& scenario, const models::RosterPlan& plan);

/// roster.yaml: the input scenario (its YAML tree with the --set overrides applied) with every
/// rostered group's supply replaced by the plan's shifts, as `ccsim run` takes it.
std::string roster_yaml(const ScenarioFile& file, const models::RosterPlan& plan);

/// One self-contained HTML file with charts: people and paid hours vs the lower bound per site,
/// net staffing (required vs rostered seats per interval and site), per site the agents on
/// duty per group and the agents on break per interval (the breaks' stagger) in local time,
/// the tours and days-off table, and the verification's KPIs.
std::string roster_html(const models::Scenario& scenario, const models::RosterPlan& plan);

/// What the roster writers take: the scenario file (roster.yaml needs its YAML) and the plan.
struct RosterReport {
  const ScenarioFile& file;
  const models::RosterPlan& plan;
};

/// The output formats of `ccsim roster` (table, csv, net, json, html): its --format choices
/// and the files of --out DIR (roster.yaml, shifts.csv, tours.csv, coverage.csv,
/// net_staffing.csv, summary.json, report.html).
const WriterRegistry<RosterReport>& roster_writers();

/// Writes roster.yaml, shifts.csv, tours.csv, coverage.csv, net_staffing.csv
/// (net_staffing_csv()) and summary.json into `dir`,
/// atomically as a set (see write_files()).
void write_roster_outputs(const std::string& dir, const ScenarioFile& file,
                          const models::RosterPlan& plan);

}  // namespace ccsim::io
