#include "progress.hpp"

#include "parallel.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

#include <fmt/format.h>

namespace ccsim::cli {

ProgressBar::ProgressBar(const char* what)
    : what_(what),
      active_(::isatty(STDERR_FILENO) == 1 && is_output_process()),
      start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  // Leave the terminal as it was: erase the bar line.
  if (drawn_) std::fputs("\r\033[2K", stderr);
}

void ProgressBar::update(int done, int total) {
  if (!active_ || total <= 0) return;
  const std::lock_guard lock(mutex_);
  constexpr int kWidth = 30;
  const double fraction = static_cast<double>(done) / total;
  const int filled = static_cast<int>(fraction * kWidth);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string eta = "ETA --";
  if (done > 0 && done < total) eta = fmt::format("ETA {:.0f}s", elapsed / done * (total - done));
  if (done >= total) eta = fmt::format("{:.1f}s", elapsed);
  const std::string line = fmt::format("\r[{}{}] {}/{} {}  {}", std::string(filled, '#'),
                                       std::string(kWidth - filled, '.'), done, total, what_, eta);
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace ccsim::cli
