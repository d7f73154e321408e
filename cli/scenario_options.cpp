#include "scenario_options.hpp"

namespace ccsim::cli {

void add_scenario_run_options(CLI::App& cmd, ScenarioRunArgs& args,
                              const std::string& replications_help, const std::string& set_help) {
  cmd.add_option("--replications,-r", args.replications, replications_help)
      ->check(CLI::PositiveNumber);
  cmd.add_option("--seed", args.seed, "Base random seed (default: the scenario's)");
  cmd.add_option("--threads,-j", args.threads, "Worker threads; 0 = all cores (default)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--set", args.sets, set_help)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

}  // namespace ccsim::cli
