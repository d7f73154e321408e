// `ccsim run`: load a scenario (with --set overrides), simulate it, report the results.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ccsim/io/check.hpp"
#include "ccsim/io/error.hpp"
#include "ccsim/io/output_files.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/scenario_file.hpp"
#include "ccsim/io/trace.hpp"
#include "ccsim/models/simulation.hpp"
#include "ccsim/models/staffing.hpp"
#include "commands.hpp"
#include "output_options.hpp"
#include "parallel.hpp"
#include "progress.hpp"
#include "scenario_options.hpp"

namespace ccsim::cli {

namespace {

struct RunArgs : ScenarioRunArgs, OutputArgs {
  std::string scenario;
  std::vector<std::string> precision;  // METRIC=HALFWIDTH
  int max_replications = 0;
  std::string trace;          ///< --trace FILE.csv; empty: none
  int trace_replication = 1;  ///< --trace-replication K, 1-based like --replications
  bool trace_replication_given = false;
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
  // Precision-driven replications: --precision replaces the scenario's precision: metrics.
  std::vector<io::PrecisionTarget> targets;
  int cap = 0;
  if (file.precision) {
    targets = file.precision->metrics;
    cap = file.precision->max_replications;
  }
  if (!args.precision.empty()) {
    targets.clear();
    for (const std::string& p : args.precision) targets.push_back(io::parse_precision_option(p));
  }
  if (args.max_replications > 0) {
    if (targets.empty())
      throw io::InputError(io::SourceLocation{},
                           "--max-replications needs --precision METRIC=HALFWIDTH or a "
                           "precision: block in the scenario");
    cap = args.max_replications;
  }
  // --trace: one replication's contacts streamed to a CSV file, opened (on the writing process)
  // before anything is simulated so a bad path fails at once.
  if (args.trace.empty() && args.trace_replication_given)
    throw io::InputError(io::SourceLocation{}, "--trace-replication needs --trace FILE.csv");
  std::unique_ptr<io::TraceCsvWriter> trace;
  if (!args.trace.empty()) {
    if (!targets.empty())
      throw io::InputError(io::SourceLocation{},
                           "--trace writes one replication of a fixed number; it cannot be "
                           "combined with --precision or a precision: block");
    const int reps = args.replications > 0 ? args.replications : file.scenario.replications;
    if (args.trace_replication < 1 || args.trace_replication > reps)
      throw io::InputError(io::SourceLocation{},
                           fmt::format("--trace-replication {}: the run has replications 1 to {}",
                                       args.trace_replication, reps));
    on_output_process([&] { io::check_output_file(args.trace); });
    if (is_output_process()) {
      trace = std::make_unique<io::TraceCsvWriter>(file.scenario, args.trace);
      options.observer = trace.get();
      options.observed_replication = args.trace_replication - 1;
    }
  }
  models::RunResults results = at_scenario(file, [&] {
    if (targets.empty()) return models::simulate(file.scenario, options);
    const models::HalfWidthMeasure measure = io::precision_measure(file.scenario, targets);
    const int first = args.replications > 0 ? args.replications : file.scenario.replications;
    std::vector<models::PrecisionMetric> wanted;
    for (const io::PrecisionTarget& t : targets) wanted.push_back({t.metric, t.half_width});
    return models::simulate_to_precision(file.scenario, options, std::move(wanted),
                                         cap > 0 ? cap : 10 * first, measure);
  });

  if (trace) trace->finish();
  // The HTML report sets each site's agents on duty against the analytic requirement.
  if (!args.out.empty() || args.format == "html") {
    try {
      results.site_required = models::analytic_site_requirement(file.scenario);
      if (results.site_required.empty()) results.required_note = "no targets";
    } catch (const std::invalid_argument& e) {
      results.required_note = std::string("no requirement: ") + e.what();
    }
  }
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
  cmd->add_option("--precision", args->precision,
                  "Add replications until the 95% half-width of METRIC (a path of the JSON "
                  "results, e.g. channels.voice.asa_seconds) is at most HALFWIDTH: "
                  "METRIC=HALFWIDTH (repeatable; replaces the scenario's precision: metrics)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--max-replications", args->max_replications,
                  "With --precision: stop after this many replications (default: the "
                  "scenario's precision.max_replications, else 10 x the first batch)")
      ->check(CLI::PositiveNumber);
  add_output_options(*cmd, *args, io::run_writers());
  cmd->add_option("--trace", args->trace,
                  "Also write one row per counted contact of one replication to FILE.csv "
                  "(streamed; columns in the README)")
      ->check(output_path("a file"));
  cmd->add_option("--trace-replication", args->trace_replication,
                  "The replication --trace writes, 1 to the replications (default 1)")
      ->check(CLI::PositiveNumber)
      ->each([args](const std::string&) { args->trace_replication_given = true; });
  cmd->callback([&action, args] { action = [args] { return run(*args); }; });
}

}  // namespace ccsim::cli
