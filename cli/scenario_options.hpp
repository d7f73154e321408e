#pragma once
// Options shared by the subcommands that simulate scenarios (run, staff, check).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ccsim/io/error.hpp"
#include "ccsim/io/scenario_file.hpp"
#include "ccsim/models/error.hpp"
#include "ccsim/models/limits.hpp"

namespace ccsim::cli {

/// What --replications, --seed, --threads, --set, --max-events and --max-memory set.
struct ScenarioRunArgs {
  int replications = 0;  ///< 0 = the scenario's (or the command's default)
  std::optional<std::uint64_t> seed;
  int threads = 0;  ///< 0 = all cores
  std::vector<std::string> sets;
  models::ResourceLimits limits;
  std::vector<std::string> unsets;  ///< --unset key.path
  std::vector<std::string> scales;  ///< --scale key.path=factor
};

/// Registers --replications/-r, --seed, --threads/-j, --set, --unset, --scale, --max-events and
/// --max-memory on `cmd`, writing into `args`. The ranges are those of the YAML
/// (ccsim/models/limits.hpp).
/// `replications_help` and `set_help` are the help texts of --replications and --set.
void add_scenario_run_options(CLI::App& cmd, ScenarioRunArgs& args,
                              const std::string& replications_help, const std::string& set_help);

/// Runs `work` on `file`'s scenario; a models::UserError it raises (infeasible targets, a run
/// beyond the resource caps) becomes an io::InputError at the scenario position it names.
template <class Work>
auto at_scenario(const io::ScenarioFile& file, Work&& work) -> decltype(work()) {
  try {
    return work();
  } catch (const io::InputError&) {
    throw;
  } catch (const models::UserError& e) {
    std::string message = e.what();
    if (!e.path().empty()) message = e.path() + ": " + message;
    throw io::InputError(
        e.path().empty() ? io::SourceLocation{file.path, 0, 0} : io::locate(file, e.path()),
        message);
  }
}

/// The --set, --unset and --scale edits of `args`, for io::load_scenario().
io::ScenarioEdits scenario_edits(const ScenarioRunArgs& args);

}  // namespace ccsim::cli
