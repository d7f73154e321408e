// Hold-model benchmark of the future-event sets (Vaucher & Duval 1975; Jones, CACM 29(4),
// 1986): keep n events pending, and per iteration pop the minimum and push it back at its time
// plus a random increment. One iteration = one hold, so "Time" is ns per hold.
//
// Benchmarks are named hold/<calendar>/<distribution>/<n>. Setup (not timed): increments are
// drawn once into a 2^16-entry table so that the RNG is not what is measured; the queue is
// filled with n events in the hold's equilibrium spread (e.g. 24 h deadlines spread over the
// next day, not all at 24 h), then n untimed warm-up holds run.
// The warmed-up queue is kept across Google Benchmark's iteration-count probes.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <boost/random/uniform_01.hpp>

#include "../tests/sim/timestamp_mix.hpp"
#include "ccsim/sim/event_calendar.hpp"
#include "ccsim/sim/random.hpp"

namespace {

using namespace ccsim::sim;
using testing::TimestampMix;

constexpr std::size_t kTableSize = std::size_t{1} << 16;

struct HoldQueue {
  std::string name;
  std::unique_ptr<EventCalendar> calendar;
  std::vector<Duration> increments;
  std::size_t next = 0;
  std::uint64_t sequence = 0;

  void hold() {
    CalendarEntry e = calendar->pop();
    e.key.time += increments[next++ & (kTableSize - 1)];
    e.key.sequence = sequence++;
    calendar->push(e);
  }
};

HoldQueue& queue_for(const std::string& name, CalendarKind kind, TimestampMix mix, std::size_t n) {
  static HoldQueue q;
  if (q.name == name) return q;
  q = HoldQueue{};
  q.name = name;
  q.calendar = make_calendar(kind);
  RandomEngine rng = StreamFactory(2024, 0).engine(testing::to_string(mix));
  q.increments.resize(kTableSize);
  for (Duration& d : q.increments) d = testing::next_time(mix, TimePoint{}, rng).time_since_epoch();
  // Equilibrium fill (renewal theory: the pending events of a long-running hold are at U * X
  // with X length-biased): X drawn from the table with probability proportional to its size.
  std::vector<double> cumulative(kTableSize);
  double total = 0.0;
  for (std::size_t i = 0; i < kTableSize; ++i) cumulative[i] = total += to_seconds(q.increments[i]);
  boost::random::uniform_01<double> u01;
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = std::lower_bound(cumulative.begin(), cumulative.end(), u01(rng) * total);
    const double x = to_seconds(q.increments[static_cast<std::size_t>(k - cumulative.begin())]);
    q.calendar->push(CalendarEntry{EventKey{at_seconds(u01(rng) * x), 0, q.sequence++}, 0});
  }
  for (std::size_t i = 0; i < n; ++i) q.hold();
  return q;
}

void hold(benchmark::State& state, const std::string& name, CalendarKind kind, TimestampMix mix,
          std::size_t n) {
  HoldQueue& q = queue_for(name, kind, mix, n);
  for (auto _ : state) q.hold();
  state.SetItemsProcessed(state.iterations());
  state.counters["n"] = static_cast<double>(q.calendar->size());
}

}  // namespace

int main(int argc, char** argv) {
  for (const std::size_t n : {1000u, 10'000u, 100'000u, 1'000'000u}) {
    for (const TimestampMix mix : testing::kHoldMixes) {
      for (const CalendarKind kind : {CalendarKind::calendar_queue, CalendarKind::binary_heap}) {
        const std::string name = "hold/" + std::string(to_string(kind)) + "/" +
                                 std::string(testing::to_string(mix)) + "/" + std::to_string(n);
        benchmark::RegisterBenchmark(name.c_str(), hold, name, kind, mix, n)
            ->Unit(benchmark::kNanosecond);
      }
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
