// `ccsim staff`: load a scenario (with --set overrides), compute the staffing plan (analytic,
// then simulated), report the requirement per interval, channel and site and the headcount.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ccsim/io/error.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/scenario_file.hpp"
#include "ccsim/io/staff_report.hpp"
#include "ccsim/models/net_staffing.hpp"
#include "ccsim/models/staffing.hpp"
#include "commands.hpp"
#include "output_options.hpp"
#include "progress.hpp"
#include "scenario_options.hpp"

namespace ccsim::cli {

namespace {

struct StaffArgs : ScenarioRunArgs, OutputArgs {
  std::string scenario;
  bool confidence = false;
  bool analytic_only = false;
};

int staff(const StaffArgs& args) {
  const io::ScenarioFile file = io::load_scenario(args.scenario, args.sets);
  // Fail on an unusable --out before spending minutes simulating.
  check_output_args(args);

  ProgressBar bar("staffing passes");
  models::StaffingOptions options;
  options.replications = args.replications;
  options.seed = args.seed;
  options.threads = args.threads;
  options.simulate = !args.analytic_only;
  options.confidence = args.confidence;
  if (bar.active()) options.progress = [&bar](int done, int total) { bar.update(done, total); };
  models::StaffingPlan plan;
  try {
    plan = models::plan_staffing(file.scenario, options);
  } catch (const std::invalid_argument& e) {
    // Targets no staffing can meet are a property of the scenario: bad input, exit 2.
    throw io::InputError(io::SourceLocation{file.path, 0, 0}, e.what());
  } catch (const std::domain_error& e) {
    throw io::InputError(io::SourceLocation{file.path, 0, 0}, e.what());
  }

  plan.scheduled = models::scheduled_agents(file.scenario);
  plan.start_weekday = file.scenario.start_weekday;
  emit_outputs(args, io::staff_writers(), plan);
  return kExitOk;
}

}  // namespace

void add_staff_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<StaffArgs>();
  auto* cmd = app.add_subcommand(
      "staff", "Required agents per interval, channel and site, and headcount per site");
  cmd->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  add_scenario_run_options(*cmd, *args,
                           "Replications per search pass (default: " +
                               std::to_string(models::kDefaultStaffingReplications) + ")",
                           "Override a scalar of the scenario: key.path=value (repeatable), e.g. "
                           "--set channels.voice.targets.asa=20s");
  add_output_options(*cmd, *args, io::staff_writers());
  cmd->add_flag("--confidence", args->confidence,
                "Targets must hold at the pessimistic end of the 95% confidence interval, not "
                "only on the mean over replications");
  cmd->add_flag("--analytic-only", args->analytic_only,
                "Skip the simulation: Erlang requirement and its headcount only");
  cmd->callback([&action, args] { action = [args] { return staff(*args); }; });
}

}  // namespace ccsim::cli
