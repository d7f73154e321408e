#pragma once
// Running one ccsim command as an MPI job (`mpirun -n K ccsim run|staff|sweep ...`).
//
// Every rank runs the whole command on the same input; the library's replication runner
// (sim/distribution.hpp) gives each rank a block of every batch of replications and gathers the
// results on all ranks in replication order, so every rank goes on identically and rank 0's
// output is byte for byte that of one process. Only rank 0 writes stdout, --out and the
// progress bar. Built without MPI (CCSIM_MPI=OFF) or started without an MPI launcher, ccsim
// is one process as before.

#include <functional>
#include <string>

namespace ccsim::cli {

/// The MPI job of this process, for the lifetime of main(): initialises MPI when a launcher
/// started the process, installs the replication distributor, silences stdout on ranks other
/// than 0, and finalises MPI on destruction.
class ParallelSession {
 public:
  ParallelSession(int& argc, char**& argv);
  ~ParallelSession();
  ParallelSession(const ParallelSession&) = delete;
  ParallelSession& operator=(const ParallelSession&) = delete;

  /// Non-empty when the process cannot run as asked (a launcher started several copies of a
  /// ccsim built without MPI); main prints it and exits 2.
  const std::string& problem() const { return problem_; }
  /// Ends every rank of the job with `code` (MPI_Abort); with one process, returns.
  void abort(int code);

 private:
  std::string problem_;
};

/// This process's rank and the job's size (0 and 1 outside an MPI job).
int process_rank();
int process_count();
/// True on the one process that writes stdout, --out and progress (rank 0).
inline bool is_output_process() { return process_rank() == 0; }

/// Runs `check` (e.g. io::check_output_dir) on rank 0 only and makes every rank agree on its
/// outcome: when it throws io::InputError, every rank throws the same InputError, so the job
/// stops together before any replication instead of leaving ranks waiting for rank 0.
void on_output_process(const std::function<void()>& check);

}  // namespace ccsim::cli
