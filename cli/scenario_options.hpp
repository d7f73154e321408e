#pragma once
// Options shared by the subcommands that simulate scenarios (run, staff, check).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace ccsim::cli {

/// What --replications, --seed, --threads and --set set.
struct ScenarioRunArgs {
  int replications = 0;  ///< 0 = the scenario's (or the command's default)
  std::optional<std::uint64_t> seed;
  int threads = 0;  ///< 0 = all cores
  std::vector<std::string> sets;
};

/// Registers --replications/-r, --seed, --threads/-j and --set on `cmd`, writing into `args`.
/// `replications_help` and `set_help` are the help texts of --replications and --set.
void add_scenario_run_options(CLI::App& cmd, ScenarioRunArgs& args,
                              const std::string& replications_help, const std::string& set_help);

}  // namespace ccsim::cli
