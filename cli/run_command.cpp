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
#include "progress.hpp"
#include "scenario_options.hpp"

namespace ccsim::cli {

namespace {

struct RunArgs : ScenarioRunArgs {
  std::string scenario;
  std::string format = "table";
  std::string out;
};

int run(const RunArgs& args) {
  const io::ScenarioFile file = io::load_scenario(args.scenario, args.sets);
  // Fail on an unusable --out before spending minutes simulating.
  if (!args.out.empty()) io::check_output_dir(args.out);

  ProgressBar bar("replications");
  models::RunOptions options;
  options.replications = args.replications;
  options.seed = args.seed;
  options.threads = args.threads;
  if (bar.active()) options.progress = [&bar](int done, int total) { bar.update(done, total); };
  const models::RunResults results = models::simulate(file.scenario, options);

  if (!args.out.empty()) io::write_outputs(args.out, results);
  std::string text;
  if (args.format == "json")
    text = io::to_json(results);
  else if (args.format == "csv")
    text = io::channels_csv(results);
  else
    text = io::format_table(results);
  std::fwrite(text.data(), 1, text.size(), stdout);
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
  cmd->add_option("--format", args->format, "Output on stdout: table, csv (channels) or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->add_option("--out", args->out,
                  "Also write summary.json, channels.csv, sites.csv, intervals.csv into DIR");
  cmd->callback([&action, args] { action = [args] { return run(*args); }; });
}

}  // namespace ccsim::cli
