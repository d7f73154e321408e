// `ccsim check`: run each scenario and compare its results with its `expect:` block.
// Exit 0 when every expectation passes, 1 when one fails, 2 on bad input (a file that does
// not load, has no expect: block, or names a metric the results do not have).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/io/check.hpp"
#include "ccsim/io/error.hpp"
#include "ccsim/io/scenario_file.hpp"
#include "ccsim/models/simulation.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "output_options.hpp"
#include "parallel.hpp"
#include "progress.hpp"
#include "scenario_options.hpp"

namespace ccsim::cli {

namespace {

struct CheckArgs : ScenarioRunArgs {
  std::vector<std::string> scenarios;
  std::string format = "table";
  std::string junit;  ///< --junit FILE.xml; empty: none
};

int check(const CheckArgs& args) {
  // Load and check every file before simulating any, so a typo in the last file fails in
  // milliseconds, and all such problems are reported together.
  std::vector<io::ScenarioFile> files;
  std::vector<io::Diagnostic> problems;
  for (const std::string& path : args.scenarios) {
    try {
      files.push_back(io::load_scenario(path, scenario_edits(args)));
      io::check_expectations(files.back());
    } catch (const io::InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw io::InputError(std::move(problems));
  // An unusable --junit path fails before anything is simulated (rank 0 checks, all agree).
  if (!args.junit.empty()) on_output_process([&] { io::check_output_file(args.junit); });

  std::vector<io::FileCheck> checks;
  for (const io::ScenarioFile& file : files) {
    ProgressBar bar(file.path.c_str());
    models::RunOptions options;
    options.replications = args.replications;
    options.seed = args.seed;
    options.threads = args.threads;
    options.limits = args.limits;
    if (bar.active()) options.progress = [&bar](int done, int total) { bar.update(done, total); };
    checks.push_back(io::evaluate(
        file, at_scenario(file, [&] { return models::simulate(file.scenario, options); })));
  }

  // The JUnit file is written whether or not expectations failed (exit 1 is for the CI job).
  if (!args.junit.empty() && is_output_process())
    io::write_output_file(args.junit, io::check_to_junit(checks));

  const std::string text =
      args.format == "json" ? io::check_to_json(checks) : io::format_check_table(checks);
  write_stdout(text);
  return io::count(checks).failed > 0 ? kExitCheckFailed : kExitOk;
}

}  // namespace

void add_check_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<CheckArgs>();
  auto* cmd = app.add_subcommand(
      "check",
      "Run scenarios and compare their results with their expect: blocks (exit 1 on a miss)");
  cmd->add_option("scenarios", args->scenarios, "Scenario YAML files with expect: blocks")
      ->required();
  add_scenario_run_options(*cmd, *args, "Independent replications (default: each scenario's)",
                           "Override a scalar of every scenario: key.path=value (repeatable), "
                           "e.g. --set sites.pool.agents=36");
  cmd->add_option("--format", args->format, "Output on stdout: table or json")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->add_option("--junit", args->junit,
                  "Also write the outcomes as JUnit XML to FILE (one testcase per expectation; "
                  "written when expectations fail too)")
      ->check(output_path("a file"));
  cmd->callback([&action, args] { action = [args] { return check(*args); }; });
}

}  // namespace ccsim::cli
