#pragma once
// A progress bar for long runs, drawn on stderr only when stderr is a terminal.

#include <chrono>
#include <mutex>

namespace ccsim::cli {

/// Shows "replications done / total" and an ETA on one stderr line; silent when stderr is not a
/// terminal (pipes, files, CI logs). Safe to update from several threads.
class ProgressBar {
 public:
  explicit ProgressBar(const char* what);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Records that `done` of `total` items are finished and redraws.
  void update(int done, int total);
  /// True when the bar is drawn at all.
  bool active() const { return active_; }

 private:
  const char* what_;
  bool active_ = false;
  bool drawn_ = false;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace ccsim::cli
