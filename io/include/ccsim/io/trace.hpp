#pragma once
/// The CSV contact trace of `ccsim run --trace FILE.csv`: one row per counted contact of one
/// replication, streamed to the file as the model reports them (ccsim/models/trace.hpp) through
/// a buffer, so a month of contacts is never held in memory. The file is all-or-nothing like
/// every output (io/output_files.hpp): it appears only when finish() is called.
///
/// Columns (times in seconds; names as in the scenario):
/// `arrival_seconds` (since day 0, 00:00 UTC), `day`, `weekday`, `time` (the arrival in UTC:
/// `d3` or, with horizon.start_date, the ISO date; `Mon`; `HH:MM:SS.mmm`), `local_site` (the
/// answering site, else the home site, else empty), `local_day`, `local_weekday`, `local_time`
/// (the arrival on that site's clock; UTC when local_site is empty), `channel`, `region`,
/// `home_site`, `site`, `group` (answering site and group; empty when not served), `attempt`
/// (1 = first; redials count up), `outcome` (`answered`, `abandoned`, `unanswered`,
/// `callback_failed`), `wait_seconds`, `handle_seconds`, `wrap_seconds`.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ccsim/io/error.hpp"
#include "ccsim/io/output_files.hpp"
#include "ccsim/models/scenario.hpp"
#include "ccsim/models/trace.hpp"

namespace ccsim::io {

class TraceCsvWriter final : public models::ContactObserver {
 public:
  /// Opens the trace of `scenario`'s contacts at `path` (InputError when it cannot be
  /// written) and writes the header.
  TraceCsvWriter(const models::Scenario& scenario, const std::string& path);
  void on_contact(const models::ContactRecord& record) override;
  /// Writes what is buffered and puts the file in place. Without it the file is not written.
  /// A write that failed during the run (a full disk, a file-size limit) is thrown here, as the
  /// InputError it was, on the caller's thread: on_contact() runs inside a replication, where
  /// an exception would lose its kind (and its exit code 2) crossing the worker threads.
  void finish();
  std::uint64_t rows() const { return rows_; }

 private:
  void flush();
  /// "d3" or the ISO date of day `day` (precomputed: no allocation per row).
  const std::string& day_label(long long day) const;

  StreamedOutputFile file_;
  std::optional<InputError> failed_;  // the first write error; nothing is written after it
  fmt::memory_buffer buffer_;
  std::vector<std::string> channels_, regions_, sites_;
  std::vector<std::vector<std::string>> groups_;
  std::vector<double> site_offset_seconds_;
  std::vector<std::string> days_;  // day labels from kFirstDay on
  int start_weekday_ = 0;
  std::uint64_t rows_ = 0;
};

}  // namespace ccsim::io
