// `ccsim validate`: check a scenario and print a one-screen summary of it.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "ccsim/io/check.hpp"
#include "ccsim/io/scenario_file.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace ccsim::cli {

void add_validate_command(CLI::App& app, Action& action) {
  struct Args {
    std::string scenario;
    std::vector<std::string> sets;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("validate", "Check a scenario file and summarise it");
  cmd->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  cmd->add_option("--set", args->sets, "Override a scalar first: key.path=value (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->callback([&action, args] {
    action = [args] {
      const io::ScenarioFile file = io::load_scenario(args->scenario, args->sets);
      io::check_metric_paths(file);  // expect: and precision: metrics name run results
      const std::string text = io::describe(file);
      write_stdout(text);
      return kExitOk;
    };
  });
}

}  // namespace ccsim::cli
