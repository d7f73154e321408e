#pragma once
/// Parallel replication runner: R independent replications over T threads, results returned
/// in replication order so that output is byte-identical for any T.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

namespace ccsim::sim {

/// The number of workers a `threads` option asks for: itself when positive, else (0 = all
/// cores) the hardware concurrency, at least 1. The one reading of "0 threads" everywhere.
inline int worker_count(int threads) {
  return threads > 0 ? threads
                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

/// Runs `body(r)` for r = 0..replications-1 on up to `threads` threads (0 = hardware
/// concurrency) and returns the results indexed by r. `on_done(done, total)` (optional) is
/// called after each replication from the finishing thread, serialised by a mutex. If any
/// replication throws, the exception of the lowest-numbered failing replication is rethrown
/// after all threads have stopped; replications not yet started are then skipped. Throws
/// std::invalid_argument if `replications` is negative.
template <class Result>
std::vector<Result> run_replications(int replications, int threads,
                                     const std::function<Result(int)>& body,
                                     const std::function<void(int, int)>& on_done = {}) {
  if (replications < 0) throw std::invalid_argument("run_replications: negative replication count");
  std::vector<std::optional<Result>> slots(static_cast<std::size_t>(replications));
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(replications));
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  std::mutex progress_mutex;
  int done = 0;
  auto worker = [&] {
    for (int r = next++; r < replications && !failed; r = next++) {
      try {
        slots[static_cast<std::size_t>(r)].emplace(body(r));
      } catch (...) {
        errors[static_cast<std::size_t>(r)] = std::current_exception();
        failed = true;
      }
      if (on_done) {
        std::lock_guard lock(progress_mutex);
        on_done(++done, replications);
      }
    }
  };
  threads = std::max(1, std::min(worker_count(threads), replications));
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  std::vector<Result> out;
  out.reserve(slots.size());
  for (auto& s : slots) out.push_back(std::move(*s));
  return out;
}

}  // namespace ccsim::sim
