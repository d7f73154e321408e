// Erlang solver benchmarks: the required-agents search over many intervals (as a staffing run
// does, once per interval), and single evaluations at 20,000 agents.
//
//   required/<model>/10k_intervals: 10,000 intervals with offered loads spread evenly over
//     1..3000 Erlangs (AHT 180 s; target 80 % within 20 s; patience 180 s for Erlang A).
//   month/<model>: 4 channels x 4 sites x 48 half-hour intervals x 30 days = 23,040 intervals
//     with a day curve (night trough, midday peak) and weekly pattern; channel loads at the peak
//     of a site: voice 150, chat 12, messenger 6, email 25 Erlangs, sites weighted 37/23/21/19 %.
//   month/<model>/chained: the same, each search started from the previous interval's answer
//     of its channel x site series, as the analytic staffing does.
//   eval/<model>/20000: one evaluation at N = 20,000, A = 19,990 Erlangs.
// One iteration = the whole set, so "Time" is per set.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "ccsim/models/erlang.hpp"

namespace {

using ccsim::models::QueueInput;
using ccsim::models::required_agents;
using ccsim::models::StaffingTargets;

constexpr double kAht = 180.0;

std::vector<double> spread_loads() {
  std::vector<double> loads(10'000);
  for (std::size_t i = 0; i < loads.size(); ++i)
    loads[i] = 1.0 + 2999.0 * static_cast<double>(i) / static_cast<double>(loads.size() - 1);
  return loads;
}

std::vector<double> month_loads() {
  const double channel_peak[] = {150.0, 12.0, 6.0, 25.0};
  const double site_weight[] = {0.37, 0.23, 0.21, 0.19};
  std::vector<double> loads;
  loads.reserve(4 * 4 * 48 * 30);
  for (int day = 0; day < 30; ++day) {
    const double weekday = day % 7 == 0 ? 1.1 : (day % 7 >= 5 ? 0.8 : 1.0);
    for (int slot = 0; slot < 48; ++slot) {
      // Trough at night, peak around 11:30; never zero.
      const double hour = slot / 2.0;
      const double shape =
          0.05 +
          0.95 * std::pow(std::max(0.0, std::sin((hour - 6.0) / 17.0 * 3.141592653589793)), 1.5);
      for (double c : channel_peak)
        for (double s : site_weight) loads.push_back(c * s / 0.37 * shape * weekday);
    }
  }
  return loads;
}

// `series` > 0: the loads are `series` interleaved time series (month: loads[i] belongs to the
// channel x site series i % 16), and each search starts from the previous answer of its own
// series, as the analytic staffing does (models/src/staffing/analytic.cpp); 0: every search
// starts from A + sqrt(A).
void run_required(benchmark::State& state, const std::vector<double>& loads, bool abandons,
                  std::size_t series = 0) {
  StaffingTargets targets;
  targets.service_level = 0.8;
  long total = 0;
  std::vector<std::optional<ccsim::models::SearchStart>> previous(std::max<std::size_t>(series, 1));
  for (auto _ : state) {
    total = 0;
    std::fill(previous.begin(), previous.end(), std::nullopt);
    for (std::size_t i = 0; i < loads.size(); ++i) {
      const double a = loads[i];
      QueueInput in{a / kAht, kAht, std::nullopt, 0, 20.0};
      if (abandons) in.mean_patience_seconds = 180.0;
      auto& prev = previous[series > 0 ? i % series : 0];
      const auto answer = required_agents(in, targets, ccsim::models::kDefaultMaxAgents,
                                          series > 0 ? prev : std::nullopt);
      if (answer.feasible && answer.agents >= 1)
        prev = ccsim::models::SearchStart{a, answer.agents};
      total += answer.agents;
    }
    benchmark::DoNotOptimize(total);
  }
  state.counters["intervals"] = static_cast<double>(loads.size());
  state.counters["agents_total"] = static_cast<double>(total);
}

void BM_required_10k_c(benchmark::State& state) { run_required(state, spread_loads(), false); }
void BM_required_10k_a(benchmark::State& state) { run_required(state, spread_loads(), true); }
void BM_month_c(benchmark::State& state) { run_required(state, month_loads(), false); }
void BM_month_a(benchmark::State& state) { run_required(state, month_loads(), true); }
void BM_month_c_chained(benchmark::State& state) { run_required(state, month_loads(), false, 16); }
void BM_month_a_chained(benchmark::State& state) { run_required(state, month_loads(), true, 16); }

void BM_eval(benchmark::State& state, bool abandons) {
  QueueInput in{19990.0 / kAht, kAht, std::nullopt, 20000, 20.0};
  if (abandons) in.mean_patience_seconds = 180.0;
  for (auto _ : state) benchmark::DoNotOptimize(ccsim::models::queue_metrics(in));
}
void BM_eval_c(benchmark::State& state) { BM_eval(state, false); }
void BM_eval_a(benchmark::State& state) { BM_eval(state, true); }

}  // namespace

BENCHMARK(BM_required_10k_c)
    ->Name("required/erlang-c/10k_intervals")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_required_10k_a)
    ->Name("required/erlang-a/10k_intervals")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_month_c)->Name("month/erlang-c")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_month_a)->Name("month/erlang-a")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_month_c_chained)->Name("month/erlang-c/chained")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_month_a_chained)->Name("month/erlang-a/chained")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_eval_c)->Name("eval/erlang-c/20000")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_eval_a)->Name("eval/erlang-a/20000")->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
