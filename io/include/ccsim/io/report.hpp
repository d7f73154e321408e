#pragma once
/// Report writers for run results: terminal table, CSV and JSON (docs/contract.md).

#include <string>
#include <utility>
#include <vector>

#include "ccsim/io/writer.hpp"
#include "ccsim/models/results.hpp"

namespace ccsim::io {

/// The JSON document of `ccsim run`: scenario, seed, replications, horizon_days, channels,
/// sites, intervals (docs/contract.md). Pretty-printed, ends with a newline; numbers round-trip;
/// identical results give identical bytes.
std::string to_json(const models::RunResults& results);

/// Which per-interval arrays (`intervals`, `group_intervals`, `site_intervals`) a run document
/// holds rows for. They are most of a month's document (tens of thousands of rows, about
/// 20 MB for the reference center); a scalar metric path never reaches into them.
struct IntervalArrays {
  bool intervals = true;
  bool group_intervals = true;
  bool site_intervals = true;
};

/// to_json with the rows of only the chosen arrays: the others are written empty (`[]`), so
/// every key and every other byte is what to_json(results) writes. For resolving metric paths
/// (ccsim check, calibrate, precision targets) without forming the whole document.
std::string to_json(const models::RunResults& results, const IntervalArrays& arrays);

/// One self-contained HTML file with charts (see io/vendor/echarts): per channel offered,
/// service level, ASA and abandon % (email: backlog) per interval with their targets; per site
/// agents on duty per group and occupancy by hour of week. Nothing is fetched when it opens.
std::string to_html(const models::RunResults& results);

/// Human-readable tables of channels and sites, for a terminal.
std::string format_table(const models::RunResults& results);

/// One row per channel: counts, then each estimate as mean, ci95_lo, ci95_hi.
std::string channels_csv(const models::RunResults& results);
/// One row per site: headcount, occupancy (mean, ci95_lo, ci95_hi), handled, handled per channel.
std::string sites_csv(const models::RunResults& results);
/// One row per interval and channel: the original columns, then weekday, date (with a
/// horizon.start_date), abandon_rate, queue_mean, queue_max, backlog_end and the 95% CI
/// half-widths of offered, service level, ASA and abandon rate (empty with one replication).
std::string intervals_csv(const models::RunResults& results);
/// One row per interval and agent group: UTC and site-local start, weekday and date, agents on
/// duty (once per group, not per channel it serves) and occupancy, then (added) the contacts the
/// group answered, their service level (of the answered) and ASA.
std::string group_intervals_csv(const models::RunResults& results);
/// One row per interval, site and channel (RunResults::site_intervals): UTC and site-local
/// start, weekday and date, then by home site offered, answered, abandoned, service level,
/// abandon rate, ASA, and by answering site answered_here and asa_here.
std::string site_intervals_csv(const models::RunResults& results);

/// The output formats of `ccsim run` (table, csv, json, ...): its --format choices and the
/// files of --out DIR (summary.json, channels.csv, sites.csv, intervals.csv, ...).
const WriterRegistry<models::RunResults>& run_writers();

/// Writes every file of run_writers() into `dir` (created if missing). Every file is first
/// written under a temporary name and renamed only when all are complete, so a failure leaves
/// earlier results untouched. Throws InputError naming the path and the reason when the
/// destination cannot be written.
void write_outputs(const std::string& dir, const models::RunResults& results);

}  // namespace ccsim::io
