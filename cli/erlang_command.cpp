// `ccsim erlang c|a`: Erlang C / A metrics for a given number of agents, or the required
// number of agents for service targets; per interval with --intervals FILE.csv.
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ccsim/io/erlang_report.hpp"
#include "ccsim/io/error.hpp"
#include "ccsim/models/erlang.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace ccsim::cli {

namespace {

struct ErlangArgs {
  std::string model;  // "c" or "a"
  double calls_per_hour = 0, aht = 0, patience = 0, sl_seconds = 20, interval_minutes = 30,
         short_abandon_seconds = 5;
  int agents = 0;
  double target_sl = 0, target_asa = 0, target_abandon = 0, max_occupancy = 0;
  std::string intervals;
  std::string format = "table";
  // Which options were given (CLI11 options, to ask count()).
  CLI::Option *calls_opt = nullptr, *aht_opt = nullptr, *patience_opt = nullptr,
              *agents_opt = nullptr, *sl_opt = nullptr, *asa_opt = nullptr, *abandon_opt = nullptr,
              *occupancy_opt = nullptr, *intervals_opt = nullptr, *sl_seconds_opt = nullptr,
              *interval_minutes_opt = nullptr, *short_abandon_opt = nullptr;
};

[[noreturn]] void bad(const std::string& message, io::SourceLocation where = {}) {
  throw io::InputError(std::move(where), message);
}

bool given(const CLI::Option* o) { return o->count() > 0; }

// Checks a number given on the command line; NaN and infinities never pass.
void check(const CLI::Option* o, double x, bool allow_zero, const char* what) {
  if (!given(o)) return;
  if (!std::isfinite(x) || x < 0 || (!allow_zero && x == 0))
    bad(fmt::format("{} must be a finite number {} 0{}, got {}", o->get_name(),
                    allow_zero ? ">=" : ">", what, x));
}

void check_fraction(const CLI::Option* o, double x, bool allow_one) {
  if (!given(o)) return;
  if (!std::isfinite(x) || x <= 0 || x > 1 || (!allow_one && x == 1))
    bad(fmt::format("{} must be a fraction in (0, 1{} (e.g. 0.8 for 80 %), got {}{}", o->get_name(),
                    allow_one ? "]" : ")", x,
                    x == 1 && !allow_one ? ": no finite number of agents can reach it" : ""));
}

std::optional<models::StaffingTargets> targets_of(const ErlangArgs& a) {
  models::StaffingTargets t;
  if (given(a.sl_opt)) t.service_level = a.target_sl;
  if (given(a.asa_opt)) t.asa_seconds = a.target_asa;
  if (given(a.abandon_opt)) t.abandon_rate = a.target_abandon;
  if (given(a.occupancy_opt)) t.max_occupancy = a.max_occupancy;
  if (!t.service_level && !t.asa_seconds && !t.abandon_rate && !t.max_occupancy)
    return std::nullopt;
  return t;
}

std::string describe(const models::StaffingTargets& t, double sl_seconds) {
  std::vector<std::string> parts;
  if (t.service_level)
    parts.push_back(
        fmt::format("service level >= {:g} % within {:g} s", *t.service_level * 100, sl_seconds));
  if (t.asa_seconds) parts.push_back(fmt::format("ASA <= {:g} s", *t.asa_seconds));
  if (t.abandon_rate) parts.push_back(fmt::format("abandoned <= {:g} %", *t.abandon_rate * 100));
  if (t.max_occupancy) parts.push_back(fmt::format("occupancy <= {:g} %", *t.max_occupancy * 100));
  return fmt::format("required agents for {}", fmt::join(parts, ", "));
}

void validate(const ErlangArgs& a) {
  const bool batch = given(a.intervals_opt);
  if (batch) {
    if (given(a.calls_opt))
      bad("--calls-per-hour is not used with --intervals (calls come from the file)");
    if (given(a.aht_opt)) bad("--aht is not used with --intervals (the aht column gives it)");
  } else {
    if (!given(a.calls_opt)) bad("--calls-per-hour is required (or --intervals FILE.csv)");
    if (!given(a.aht_opt)) bad("--aht is required (mean handle time in seconds)");
  }
  check(a.calls_opt, a.calls_per_hour, true, "");
  check(a.aht_opt, a.aht, false, " (seconds)");
  check(a.patience_opt, a.patience, false, " (seconds)");
  check(a.sl_seconds_opt, a.sl_seconds, true, " (seconds)");
  check(a.short_abandon_opt, a.short_abandon_seconds, true, " (seconds)");
  check(a.interval_minutes_opt, a.interval_minutes, false, " (minutes)");
  check(a.asa_opt, a.target_asa, false, " (seconds)");
  check_fraction(a.sl_opt, a.target_sl, false);
  check_fraction(a.occupancy_opt, a.max_occupancy, true);
  if (given(a.abandon_opt) &&
      !(std::isfinite(a.target_abandon) && a.target_abandon >= 0 && a.target_abandon < 1))
    bad(fmt::format("--target-abandon must be a fraction in [0, 1) (e.g. 0.05), got {}",
                    a.target_abandon));
  if (given(a.agents_opt) && a.agents < 1)
    bad(fmt::format("--agents must be >= 1, got {}", a.agents));
  if (a.model == "c" && given(a.patience_opt))
    bad("--patience is for model 'a' (Erlang A); model 'c' assumes nobody abandons");
  if (a.model == "a" && !batch && !given(a.patience_opt))
    bad("model 'a' (Erlang A) needs --patience SEC, the mean patience before abandoning");
  const bool has_targets = targets_of(a).has_value();
  if (given(a.agents_opt) && has_targets)
    bad("give either --agents N or targets (--target-sl, --target-asa, --target-abandon, "
        "--max-occupancy), not both");
  if (!given(a.agents_opt) && !has_targets)
    bad("give --agents N, or at least one target: --target-sl, --target-asa, --target-abandon, "
        "--max-occupancy");
}

// Metrics at the given agents, or at the required number; model errors (unstable Erlang C,
// unreachable targets) become input errors at `where`. `previous` (batch mode) is the row
// solved before: the search starts from it, which changes how long it takes, not its answer.
models::QueueMetrics solve(const ErlangArgs& a, models::QueueInput in,
                           const io::SourceLocation& where,
                           std::optional<models::SearchStart>* previous = nullptr) {
  try {
    if (given(a.agents_opt)) {
      in.agents = a.agents;
      return models::queue_metrics(in);
    }
    const auto answer = models::required_agents(in, *targets_of(a), models::kDefaultMaxAgents,
                                                previous ? *previous : std::nullopt);
    if (!answer.feasible) bad("targets cannot be met: " + answer.note, where);
    if (previous && answer.agents >= 1)
      *previous = models::SearchStart{in.arrival_rate * in.mean_service_seconds, answer.agents};
    return answer.metrics;
  } catch (const std::invalid_argument& e) {
    bad(e.what(), where);
  } catch (const std::domain_error& e) {
    bad(e.what(), where);
  }
}

int run_erlang(const ErlangArgs& a) {
  validate(a);
  std::optional<double> patience;
  if (a.model == "a" && given(a.patience_opt)) patience = a.patience;
  const auto targets = targets_of(a);
  const double t = a.sl_seconds;
  const std::string heading = targets ? describe(*targets, t) : "";
  std::string text;
  if (!given(a.intervals_opt)) {
    const models::QueueInput in{a.calls_per_hour / 3600.0, a.aht, patience, 0, t,
                                a.short_abandon_seconds};
    const models::QueueMetrics m = solve(a, in, {});
    text = a.format == "json" ? io::erlang_json(m) : io::erlang_table(m, heading);
  } else {
    const auto rows = io::read_erlang_intervals(a.intervals);
    const double seconds = a.interval_minutes * 60.0;
    std::vector<io::ErlangIntervalResult> results;
    results.reserve(rows.size());
    std::optional<models::SearchStart> previous;
    for (const auto& row : rows) {
      const io::SourceLocation where{a.intervals, row.line, 0};
      std::optional<double> p;
      if (a.model == "a") {
        p = row.patience_seconds ? row.patience_seconds : patience;
        if (!p) bad("model 'a' needs a patience column in the file or --patience SEC", where);
      }
      const models::QueueInput in{row.calls / seconds,    row.aht_seconds, p, 0, t,
                                  a.short_abandon_seconds};
      io::ErlangIntervalRow used = row;
      used.patience_seconds = p;  // model 'c' ignores the column: do not echo it
      results.push_back({std::move(used), solve(a, in, where, &previous)});
    }
    text = a.format == "json" ? io::erlang_intervals_json(results, a.interval_minutes)
                              : io::erlang_intervals_table(results, a.interval_minutes, heading);
  }
  write_stdout(text);
  return kExitOk;
}

}  // namespace

void add_erlang_command(CLI::App& app, Action& action) {
  auto a = std::make_shared<ErlangArgs>();
  auto* cmd = app.add_subcommand(
      "erlang",
      "Erlang C (M/M/N) or Erlang A (M/M/N+M) metrics for --agents N, or the smallest N "
      "meeting the given targets");
  cmd->footer(
      "Service level = contacts answered within --sl-seconds / contacts offered (abandons count "
      "against).\nAlso given: the same numerator / answered, / (offered - abandoned within T) and "
      "/ "
      "(offered - abandoned\nshorter than --short-abandon-seconds); see docs/contract.md.\nASA = "
      "mean wait of answered contacts; mean wait = over all offered.\n"
      "Batch mode: --intervals FILE.csv with the header 'interval,calls,aht[,patience]', one row "
      "per interval:\ncalls = contacts arriving in the interval (its length is "
      "--interval-minutes), aht and patience in seconds.\nModel 'a' takes the patience column, "
      "else --patience; model 'c' ignores the column.\nJSON of batch mode: {\"interval_minutes\", "
      "\"intervals\": [per row: interval, calls, aht_seconds, patience_seconds, then the keys of "
      "the single result]}.");
  cmd->add_option("model", a->model,
                  "c = Erlang C (nobody abandons), a = Erlang A (exponential "
                  "patience)")
      ->required()
      ->check(CLI::IsMember({"c", "a"}));
  a->calls_opt =
      cmd->add_option("--calls-per-hour", a->calls_per_hour, "Arrival rate, contacts per hour");
  a->aht_opt = cmd->add_option("--aht", a->aht, "Mean handle time, seconds");
  a->patience_opt = cmd->add_option("--patience", a->patience,
                                    "Mean patience before abandoning, seconds (model a)");
  a->sl_seconds_opt = cmd->add_option("--sl-seconds", a->sl_seconds,
                                      "Service-level threshold T, seconds (default 20)");
  a->short_abandon_opt = cmd->add_option(
      "--short-abandon-seconds", a->short_abandon_seconds,
      "X of service_level_excluding_short_abandons: abandons shorter than X s are left out of "
      "its denominator (default 5)");
  a->agents_opt = cmd->add_option("--agents", a->agents, "Number of agents to evaluate");
  a->sl_opt = cmd->add_option("--target-sl", a->target_sl,
                              "Target: service level at least P (fraction, e.g. 0.8)");
  a->asa_opt = cmd->add_option("--target-asa", a->target_asa, "Target: ASA at most SEC seconds");
  a->abandon_opt = cmd->add_option("--target-abandon", a->target_abandon,
                                   "Target: abandoned share at most P (fraction)");
  a->occupancy_opt = cmd->add_option("--max-occupancy", a->max_occupancy,
                                     "Target: occupancy at most P (fraction)");
  a->intervals_opt =
      cmd->add_option("--intervals", a->intervals, "Batch: CSV with interval,calls,aht[,patience]");
  a->interval_minutes_opt = cmd->add_option("--interval-minutes", a->interval_minutes,
                                            "Batch: length of one interval, minutes (default 30)");
  cmd->add_option("--format", a->format, "Output on stdout: table (default) or json")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->callback([&action, a] { action = [a] { return run_erlang(*a); }; });
}

}  // namespace ccsim::cli
