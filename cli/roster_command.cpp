// `ccsim roster`: load a scenario (with --set overrides), roster every group that has shift
// templates (requirement, integer program, verification by simulation), report per site.
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "ccsim/io/error.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/roster_report.hpp"
#include "ccsim/io/scenario_file.hpp"
#include "ccsim/models/roster.hpp"
#include "commands.hpp"
#include "output_options.hpp"
#include "parallel.hpp"
#include "scenario_options.hpp"

namespace ccsim::cli {

namespace {

struct RosterArgs : ScenarioRunArgs, OutputArgs {
  std::string scenario;
  bool analytic_only = false;
  std::optional<double> time_limit;
  int max_nodes = 0;
  int passes = 3;
};

int roster(const RosterArgs& args) {
  const io::ScenarioFile file = io::load_scenario(args.scenario, scenario_edits(args));
  check_output_args(args);

  models::RosterOptions options;
  options.replications = args.replications;
  options.seed = args.seed;
  options.threads = args.threads;
  options.simulate = !args.analytic_only;
  // A node limit alone is reproducible; a time limit (60 s unless a node limit is given) is not.
  options.time_limit_seconds = args.time_limit.value_or(args.max_nodes > 0 ? 0.0 : 60.0);
  options.max_nodes = args.max_nodes;
  options.max_passes = args.passes;
  models::RosterPlan plan;
  try {
    plan = models::plan_roster(file.scenario, options);
  } catch (const models::RosterError& e) {
    throw io::InputError(io::locate(file, e.path()), e.what());
  } catch (const std::invalid_argument& e) {
    throw io::InputError(io::SourceLocation{file.path, 0, 0}, e.what());
  } catch (const std::domain_error& e) {
    throw io::InputError(io::SourceLocation{file.path, 0, 0}, e.what());
  }

  emit_outputs(args, io::roster_writers(), io::RosterReport{file, plan});  // MPI: rank 0 writes
  return kExitOk;
}

}  // namespace

void add_roster_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<RosterArgs>();
  auto* cmd = app.add_subcommand(
      "roster",
      "Shifts, staggered breaks and days off per site and group, solved as an integer program "
      "and verified by simulation");
  cmd->add_option("scenario", args->scenario, "Scenario YAML file with roster templates")
      ->required();
  add_scenario_run_options(*cmd, *args,
                           "Replications per simulation (default: " +
                               std::to_string(models::kDefaultStaffingReplications) + ")",
                           "Override a scalar of the scenario: key.path=value (repeatable)");
  add_output_options(*cmd, *args, io::roster_writers());
  cmd->add_flag("--analytic-only", args->analytic_only,
                "Erlang requirement, no simulation (no verification either)");
  cmd->add_option("--time-limit", args->time_limit,
                  "Seconds for all integer programs of one solve together; the best roster found "
                  "by then is reported with its gap (default: 60, none with --max-nodes)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-nodes", args->max_nodes,
                  "Branch-and-bound nodes per integer program: the same roster on every machine "
                  "and load, which a time limit does not give (default: none)")
      ->check(CLI::Range(1, 100000000));
  cmd->add_option("--passes", args->passes,
                  "Solves at most (the first and the repairs after verification; default 3)")
      ->check(CLI::Range(1, 100));
  cmd->callback([&action, args] { action = [args] { return roster(*args); }; });
}

}  // namespace ccsim::cli
