// `ccsim calibrate`: the value of one scenario parameter (a --set path) that makes a simulated
// metric (a results path, as in `expect:`) equal a target, by a root search with common
// random numbers (models/calibrate.hpp).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ccsim/io/calibrate_report.hpp"
#include "ccsim/io/check.hpp"
#include "ccsim/io/error.hpp"
#include "ccsim/io/output_files.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/scenario_file.hpp"
#include "ccsim/io/writer.hpp"
#include "ccsim/models/calibrate.hpp"
#include "ccsim/models/simulation.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "output_options.hpp"
#include "parallel.hpp"
#include "progress.hpp"
#include "scenario_options.hpp"

namespace ccsim::cli {

namespace {

struct CalibrateArgs : ScenarioRunArgs {
  std::string scenario;
  std::string parameter;
  std::string metric;
  double target = 0.0;
  std::vector<double> range;
  int max_evaluations = 20;
  double x_tolerance = 0.0;
  std::string format = "table";
  std::string write_scenario;  ///< --write-scenario FILE
};

int calibrate(const CalibrateArgs& args) {
  const io::SourceLocation cli_location{"ccsim calibrate", 0, 0};
  if (args.range.size() != 2 || !(args.range[0] < args.range[1]))
    throw io::InputError(cli_location, "--range needs two numbers LO,HI with LO < HI");

  // Load once with the lower end to fail early on a bad scenario, parameter or metric.
  auto load_at = [&](double x) {
    io::ScenarioEdits edits = scenario_edits(args);
    edits.sets.push_back(fmt::format("{}={}", args.parameter, x));
    return io::load_scenario(args.scenario, edits);
  };
  const io::ScenarioFile first = load_at(args.range[0]);
  // Fail on an unusable --write-scenario before the calibration runs.
  if (!args.write_scenario.empty())
    on_output_process([&] { io::check_output_file(args.write_scenario); });
  const std::uint64_t seed = args.seed ? *args.seed : first.scenario.seed;
  const int replications = args.replications > 0 ? args.replications : first.scenario.replications;

  ProgressBar bar("calibration runs");
  int calls = 0;
  auto objective = [&](double x) {
    const io::ScenarioFile file = load_at(x);
    models::RunOptions options;
    options.replications = replications;
    options.seed = seed;  // the same seed at every point: common random numbers
    options.threads = args.threads;
    const models::RunResults results = models::simulate(file.scenario, options);
    std::string why;
    const auto value = io::find_metric(results, args.metric, why);
    if (!value)
      throw io::InputError(cli_location, fmt::format("--metric '{}': {}", args.metric, why));
    if (!value->undefined.empty())
      throw io::InputError(cli_location,
                           fmt::format("--metric '{}' is undefined at {}={} ({}); it cannot be "
                                       "calibrated there",
                                       args.metric, args.parameter, x, value->undefined));
    if (bar.active()) bar.update(++calls, args.max_evaluations);
    models::Estimate e;
    e.mean = value->value;
    e.lower = value->lower.value_or(value->value);
    e.upper = value->upper.value_or(value->value);
    return e;
  };

  models::CalibrationOptions options;
  options.max_evaluations = args.max_evaluations;
  options.x_tolerance = args.x_tolerance;
  const models::CalibrationResult result =
      models::calibrate(objective, args.target, args.range[0], args.range[1], options);

  io::CalibrationSetup setup;
  setup.scenario = first.scenario.name;
  setup.parameter = args.parameter;
  setup.metric = args.metric;
  setup.target = args.target;
  setup.range_lower = args.range[0];
  setup.range_upper = args.range[1];
  setup.seed = seed;
  setup.replications = replications;
  const std::string text = args.format == "json" ? io::to_json(setup, result)
                                                 : io::format_calibration_table(setup, result);
  if (result.bracketed && !args.write_scenario.empty()) {
    // The fitted value as written (6 significant digits) is the one the file is loaded with.
    const double written = std::stod(fmt::format("{:.6g}", result.value));
    const io::ScenarioFile at_value = load_at(written);
    const std::string yaml = io::calibrated_scenario_yaml(at_value, setup, result);
    on_output_process([&] { io::write_output_file(args.write_scenario, yaml); });
  }
  write_stdout(text);
  if (!result.bracketed) {
    if (is_output_process())
      std::fprintf(stderr, "ccsim calibrate: error: %s; widen --range\n",
                   result.stop_reason.c_str());
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace

void add_calibrate_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<CalibrateArgs>();
  auto* cmd = app.add_subcommand(
      "calibrate",
      "Fit one scenario parameter so that a simulated metric equals a target (root search with "
      "common random numbers)");
  cmd->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  cmd->add_option("--param", args->parameter,
                  "The parameter to fit, as a --set path, e.g. channels.voice.patience.mean")
      ->required();
  cmd->add_option("--metric", args->metric,
                  "The metric to match, as a path into the run JSON (like expect:), e.g. "
                  "channels.voice.asa_seconds")
      ->required();
  cmd->add_option("--target", args->target, "The value the metric must take")->required();
  cmd->add_option("--range", args->range, "LO,HI: the parameter values to search between")
      ->required()
      ->delimiter(',')
      ->expected(2);
  cmd->add_option("--max-evaluations", args->max_evaluations,
                  "Simulation runs at most, the two range ends included (default 20)")
      ->check(CLI::Range(3, 1000));
  cmd->add_option("--x-tolerance", args->x_tolerance,
                  "Stop when the bracket is narrower than this (default: 1e-4 of the range)")
      ->check(CLI::NonNegativeNumber);
  add_scenario_run_options(*cmd, *args, "Replications per evaluation (default: the scenario's)",
                           "Override a scalar of the scenario: key.path=value (repeatable)");
  cmd->add_option("--write-scenario", args->write_scenario,
                  "Also write the calibrated scenario (the input with the fitted value, its "
                  "leading comments kept) to FILE; nothing is written when no value is fitted")
      ->check(output_path("a file"));
  cmd->add_option("--format", args->format, "Output on stdout: table or json")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->callback([&action, args] { action = [args] { return calibrate(*args); }; });
}

}  // namespace ccsim::cli
