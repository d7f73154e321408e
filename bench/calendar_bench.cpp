// Hold-model benchmark of the future-event sets (Vaucher & Duval 1975; Jones, CACM 29(4),
// 1986): keep n events pending, and per iteration pop the minimum and push it back at its time
// plus a random increment. One iteration = one hold, so "Time" is ns per hold.
//
// Benchmarks are named hold/<calendar>/<distribution>/<n>. Setup (not timed): increments are
// drawn once into a 2^16-entry table so that the RNG is not what is measured; the queue is
// filled with n events in the hold's equilibrium spread (e.g. 24 h deadlines spread over the
// next day, not all at 24 h), then n untimed warm-up holds run.
// The warmed-up queue is kept across Google Benchmark's iteration-count probes.
//
// `--adversarial[=n1,n2,...]` runs the adversarial patterns of tests/sim/timestamp_mix.hpp
// instead (issue 21): for each pattern and size (default 1e3,1e4,1e5,1e6), the calendar queue
// and the binary heap run the same operation sequence, cut into kStretches stretches; each
// stretch is timed (thread CPU time) on both queues back to back (alternating which goes first),
// `--rounds=R` (default 3) repeats the whole run, and a stretch's ratio is the median over rounds.
// The summary fails a pattern whose worst stretch has the calendar queue slower than the heap. Both
// queues' pop sequences are checksummed and must agree.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <boost/random/uniform_01.hpp>

#include "../sim/src/calendar_queue.hpp"  // private: the --verbose statistics of a stretch
#include "../tests/sim/timestamp_mix.hpp"
#include "ccsim/sim/event_calendar.hpp"
#include "ccsim/sim/random.hpp"

namespace {

using namespace ccsim::sim;
using testing::Adversarial;
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
  if (const auto* cq = dynamic_cast<const detail::CalendarQueue*>(q.calendar.get())) {
    state.counters["rebuilds"] = static_cast<double>(cq->rebuild_count());
    state.counters["work/op"] = cq->work_per_op();
  }
}

// ---- Adversarial patterns ---------------------------------------------------------------

constexpr int kStretches = 10;
bool verbose = false;
std::string only_pattern;  // --pattern=NAME runs one pattern
constexpr std::size_t kSwingLow = 10;

// One run's operations: the initial fill and, per operation, one pop followed by `pushes[i]`
// pushes (1 = a hold; the swing pattern grows with 2 and shrinks with 0) of `increments[i]`
// after the popped time (the second push of a grow step uses the next increment as well).
struct Plan {
  std::vector<TimePoint> fill;
  std::vector<Duration> increments;
  std::vector<std::uint8_t> pushes;
};

Plan make_plan(Adversarial a, std::size_t n, std::size_t ops) {
  Plan p;
  RandomEngine rng = StreamFactory(2024, 0).engine(testing::to_string(a));
  p.increments.resize(ops);
  for (std::size_t i = 0; i < ops; ++i)
    p.increments[i] =
        testing::adversarial_increment(a, static_cast<double>(i) / static_cast<double>(ops), rng);
  // Equilibrium fill as in queue_for(): U * X, X length-biased from the starting distribution.
  std::vector<double> x(kTableSize), cumulative(kTableSize);
  double total = 0.0;
  for (std::size_t i = 0; i < kTableSize; ++i) {
    x[i] = to_seconds(testing::adversarial_increment(a, 0.0, rng));
    cumulative[i] = total += x[i];
  }
  boost::random::uniform_01<double> u01;
  const std::size_t fill = a == Adversarial::swing ? kSwingLow : n;
  for (std::size_t i = 0; i < fill; ++i) {
    const auto k = std::lower_bound(cumulative.begin(), cumulative.end(), u01(rng) * total);
    double t = u01(rng) * x[static_cast<std::size_t>(k - cumulative.begin())];
    if (a == Adversarial::quantised_fill) t = std::floor(t * 1000.0) / 1000.0;
    p.fill.push_back(at_seconds(t));
  }
  p.pushes.assign(ops, 1);
  if (a == Adversarial::swing) {
    std::size_t size = fill;
    bool growing = true;
    for (std::size_t i = 0; i < ops; ++i) {
      if (growing && size >= n) growing = false;
      if (!growing && size <= kSwingLow) growing = true;
      p.pushes[i] = growing ? 2 : 0;
      size = size + p.pushes[i] - 1;
    }
  }
  return p;
}

struct Runner {
  std::unique_ptr<EventCalendar> calendar;
  std::uint64_t sequence = 0;
  std::uint64_t checksum = 0;

  void fill(const Plan& p) {
    for (const TimePoint t : p.fill) calendar->push(CalendarEntry{EventKey{t, 0, sequence++}, 0});
  }
  void run(const Plan& p, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      CalendarEntry e = calendar->pop();
      checksum = checksum * 31 + static_cast<std::uint64_t>(ticks(e.key.time)) + e.key.sequence;
      const TimePoint now = e.key.time;
      for (std::uint8_t k = 0; k < p.pushes[i]; ++k) {
        e.key.time = now + p.increments[(i + k) % p.increments.size()];
        e.key.sequence = sequence++;
        calendar->push(e);
      }
    }
  }
};

// Thread CPU time: on a shared machine, wall time mostly measures the other jobs.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double seconds_of(const auto& f) {
  const double t0 = cpu_seconds();
  f();
  return cpu_seconds() - t0;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

struct Outcome {
  double cq_ns = 0.0, heap_ns = 0.0, worst = 0.0;
  int worst_stretch = 0;
  bool same_order = true;
};

Outcome run_adversarial(Adversarial a, std::size_t n, std::size_t ops, int rounds) {
  const Plan plan = make_plan(a, n, ops);
  std::vector<std::vector<double>> ratio(kStretches);
  std::vector<double> cq_total, heap_total;
  Outcome o;
  for (int r = 0; r < rounds; ++r) {
    Runner cq{make_calendar(CalendarKind::calendar_queue)};
    Runner heap{make_calendar(CalendarKind::binary_heap)};
    double cq_sum = seconds_of([&] { cq.fill(plan); });
    double heap_sum = seconds_of([&] { heap.fill(plan); });
    if (verbose && r == 0) {
      const auto& q = static_cast<const detail::CalendarQueue&>(*cq.calendar);
      std::printf("  fill %.2f size %zu buckets %zu width %lld overflow %zu rebuilds %llu\n",
                  cq_sum / heap_sum, q.size(), q.bucket_count(),
                  static_cast<long long>(q.bucket_width()), q.overflow_size(),
                  static_cast<unsigned long long>(q.rebuild_count()));
    }
    for (int s = 0; s < kStretches; ++s) {
      const std::size_t b = ops * static_cast<std::size_t>(s) / kStretches;
      const std::size_t e = ops * static_cast<std::size_t>(s + 1) / kStretches;
      double tc = 0.0, th = 0.0;
      if ((s + r) % 2 == 0) {
        tc = seconds_of([&] { cq.run(plan, b, e); });
        th = seconds_of([&] { heap.run(plan, b, e); });
      } else {
        th = seconds_of([&] { heap.run(plan, b, e); });
        tc = seconds_of([&] { cq.run(plan, b, e); });
      }
      ratio[static_cast<std::size_t>(s)].push_back(tc / th);
      if (verbose && r == 0) {
        const auto& q = static_cast<const detail::CalendarQueue&>(*cq.calendar);
        std::printf(
            "  #%d %.2f (cq %.1f ms, heap %.1f ms) size %zu buckets %zu width %lld overflow %zu "
            "rebuilds %llu work/op %.2f\n",
            s, tc / th, tc * 1e3, th * 1e3, q.size(), q.bucket_count(),
            static_cast<long long>(q.bucket_width()), q.overflow_size(),
            static_cast<unsigned long long>(q.rebuild_count()), q.work_per_op());
      }
      cq_sum += tc;
      heap_sum += th;
    }
    o.same_order = o.same_order && cq.checksum == heap.checksum;
    cq_total.push_back(cq_sum * 1e9 / static_cast<double>(ops));
    heap_total.push_back(heap_sum * 1e9 / static_cast<double>(ops));
  }
  o.cq_ns = median(cq_total);
  o.heap_ns = median(heap_total);
  for (int s = 0; s < kStretches; ++s) {
    const double m = median(ratio[static_cast<std::size_t>(s)]);
    if (m > o.worst) {
      o.worst = m;
      o.worst_stretch = s;
    }
  }
  return o;
}

int adversarial_main(const std::vector<std::size_t>& sizes, std::size_t ops, int rounds) {
  std::printf("%-16s %9s %10s %10s %7s %14s  %s\n", "pattern", "n", "cq ns/op", "heap ns/op",
              "ratio", "worst stretch", "verdict");
  int failed = 0, total = 0;
  for (const Adversarial a : testing::kAdversarial) {
    if (!only_pattern.empty() && only_pattern != testing::to_string(a)) continue;
    for (const std::size_t n : sizes) {
      const Outcome o = run_adversarial(a, n, ops, rounds);
      const bool pass = o.same_order && o.worst <= 1.0;
      failed += pass ? 0 : 1;
      ++total;
      std::printf("%-16s %9zu %10.1f %10.1f %7.2f %8.2f (#%d)  %s%s\n",
                  std::string(testing::to_string(a)).c_str(), n, o.cq_ns, o.heap_ns,
                  o.cq_ns / o.heap_ns, o.worst, o.worst_stretch, pass ? "pass" : "FAIL",
                  o.same_order ? "" : " (pop order differs!)");
      std::fflush(stdout);
    }
  }
  std::printf(
      "summary: %d of %d pattern/size runs pass (calendar queue never slower than the heap "
      "in any of %d stretches; %zu ops each, median of %d rounds)\n",
      total - failed, total, kStretches, ops, rounds);
  return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes{1000, 10'000, 100'000, 1'000'000};
  std::size_t ops = 2'000'000;
  int rounds = 3;
  bool adversarial = false;
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    if (std::strncmp(arg, "--adversarial", 13) == 0) {
      adversarial = true;
      if (arg[13] == '=') {
        sizes.clear();
        std::stringstream list(arg + 14);
        for (std::string item; std::getline(list, item, ',');)
          sizes.push_back(static_cast<std::size_t>(std::stod(item)));
      }
    } else if (std::strncmp(arg, "--pattern=", 10) == 0) {
      only_pattern = arg + 10;
    } else if (std::strcmp(arg, "--verbose") == 0) {
      verbose = true;
    } else if (std::strncmp(arg, "--rounds=", 9) == 0) {
      rounds = std::max(1, std::atoi(arg + 9));
    } else if (std::strncmp(arg, "--ops=", 6) == 0) {
      ops = static_cast<std::size_t>(std::stod(arg + 6));
    }
  }
  if (adversarial) return adversarial_main(sizes, ops, rounds);
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
