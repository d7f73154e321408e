#pragma once
/// Spreading replications over processes (e.g. the ranks of an MPI job) without the engine
/// knowing how processes talk.
///
/// Every process of a job runs the same program on the same input, so every process reaches
/// the same distribute_replications() call with the same replication count. Each one runs the
/// block of replications it owns (on its own threads, through run_replications), serialises
/// the results, and a ReplicationDistributor gathers every block on every process, in rank
/// order, which is replication order. The results are then decoded into the same vector a
/// single process would have built, so the program goes on identically everywhere and output
/// does not depend on the number of processes (only process 0 writes it; that is the
/// front end's business). With no distributor installed, or one process, this is exactly
/// run_replications.
///
/// Failures follow run_replications' rule across processes: every process learns every
/// failure, and all of them throw the same exception, the one of the lowest-numbered failing
/// replication, rebuilt from its recorded kind and message (std::invalid_argument,
/// std::domain_error, std::out_of_range, or std::runtime_error for anything else). A process
/// that dies is the distributor's (the MPI runtime's) to report.
///
/// Only the outermost batch is spread: a distribute_replications() called from inside a
/// replication body while this process runs its block (e.g. the staffing searches of a sweep's
/// grid points, spread over the ranks, each simulating its passes) runs locally.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "ccsim/sim/replication.hpp"

namespace ccsim::sim {

/// How processes of one job exchange serialised replication results.
class ReplicationDistributor {
 public:
  virtual ~ReplicationDistributor() = default;
  /// This process's number, 0-based.
  virtual int rank() const = 0;
  /// Number of processes in the job (>= 1).
  virtual int size() const = 0;
  /// Collective: every process calls it once per distribute_replications(), with its own
  /// block. Returns the blocks of all processes in rank order (the same on every process).
  virtual std::vector<std::string> all_gather(const std::string& block) = 0;
};

/// Installs `d` for the whole process (nullptr = none: everything runs locally). The front end
/// installs it once before any simulation and removes it before `d` is destroyed.
void set_replication_distributor(ReplicationDistributor* d);
/// The installed distributor, or nullptr.
ReplicationDistributor* replication_distributor();

/// Replications [begin, end) owned by `rank` of `size` processes: contiguous blocks whose
/// lengths differ by at most one, lower ranks first.
struct ReplicationBlock {
  int begin = 0;
  int end = 0;
};
ReplicationBlock replication_block(int replications, int rank, int size);

/// Appends plain values and arrays to a byte string, read back by ByteReader. The bytes are
/// the machine's own representation (doubles bit for bit): all processes of a job must run
/// on the same architecture, which clusters of one kind do.
class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}
  template <class T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const char*>(&value);
    out_.append(p, sizeof(T));
  }
  template <class T>
  void put_vector(const std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    put<std::uint64_t>(values.size());
    if (!values.empty())
      out_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  void put_string(std::string_view s) {
    put<std::uint64_t>(s.size());
    out_.append(s.data(), s.size());
  }

 private:
  std::string& out_;
};

/// Reads what ByteWriter wrote; throws std::runtime_error when the bytes run out.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  template <class T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T value;
    std::memcpy(&value, take(sizeof(T)), sizeof(T));
    return value;
  }
  template <class T>
  std::vector<T> get_vector() {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto n = get<std::uint64_t>();
    if (n > in_.size() / (sizeof(T) == 0 ? 1 : sizeof(T)))
      throw std::runtime_error("ByteReader: truncated record");
    std::vector<T> values(static_cast<std::size_t>(n));
    if (n > 0)
      std::memcpy(values.data(), take(values.size() * sizeof(T)), values.size() * sizeof(T));
    return values;
  }
  std::string get_string() {
    const auto n = get<std::uint64_t>();
    if (n > in_.size()) throw std::runtime_error("ByteReader: truncated record");
    return std::string(take(static_cast<std::size_t>(n)), static_cast<std::size_t>(n));
  }
  bool done() const { return in_.empty(); }

 private:
  const char* take(std::size_t n) {
    if (n > in_.size()) throw std::runtime_error("ByteReader: truncated record");
    const char* p = in_.data();
    in_.remove_prefix(n);
    return p;
  }
  std::string_view in_;
};

namespace detail {

/// What a failed replication left: its kind (see distribution.hpp's header) and message.
enum class FailureKind : std::uint8_t { none, invalid_argument, domain_error, out_of_range, other };
FailureKind failure_kind(const std::exception_ptr& e, std::string& message);
/// True while this process runs its block of a distributed batch.
bool inside_block();
[[noreturn]] void rethrow_failure(FailureKind kind, const std::string& message);

/// Runs replications [block.begin, block.end) locally and encodes each as
/// [kind u8][payload or message]; a failure stops the block's later replications.
std::string run_block(ReplicationBlock block, int threads,
                      const std::function<std::string(int)>& encoded_body,
                      const std::function<void(int, int)>& on_done, int total, int size);

/// Splits gathered blocks into per-replication payloads, rethrowing the lowest failure.
std::vector<std::string> decode_blocks(const std::vector<std::string>& blocks, int replications);

}  // namespace detail

/// run_replications over every process of the job (see the file comment). `encode` appends a
/// Result to a byte string; `decode` rebuilds it. `on_done` is called on each process for its
/// own replications, scaled to the job's total (done x processes, capped at the total).
template <class Result>
std::vector<Result> distribute_replications(
    int replications, int threads, const std::function<Result(int)>& body,
    const std::function<void(const Result&, std::string&)>& encode,
    const std::function<Result(std::string_view)>& decode,
    const std::function<void(int, int)>& on_done = {}) {
  ReplicationDistributor* d = replication_distributor();
  if (d == nullptr || d->size() <= 1 || replications <= 0 || detail::inside_block())
    return run_replications<Result>(replications, threads, body, on_done);
  const ReplicationBlock block = replication_block(replications, d->rank(), d->size());
  const std::function<std::string(int)> encoded = [&](int r) {
    std::string bytes;
    encode(body(r), bytes);
    return bytes;
  };
  const std::string mine =
      detail::run_block(block, threads, encoded, on_done, replications, d->size());
  const std::vector<std::string> payloads =
      detail::decode_blocks(d->all_gather(mine), replications);
  std::vector<Result> out;
  out.reserve(payloads.size());
  for (const std::string& p : payloads) out.push_back(decode(p));
  return out;
}

}  // namespace ccsim::sim
