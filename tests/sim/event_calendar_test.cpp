#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "../../sim/src/calendar_queue.hpp"  // private: bucket count and width for the resize test
#include "ccsim/sim/event_calendar.hpp"
#include "ccsim/sim/random.hpp"
#include "sim/timestamp_mix.hpp"

using namespace ccsim::sim;
using namespace std::chrono_literals;
using testing::Adversarial;
using testing::TimestampMix;

namespace {

CalendarEntry entry(TimePoint t, std::uint64_t seq, std::int32_t priority = 0) {
  return CalendarEntry{EventKey{t, priority, seq}, static_cast<std::uint32_t>(seq)};
}

bool same(const CalendarEntry& a, const CalendarEntry& b) {
  return a.key == b.key && a.slot == b.slot;
}

// Drives the calendar queue and the reference heap with the same random interleaving of
// pushes and pops (growing, steady and draining phases) and counts pops that differ.
struct Comparison {
  std::size_t ops = 0;
  std::size_t mismatches = 0;
  std::size_t max_size = 0;
};

Comparison compare_with_heap(TimestampMix mix, std::size_t ops, std::uint64_t seed) {
  auto cq = make_calendar(CalendarKind::calendar_queue);
  auto heap = make_calendar(CalendarKind::binary_heap);
  RandomEngine rng = StreamFactory(seed, 0).engine(testing::to_string(mix));
  boost::random::uniform_int_distribution<int> percent(0, 99);
  boost::random::uniform_int_distribution<int> prio(-1, 1);
  TimePoint now{};
  std::uint64_t seq = 0;
  Comparison c;
  auto pop_both = [&] {
    const CalendarEntry& top = cq->top();
    if (!same(top, heap->top())) ++c.mismatches;
    const CalendarEntry a = cq->pop();
    const CalendarEntry b = heap->pop();
    if (!same(a, b)) ++c.mismatches;
    now = b.key.time;
  };
  for (std::size_t i = 0; i < ops; ++i) {
    // Phases: grow (70% pushes), steady (50%), drain (30%), steady again.
    const std::size_t phase = 4 * i / ops;
    const int push_percent = phase == 0 ? 70 : phase == 2 ? 30 : 50;
    if (heap->empty() || percent(rng) < push_percent) {
      const int kind = percent(rng);
      TimePoint t = testing::next_time(mix, now, rng);
      if (kind < 5) t = now;  // same time as the last pop
      if (kind == 5) t = now - std::min(now - TimePoint{}, Duration{1s});  // behind the scan
      const std::int32_t p = kind < 20 ? prio(rng) : 0;
      cq->push(entry(t, seq, p));
      heap->push(entry(t, seq, p));
      ++seq;
    } else {
      pop_both();
    }
    c.max_size = std::max(c.max_size, heap->size());
    if (cq->size() != heap->size()) ++c.mismatches;
  }
  while (!heap->empty()) pop_both();
  if (!cq->empty()) ++c.mismatches;
  c.ops = ops;
  return c;
}

}  // namespace

TEST_CASE("the calendar queue pops exactly the heap's sequence on every timestamp mix",
          "[sim][calendar]") {
  const TimestampMix mix = GENERATE(from_range(testing::kAllMixes));
  CAPTURE(testing::to_string(mix));
  const Comparison c = compare_with_heap(mix, 200'000, 42);
  REQUIRE(c.max_size > 10'000);  // the interleaving really grew the queue
  REQUIRE(c.mismatches == 0);
}

// Adversarial patterns (issue 21): a hold model (pop, then push at the popped time plus the
// pattern's increment) of 200k operations from a fill of 20k events (swing: from 10 events,
// growing to 50k and back twice; quantised_fill: the fill's times are whole milliseconds),
// with 5% of the pushes at the popped time itself at a random priority. Every pop must equal
// the heap's.
TEST_CASE("the calendar queue pops exactly the heap's sequence on adversarial patterns",
          "[sim][calendar]") {
  const Adversarial a = GENERATE(from_range(testing::kAdversarial));
  CAPTURE(testing::to_string(a));
  auto cq = make_calendar(CalendarKind::calendar_queue);
  auto heap = make_calendar(CalendarKind::binary_heap);
  RandomEngine rng = StreamFactory(7, 0).engine(testing::to_string(a));
  boost::random::uniform_int_distribution<int> percent(0, 99);
  boost::random::uniform_int_distribution<int> prio(-1, 1);
  std::uint64_t seq = 0;
  auto push_both = [&](TimePoint t, std::int32_t p) {
    cq->push(entry(t, seq, p));
    heap->push(entry(t, seq, p));
    ++seq;
  };
  constexpr std::size_t kOps = 200'000;
  const bool swing = a == Adversarial::swing;
  for (std::size_t i = 0; i < (swing ? 10u : 20'000u); ++i) {
    double t = 2.0 * to_seconds(testing::adversarial_increment(a, 0.0, rng));
    if (a == Adversarial::quantised_fill) t = std::floor(t * 1000.0) / 1000.0;
    push_both(at_seconds(t), 0);
  }
  std::size_t mismatches = 0, max_size = 0;
  bool growing = true;
  for (std::size_t i = 0; i < kOps; ++i) {
    if (swing && growing && heap->size() >= 50'000) growing = false;
    if (swing && !growing && heap->size() <= 10) growing = true;
    const CalendarEntry x = cq->pop();
    const CalendarEntry y = heap->pop();
    if (!same(x, y)) ++mismatches;
    const int pushes = swing ? (growing ? 2 : 0) : 1;
    const double progress = static_cast<double>(i) / static_cast<double>(kOps);
    for (int k = 0; k < pushes; ++k) {
      if (percent(rng) < 5) {
        push_both(y.key.time, prio(rng));
      } else {
        push_both(y.key.time + testing::adversarial_increment(a, progress, rng), 0);
      }
    }
    max_size = std::max(max_size, heap->size());
    if (cq->size() != heap->size()) ++mismatches;
  }
  while (!heap->empty())
    if (!same(cq->pop(), heap->pop())) ++mismatches;
  REQUIRE(cq->empty());
  REQUIRE(max_size >= (swing ? 50'000u : 20'000u));
  REQUIRE(mismatches == 0);
}

TEST_CASE("calendar queue: sequences pushed out of order still pop in key order",
          "[sim][calendar]") {
  // The Simulator only counts sequences up; a direct user of EventCalendar may not. Few
  // distinct (time, priority) pairs and shuffled sequences exercise the inside-run inserts.
  auto cq = make_calendar(CalendarKind::calendar_queue);
  auto heap = make_calendar(CalendarKind::binary_heap);
  RandomEngine rng = StreamFactory(9, 0).engine("shuffled");
  std::vector<std::uint64_t> seqs(20'000);
  for (std::size_t i = 0; i < seqs.size(); ++i) seqs[i] = i;
  for (std::size_t i = seqs.size() - 1; i > 0; --i) {
    boost::random::uniform_int_distribution<std::size_t> j(0, i);
    std::swap(seqs[i], seqs[j(rng)]);
  }
  boost::random::uniform_int_distribution<int> small(0, 9);
  std::size_t wrong = 0;
  TimePoint now{};
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    const CalendarEntry e = entry(now + std::chrono::seconds(small(rng)), seqs[i], small(rng) % 3);
    cq->push(e);
    heap->push(e);
    if (i % 3 == 2) {
      const CalendarEntry a = cq->pop();
      wrong += same(a, heap->pop()) ? 0 : 1;
      now = a.key.time;
    }
  }
  while (!heap->empty()) wrong += same(cq->pop(), heap->pop()) ? 0 : 1;
  REQUIRE(wrong == 0);
  REQUIRE(cq->empty());
}

TEST_CASE("calendars: empty and single entry", "[sim][calendar]") {
  const CalendarKind kind = GENERATE(CalendarKind::calendar_queue, CalendarKind::binary_heap);
  auto cal = make_calendar(kind);
  REQUIRE(cal->name() == to_string(kind));
  REQUIRE(cal->empty());
  CalendarEntry out = entry(TimePoint{5s}, 99);
  REQUIRE_FALSE(cal->pop_not_after(kNever, out));
  REQUIRE(out.slot == 99);  // untouched
  cal->push(entry(TimePoint{3s}, 7));
  REQUIRE(cal->size() == 1);
  REQUIRE(cal->top().key.time == TimePoint{3s});
  REQUIRE_FALSE(cal->pop_not_after(TimePoint{2s}, out));
  REQUIRE(cal->size() == 1);
  REQUIRE(cal->pop_not_after(TimePoint{3s}, out));
  REQUIRE(out.slot == 7);
  REQUIRE(cal->empty());
  cal->push(entry(kNever, 8));  // "never" is a valid time
  cal->push(entry(TimePoint{}, 9));
  REQUIRE(cal->pop().slot == 9);
  REQUIRE(cal->pop().slot == 8);
  REQUIRE(cal->empty());
}

TEST_CASE("calendars: ties break by priority, then by insertion sequence", "[sim][calendar]") {
  const CalendarKind kind = GENERATE(CalendarKind::calendar_queue, CalendarKind::binary_heap);
  auto cal = make_calendar(kind);
  // Pushed in an order that is neither sorted nor reversed.
  cal->push(entry(TimePoint{2s}, 0));
  cal->push(entry(TimePoint{1s}, 1, 5));
  cal->push(entry(TimePoint{1s}, 2));
  cal->push(entry(TimePoint{1s}, 3, -1));
  cal->push(entry(TimePoint{1s}, 4));
  cal->push(entry(TimePoint{1s}, 5, 5));
  std::vector<std::uint32_t> order;
  while (!cal->empty()) order.push_back(cal->pop().slot);
  REQUIRE(order == std::vector<std::uint32_t>{3, 2, 4, 1, 5, 0});
}

TEST_CASE("calendars: grow to 1e5 entries, drain, grow again", "[sim][calendar]") {
  const CalendarKind kind = GENERATE(CalendarKind::calendar_queue, CalendarKind::binary_heap);
  auto cal = make_calendar(kind);
  RandomEngine rng = StreamFactory(7, 0).engine("resize");
  std::vector<CalendarEntry> expected;
  for (int round = 0; round < 2; ++round) {
    expected.clear();
    for (std::uint64_t i = 0; i < 100'000; ++i) {
      const CalendarEntry e = entry(testing::next_time(TimestampMix::exponential, {}, rng), i);
      expected.push_back(e);
      cal->push(e);
    }
    REQUIRE(cal->size() == 100'000);
    std::sort(expected.begin(), expected.end(),
              [](const CalendarEntry& a, const CalendarEntry& b) { return a.key < b.key; });
    if (auto* cq = dynamic_cast<detail::CalendarQueue*>(cal.get())) {
      REQUIRE(cq->bucket_count() >= 100'000 / 2);  // grew (Brown: nb ~ n)
    }
    std::size_t wrong = 0;
    for (const CalendarEntry& e : expected) wrong += same(cal->pop(), e) ? 0 : 1;
    REQUIRE(wrong == 0);
    REQUIRE(cal->empty());
    if (auto* cq = dynamic_cast<detail::CalendarQueue*>(cal.get())) {
      // Shrank again (from 65536), down to at most the 4096 buckets that small queues keep so
      // that a swinging size does not rebuild at every swing.
      REQUIRE(cq->bucket_count() <= 4096);
    }
  }
}

TEST_CASE("calendar queue: 1e5 equal timestamps stay cheap and in sequence order",
          "[sim][calendar]") {
  detail::CalendarQueue cq;
  for (std::uint64_t i = 0; i < 100'000; ++i) cq.push(entry(TimePoint{8h}, i));
  cq.push(entry(TimePoint{8h + 1us}, 100'000));
  cq.push(entry(TimePoint{1s}, 100'001));
  REQUIRE(cq.pop().slot == 100'001);
  std::size_t wrong = 0;
  for (std::uint64_t i = 0; i < 100'000; ++i) wrong += cq.pop().slot == i ? 0 : 1;
  REQUIRE(wrong == 0);
  REQUIRE(cq.pop().slot == 100'000);
}

TEST_CASE("calendar queue: far-future events wait in the overflow heap", "[sim][calendar]") {
  detail::CalendarQueue cq;
  RandomEngine rng = StreamFactory(3, 0).engine("overflow");
  std::uint64_t seq = 0;
  // Second-scale traffic and a few month-scale events.
  for (int i = 0; i < 5000; ++i)
    cq.push(entry(testing::next_time(TimestampMix::exponential, {}, rng), seq++));
  for (int d = 1; d <= 30; ++d) cq.push(entry(TimePoint{std::chrono::hours{24 * d}}, seq++));
  REQUIRE(cq.overflow_size() == 30);
  // The width follows the dense near future (5000 events over a few seconds), not the month.
  REQUIRE(cq.bucket_width() < 10'000);
  TimePoint last{};
  while (!cq.empty()) {
    const CalendarEntry e = cq.pop();
    REQUIRE(e.key.time >= last);
    last = e.key.time;
  }
  REQUIRE(last == TimePoint{std::chrono::hours{24 * 30}});
}

TEST_CASE("calendar queue: negative, huge and 'never' times keep the heap's order",
          "[sim][calendar]") {
  auto cq = make_calendar(CalendarKind::calendar_queue);
  auto heap = make_calendar(CalendarKind::binary_heap);
  RandomEngine rng = StreamFactory(4, 0).engine("extremes");
  boost::random::uniform_int_distribution<std::int64_t> wide(-(std::int64_t{1} << 60),
                                                             std::int64_t{1} << 60);
  boost::random::uniform_int_distribution<int> pick(0, 9);
  std::size_t wrong = 0;
  for (std::uint64_t i = 0; i < 20'000; ++i) {
    const int p = pick(rng);
    const TimePoint t = p == 0   ? kNever
                        : p == 1 ? TimePoint{Duration::min()}
                                 : TimePoint{Duration{wide(rng)}};
    cq->push(entry(t, i));
    heap->push(entry(t, i));
    if (p >= 7) wrong += same(cq->pop(), heap->pop()) ? 0 : 1;
  }
  while (!heap->empty()) wrong += same(cq->pop(), heap->pop()) ? 0 : 1;
  REQUIRE(wrong == 0);
  REQUIRE(cq->empty());
}

// Guard 7 (lazy narrowing): a hold of 300k events whose increments step down 100x makes the
// calendar narrow lazily, leaving the old width's calendar to drain beside the new one. While
// it drains, every way in is used: top(), pop_not_after() at and around the front, pushes at
// and behind the last pop and at other priorities, a second step down and a step up (width
// changes that absorb the old calendar into a rebuild), growth past the resize threshold and a
// drain to empty (the fold). Every pop must equal the heap's.
TEST_CASE("calendar queue: a lazy narrowing keeps the heap's exact order", "[sim][calendar]") {
  detail::CalendarQueue cq;
  auto heap = make_calendar(CalendarKind::binary_heap);
  RandomEngine rng = StreamFactory(11, 0).engine("lazy");
  boost::random::uniform_int_distribution<int> percent(0, 99);
  boost::random::uniform_int_distribution<int> prio(-1, 1);
  boost::random::uniform_01<double> u01;
  std::uint64_t seq = 0;
  std::size_t mismatches = 0;
  TimePoint now{};
  auto push_both = [&](TimePoint t, std::int32_t p) {
    cq.push(entry(t, seq, p));
    heap->push(entry(t, seq, p));
    ++seq;
  };
  auto pop_both = [&] {
    const CalendarEntry a = cq.pop();
    const CalendarEntry b = heap->pop();
    if (!same(a, b)) ++mismatches;
    now = b.key.time;
  };
  auto expo = [&](double mean) { return from_seconds(-mean * std::log(1.0 - u01(rng))); };
  // One operation: a pop then `pushes` pushes, with the checks of the draining phase mixed in.
  auto step = [&](double mean, int pushes) {
    const int k = percent(rng);
    if (k < 3) {
      if (!same(cq.top(), heap->top())) ++mismatches;
    } else if (k < 6) {
      // pop_not_after just below, at and after the front's time
      const TimePoint front = heap->top().key.time;
      const TimePoint limit = front + Duration{k - 4};
      CalendarEntry a{}, b{};
      const bool got_a = cq.pop_not_after(limit, a);
      const bool got_b = heap->pop_not_after(limit, b);
      if (got_a != got_b || (got_a && !same(a, b))) ++mismatches;
      if (got_b) now = b.key.time;
    }
    if (!heap->empty()) pop_both();
    for (int p = 0; p < pushes; ++p) {
      const int kind = percent(rng);
      if (kind < 3) {
        push_both(now, prio(rng));
      } else if (kind == 3) {
        push_both(now - std::min(now - TimePoint{}, Duration{1ms}), 0);  // behind the last pop
      } else {
        push_both(now + expo(mean), 0);
      }
    }
    if (cq.size() != heap->size()) ++mismatches;
  };
  constexpr std::size_t kN = 300'000;
  for (std::size_t i = 0; i < kN; ++i) push_both(at_seconds(200.0 * u01(rng)), 0);
  // (The fill's first width may itself be narrowed lazily: held until that has drained.)
  for (std::size_t i = 0; i < kN || (cq.draining_size() > 0 && i < 4 * kN); ++i) step(100.0, 1);
  REQUIRE(cq.draining_size() == 0);
  const std::uint64_t lazy_before = cq.lazy_narrowing_count();
  std::size_t draining_seen = 0;
  for (std::size_t i = 0; i < 2 * kN && cq.lazy_narrowing_count() == lazy_before; ++i) step(1.0, 1);
  REQUIRE(cq.lazy_narrowing_count() > lazy_before);  // the step down was narrowed lazily
  for (std::size_t i = 0; i < 20'000; ++i) {
    step(1.0, 1);

    draining_seen = std::max(draining_seen, cq.draining_size());
  }
  REQUIRE(draining_seen > 100'000);
  REQUIRE(cq.draining_size() > 0);  // still draining: the next phases run against it
  // A second step down and a step up while it drains, then growth past 2 entries per bucket.
  for (std::size_t i = 0; i < kN; ++i) step(0.01, 1);
  for (std::size_t i = 0; i < kN; ++i) step(10.0, 1);
  for (std::size_t i = 0; i < 2 * kN; ++i) step(1.0, i % 2 == 0 ? 2 : 1);
  // Drain to empty, which folds any old calendar left.
  while (!heap->empty()) pop_both();
  REQUIRE(cq.empty());
  REQUIRE(cq.draining_size() == 0);
  REQUIRE(mismatches == 0);
}

TEST_CASE("calendar queue: clear() while a lazy narrowing drains", "[sim][calendar]") {
  detail::CalendarQueue cq;
  RandomEngine rng = StreamFactory(12, 0).engine("lazy-clear");
  boost::random::uniform_01<double> u01;
  std::uint64_t seq = 0;
  constexpr std::size_t kN = 200'000;
  for (std::size_t i = 0; i < kN; ++i) cq.push(entry(at_seconds(200.0 * u01(rng)), seq++));
  auto hold = [&](double mean) {
    CalendarEntry e = cq.pop();
    e.key.time += from_seconds(-mean * std::log(1.0 - u01(rng)));
    e.key.sequence = seq++;
    cq.push(e);
  };
  for (std::size_t i = 0; i < kN; ++i) hold(100.0);
  for (std::size_t i = 0; i < 3 * kN && cq.draining_size() == 0; ++i) hold(1.0);
  REQUIRE(cq.draining_size() > 0);
  cq.clear();
  REQUIRE(cq.empty());
  REQUIRE(cq.draining_size() == 0);
  cq.push(entry(at_seconds(5.0), seq++));
  cq.push(entry(at_seconds(3.0), seq++));
  REQUIRE(cq.size() == 2);
  REQUIRE(cq.pop().key.time == at_seconds(3.0));
  REQUIRE(cq.pop().key.time == at_seconds(5.0));
  REQUIRE(cq.empty());
}
