#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "binary_heap.hpp"
#include "ccsim/sim/event_calendar.hpp"

namespace ccsim::sim::detail {

/// Calendar queue after R. Brown, "Calendar queues: a fast O(1) priority queue implementation
/// for the simulation event set problem", CACM 31(10), 1988, with guards against the inputs
/// that make the plain algorithm degrade to O(n).
///
/// Structure (Brown): `nb` buckets ("days") of width 2^shift ticks cover one "year" of
/// nb * 2^shift ticks; an event at time t lives in bucket (t >> shift) mod nb, in a list sorted
/// by EventKey. Dequeue scans the days in order from the current day and takes a bucket's head
/// if it belongs to the current day (its day number equals the scan position). The bucket count
/// follows the number of bucketed events (Brown doubles / halves at 2 nb / nb/2; here guard 6
/// adds hysteresis); every resize re-estimates the day width from a sample of event separations
/// (Brown's rule: mean separation, separations above twice the mean discarded; the width is
/// 1.5x that, rounded to a power of two so that the day is a shift).
///
/// Storage: lists are singly linked through a node pool (32-byte nodes, 32-bit links), freed
/// nodes go to a free list and a bucket is 16 bytes (head, tail, time of the tail). Nothing is
/// allocated per event once the pool and the bucket array have reached their peak size; a
/// rebuild writes the nodes into a second pool in bucket order (each list contiguous) and swaps
/// the two. Chosen over per-bucket sorted vectors for memory: one
/// contiguous pool (a 1e6-event queue is 32 MB of nodes, twice that with the rebuild's second
/// pool, + 16 bytes per bucket) instead of a
/// 24-byte vector header plus a separate allocation per bucket; the two were not raced. The hold
/// benchmark (bench/README.md) puts this version at 0.14-0.6x the heap's time per hold from
/// n = 1e5 up (0.8x for mixed_scale at 1e6), and 0.5-0.8x at n = 1e3-1e4 where the heap is
/// cache-resident.
///
/// Guards, each for an input a contact-center month produces:
///  1. Runs of equal (time, priority). A bucket's list is cut into runs of equal (time,
///     priority); each run head points to the run's last node and each bucket to its last run.
///     Sequence numbers only grow, so a new entry joins the end of its run in O(1), an entry
///     after the bucket's last run is appended in O(1), and a sorted insert steps over whole
///     runs. Shift starts, interval boundaries and deadlines at the same instant (with mixed
///     priorities) therefore cost O(1) per entry instead of O(group size): a plain sorted list
///     made the equal-timestamp property test about 25x slower.
///  2. A width sample that sees the near future. The sample is the separations of the last 64
///     dequeued times while dequeues are going on (Brown dequeues a sample for the same
///     reason), otherwise the 64 smallest pending times. Among pending times, 24 h deadlines
///     can outnumber second-scale events 1000:1 even though they are popped 100 times less
///     often; among dequeued times they appear only as often as they are popped. Zero
///     separations (equal timestamps) are skipped, since equal times share a bucket anyway;
///     with fewer than 8 distinct times the pending sample is widened 8x at a time, and with
///     none the width is kept.
///  3. Far-future overflow (as the top rung of a ladder queue, Tang, Goh & Thng 2005): events
///     more than kOverflowYears years past the current day go to a binary heap instead of the
///     buckets, and move into the buckets when the scan gets within that horizon (checked
///     once per year). Month-long horizons and 24 h deadlines beside second-scale service
///     events therefore neither inflate the bucket count nor sit in every bucket's list; the
///     bucket count and the width sample only see the near future. Worst case is the heap's
///     O(log n), never O(n).
///  4. Direct search after an empty year (Brown): if a whole year of days is scanned without
///     a current event, the minimum over the bucket heads is found directly and the scan
///     jumps there (O(nb) once, instead of year after empty year).
///  5. Continuous cost monitor with proportional width correction. Scan steps per dequeue and
///     list steps per enqueue are counted separately and looked at every 1024 operations (a
///     counter compare per operation). A window averaging more than one step per operation
///     adds its list steps and its scan steps above 0.5 per operation to an excess account, in
///     node visits (a list step chases a pointer: one visit; a scan step reads the next bucket
///     of an array: one visit while all is in cache, 1/64 from 256k events on); once the
///     excess since the last width change exceeds the cost of a rebuild (resident + nb/4
///     visits, divided by up to 4 as the pool outgrows the caches, since a rebuild reads and
///     writes it in order; at least 4096, times a penalty), the width changes by the measured cost:
///     scan-bound (days too narrow) widens by 2^floor(log2(scan steps per pop)), list-bound (too
///     wide) narrows by the list steps per push likewise, or to the width the last 64 dequeued
///     separations ask for in the same direction, up to one doubling beyond the measured step (a
///     100x jump of the increment scale is corrected in one rebuild; a bimodal mix, whose pops see
///     only the dense mode, is not narrowed until its sparse mode falls into the overflow heap).
///     Hysteresis: a change whose next window does not cost under 0.7x the window before it doubles
///     the penalty (an inherently awkward input, such as heavy tails, does not rebuild every
///     window); a change that helped resets it. Rebuilds are thus paid for by the excess work they
///     remove (amortised O(1)).
///  6. Resize hysteresis: the bucket count grows (to bit_ceil(size), a 4x step) above 2 events
///     per bucket but shrinks only below 1/8 per bucket, and arrays of up to 4096 buckets
///     (64 KB) never shrink: a size swinging between 10 and 1e5 rebuilds for its width, not at
///     every doubling and halving (bench/README.md, adversarial patterns).
///  7. Lazy narrowing. From 128k resident events on, a width change to narrower days (the
///     list-bound case of guard 5) does not move the nodes: the calendar as it is becomes a
///     frozen second calendar that is only popped, and new entries go into a fresh one of the
///     new width and the same bucket count. A pop takes the smaller of the two fronts; the old
///     calendar drains as time passes its entries and is folded into the new one once it holds
///     at most max(4096, resident / 32) entries. A rebuild of 1e6 nodes costs as much as about
///     2e5 heap operations (bench/README.md); the switch costs one cleared bucket array.
///
/// Keys are unique (the sequence number breaks ties), so the pop order equals the binary
/// heap's exactly; tests/sim/event_calendar_test.cpp checks this on six timestamp mixes.
/// Known limit: an entry whose sequence is smaller than that of the last entry of its (time,
/// priority) run is inserted by walking the run, O(run length). The Simulator never does this
/// (its sequences only grow); a direct user that pushes shuffled sequences into large runs of
/// one instant gets correct order at list speed.
class CalendarQueue final : public EventCalendar {
 public:
  CalendarQueue();
  void push(const CalendarEntry& entry) override {
    ++ops_;
    if (ticks(entry.key.time) > overflow_after_) [[unlikely]] {
      overflow_.push(entry);
      return;
    }
    walk_ += insert(make_node(entry));
    ++pushes_since_pop_;
    if (++resident_ > grow_at_ || ops_ >= check_interval_) [[unlikely]]
      maintain();
  }
  CalendarEntry pop() override {
    if (old_) [[unlikely]]
      return pop_merged();
    return take_front(find_front());
  }
  const CalendarEntry& top() override;
  bool pop_not_after(TimePoint limit, CalendarEntry& out) override {
    if (old_) [[unlikely]]
      return pop_merged_not_after(limit, out);
    if (resident_ == 0 && overflow_.empty()) return false;
    const std::size_t b = find_front();
    if (nodes_[buckets_[b].head].time > ticks(limit)) return false;
    out = take_front(b);
    return true;
  }
  std::size_t size() const override {
    return resident_ + overflow_.size() + (old_ ? old_->size() : 0);
  }
  void clear() override;
  std::string_view name() const override { return "calendar_queue"; }

  /// Number of buckets (days per year).
  std::size_t bucket_count() const { return nb_; }
  /// Day width in ticks.
  std::int64_t bucket_width() const { return std::int64_t{1} << shift_; }
  /// Entries parked in the far-future overflow heap.
  std::size_t overflow_size() const { return overflow_.size(); }
  /// Resizes and width re-estimations done so far.
  std::uint64_t rebuild_count() const { return rebuilds_; }
  /// Scan and list steps per operation in the last cost-monitor window.
  double work_per_op() const { return last_work_per_op_; }
  /// Narrowings done lazily so far (guard 7).
  std::uint64_t lazy_narrowing_count() const { return lazy_narrowings_; }
  /// Entries still in the calendar of the old width that a lazy narrowing left to drain.
  std::size_t draining_size() const { return old_ ? old_->size() : 0; }

 private:
  static constexpr std::uint32_t kNil = 0xffffffffu;
  static constexpr std::size_t kRecent = 64;  // popped times kept for the width estimate
  // 32-byte aligned so that a node never straddles two cache lines.
  struct alignas(32) Node {
    std::int64_t time;
    std::uint64_t sequence;
    std::int32_t priority;
    std::uint32_t slot;
    std::uint32_t next;  // next node of the bucket, in key order
    // Guard 1: a run's head points to the run's last node and the last node to the head
    // (a one-node run points to itself); other nodes leave it unused. kNil on a free node.
    std::uint32_t last;
  };
  // A bucket is a key-ordered list cut into runs of equal (time, priority). Caching the time
  // of the tail makes the common append a compare against the bucket alone (an empty bucket
  // has last_time = min, so it takes the same path).
  struct alignas(16) Bucket {
    std::uint32_t head = kNil;
    std::uint32_t tail = kNil;
    std::int64_t last_time = INT64_MIN;
  };

  // Compares the (time, priority) runs of two nodes: <0, 0 or >0.
  static int run_order(const Node& a, const Node& b) noexcept {
    if (a.time != b.time) return a.time < b.time ? -1 : 1;
    if (a.priority != b.priority) return a.priority < b.priority ? -1 : 1;
    return 0;
  }
  static bool before(const Node& a, const Node& b) noexcept {
    const int c = run_order(a, b);
    return c < 0 || (c == 0 && a.sequence < b.sequence);
  }
  static bool before(const Node& a, const EventKey& k) noexcept {
    const std::int64_t t = ticks(k.time);
    if (a.time != t) return a.time < t;
    if (a.priority != k.priority) return a.priority < k.priority;
    return a.sequence < k.sequence;
  }
  std::int64_t day_of(std::int64_t t) const noexcept { return t >> shift_; }
  std::size_t bucket_of(std::int64_t day) const noexcept {
    return static_cast<std::size_t>(static_cast<std::uint64_t>(day) & mask_);
  }

  std::uint32_t make_node(const CalendarEntry& e) {
    std::uint32_t i = free_head_;
    if (i != kNil) {
      free_head_ = nodes_[i].next;
    } else {
      i = static_cast<std::uint32_t>(nodes_.size());
      nodes_.emplace_back();
    }
    nodes_[i] = Node{ticks(e.key.time), e.key.sequence, e.key.priority, e.slot, kNil, i};
    return i;
  }
  static CalendarEntry entry_of(const Node& n) noexcept {
    return CalendarEntry{
        EventKey{TimePoint{Duration{Ticks::in_range(n.time)}}, n.priority, n.sequence}, n.slot};
  }

  // Links node i into its bucket; returns the runs stepped over.
  std::size_t insert(std::uint32_t i) noexcept {
    Node& n = nodes_[i];
    const std::int64_t day = day_of(n.time);
    // Only a caller that pushes behind the last popped key moves the scan back; this keeps
    // "no bucketed event before cur_day_" true.
    if (day < cur_day_) [[unlikely]]
      cur_day_ = day;
    Bucket& b = buckets_[bucket_of(day)];
    if (n.time > b.last_time) {  // a new last run (or the first node of an empty bucket)
      n.next = kNil;
      n.last = i;
      (b.tail == kNil ? b.head : nodes_[b.tail].next) = i;
      b.tail = i;
      b.last_time = n.time;
      return 0;
    }
    if (b.head != kNil && n.time < nodes_[b.head].time) {  // a new first run
      n.next = b.head;
      n.last = i;
      b.head = i;
      return 0;
    }
    return insert_walk(i, b);
  }
  std::size_t insert_walk(std::uint32_t i, Bucket& b) noexcept;

  // Bucket holding the smallest entry, at the head. Precondition: size() > 0.
  std::size_t find_front() {
    if (resident_ != 0) [[likely]] {
      std::size_t b = bucket_of(cur_day_);
      std::uint32_t h = buckets_[b].head;
      if (h != kNil && day_of(nodes_[h].time) == cur_day_) return b;
      // The next day, inline: the usual step when a day holds one or two events.
      b = (b + 1) & mask_;
      h = buckets_[b].head;
      if (b != 0 && h != kNil && day_of(nodes_[h].time) == cur_day_ + 1) {
        ++cur_day_;
        ++scan_;
        return b;
      }
    }
    return scan();
  }
  std::size_t scan();

  CalendarEntry take_front(std::size_t bucket) {
    Bucket& b = buckets_[bucket];
    const std::uint32_t i = b.head;
    Node& n = nodes_[i];
    const CalendarEntry e = entry_of(n);
    b.head = n.next;
    if (b.head == kNil) {
      b.tail = kNil;
      b.last_time = INT64_MIN;
    } else if (n.last != i) {  // the run goes on: its second node becomes the run head
      nodes_[b.head].last = n.last;
      nodes_[n.last].last = b.head;
    }
    n.next = free_head_;
    n.last = kNil;  // marks it free (rebuild reads the pool in order)
    free_head_ = i;
    recent_[pops_++ % kRecent] = n.time;
    pushes_since_pop_ = 0;
    --resident_;
    if (++ops_ >= check_interval_ || resident_ < shrink_at_ || resident_ > grow_at_) [[unlikely]]
      maintain();
    return e;
  }

  void direct_search() noexcept;
  void advance_horizon();
  std::int64_t horizon_last(std::int64_t day) const noexcept;
  // clear_buckets = false leaves the bucket array's contents to the caller (rebuild).
  void set_geometry(std::size_t nb, int shift, bool clear_buckets = true);
  int estimate_shift(std::int64_t min_time);
  int recent_shift() const;
  void maintain();
  void resize();
  void rebuild(std::size_t nb, int shift);
  void sort_run(std::vector<Node>& fresh, std::uint32_t s, std::uint32_t e);
  void check_cost();
  // Guard 7 (lazy narrowing, calendar_queue.cpp).
  void narrow_lazily(int shift);
  bool own_first(std::size_t& bucket);
  CalendarEntry pop_old();
  CalendarEntry pop_merged();
  bool pop_merged_not_after(TimePoint limit, CalendarEntry& out);
  void fold_old();

  std::vector<Node> nodes_;
  std::vector<Bucket> buckets_;
  std::uint32_t free_head_ = kNil;
  std::size_t nb_ = 0;
  std::uint64_t mask_ = 0;
  int shift_ = 0;
  std::int64_t cur_day_ = 0;
  std::size_t resident_ = 0;
  std::size_t grow_at_ = 0;
  std::size_t shrink_at_ = 0;
  // Bucketed entries have time <= overflow_after_ < every overflow entry's time.
  std::int64_t overflow_after_ = INT64_MAX;
  BinaryHeap overflow_;
  // Width sample: the last kRecent popped times (pops_ counts every pop).
  std::array<std::int64_t, kRecent> recent_{};
  std::uint64_t pops_ = 0;
  std::size_t pushes_since_pop_ = 0;
  // Cost monitor (guard 5): operations, scan steps and list steps of the current window.
  std::uint64_t ops_ = 0;
  std::uint64_t scan_ = 0;
  std::uint64_t walk_ = 0;
  std::uint64_t check_interval_ = 0;
  std::uint64_t window_pops_ = 0;  // pops_ when the window began
  std::uint64_t excess_ = 0;       // steps above the healthy rate since the last width change
  std::uint64_t penalty_ = 1;      // rebuild budget multiplier; doubles when a change did not help
  double cost_before_ = -1.0;      // work per op before the last width change (<0: none pending)
  std::uint64_t rebuilds_ = 0;
  double last_work_per_op_ = 0.0;
  CalendarEntry front_{};
  // Guard 7: the calendar of the old width, popped but never pushed to, while it drains.
  std::unique_ptr<CalendarQueue> old_;
  std::uint64_t lazy_narrowings_ = 0;
  std::vector<std::uint32_t> scratch_nodes_;
  // rebuild(): bucket starts, fill positions and the pool being built
  // (swapped with nodes_: both reach the peak size, so a rebuild allocates nothing then).
  std::vector<std::uint32_t> scratch_count_, scratch_next_;
  std::vector<Node> scratch_pool_;
  std::vector<std::uint32_t> scratch_sort_;   // one bucket's positions, sorted by key
  std::vector<Node> scratch_bucket_;          // one bucket's nodes in key order
  std::vector<std::int64_t> scratch_times_;   // the pool's times, in pool order
  std::vector<std::int64_t> scratch_sample_;  // estimate_shift's copy of them
  std::vector<CalendarEntry> scratch_entries_;
};

}  // namespace ccsim::sim::detail
