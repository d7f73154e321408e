// `ccsim sweep`: a what-if grid. Each --vary KEY=... is one axis; every grid point is the
// scenario with the point's assignments applied after --set, evaluated by a command (run,
// staff) whose JSON report the --columns are resolved in, as `ccsim check` resolves expect:
// metrics. Every point uses the same seed, so the points see the same random streams (common
// random numbers): differences between rows are the change, not noise between seeds.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "ccsim/io/check.hpp"
#include "ccsim/io/error.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/roster_report.hpp"
#include "ccsim/io/scenario_file.hpp"
#include "ccsim/io/staff_report.hpp"
#include "ccsim/io/sweep.hpp"
#include "ccsim/models/roster.hpp"
#include "ccsim/models/simulation.hpp"
#include "ccsim/models/staffing.hpp"
#include "ccsim/sim/distribution.hpp"
#include "commands.hpp"
#include "output_options.hpp"
#include "parallel.hpp"
#include "progress.hpp"
#include "scenario_options.hpp"

namespace ccsim::cli {

namespace {

struct SweepArgs : ScenarioRunArgs, OutputArgs {
  std::string scenario;
  std::vector<std::string> vary;
  std::string command = "run";
  std::vector<std::string> columns;
  bool analytic_only = false;  ///< staff, roster: the Erlang requirement, no simulation
};

/// One grid point: its --vary assignments and the scenario they give.
struct GridPoint {
  std::vector<std::string> assignments;
  io::ScenarioFile file;
};

/// A command a sweep evaluates at each grid point. `evaluate` returns, per point of `points`
/// (in order), the JSON document the command itself writes; `done(n)` reports progress.
/// Adding a command (e.g. roster) is one entry in sweep_commands().
struct SweepCommand {
  std::string name;
  std::function<std::vector<std::string>(const models::Scenario&)> default_columns;
  std::function<std::vector<std::string>(const std::vector<const GridPoint*>& points,
                                         const SweepArgs& args, ProgressBar& bar)>
      evaluate;
};

std::string point_label(const GridPoint& p) {
  std::string s;
  for (const auto& a : p.assignments) s += (s.empty() ? "" : ", ") + a;
  return s;
}

// run: every replication of every point in one batch, so threads and MPI ranks share the
// whole grid rather than one point at a time.
std::vector<std::string> evaluate_run(const std::vector<const GridPoint*>& points,
                                      const SweepArgs& args, ProgressBar& bar) {
  struct Task {
    std::size_t point;
    int replication;
  };
  std::vector<Task> tasks;
  std::vector<std::uint64_t> seeds;
  for (std::size_t p = 0; p < points.size(); ++p) {
    const models::Scenario& s = points[p]->file.scenario;
    const int reps = args.replications > 0 ? args.replications : s.replications;
    for (int r = 0; r < reps; ++r) tasks.push_back({p, r});
    seeds.push_back(args.seed.value_or(s.seed));
  }
  const std::function<models::ReplicationResult(int)> body = [&](int t) {
    const Task& task = tasks[static_cast<std::size_t>(t)];
    return models::simulate_replication(points[task.point]->file.scenario, seeds[task.point],
                                        task.replication);
  };
  std::function<void(int, int)> progress;
  if (bar.active()) progress = [&bar](int done, int total) { bar.update(done, total); };
  std::vector<models::ReplicationResult> all =
      models::run_replications(static_cast<int>(tasks.size()), args.threads, body, progress);
  std::vector<std::string> out;
  std::size_t at = 0;
  for (std::size_t p = 0; p < points.size(); ++p) {
    std::vector<models::ReplicationResult> mine;
    for (; at < tasks.size() && tasks[at].point == p; ++at) mine.push_back(std::move(all[at]));
    models::RunResults results = models::aggregate(points[p]->file.scenario, mine);
    results.seed = seeds[p];
    out.push_back(io::to_json(results));
  }
  return out;
}

// staff: one staffing search per point. With at least as many points as MPI ranks the points
// themselves are spread over the ranks (each search runs its passes on the rank's threads);
// with fewer, the points run one after the other and each pass is spread. Either way a
// point's plan, and so the output, is the same.
std::vector<std::string> evaluate_staff(const std::vector<const GridPoint*>& points,
                                        const SweepArgs& args, ProgressBar& bar) {
  const auto plan_point = [&args](const GridPoint& p) {
    models::StaffingOptions options;
    options.replications = args.replications;
    options.seed = args.seed;
    options.threads = args.threads;
    options.simulate = !args.analytic_only;
    try {
      return io::to_json(models::plan_staffing(p.file.scenario, options));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(fmt::format("grid point {}: {}", point_label(p), e.what()));
    } catch (const std::domain_error& e) {
      throw std::domain_error(fmt::format("grid point {}: {}", point_label(p), e.what()));
    }
  };
  const int n = static_cast<int>(points.size());
  try {
    if (process_count() > 1 && n >= process_count()) {
      const std::function<std::string(int)> body = [&](int i) {
        return plan_point(*points[static_cast<std::size_t>(i)]);
      };
      const std::function<void(const std::string&, std::string&)> encode =
          [](const std::string& doc, std::string& out) { out += doc; };
      const std::function<std::string(std::string_view)> decode = [](std::string_view b) {
        return std::string(b);
      };
      return sim::distribute_replications<std::string>(
          n, 1, body, encode, decode, [&bar](int done, int total) { bar.update(done, total); });
    }
    std::vector<std::string> out;
    for (const GridPoint* p : points) {
      out.push_back(plan_point(*p));
      bar.update(static_cast<int>(out.size()), n);
    }
    return out;
  } catch (const std::invalid_argument& e) {
    // Targets no staffing can meet are a property of the scenario: bad input, exit 2.
    throw io::InputError(io::SourceLocation{points[0]->file.path, 0, 0}, e.what());
  } catch (const std::domain_error& e) {
    throw io::InputError(io::SourceLocation{points[0]->file.path, 0, 0}, e.what());
  }
}

// roster: one rostering per point (its verification passes spread over threads and ranks).
std::vector<std::string> evaluate_roster(const std::vector<const GridPoint*>& points,
                                         const SweepArgs& args, ProgressBar& bar) {
  std::vector<std::string> out;
  for (const GridPoint* p : points) {
    models::RosterOptions options;
    options.replications = args.replications;
    options.seed = args.seed;
    options.threads = args.threads;
    options.simulate = !args.analytic_only;
    models::RosterPlan plan;
    const auto bad = [&](io::SourceLocation where, const char* what) {
      return io::InputError(std::move(where),
                            fmt::format("grid point {}: {}", point_label(*p), what));
    };
    try {
      plan = models::plan_roster(p->file.scenario, options);
    } catch (const models::RosterError& e) {
      throw bad(io::locate(p->file, e.path()), e.what());
    } catch (const std::invalid_argument& e) {
      throw bad(io::SourceLocation{p->file.path, 0, 0}, e.what());
    } catch (const std::domain_error& e) {
      throw bad(io::SourceLocation{p->file.path, 0, 0}, e.what());
    }
    out.push_back(io::roster_json(p->file.scenario, plan));
    bar.update(static_cast<int>(out.size()), static_cast<int>(points.size()));
  }
  return out;
}

const std::vector<SweepCommand>& sweep_commands() {
  static const std::vector<SweepCommand> commands = {
      {"run",
       [](const models::Scenario& s) {
         std::vector<std::string> c;
         for (const auto& ch : s.channels)
           for (const char* m : {"service_level", "asa_seconds", "abandon_rate", "occupancy"})
             c.push_back("channels." + ch.name + "." + m);
         return c;
       },
       evaluate_run},
      {"staff",
       [](const models::Scenario& s) {
         std::vector<std::string> c;
         for (const auto& site : s.sites) c.push_back("sites." + site.name + ".headcount_required");
         c.push_back("total.headcount_required");
         return c;
       },
       evaluate_staff},
      {"roster",
       [](const models::Scenario& s) {
         std::vector<std::string> c;
         for (const auto& site : s.sites) c.push_back("sites." + site.name + ".headcount_required");
         c.push_back("paid_hours");
         return c;
       },
       evaluate_roster},
  };
  return commands;
}

const SweepCommand& find_command(const std::string& name) {
  for (const auto& c : sweep_commands())
    if (c.name == name) return c;
  throw io::InputError(io::SourceLocation{"--command " + name, 0, 0}, "unknown command");
}

std::vector<std::string> command_names() {
  std::vector<std::string> out;
  for (const auto& c : sweep_commands()) out.push_back(c.name);
  return out;
}

// A grid point's scenario; a problem its assignment causes is reported at the --vary
// argument that gave it, not at the --set the sweep turned it into.
io::ScenarioFile load_point(const SweepArgs& args, const std::vector<io::SweepAxis>& axes,
                            const std::vector<std::string>& assignments) {
  io::ScenarioEdits edits = scenario_edits(args);
  edits.sets.insert(edits.sets.end(), assignments.begin(), assignments.end());
  try {
    return io::load_scenario(args.scenario, edits);
  } catch (const io::InputError& e) {
    std::vector<io::Diagnostic> ds = e.diagnostics();
    for (io::Diagnostic& d : ds)
      for (std::size_t i = 0; i < assignments.size(); ++i)
        if (d.where.file == "--set " + assignments[i]) d.where.file = "--vary " + axes[i].argument;
    throw io::InputError(std::move(ds));
  }
}

int sweep(const SweepArgs& args) {
  const io::ScenarioFile base = io::load_scenario(args.scenario, scenario_edits(args));
  const SweepCommand& command = find_command(args.command);
  if (args.analytic_only && args.command == "run")
    throw io::InputError(io::SourceLocation{"--analytic-only", 0, 0},
                         "applies to --command staff or roster (a run is a simulation)");
  std::vector<io::SweepAxis> axes;
  for (const auto& v : args.vary) axes.push_back(io::parse_vary(v, args.scenario, args.sets));
  const std::vector<std::vector<std::string>> grid = io::sweep_grid(axes);
  // Every point is loaded (and so checked) before anything is simulated.
  std::vector<GridPoint> points;
  points.reserve(grid.size());
  for (const auto& assignments : grid)
    points.push_back(GridPoint{assignments, load_point(args, axes, assignments)});
  check_output_args(args);

  io::SweepResult result;
  result.scenario = base.scenario.name;
  result.command = command.name;
  result.axes = axes;
  result.columns = args.columns.empty() ? command.default_columns(base.scenario) : args.columns;

  ProgressBar bar(command.name == "run" ? "replications" : "grid points");
  // The first point alone, so that a misspelled --columns fails before the rest of the grid.
  std::vector<std::string> docs = command.evaluate({&points[0]}, args, bar);
  const auto resolve = [&](const std::string& doc, const std::string& column) {
    std::string why;
    const auto v = io::find_metric(doc, column, why);
    if (!v)
      throw io::InputError(io::SourceLocation{"--columns " + column, 0, 0},
                           fmt::format("not in the JSON of ccsim {}: {}", command.name, why));
    return *v;
  };
  for (const auto& c : result.columns) resolve(docs[0], c);
  if (points.size() > 1) {
    std::vector<const GridPoint*> rest;
    for (std::size_t i = 1; i < points.size(); ++i) rest.push_back(&points[i]);
    std::vector<std::string> more = command.evaluate(rest, args, bar);
    docs.insert(docs.end(), more.begin(), more.end());
  }
  std::string why;
  result.seed = static_cast<std::uint64_t>(io::find_metric(docs[0], "seed", why)->value);
  result.replications = static_cast<int>(io::find_metric(docs[0], "replications", why)->value);
  for (std::size_t p = 0; p < points.size(); ++p) {
    io::SweepResult::Point row;
    for (const auto& a : points[p].assignments) row.values.push_back(a.substr(a.find('=') + 1));
    for (const auto& c : result.columns) row.metrics.push_back(resolve(docs[p], c));
    result.points.push_back(std::move(row));
  }
  emit_outputs(args, io::sweep_writers(), result);
  return kExitOk;
}

}  // namespace

void add_sweep_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<SweepArgs>();
  auto* cmd = app.add_subcommand(
      "sweep",
      "What-if grid: run, staff or roster a scenario at every combination of --vary values");
  cmd->add_option("scenario", args->scenario, "Scenario YAML file")->required();
  cmd->add_option("--vary", args->vary,
                  "KEY=V1,V2,... (repeatable; grid = every combination). Items: values as for "
                  "--set, ranges A..B:STEP (0.9..1.2:0.05), factors xF of the scenario's value "
                  "(x1.1)")
      ->required()
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--command", args->command, "What each grid point runs (default: run)")
      ->check(CLI::IsMember(command_names()));
  cmd->add_option("--columns", args->columns,
                  "Metrics, as dotted paths into the command's JSON, e.g. "
                  "channels.voice.service_level,sites.main.headcount_required (default: service "
                  "level, ASA, abandon rate, occupancy per channel for run; heads required per "
                  "site for staff; heads per site and paid hours for roster)")
      ->delimiter(',');
  cmd->add_flag("--analytic-only", args->analytic_only,
                "staff, roster: the Erlang requirement at every point, no simulation (fast "
                "sensitivity tables)");
  add_scenario_run_options(
      *cmd, *args,
      "Replications per grid point (run; default: the scenario's) or per search pass (staff)",
      "Override a scalar of the scenario for every grid point: key.path=value (repeatable)");
  add_output_options(*cmd, *args, io::sweep_writers(), "Sensitivity table on stdout");
  cmd->callback([&action, args] { action = [args] { return sweep(*args); }; });
}

}  // namespace ccsim::cli
