#include "ccsim/sim/distribution.hpp"

#include <algorithm>
#include <atomic>
#include <optional>

namespace ccsim::sim {

namespace {
std::atomic<ReplicationDistributor*> g_distributor{nullptr};
// Set on the thread that runs a replication body of this process's block, for the body's
// duration: a distribute_replications() the body calls (on that thread) then runs locally.
thread_local bool t_inside_block = false;
}  // namespace

void set_replication_distributor(ReplicationDistributor* d) { g_distributor = d; }
ReplicationDistributor* replication_distributor() { return g_distributor; }

ReplicationBlock replication_block(int replications, int rank, int size) {
  if (size <= 0 || rank < 0 || rank >= size || replications < 0)
    throw std::invalid_argument("replication_block: bad rank, size or replication count");
  const int base = replications / size;
  const int extra = replications % size;
  const int begin = rank * base + std::min(rank, extra);
  return ReplicationBlock{begin, begin + base + (rank < extra ? 1 : 0)};
}

namespace detail {

bool inside_block() { return t_inside_block; }

FailureKind failure_kind(const std::exception_ptr& e, std::string& message) {
  try {
    std::rethrow_exception(e);
  } catch (const std::invalid_argument& x) {
    message = x.what();
    return FailureKind::invalid_argument;
  } catch (const std::domain_error& x) {
    message = x.what();
    return FailureKind::domain_error;
  } catch (const std::out_of_range& x) {
    message = x.what();
    return FailureKind::out_of_range;
  } catch (const std::exception& x) {
    message = x.what();
    return FailureKind::other;
  } catch (...) {
    message = "unknown exception";
    return FailureKind::other;
  }
}

void rethrow_failure(FailureKind kind, const std::string& message) {
  switch (kind) {
    case FailureKind::invalid_argument:
      throw std::invalid_argument(message);
    case FailureKind::domain_error:
      throw std::domain_error(message);
    case FailureKind::out_of_range:
      throw std::out_of_range(message);
    default:
      throw std::runtime_error(message);
  }
}

// Record layout of one replication inside a block: [kind u8][bytes: payload or message].
// A block is its replications' records in order; a failure ends the block (the replications
// after it are skipped, as run_replications skips those not yet started).
std::string run_block(ReplicationBlock block, int threads,
                      const std::function<std::string(int)>& encoded_body,
                      const std::function<void(int, int)>& on_done, int total, int size) {
  struct Outcome {
    FailureKind kind = FailureKind::none;
    std::string bytes;
  };
  std::atomic<bool> failed{false};
  const std::function<Outcome(int)> body = [&](int i) {
    Outcome o;
    if (failed) {
      o.kind = FailureKind::other;  // skipped: never the lowest failure (one precedes it)
      return o;
    }
    struct Inside {
      bool was = t_inside_block;
      Inside() { t_inside_block = true; }
      ~Inside() { t_inside_block = was; }
    } inside;
    try {
      o.bytes = encoded_body(block.begin + i);
    } catch (...) {
      o.kind = failure_kind(std::current_exception(), o.bytes);
      failed = true;
    }
    return o;
  };
  std::function<void(int, int)> progress;
  if (on_done) progress = [&](int done, int) { on_done(std::min(total, done * size), total); };
  const std::vector<Outcome> outcomes =
      run_replications<Outcome>(block.end - block.begin, threads, body, progress);
  std::string out;
  ByteWriter w(out);
  for (const Outcome& o : outcomes) {
    w.put(static_cast<std::uint8_t>(o.kind));
    w.put_string(o.bytes);
  }
  return out;
}

std::vector<std::string> decode_blocks(const std::vector<std::string>& blocks, int replications) {
  std::vector<std::string> payloads;
  std::vector<FailureKind> kinds;
  payloads.reserve(static_cast<std::size_t>(replications));
  for (const std::string& b : blocks) {
    ByteReader r(b);
    while (!r.done()) {
      kinds.push_back(static_cast<FailureKind>(r.get<std::uint8_t>()));
      payloads.push_back(r.get_string());
    }
  }
  if (payloads.size() != static_cast<std::size_t>(replications))
    throw std::runtime_error("distribute_replications: gathered " +
                             std::to_string(payloads.size()) + " results for " +
                             std::to_string(replications) + " replications");
  for (std::size_t i = 0; i < kinds.size(); ++i)
    if (kinds[i] != FailureKind::none) rethrow_failure(kinds[i], payloads[i]);
  return payloads;
}

}  // namespace detail
}  // namespace ccsim::sim
