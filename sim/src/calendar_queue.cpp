#include "calendar_queue.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>

namespace ccsim::sim::detail {

namespace {
constexpr std::int64_t kMaxTime = std::numeric_limits<std::int64_t>::max();
// Brown lets the bucket count fall to 2; 16 keeps tiny queues from churning through resizes.
constexpr std::size_t kMinBuckets = 16;
// Guard 3: events further than this many years ahead wait in the overflow heap. Eight years
// keep the heap traffic of smooth distributions negligible (an exponential increment exceeds
// 8 years of about 1.5-6 mean increments with probability < 1e-5) while month-scale events
// stay out of the buckets.
constexpr std::int64_t kOverflowYears = 8;
// About one second per day until the first estimate (at 2 * kMinBuckets events).
constexpr int kInitialShift = 20;
// Brown samples "a few" events from the front; 64 keeps the estimate stable on skewed gaps.
constexpr std::size_t kSampleSize = 64;
// Day width = kWidthFactor x mean separation. Brown uses 3; on the hold benchmark 1.5-2 is
// 10-20% faster here (3 put 2-3 events in a day, and list steps chase pointers while scan
// steps read the next bucket of a sequential array). Widths are rounded to powers of two.
constexpr double kWidthFactor = 1.5;
// At least this many distinct times before a width sample is trusted (guard 2).
constexpr std::size_t kMinDistinct = 8;
// Guard 5: a calendar queue of the right width does about half a scan or list step per
// operation on smooth inputs (0.35-0.55 on the hold benchmark). The monitor looks at every
// window of kWindow operations; a window above kCostlyWorkPerOp adds its list steps and its
// scan steps above kHealthyWorkPerOp per operation (weighted, see check_cost) to the excess,
// and the width is changed once the excess since the last change exceeds the cost of a
// rebuild (resident + nb / 4 node and bucket visits, a quarter of that from 128k events on,
// see check_cost) times penalty_.
constexpr std::uint64_t kWindow = 1024;
constexpr double kCostlyWorkPerOp = 1.0;
constexpr double kHealthyWorkPerOp = 0.5;
constexpr std::uint64_t kMinRebuildCost = 4096;
constexpr std::uint64_t kMaxPenalty = std::uint64_t{1} << 20;
// A change whose next window costs more than this share of the window before it did not help.
constexpr double kHelped = 0.7;
// Resize hysteresis: grow when more than 2 events per bucket (Brown), but shrink only below
// 1/8 per bucket (Brown: 1/2), so a size swinging by 2x does not rebuild at every crossing.
// The bucket count is bit_ceil(size) after either, a 4x or 8x step.
constexpr std::size_t kShrinkDivisor = 8;
// Bucket arrays up to this size (64 KB) never shrink: a small queue whose size swings (a
// contact center's queue over a day) would otherwise rebuild twice per swing.
constexpr std::size_t kKeepBuckets = 4096;
// Guard 7: from this many resident events on, a narrowing is done lazily (a rebuild there is
// memory-bound: 28-30 ms at 1e6 events, plus the cold caches after it).
constexpr std::size_t kLazyResident = std::size_t{1} << 17;
// The old calendar is folded into the new one once it holds at most this many entries, or a
// 32nd of the new one's.
constexpr std::size_t kFoldAt = 4096;
constexpr std::size_t kFoldDivisor = 32;
}  // namespace

CalendarQueue::CalendarQueue() { set_geometry(kMinBuckets, kInitialShift); }

void CalendarQueue::set_geometry(std::size_t nb, int shift, bool clear_buckets) {
  nb_ = nb;
  mask_ = nb - 1;
  shift_ = shift;
  // Both keep the capacity of earlier, larger calendars.
  if (clear_buckets) {
    buckets_.assign(nb, Bucket{});
  } else {
    buckets_.resize(nb);
  }
  grow_at_ = 2 * nb;
  // While a lazy narrowing drains (guard 7), *this fills from empty: it does not shrink.
  shrink_at_ = nb > kKeepBuckets && !old_ ? nb / kShrinkDivisor : 0;
  ops_ = 0;
  scan_ = 0;
  walk_ = 0;
  window_pops_ = pops_;
  check_interval_ = kWindow;
}

void CalendarQueue::clear() {
  old_.reset();
  nodes_.clear();
  free_head_ = kNil;
  overflow_.clear();
  resident_ = 0;
  cur_day_ = 0;
  overflow_after_ = kMaxTime;
  pops_ = 0;
  excess_ = 0;
  penalty_ = 1;
  cost_before_ = -1.0;
  set_geometry(kMinBuckets, kInitialShift);
}

std::size_t CalendarQueue::insert_walk(std::uint32_t i, Bucket& b) noexcept {
  Node& n = nodes_[i];
  n.last = i;
  if (b.tail == kNil) {  // only an entry at the minimum time gets here with an empty bucket
    n.next = kNil;
    b.head = b.tail = i;
    b.last_time = n.time;
    return 0;
  }
  // At the end of the last run: O(1), the usual case for same-time events.
  {
    const std::uint32_t r = nodes_[b.tail].last;  // head of the last run
    Node& head = nodes_[r];
    const int c = run_order(n, head);
    if (c > 0 || (c == 0 && nodes_[b.tail].sequence < n.sequence)) {
      n.next = kNil;
      nodes_[b.tail].next = i;
      if (c == 0) {
        head.last = i;
        n.last = r;
      }
      b.tail = i;
      b.last_time = n.time;
      return 0;
    }
  }
  // Walk run by run. Ends at the bucket's last run at the latest: n is not after it.
  std::uint32_t prev = kNil;  // last node of the previous run
  std::uint32_t r = b.head;
  std::size_t steps = 0;
  for (;;) {
    Node& head = nodes_[r];
    const int c = run_order(n, head);
    if (c < 0) break;  // n starts a run of its own before r
    if (c == 0) {
      const std::uint32_t tl = head.last;
      Node& t = nodes_[tl];
      if (t.sequence < n.sequence) {  // end of run r
        n.next = t.next;
        t.next = i;
        head.last = i;
        n.last = r;
        if (n.next == kNil) b.tail = i;
        return steps;
      }
      if (n.sequence < head.sequence) {  // new head of run r
        n.last = tl;
        nodes_[tl].last = i;
        break;
      }
      // Inside run r: sequences pushed out of order (never by the Simulator).
      std::uint32_t p = r;
      while (nodes_[nodes_[p].next].sequence < n.sequence) {
        p = nodes_[p].next;
        ++steps;
      }
      n.next = nodes_[p].next;
      nodes_[p].next = i;
      return steps;
    }
    prev = head.last;
    r = nodes_[prev].next;
    ++steps;
  }
  n.next = r;
  if (prev == kNil) {
    b.head = i;
  } else {
    nodes_[prev].next = i;
  }
  return steps;
}

std::int64_t CalendarQueue::horizon_last(std::int64_t day) const noexcept {
  const std::int64_t span = kOverflowYears * static_cast<std::int64_t>(nb_);
  const std::int64_t limit_day = kMaxTime >> shift_;
  if (day > limit_day - span) return kMaxTime;
  return ((day + span) << shift_) - 1;
}

void CalendarQueue::advance_horizon() {
  const std::int64_t last = horizon_last(cur_day_);
  if (last <= overflow_after_) return;
  overflow_after_ = last;
  while (!overflow_.empty() && ticks(overflow_.top().key.time) <= overflow_after_) {
    insert(make_node(overflow_.pop()));
    ++resident_;
  }
}

void CalendarQueue::direct_search() noexcept {
  std::uint32_t best = kNil;
  for (std::size_t b = 0; b < nb_; ++b) {
    const std::uint32_t h = buckets_[b].head;
    if (h != kNil && (best == kNil || before(nodes_[h], nodes_[best]))) best = h;
  }
  cur_day_ = day_of(nodes_[best].time);
}

std::size_t CalendarQueue::scan() {
  if (resident_ == 0) {
    // Everything left is far ahead: jump to the overflow minimum and pull in its horizon
    // (at least that minimum, since horizon_last(day of t) >= t).
    cur_day_ = day_of(ticks(overflow_.top().key.time));
    advance_horizon();
  }
  std::size_t steps = 0;
  for (;;) {
    const std::size_t b = bucket_of(cur_day_);
    const std::uint32_t h = buckets_[b].head;
    if (h != kNil && day_of(nodes_[h].time) == cur_day_) {
      scan_ += steps;
      return b;
    }
    ++cur_day_;
    if ((static_cast<std::uint64_t>(cur_day_) & mask_) == 0) advance_horizon();  // new year
    if (++steps > nb_) {  // guard 4: a whole year without a current event
      scan_ += steps + nb_;
      steps = 0;
      direct_search();
      advance_horizon();
    }
  }
}

const CalendarEntry& CalendarQueue::top() {
  if (old_) [[unlikely]] {
    std::size_t b = 0;
    front_ = own_first(b) ? entry_of(nodes_[buckets_[b].head]) : old_->top();
    return front_;
  }
  front_ = entry_of(nodes_[buckets_[find_front()].head]);
  return front_;
}

// Guard 7, lazy narrowing. A list-bound calendar of 1e6 events narrowed by a rebuild moves every
// node (28-30 ms here, and the caches are cold after it), as much as the heap spends on 2e5
// operations. Narrowing lazily costs one cleared bucket array: the calendar as it is becomes
// old_, which is only popped (its cost monitor and resizes off), and *this starts empty with the
// new width and the same bucket count, so new entries go into days of the right width. A pop
// takes the smaller of the two fronts. The old calendar's pops are cheap (its days are too wide
// for inserts, not for taking heads), and it drains as time passes its entries; once it holds
// at most max(kFoldAt, resident / kFoldDivisor) entries they are pushed into *this. Until then
// *this is a calendar of its own: its cost monitor, resizes and width changes see only its own
// entries (it fills from empty, so it does not shrink), and the old calendar keeps its width,
// which suits the entries it holds. Pop order is unchanged: both calendars are exact and keys
// are unique.
void CalendarQueue::narrow_lazily(int shift) {
  auto old = std::make_unique<CalendarQueue>();
  old->nodes_.swap(nodes_);
  old->buckets_.swap(buckets_);
  old->overflow_.swap(overflow_);
  old->free_head_ = free_head_;
  old->nb_ = nb_;
  old->mask_ = mask_;
  old->shift_ = shift_;
  old->cur_day_ = cur_day_;
  old->resident_ = resident_;
  old->overflow_after_ = overflow_after_;
  // Frozen: no window ever ends and no size ever resizes it.
  old->grow_at_ = std::numeric_limits<std::size_t>::max();
  old->shrink_at_ = 0;
  old->check_interval_ = std::numeric_limits<std::uint64_t>::max();
  // This pool starts empty, with the capacity the rebuilds' second pool had.
  nodes_.swap(scratch_pool_);
  nodes_.clear();
  free_head_ = kNil;
  resident_ = 0;
  const std::int64_t last_pop = recent_[(pops_ + kRecent - 1) % kRecent];
  const std::size_t nb = nb_;
  old_ = std::move(old);
  set_geometry(nb, shift);
  cur_day_ = day_of(last_pop);
  overflow_after_ = horizon_last(cur_day_);
  ++rebuilds_;
  ++lazy_narrowings_;
}

// Whether *this holds the smallest entry (then `bucket` is its bucket) rather than old_.
bool CalendarQueue::own_first(std::size_t& bucket) {
  if (resident_ == 0 && overflow_.empty()) return false;
  bucket = find_front();
  return old_->empty() || before(nodes_[buckets_[bucket].head], old_->top().key);
}

CalendarEntry CalendarQueue::pop_old() {
  const CalendarEntry e = old_->pop();
  recent_[pops_++ % kRecent] = ticks(e.key.time);
  pushes_since_pop_ = 0;
  if (old_->size() <= std::max(kFoldAt, resident_ / kFoldDivisor)) fold_old();
  return e;
}

CalendarEntry CalendarQueue::pop_merged() {
  std::size_t b = 0;
  return own_first(b) ? take_front(b) : pop_old();
}

bool CalendarQueue::pop_merged_not_after(TimePoint limit, CalendarEntry& out) {
  std::size_t b = 0;
  if (own_first(b)) {
    if (nodes_[buckets_[b].head].time > ticks(limit)) return false;
    out = take_front(b);
    return true;
  }
  if (old_->top().key.time > limit) return false;
  out = pop_old();
  return true;
}

// The old calendar is small: its entries are pushed into *this (which may resize as usual).
void CalendarQueue::fold_old() {
  const std::unique_ptr<CalendarQueue> old = std::move(old_);
  while (!old->empty()) push(old->pop());
  if (old->nodes_.capacity() > scratch_pool_.capacity()) scratch_pool_.swap(old->nodes_);
  // A push above may have narrowed lazily again (a new old_): then *this still does not shrink.
  shrink_at_ = nb_ > kKeepBuckets && !old_ ? nb_ / kShrinkDivisor : 0;
  if (resident_ < shrink_at_) resize();
}

void CalendarQueue::maintain() {
  if (resident_ < shrink_at_ || resident_ > grow_at_) {
    resize();
  } else {
    check_cost();
  }
}

void CalendarQueue::resize() { rebuild(std::max(kMinBuckets, std::bit_ceil(resident_)), -1); }

namespace {
// Brown (1988), section 3: mean separation of the sampled times, separations above twice that
// mean discarded, recomputed. Zero separations (equal timestamps) are skipped: they share a
// bucket and say nothing about the day width. `t` is sorted; returns 0 if it has fewer than
// kMinDistinct distinct values.
double trimmed_separation(std::span<const std::int64_t> t) {
  std::size_t distinct = 1;
  for (std::size_t k = 1; k < t.size(); ++k) distinct += t[k] != t[k - 1] ? 1 : 0;
  if (t.size() < 2 || distinct < kMinDistinct) return 0.0;
  // In double: the span of extreme times (e.g. min and max ticks) overflows int64.
  const double mean = (static_cast<double>(t.back()) - static_cast<double>(t.front())) /
                      static_cast<double>(distinct - 1);
  double sum = 0.0;
  std::size_t kept = 0;
  for (std::size_t k = 1; k < t.size(); ++k) {
    const double gap = static_cast<double>(t[k]) - static_cast<double>(t[k - 1]);
    if (gap > 0.0 && gap <= 2.0 * mean) {
      sum += gap;
      ++kept;
    }
  }
  return kept > 0 ? sum / static_cast<double>(kept) : mean;
}
}  // namespace

namespace {
// Day width = kWidthFactor x separation, as a power of two (rounded in log scale).
int shift_for(double separation) {
  const double width = kWidthFactor * separation;
  const double l = width > 1.0 ? std::round(std::log2(width)) : 0.0;
  return static_cast<int>(std::min(l, 62.0));
}
}  // namespace

// The width the last kRecent pops ask for, or -1 if they say nothing (too few pops, or equal
// times). Cheap (a sort of 64 values): the cost monitor asks it at every width change.
int CalendarQueue::recent_shift() const {
  if (pops_ < kRecent) return -1;
  std::array<std::int64_t, kRecent> r = recent_;
  std::sort(r.begin(), r.end());
  const double separation = trimmed_separation(r);
  return separation > 0.0 ? shift_for(separation) : -1;
}

int CalendarQueue::estimate_shift(std::int64_t min_time) {
  double separation = 0.0;
  // Preferred sample: the last kRecent dequeued times. Their separations are the ones the scan
  // steps through, and far-future events (24 h deadlines, month-long horizons) enter the sample
  // only as often as they are popped, whereas among the smallest pending times they can be the
  // majority. Used only while it describes the present: pops are still going on (fewer pushes
  // since the last pop than half the queue) and nothing was pushed behind the last pop.
  // (Always preferring it made a refill after a drain 400x slower, with the width of the
  // drained tail; falling back after every rebuild made the mixed_scale hold thrash.)
  const std::int64_t last_pop = recent_[(pops_ + kRecent - 1) % kRecent];
  if (pops_ >= kRecent && pushes_since_pop_ < resident_ / 2 && last_pop <= min_time) {
    std::array<std::int64_t, kRecent> r = recent_;
    std::sort(r.begin(), r.end());
    separation = trimmed_separation(r);
  }
  // Otherwise (filling up, or bursts of equal times) Brown's sample: the smallest pending
  // times, widened 8x at a time until it holds kMinDistinct distinct values (guard 2).
  // (A copy: the selection reorders it, and rebuild reads scratch_times_ in pool order.)
  std::vector<std::int64_t>& t = scratch_sample_;
  if (separation == 0.0) t.assign(scratch_times_.begin(), scratch_times_.end());
  for (std::size_t s = std::min(t.size(), kSampleSize); separation == 0.0 && s >= 2;) {
    std::nth_element(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(s - 1), t.end());
    std::sort(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(s));
    separation = trimmed_separation(std::span<const std::int64_t>(t.data(), s));
    if (s == t.size()) break;
    s = std::min(t.size(), s * 8);
  }
  if (separation == 0.0) return shift_;  // no information: keep the width
  return shift_for(separation);
}

// Rebuilds with nb buckets and day width 2^shift; shift < 0 re-estimates the width.
//
// The nodes are read in pool order (free nodes have last == kNil) and written into a fresh pool
// in bucket order, each bucket's list contiguous and key-sorted: a counting sort by bucket
// (scattering the nodes themselves), then a sort of each bucket's few nodes. At 1e6 events this
// does sequential passes and independent loads where relinking in place chased every list (one
// dependent cache miss per node, then more to link it into its new bucket): a rebuild cost as much
// as 2e5 heap operations (bench/README.md, adversarial patterns). The new pool also gives later
// list walks sequential memory. Keys are unique, so the lists are exactly those relinking gave.
//
// At 1e6 events every pass is memory-bound, so each touches as little as it can: the pool is read
// once in full (collecting positions and times), the counting pass reads the 8-byte times, the
// scatter prefetches the counters and destinations it will need a few nodes ahead, and one pass
// over the buckets sorts, links and writes every bucket (empty ones included, so the geometry
// change does not clear the bucket array first). Most buckets hold one to three nodes, sorted in
// place by insertion; larger ones (equal timestamps) by std::sort.
void CalendarQueue::rebuild(std::size_t nb, int shift) {
  // Written without branches: every slot is written, and only a live node advances.
  scratch_nodes_.resize(nodes_.size());
  scratch_times_.resize(nodes_.size());
  std::int64_t min_time = kMaxTime;
  {
    std::size_t live = 0;
    std::uint32_t* const index = scratch_nodes_.data();
    std::int64_t* const times = scratch_times_.data();
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      const Node& n = nodes_[i];
      index[live] = static_cast<std::uint32_t>(i);
      times[live] = n.time;
      const bool used = n.last != kNil;  // free nodes have last == kNil
      min_time = used && n.time < min_time ? n.time : min_time;
      live += used ? 1 : 0;
    }
    scratch_nodes_.resize(live);
    scratch_times_.resize(live);
  }
  if (shift < 0) shift = estimate_shift(min_time);
  ++rebuilds_;
  // With nodes left, the bucket pass below writes every bucket, so they need no clearing here.
  set_geometry(nb, shift, /*clear_buckets=*/scratch_nodes_.empty());
  resident_ = 0;
  if (scratch_nodes_.empty()) {
    nodes_.clear();
    free_head_ = kNil;
    return;
  }
  cur_day_ = day_of(min_time);
  // The horizon may move either way with the new geometry: later entries go to the overflow
  // heap, overflow entries now within it come back (advance_horizon).
  const std::int64_t last = horizon_last(cur_day_);
  std::vector<std::uint32_t>& start = scratch_count_;  // start[b]: bucket b's first position
  start.assign(nb + 1, 0);
  scratch_entries_.clear();
  const std::size_t count = scratch_nodes_.size();
  for (std::size_t k = 0; k < count; ++k) {
    const std::int64_t t = scratch_times_[k];
    if (t > last) [[unlikely]] {
      scratch_entries_.push_back(entry_of(nodes_[scratch_nodes_[k]]));
      scratch_nodes_[k] = kNil;
    } else {
      ++start[bucket_of(day_of(t)) + 1];
    }
  }
  for (std::size_t b = 0; b < nb; ++b) start[b + 1] += start[b];
  const std::uint32_t kept = start[nb];
  std::vector<Node>& fresh = scratch_pool_;
  // After the swap, pushes get the room the old pool had (no reallocation of the whole pool
  // right after a rebuild).
  fresh.reserve(nodes_.capacity());
  fresh.resize(kept);
  {
    // Scatter in pool order: the reads are sequential and the writes wait for nothing (a
    // gather by bucket waited for a cache miss per node at 1e6 events). Each node needs its
    // bucket's fill counter and then its destination, two cache misses at 1e6 events: the
    // counter is prefetched kAhead nodes ahead and the destination half as far.
    constexpr std::size_t kAhead = 16;
    std::vector<std::uint32_t>& next = scratch_next_;
    next.assign(start.begin(), start.end() - 1);
    const std::uint32_t* const index = scratch_nodes_.data();
    const std::int64_t* const times = scratch_times_.data();
    std::uint32_t* const fill = next.data();
    for (std::size_t k = 0; k < count; ++k) {
      if (k + kAhead < count) __builtin_prefetch(fill + bucket_of(day_of(times[k + kAhead])), 1);
      if (k + kAhead / 2 < count)
        __builtin_prefetch(fresh.data() + fill[bucket_of(day_of(times[k + kAhead / 2]))], 1);
      const std::uint32_t i = index[k];
      if (i != kNil) fresh[fill[bucket_of(day_of(times[k]))]++] = nodes_[i];
    }
  }
  for (std::size_t b = 0; b < nb; ++b) {
    const std::uint32_t s = start[b], e = start[b + 1];
    if (s == e) {
      buckets_[b] = Bucket{};
      continue;
    }
    if (e - s > 1) sort_run(fresh, s, e);
    for (std::uint32_t k = s; k + 1 < e; ++k) fresh[k].next = k + 1;
    fresh[e - 1].next = kNil;
    // Guard 1's runs of equal (time, priority): head and last node point at each other.
    for (std::uint32_t p = s; p < e;) {
      std::uint32_t q = p + 1;
      while (q < e && run_order(fresh[q], fresh[p]) == 0) fresh[q++].last = p;
      fresh[p].last = q - 1;
      fresh[q - 1].last = p;
      p = q;
    }
    buckets_[b] = Bucket{s, e - 1, fresh[e - 1].time};
  }
  nodes_.swap(fresh);
  free_head_ = kNil;
  resident_ = kept;
  overflow_.push_many(scratch_entries_);
  overflow_after_ = std::min(overflow_after_, last);
  advance_horizon();
}

// Sorts fresh[s, e) by key: in place by insertion for a few nodes (the usual bucket), otherwise by
// position and copied back (std::sort on the nodes themselves passes them by value, which GCC
// flags for 32-byte-aligned types, a psABI note). The nodes are contiguous, so all stays in cache.
void CalendarQueue::sort_run(std::vector<Node>& fresh, std::uint32_t s, std::uint32_t e) {
  constexpr std::uint32_t kInsertion = 16;
  std::uint32_t k = s + 1;
  while (k < e && before(fresh[k - 1], fresh[k])) ++k;
  if (k == e) return;  // already in key order (e.g. one run of equal times in push order)
  if (e - s <= kInsertion) {
    for (; k < e; ++k) {
      if (before(fresh[k - 1], fresh[k])) continue;
      const Node x = fresh[k];
      std::uint32_t j = k;
      for (; j > s && before(x, fresh[j - 1]); --j) fresh[j] = fresh[j - 1];
      fresh[j] = x;
    }
    return;
  }
  std::vector<std::uint32_t>& by_key = scratch_sort_;
  by_key.resize(e - s);
  std::iota(by_key.begin(), by_key.end(), s);
  std::sort(by_key.begin(), by_key.end(),
            [&fresh](std::uint32_t x, std::uint32_t y) { return before(fresh[x], fresh[y]); });
  std::vector<Node>& sorted = scratch_bucket_;
  sorted.clear();
  for (const std::uint32_t p : by_key) sorted.push_back(fresh[p]);
  std::copy(sorted.begin(), sorted.end(), fresh.begin() + s);
}

// Guard 5, once per window of kWindow operations.
void CalendarQueue::check_cost() {
  const std::uint64_t work = scan_ + walk_;
  const double ops = static_cast<double>(ops_);
  const std::uint64_t pops = pops_ - window_pops_;
  const std::uint64_t pushes = ops_ > pops ? ops_ - pops : 0;
  last_work_per_op_ = static_cast<double>(work) / ops;
  const bool scan_bound = scan_ > walk_;
  const double per_op_of_kind = scan_bound
                                    ? static_cast<double>(scan_) / std::max<double>(1.0, pops)
                                    : static_cast<double>(walk_) / std::max<double>(1.0, pushes);
  const std::uint64_t scan_now = scan_, walk_now = walk_;
  ops_ = 0;
  scan_ = 0;
  walk_ = 0;
  window_pops_ = pops_;
  // Hysteresis: a change that did not cut the cost makes the next one twice as expensive to
  // earn, so an inherently awkward input (heavy tails) does not rebuild every window.
  if (cost_before_ >= 0.0) {
    penalty_ = last_work_per_op_ > kHelped * cost_before_ ? std::min(kMaxPenalty, 2 * penalty_) : 1;
    cost_before_ = -1.0;
  }
  if (last_work_per_op_ <= kCostlyWorkPerOp) return;
  // The excess and a rebuild's cost are counted in node visits. A list step is one (it chases
  // a pointer into the node pool); a scan step reads the next bucket of a sequential array,
  // which costs as much once everything is in cache but up to 64x less once the pool (and the
  // rebuild's visits) miss the caches: at 1e6 events one rebuild costs about as much as 2e5
  // heap operations (measured with the adversarial patterns of bench/calendar_bench.cpp), so
  // it must remove that much work. Scan steps are therefore counted as 1/visit_cost visit,
  // visit_cost growing from 1 (up to 4096 events) to 64 (from 256k events on).
  const std::uint64_t visit_cost = std::clamp<std::uint64_t>(resident_ / 4096, 1, 64);
  const std::uint64_t healthy = static_cast<std::uint64_t>(kHealthyWorkPerOp * ops);
  excess_ += walk_now + (scan_now > healthy ? scan_now - healthy : 0) / visit_cost;
  // A rebuild reads and writes the pool in order (a counting sort), while a list step waits
  // for a node wherever it is: once the pool outgrows the caches a rebuild costs a fraction
  // of a visit per node (1e6 events: 30-50 ms, where the excess walk that earns it, 1.26 M
  // visits, took about 100 ms). So a node's rebuild cost falls from one visit (up to 32k
  // events, all in cache) to a quarter (from 128k events on).
  const std::uint64_t per_visit = std::clamp<std::uint64_t>(resident_ / 32768, 1, 4);
  const std::uint64_t rebuild_cost =
      std::max<std::uint64_t>(kMinRebuildCost, (resident_ + nb_ / 4) / per_visit);
  if (excess_ < penalty_ * rebuild_cost) return;
  excess_ = 0;
  // Scan-bound: days too narrow, a pop steps over about width_needed / width empty days.
  // List-bound: days too wide, a push steps over about half the runs of a day. Either way the
  // correction is proportional to the measured cost (log2 of the steps per operation of that
  // kind, at least one doubling), or what the recent pops ask for in the same direction (they
  // know the exact separation), up to one doubling more.
  const int step = std::max(1, static_cast<int>(std::floor(std::log2(per_op_of_kind))));
  int shift = scan_bound ? std::min(62, shift_ + step) : std::max(0, shift_ - step);
  // The recent pops may ask for more, but at most one doubling beyond the measured cost: in a
  // bimodal mix they see only the dense mode and would narrow the days until the sparse mode
  // falls into the overflow heap.
  const int recent = recent_shift();
  if (recent >= 0 && (scan_bound ? recent > shift_ : recent < shift_))
    shift = scan_bound ? std::min(recent, shift + 1) : std::max(recent, shift - 1);
  if (shift == shift_) {
    penalty_ = std::min(kMaxPenalty, 2 * penalty_);
    return;
  }
  cost_before_ = last_work_per_op_;
  if (!scan_bound && shift < shift_ && !old_ && resident_ >= kLazyResident && pops_ > 0) {
    narrow_lazily(shift);
    return;
  }
  rebuild(nb_, shift);
}

}  // namespace ccsim::sim::detail
