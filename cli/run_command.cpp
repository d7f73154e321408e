// `ccsim run`: load a scenario (with --set overrides), simulate it, report the results.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/io/report.hpp"
#include "ccsim/io/scenario_file.hpp"
#include "ccsim/models/simulation.hpp"
#include "commands.hpp"
#include "output_options.hpp"
#include "progress.hpp"
#include "scenario_options.hpp"

namespace ccsim::cli {

namespace {

struct RunArgs : ScenarioRunArgs, OutputArgs {
  std::string scenario;
};

int run(const RunArgs& args) {
  const io::ScenarioFile file = io::load_scenario(args.scenario, scenario_edits(args));
  // Fail on an unusable --out before spending minutes simulating.
  check_output_args(args);

  ProgressBar bar("replications");
  models::RunOptions options;
  options.replications = args.replications;
  options.seed = args.seed;
  options.threads = args.threads;
  options.limits = args.limits;
  if (bar.active()) options.progress = [&bar](int done, int total) { bar.update(done, total); };
  const models::RunResults results =
      at_scenario(file, [&] { return models::simulate(file.scenario, options); });

  emit_outputs(args, io::run_writers(), results);
  return kExitOk;
}

}  // namespace

void add_run_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd =
      app.add_subcommand("run", "Simulate a scenario and report service per channel and site");
  cmd->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  add_scenario_run_options(*cmd, *args, "Independent replications (default: the scenario's)",
                           "Override a scalar of the scenario: key.path=value (repeatable), e.g. "
                           "--set sites.main.agents=75");
  add_output_options(*cmd, *args, io::run_writers());
  cmd->callback([&action, args] { action = [args] { return run(*args); }; });
}

}  // namespace ccsim::cli
