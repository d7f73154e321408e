#pragma once
/// Input and output of `ccsim erlang`: the intervals CSV of batch mode, and the JSON and table
/// reports of Erlang C / A results (docs/contract.md).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ccsim/models/erlang.hpp"

namespace ccsim::io {

/// One data row of an `--intervals` CSV file.
struct ErlangIntervalRow {
  std::string interval;                    ///< label, e.g. "08:00"
  double calls = 0.0;                      ///< contacts arriving in the interval, >= 0
  double aht_seconds = 0.0;                ///< mean handle time, > 0
  std::optional<double> patience_seconds;  ///< mean patience, > 0, if the column is present
  int line = 0;                            ///< 1-based line in the file
};

/// Reads an intervals CSV: a header line `interval,calls,aht` or `interval,calls,aht,patience`
/// (names checked), then one row per interval. Blank lines and lines starting with '#' are
/// skipped; fields are trimmed; no quoting. Throws InputError with file:line:col on any
/// problem (unreadable file, wrong header or column count, bad or out-of-range number).
std::vector<ErlangIntervalRow> read_erlang_intervals(const std::string& path);

/// The same for CSV text in memory (`path` names it in diagnostics). The text must be UTF-8
/// without control characters (the check every text input gets).
std::vector<ErlangIntervalRow> parse_erlang_intervals(std::string_view text,
                                                      const std::string& path);

/// One JSON object with exactly the keys of the contract: model, agents,
/// offered_load_erlangs, p_wait, service_level, sl_seconds, asa_seconds, mean_wait_seconds,
/// p_abandon, occupancy, then service_level_of_answered, service_level_excluding_abandoned,
/// service_level_excluding_short_abandons, short_abandon_seconds, p_abandon_within_sl,
/// p_abandon_short. Numbers round-trip. Ends with a newline.
std::string erlang_json(const models::QueueMetrics& m);

/// Human-readable aligned table of one result; `heading` is printed above it when not empty.
std::string erlang_table(const models::QueueMetrics& m, const std::string& heading = "");

/// One result per interval row.
struct ErlangIntervalResult {
  ErlangIntervalRow row;
  models::QueueMetrics metrics;
};

/// Batch JSON: {"interval_minutes": M, "intervals": [{"interval", "calls", "aht_seconds",
/// "patience_seconds" (null when none), then the keys of erlang_json()}, ...]}.
std::string erlang_intervals_json(const std::vector<ErlangIntervalResult>& results,
                                  double interval_minutes);

/// Batch table: one aligned line per interval.
std::string erlang_intervals_table(const std::vector<ErlangIntervalResult>& results,
                                   double interval_minutes, const std::string& heading = "");

}  // namespace ccsim::io
