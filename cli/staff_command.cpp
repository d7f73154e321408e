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
  int max_replications = 0;
  std::string must_hold;
  std::optional<double> decision_confidence;
};

std::optional<models::MustHold> must_hold_of(const std::string& name) {
  if (name == "month") return models::MustHold::month;
  if (name == "interval_of_week") return models::MustHold::interval_of_week;
  if (name == "interval") return models::MustHold::interval;
  return std::nullopt;
}

int staff(const StaffArgs& args) {
  const io::ScenarioFile file = io::load_scenario(args.scenario, scenario_edits(args));
  // Fail on an unusable --out before spending minutes simulating.
  check_output_args(args);
  if (!models::has_any_target(file.scenario))
    throw io::InputError(
        io::SourceLocation{file.path, 0, 0},
        "no channel has a target, so there is nothing to staff for; add one under the channel, "
        "e.g. `targets: {service_level: 0.8}` with `sl_seconds: 20` (also asa, abandon_rate, "
        "max_occupancy), or pass --set channels.<name>.targets.service_level=0.8");

  ProgressBar bar("staffing passes");
  models::StaffingOptions options;
  options.replications = args.replications;
  options.seed = args.seed;
  options.threads = args.threads;
  options.simulate = !args.analytic_only;
  options.confidence = args.confidence;
  options.max_replications = args.max_replications;
  if (!args.must_hold.empty()) options.must_hold = must_hold_of(args.must_hold);
  options.decision_confidence = args.decision_confidence;
  if (bar.active()) options.progress = [&bar](int done, int total) { bar.update(done, total); };
  options.limits = args.limits;
  // Targets no staffing can meet are a property of the scenario: bad input at their line.
  models::StaffingPlan plan =
      at_scenario(file, [&] { return models::plan_staffing(file.scenario, options); });

  // The answer is only as good as its targets: say so on stderr whenever a key misses.
  for (const auto& c : plan.channels) {
    if (!c.analytic_infeasible.empty())
      std::fprintf(stderr,
                   "warning: %s: %zu interval(s) need more than %d agents (infeasible targets)\n",
                   c.name.c_str(), c.analytic_infeasible.size(), models::kMaxAnalyticAgents);
    if (plan.simulated && c.has_targets && !c.targets_met)
      std::fprintf(stderr,
                   "warning: %s misses its targets under must_hold %s: %d of %d key(s) missed, "
                   "%d of %d interval(s) met\n",
                   c.name.c_str(), models::to_string(plan.must_hold), c.keys_missed, c.keys,
                   c.intervals_met, c.intervals_with_demand);
  }
  emit_outputs(args, io::staff_writers(), plan);
  return kExitOk;
}

}  // namespace

void add_staff_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<StaffArgs>();
  auto* cmd = app.add_subcommand(
      "staff", "Required agents per interval, channel and site, and headcount per site");
  cmd->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  add_scenario_run_options(
      *cmd, *args,
      "First batch of replications of every staffing decision (default: the scenario's "
      "staffing.replications, else its replications)",
      "Override a scalar of the scenario: key.path=value (repeatable), e.g. "
      "--set channels.voice.targets.asa=20s");
  add_output_options(*cmd, *args, io::staff_writers());
  cmd->add_flag("--confidence", args->confidence,
                "Targets must hold at the pessimistic end of the 95% confidence interval, not "
                "only on the mean over replications");
  cmd->add_option("--max-replications", args->max_replications,
                  "Most replications per decision of the sequential sampling (default: the "
                  "scenario's staffing.max_replications, else 4 x the first batch)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--must-hold", args->must_hold,
                  "What the plan must meet: month, interval_of_week (default) or interval "
                  "(default: the scenario's staffing.must_hold)")
      ->check(CLI::IsMember({"month", "interval_of_week", "interval"}));
  cmd->add_option("--decision-confidence", args->decision_confidence,
                  "Confidence at which each 'targets hold at N agents' decision is taken, in "
                  "(0, 1) (default: the scenario's staffing.decision_confidence, 0.95)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_flag("--analytic-only", args->analytic_only,
                "Skip the simulation: Erlang requirement and its headcount only");
  cmd->callback([&action, args] { action = [args] { return staff(*args); }; });
}

}  // namespace ccsim::cli
