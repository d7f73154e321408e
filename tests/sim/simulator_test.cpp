#include <catch2/catch.hpp>

#include <stdexcept>
#include <tuple>
#include <vector>

#include <boost/random/uniform_int_distribution.hpp>

#include "ccsim/sim/random.hpp"
#include "ccsim/sim/simulator.hpp"
#include "sim/timestamp_mix.hpp"

using namespace ccsim::sim;
using namespace std::chrono_literals;
using testing::TimestampMix;

namespace {
struct Recorder : EventHandler {
  std::vector<std::uint64_t> fired;
  void on_event(std::uint32_t, std::uint64_t arg) override { fired.push_back(arg); }
};

CalendarKind any_calendar() {
  return GENERATE(CalendarKind::calendar_queue, CalendarKind::binary_heap);
}

// A random model: each event schedules 0-2 follow-ups (times from the mix, some at the same
// instant, some with priorities) and may cancel a random earlier handle. It records what fired.
struct RandomModel : EventHandler {
  Simulator& sim;
  TimestampMix mix;
  RandomEngine rng;
  std::vector<EventHandle> handles;
  std::vector<std::tuple<std::int64_t, std::uint32_t, std::uint64_t>> trace;
  std::uint64_t next_arg = 0;
  std::size_t cancels = 0;
  std::size_t stale_cancels = 0;

  RandomModel(Simulator& s, TimestampMix m, std::uint64_t seed)
      : sim(s), mix(m), rng(StreamFactory(seed, 0).engine("model")) {}

  void schedule_one() {
    boost::random::uniform_int_distribution<int> pick(0, 99);
    const int p = pick(rng);
    const TimePoint t = p < 5 ? sim.now() : testing::next_time(mix, sim.now(), rng);
    const std::int32_t prio = p < 15 ? p % 3 - 1 : 0;
    handles.push_back(sim.schedule_at(t, *this, static_cast<std::uint32_t>(p), next_arg++, prio));
  }
  void on_event(std::uint32_t kind, std::uint64_t arg) override {
    trace.emplace_back(ticks(sim.now()), kind, arg);
    boost::random::uniform_int_distribution<int> pick(0, 99);
    // Keep the population near a few thousand: fewer follow-ups when it is large.
    const int follow_ups = sim.pending() > 4000 ? pick(rng) % 2 : 1 + pick(rng) % 2;
    for (int i = 0; i < follow_ups; ++i) schedule_one();
    if (pick(rng) < 10 && !handles.empty()) {
      boost::random::uniform_int_distribution<std::size_t> h(0, handles.size() - 1);
      const std::size_t k = h(rng);
      const bool pending = sim.is_pending(handles[k]);
      const bool cancelled = sim.cancel(handles[k]);
      if (cancelled != pending) ++stale_cancels;  // cancel() must agree with is_pending()
      cancels += cancelled ? 1 : 0;
      handles[k] = handles.back();
      handles.pop_back();
    }
    if (handles.size() > 20'000) handles.erase(handles.begin(), handles.begin() + 10'000);
  }
};
}  // namespace

TEST_CASE("events fire in time order and the clock follows them", "[sim][simulator]") {
  Simulator sim(any_calendar());
  Recorder r;
  sim.schedule_after(3s, r, 0, 3);
  sim.schedule_after(1s, r, 0, 1);
  sim.schedule_after(2s, r, 0, 2);
  sim.run();
  REQUIRE(r.fired == std::vector<std::uint64_t>{1, 2, 3});
  REQUIRE(sim.now() == TimePoint{3s});
  REQUIRE(sim.events_fired() == 3);
  REQUIRE(sim.pending() == 0);
}

TEST_CASE("simulator: same-time events fire by priority, then in scheduling order",
          "[sim][simulator]") {
  Simulator sim(any_calendar());
  Recorder r;
  sim.schedule_at(TimePoint{5s}, r, 0, 1);
  sim.schedule_at(TimePoint{5s}, r, 0, 2, 1);
  sim.schedule_at(TimePoint{5s}, r, 0, 3);
  sim.schedule_at(TimePoint{5s}, r, 0, 4, -1);
  sim.schedule_at(TimePoint{5s}, r, 0, 5);
  sim.run();
  REQUIRE(r.fired == std::vector<std::uint64_t>{4, 1, 3, 5, 2});
}

TEST_CASE("simulator: an event scheduled for now fires after those already due now",
          "[sim][simulator]") {
  struct Chain : EventHandler {
    Simulator* sim = nullptr;
    std::vector<std::uint64_t> fired;
    void on_event(std::uint32_t, std::uint64_t arg) override {
      fired.push_back(arg);
      if (arg == 1) sim->schedule_after(Duration::zero(), *this, 0, 9);
    }
  } chain;
  Simulator sim(any_calendar());
  chain.sim = &sim;
  sim.schedule_at(TimePoint{1s}, chain, 0, 1);
  sim.schedule_at(TimePoint{1s}, chain, 0, 2);
  sim.run();
  REQUIRE(chain.fired == std::vector<std::uint64_t>{1, 2, 9});
}

TEST_CASE("simulator: cancel before firing, twice, and after firing", "[sim][simulator]") {
  Simulator sim(any_calendar());
  Recorder r;
  const EventHandle a = sim.schedule_at(TimePoint{1s}, r, 0, 1);
  const EventHandle b = sim.schedule_at(TimePoint{2s}, r, 0, 2);
  REQUIRE(sim.pending() == 2);
  REQUIRE(sim.is_pending(b));
  REQUIRE(sim.cancel(b));
  REQUIRE_FALSE(sim.is_pending(b));
  REQUIRE_FALSE(sim.cancel(b));  // already cancelled
  REQUIRE(sim.pending() == 1);
  sim.run();
  REQUIRE(r.fired == std::vector<std::uint64_t>{1});
  REQUIRE(sim.events_fired() == 1);  // the cancelled event is not counted
  REQUIRE(sim.now() == TimePoint{1s});
  // After firing, the handle is stale: cancelling it must not touch a new event that reuses
  // its slot.
  const EventHandle c = sim.schedule_at(TimePoint{3s}, r, 0, 3);
  REQUIRE_FALSE(sim.cancel(a));
  REQUIRE_FALSE(sim.cancel(b));
  REQUIRE_FALSE(sim.cancel(EventHandle{}));
  REQUIRE(sim.is_pending(c));
  sim.run();
  REQUIRE(r.fired == std::vector<std::uint64_t>{1, 3});
}

TEST_CASE("simulator: run_until stops at the end time and leaves the clock there",
          "[sim][simulator]") {
  Simulator sim(any_calendar());
  Recorder r;
  sim.schedule_at(TimePoint{1s}, r, 0, 1);
  sim.schedule_at(TimePoint{10s}, r, 0, 10);
  sim.schedule_at(TimePoint{5s}, r, 0, 5);
  sim.run_until(TimePoint{5s});  // inclusive
  REQUIRE(r.fired == std::vector<std::uint64_t>{1, 5});
  REQUIRE(sim.now() == TimePoint{5s});
  sim.run_until(TimePoint{7s});  // nothing due: the clock still moves to the end
  REQUIRE(sim.now() == TimePoint{7s});
  REQUIRE(sim.pending() == 1);
  sim.run_until(TimePoint{6s});  // an end in the past does nothing
  REQUIRE(sim.now() == TimePoint{7s});
  sim.run();
  REQUIRE(sim.now() == TimePoint{10s});
  Simulator idle(any_calendar());
  idle.run_until(TimePoint{std::chrono::hours{720}});  // empty calendar, month horizon
  REQUIRE(idle.now() == TimePoint{std::chrono::hours{720}});
}

TEST_CASE("simulator: stop() returns after the current event", "[sim][simulator]") {
  struct Stopper : EventHandler {
    Simulator* sim = nullptr;
    std::vector<std::uint64_t> fired;
    void on_event(std::uint32_t, std::uint64_t arg) override {
      fired.push_back(arg);
      if (arg == 2) sim->stop();
    }
  } h;
  Simulator sim(any_calendar());
  h.sim = &sim;
  for (std::uint64_t i = 1; i <= 4; ++i)
    sim.schedule_at(TimePoint{std::chrono::seconds(i)}, h, 0, i);
  sim.run_until(TimePoint{100s});
  REQUIRE(h.fired == std::vector<std::uint64_t>{1, 2});
  REQUIRE(sim.now() == TimePoint{2s});  // not moved to the end: stopped early
  sim.run_until(TimePoint{100s});       // a new run resumes
  REQUIRE(h.fired == std::vector<std::uint64_t>{1, 2, 3, 4});
  REQUIRE(sim.now() == TimePoint{100s});
}

TEST_CASE("simulator: scheduling in the past is an error", "[sim][simulator]") {
  Simulator sim(any_calendar());
  Recorder r;
  sim.run_until(TimePoint{10s});
  REQUIRE_THROWS_AS(sim.schedule_at(TimePoint{9s}, r, 0), std::logic_error);
  REQUIRE_THROWS_AS(sim.schedule_after(-1us, r, 0), std::logic_error);
  const EventHandle h = sim.schedule_after(Duration::max(), r, 0);  // saturates at "never"
  REQUIRE(sim.is_pending(h));
  REQUIRE_THROWS_AS(Simulator(std::unique_ptr<EventCalendar>{}), std::invalid_argument);
}

TEST_CASE("simulator: both calendars give the same trajectory under schedule/cancel/fire",
          "[sim][simulator]") {
  const TimestampMix mix = GENERATE(from_range(testing::kAllMixes));
  CAPTURE(testing::to_string(mix));
  Simulator cq_sim(CalendarKind::calendar_queue);
  Simulator heap_sim(CalendarKind::binary_heap);
  RandomModel cq(cq_sim, mix, 11);
  RandomModel heap(heap_sim, mix, 11);
  for (int i = 0; i < 2000; ++i) {
    cq.schedule_one();
    heap.schedule_one();
  }
  // Run in slices so that run_until's end handling is part of the comparison.
  for (TimePoint end{1s}; cq_sim.events_fired() < 100'000; end += 5s) {
    cq_sim.run_until(end);
    heap_sim.run_until(end);
    REQUIRE(cq_sim.now() == heap_sim.now());
  }
  REQUIRE(cq.cancels > 1000);
  REQUIRE(cq.stale_cancels == 0);
  REQUIRE(cq.trace.size() == heap.trace.size());
  REQUIRE(cq.trace == heap.trace);
  REQUIRE(cq_sim.pending() == heap_sim.pending());
}
