#pragma once
/// Report writers for staffing plans (`ccsim staff`): terminal table, CSV and JSON
/// (docs/contract.md, "JSON").

#include <string>

#include "ccsim/io/writer.hpp"
#include "ccsim/models/staffing.hpp"

namespace ccsim::io {

/// The JSON document of `ccsim staff`: sites.<name> and total with headcount_available,
/// headcount_required, surplus; intervals as rows with start, site, channel,
/// agents_required_analytic, agents_required_simulated (null when analytic only); plus the
/// search settings and per-channel summaries; net_staffing (required vs scheduled seats per
/// interval and site x group, per-site shortfalls). Pretty-printed, ends with a newline; identical
/// plans give identical bytes.
std::string to_json(const models::StaffingPlan& plan);

/// One self-contained HTML file with charts: per site the requirement per interval against
/// the scheduled agents (StaffingPlan::scheduled) and the net, per channel the requirement.
std::string to_html(const models::StaffingPlan& plan);

/// Human-readable tables: headcount per site (required vs available) and per channel.
std::string format_table(const models::StaffingPlan& plan);

/// One row per site and a total row: available, required (simulated and analytic), surplus,
/// agent-hours.
std::string staff_sites_csv(const models::StaffingPlan& plan);
/// One row per channel: agent-hours, peak agents and the final simulated KPIs.
std::string staff_channels_csv(const models::StaffingPlan& plan);
/// One row per interval, site and channel with the analytic and simulated requirement.
std::string staff_intervals_csv(const models::StaffingPlan& plan);

/// The output formats of `ccsim staff` (table, csv, json, ...): its --format choices and the
/// files of --out DIR (summary.json, sites.csv, channels.csv, intervals.csv, ...).
const WriterRegistry<models::StaffingPlan>& staff_writers();

/// Writes every file of staff_writers() into `dir`, atomically as a set (see write_files()).
void write_staff_outputs(const std::string& dir, const models::StaffingPlan& plan);

}  // namespace ccsim::io
