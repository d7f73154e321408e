#pragma once
/// Report writers for run results: terminal table, CSV and JSON (docs/contract.md).

#include <string>
#include <utility>
#include <vector>

#include "ccsim/models/results.hpp"

namespace ccsim::io {

/// The JSON document of `ccsim run`: scenario, seed, replications, horizon_days, channels,
/// sites, intervals (docs/contract.md). Pretty-printed, ends with a newline; numbers round-trip;
/// identical results give identical bytes.
std::string to_json(const models::RunResults& results);

/// Human-readable tables of channels and sites, for a terminal.
std::string format_table(const models::RunResults& results);

/// One row per channel: counts, then each estimate as mean, ci95_lo, ci95_hi.
std::string channels_csv(const models::RunResults& results);
/// One row per site: headcount, occupancy (mean, ci95_lo, ci95_hi), handled, handled per channel.
std::string sites_csv(const models::RunResults& results);
/// One row per interval and channel.
std::string intervals_csv(const models::RunResults& results);

/// Writes summary.json, channels.csv, sites.csv and intervals.csv into `dir` (created if
/// missing). Every file is first written under a temporary name and renamed only when all four
/// are complete, so a failure leaves earlier results untouched. Throws InputError naming the
/// path and the reason when the destination cannot be written.
void write_outputs(const std::string& dir, const models::RunResults& results);

/// Writes each (file name, text) pair into `dir` (created if missing) atomically as a set: all
/// files go to temporary names first and are renamed only when every one is complete. Throws
/// InputError naming the path and the reason when the destination cannot be written.
void write_files(const std::string& dir,
                 const std::vector<std::pair<std::string, std::string>>& files);

/// Creates `dir` if needed and checks that files can be created in it; throws InputError
/// otherwise. Lets the CLI fail before a long run rather than after it.
void check_output_dir(const std::string& dir);

}  // namespace ccsim::io
