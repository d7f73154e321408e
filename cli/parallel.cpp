#include "parallel.hpp"

#include <unistd.h>

#include <fcntl.h>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ccsim/io/error.hpp"
#include "ccsim/sim/distribution.hpp"

#ifdef CCSIM_WITH_MPI
#include <mpi.h>
#endif

namespace ccsim::cli {

namespace {

int g_rank = 0;
int g_size = 1;

// Set by a launcher for each process it starts: OpenMPI's mpirun, PMIx (srun --mpi=pmix, and
// OpenMPI itself), PMI-1/2 (srun --mpi=pmi2, MPICH's hydra).
const char* launcher_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const char* v = std::getenv(name)) return v;
  return nullptr;
}
void silence_stdout() {
  std::fflush(stdout);
  const int null = ::open("/dev/null", O_WRONLY);
  if (null >= 0) {
    ::dup2(null, STDOUT_FILENO);
    ::close(null);
  }
}

#ifdef CCSIM_WITH_MPI

bool launched_by_mpi() {
  return launcher_size() != nullptr || std::getenv("PMIX_RANK") != nullptr ||
         std::getenv("PMI_RANK") != nullptr;
}

// Test hooks for the failure tests (tests/cli/mpi): the rank named by CCSIM_TEST_FAIL_RANK
// throws, the one named by CCSIM_TEST_KILL_RANK kills itself, when it first gathers results.
int env_rank(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::atoi(v) : -1;
}

// Gathers every rank's block of serialised replication results on every rank. With
// CCSIM_MPI_STATS=1 it also measures, per gather, the wait for the slowest rank (a barrier)
// apart from the exchange itself, and rank 0 prints the totals when the job ends.
class MpiDistributor final : public sim::ReplicationDistributor {
 public:
  MpiDistributor() : stats_(std::getenv("CCSIM_MPI_STATS") != nullptr) {}
  ~MpiDistributor() override {
    if (stats_ && g_rank == 0 && gathers_ > 0)
      std::fprintf(stderr,
                   "ccsim: mpi: %d ranks, %d gathers, %.0f bytes gathered, %.6f s waiting for the "
                   "slowest rank, %.6f s exchanging (%.1f us per gather)\n",
                   g_size, gathers_, bytes_, wait_seconds_, exchange_seconds_,
                   1e6 * exchange_seconds_ / gathers_);
  }
  int rank() const override { return g_rank; }
  int size() const override { return g_size; }

  std::vector<std::string> all_gather(const std::string& block) override {
    if (env_rank("CCSIM_TEST_KILL_RANK") == g_rank) std::raise(SIGKILL);
    if (env_rank("CCSIM_TEST_FAIL_RANK") == g_rank)
      throw std::runtime_error(
          fmt::format("injected failure on rank {} (CCSIM_TEST_FAIL_RANK)", g_rank));
    double t0 = 0;
    if (stats_) {
      t0 = MPI_Wtime();
      MPI_Barrier(MPI_COMM_WORLD);
      wait_seconds_ += MPI_Wtime() - t0;
      t0 = MPI_Wtime();
    }
    const long long mine = static_cast<long long>(block.size());
    std::vector<long long> sizes(static_cast<std::size_t>(g_size));
    MPI_Allgather(&mine, 1, MPI_LONG_LONG, sizes.data(), 1, MPI_LONG_LONG, MPI_COMM_WORLD);
    long long total = 0;
    for (long long s : sizes) total += s;
    if (total > INT_MAX)
      throw std::runtime_error(fmt::format(
          "the replication results of one batch are {} bytes, over MPI's 2 GiB per gather; run "
          "fewer replications per command",
          total));
    std::vector<int> counts(sizes.size()), offsets(sizes.size());
    int at = 0;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      counts[i] = static_cast<int>(sizes[i]);
      offsets[i] = at;
      at += counts[i];
    }
    std::string all(static_cast<std::size_t>(total), '\0');
    MPI_Allgatherv(block.data(), static_cast<int>(mine), MPI_CHAR, all.data(), counts.data(),
                   offsets.data(), MPI_CHAR, MPI_COMM_WORLD);
    if (stats_) {
      exchange_seconds_ += MPI_Wtime() - t0;
      bytes_ += static_cast<double>(total);
      ++gathers_;
    }
    std::vector<std::string> blocks;
    blocks.reserve(sizes.size());
    for (std::size_t i = 0; i < sizes.size(); ++i)
      blocks.push_back(
          all.substr(static_cast<std::size_t>(offsets[i]), static_cast<std::size_t>(counts[i])));
    return blocks;
  }

 private:
  bool stats_ = false;
  int gathers_ = 0;
  double bytes_ = 0, wait_seconds_ = 0, exchange_seconds_ = 0;
};

MpiDistributor* g_distributor = nullptr;
bool g_mpi = false;

#endif

}  // namespace

int process_rank() { return g_rank; }
int process_count() { return g_size; }

ParallelSession::ParallelSession(int& argc, char**& argv) {
#ifdef CCSIM_WITH_MPI
  if (!launched_by_mpi()) return;
  int provided = 0;
  // Only the main thread calls MPI (gathers happen after the local threads have joined).
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  g_mpi = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  if (g_size > 1) {
    g_distributor = new MpiDistributor;
    sim::set_replication_distributor(g_distributor);
  }
#else
  (void)argc;
  (void)argv;
  if (const char* n = launcher_size(); n != nullptr && std::atoi(n) > 1)
    problem_ = fmt::format(
        "ccsim: error: started as one of {} MPI processes, but this ccsim was built without MPI "
        "(configure with -DCCSIM_MPI=ON and libopenmpi-dev installed)",
        n);
#endif
  if (g_rank != 0) silence_stdout();
}

ParallelSession::~ParallelSession() {
#ifdef CCSIM_WITH_MPI
  sim::set_replication_distributor(nullptr);
  delete g_distributor;
  g_distributor = nullptr;
  if (g_mpi) MPI_Finalize();
  g_mpi = false;
#endif
}

void ParallelSession::abort(int code) {
  std::fflush(stdout);
  std::fflush(stderr);
#ifdef CCSIM_WITH_MPI
  if (g_mpi && g_size > 1) MPI_Abort(MPI_COMM_WORLD, code);
#else
  (void)code;
#endif
}

void on_output_process(const std::function<void()>& check) {
  if (g_size <= 1) {
    check();
    return;
  }
#ifdef CCSIM_WITH_MPI
  // Rank 0's diagnostics, serialised, go to every rank (empty = the check passed).
  std::string bytes;
  if (g_rank == 0) {
    try {
      check();
    } catch (const io::InputError& e) {
      sim::ByteWriter w(bytes);
      w.put<std::uint64_t>(e.diagnostics().size());
      for (const io::Diagnostic& d : e.diagnostics()) {
        w.put_string(d.where.file);
        w.put(d.where.line);
        w.put(d.where.column);
        w.put_string(d.message);
      }
    }
  }
  long long n = static_cast<long long>(bytes.size());
  MPI_Bcast(&n, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  bytes.resize(static_cast<std::size_t>(n));
  if (n > 0) MPI_Bcast(bytes.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD);
  if (n == 0) return;
  sim::ByteReader r(bytes);
  std::vector<io::Diagnostic> diagnostics(static_cast<std::size_t>(r.get<std::uint64_t>()));
  for (io::Diagnostic& d : diagnostics) {
    d.where.file = r.get_string();
    d.where.line = r.get<int>();
    d.where.column = r.get<int>();
    d.message = r.get_string();
  }
  throw io::InputError(std::move(diagnostics));
#else
  check();
#endif
}

}  // namespace ccsim::cli
