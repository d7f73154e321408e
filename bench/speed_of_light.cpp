// ccsim-bench-sol: the speed-of-light yardstick of bench/compare.sh. A single-pool M/M/c+M
// (Erlang A) contact center written for this one model only, as fast as a discrete-event
// simulation of it can reasonably be: whatever a general engine (ccsim) costs beyond this is
// the price of being general.
//
// Model: Poisson arrivals (rate --lam per second), exponential handle time (mean --aht s),
// exponential patience (mean --patience s), --agents identical agents, one FIFO queue; a
// waiting caller abandons when the patience runs out. Simulated over [0, --horizon) seconds
// from an empty system.
//
// Counting conventions (the same in bench/simpy_mmcm.py):
//   arrivals   callers arriving before the horizon
//   served     callers who reached an agent before the horizon
//   abandoned  callers whose patience ran out before the horizon
//   completed  service completions before the horizon
//   events     arrivals + completed + abandoned
//   mean_wait  over served and abandoned callers (served: time in queue, abandoned: patience)
//   occupancy  agent busy time inside the horizon / (agents * horizon)
// Standard errors are batch means over --batches equal slices of the horizon (callers by
// arrival time).
//
// What makes it fast (all specific to this model):
//   * agents are interchangeable, so the only scheduled events are service completions, kept
//     as plain doubles in a 4-ary min-heap of at most `agents` entries, plus one "next
//     arrival" scalar;
//   * abandonment is never scheduled: waiting callers sit in a ring buffer with their
//     deadline, and callers whose deadline passed are counted as abandoned when an agent next
//     looks at the queue (FIFO order and equal patience law make this exact);
//   * patience is drawn only for callers who wait (memoryless, so this is the same law);
//   * xoshiro256++ and inverse-CDF exponentials, inline.
//
// --theory also prints the Erlang A values (birth-death chain of the number in system, solved
// exactly) and the z-score of each simulated figure; exit status 1 if any |z| > 4.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

// xoshiro256++ (Blackman & Vigna 2019), seeded through splitmix64.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (std::uint64_t& w : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      w = z ^ (z >> 31);
    }
  }
  std::uint64_t operator()() {
    const std::uint64_t out = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return out;
  }
  // Exponential with the given mean; the uniform is in (0, 1], so the log is finite.
  double exponential(double mean) {
    const double u = static_cast<double>(((*this)() >> 11) + 1) * 0x1.0p-53;
    return -mean * std::log(u);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// 4-ary min-heap of completion times: half the depth of a binary heap, and the four children
// of a node share a cache line.
class CompletionHeap {
 public:
  explicit CompletionHeap(std::size_t capacity) { v_.reserve(capacity); }
  bool empty() const { return v_.empty(); }
  double min() const { return v_.front(); }
  void push(double t) {
    std::size_t i = v_.size();
    v_.push_back(t);
    while (i != 0) {
      const std::size_t parent = (i - 1) / 4;
      if (v_[parent] <= t) break;
      v_[i] = v_[parent];
      i = parent;
    }
    v_[i] = t;
  }
  // Replaces the minimum by t (an agent that finishes and starts the next call).
  void replace_min(double t) { sift_down(t, v_.size()); }
  void pop_min() {
    const double t = v_.back();
    v_.pop_back();
    if (!v_.empty()) sift_down(t, v_.size());
  }

 private:
  void sift_down(double t, std::size_t n) {
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = std::min(first + 4, n);
      for (std::size_t c = first + 1; c < end; ++c)
        if (v_[c] < v_[best]) best = c;
      if (v_[best] >= t) break;
      v_[i] = v_[best];
      i = best;
    }
    v_[i] = t;
  }
  std::vector<double> v_;
};

struct Caller {
  double arrival;
  double deadline;
};

// FIFO of waiting callers: a power-of-two ring that doubles when full.
class WaitQueue {
 public:
  WaitQueue() : ring_(4096) {}
  bool empty() const { return head_ == tail_; }
  const Caller& front() const { return ring_[head_ & (ring_.size() - 1)]; }
  void pop() { ++head_; }
  void push(const Caller& c) {
    if (tail_ - head_ == ring_.size()) grow();
    ring_[tail_++ & (ring_.size() - 1)] = c;
  }

 private:
  void grow() {
    std::vector<Caller> bigger(2 * ring_.size());
    for (std::size_t k = head_; k != tail_; ++k) bigger[k - head_] = ring_[k & (ring_.size() - 1)];
    tail_ -= head_;
    head_ = 0;
    ring_.swap(bigger);
  }
  std::vector<Caller> ring_;
  std::size_t head_ = 0;
  std::size_t tail_ = 0;
};

struct Options {
  double lam = 3.5e6 / (30 * 86400.0);
  double aht = 120.0;
  double patience = 180.0;
  int agents = 180;
  double horizon = 30 * 86400.0;
  std::uint64_t seed = 1;
  int batches = 20;
  bool theory = false;
};

struct Batch {
  std::uint64_t callers = 0;
  std::uint64_t abandoned = 0;
  double wait = 0.0;
};

struct Totals {
  std::uint64_t arrivals = 0, served = 0, abandoned = 0, completed = 0;
  double wait = 0.0, wait_served = 0.0, busy = 0.0, wall = 0.0;
  std::vector<Batch> batches;
};

Totals simulate(const Options& o) {
  Totals r;
  r.batches.assign(static_cast<std::size_t>(o.batches), Batch{});
  const double horizon = o.horizon;
  const double per_batch = static_cast<double>(o.batches) / horizon;
  const double mean_gap = 1.0 / o.lam;
  Rng rng(o.seed);
  CompletionHeap busy_until(static_cast<std::size_t>(o.agents));
  WaitQueue queue;
  int idle = o.agents;

  auto batch_of = [&](double t) -> Batch& {
    const auto k = static_cast<std::size_t>(t * per_batch);
    return r.batches[std::min(k, r.batches.size() - 1)];
  };
  auto serve = [&](double now) {  // returns the completion time
    const double end = now + rng.exponential(o.aht);
    r.busy += std::min(end, horizon) - now;
    ++r.served;
    return end;
  };
  auto give_up = [&](const Caller& c) {
    const double patience = c.deadline - c.arrival;
    Batch& b = batch_of(c.arrival);
    ++r.abandoned;
    r.wait += patience;
    ++b.callers;
    ++b.abandoned;
    b.wait += patience;
  };

  const auto start = std::chrono::steady_clock::now();
  double next_arrival = rng.exponential(mean_gap);
  for (;;) {
    const double completion = busy_until.empty() ? HUGE_VAL : busy_until.min();
    if (next_arrival <= completion) {
      const double now = next_arrival;
      if (now >= horizon) break;
      ++r.arrivals;
      if (idle != 0) {  // an idle agent means nobody waits
        --idle;
        ++batch_of(now).callers;
        busy_until.push(serve(now));
      } else {
        queue.push(Caller{now, now + rng.exponential(o.patience)});
      }
      next_arrival = now + rng.exponential(mean_gap);
      continue;
    }
    const double now = completion;
    if (now >= horizon) break;
    ++r.completed;
    while (!queue.empty() && queue.front().deadline <= now) {
      give_up(queue.front());
      queue.pop();
    }
    if (queue.empty()) {
      busy_until.pop_min();
      ++idle;
      continue;
    }
    const Caller& c = queue.front();
    const double wait = now - c.arrival;
    Batch& b = batch_of(c.arrival);
    ++b.callers;
    b.wait += wait;
    r.wait += wait;
    r.wait_served += wait;
    queue.pop();
    busy_until.replace_min(serve(now));
  }
  // Still waiting at the horizon: abandoned if the patience ran out before it.
  for (; !queue.empty(); queue.pop())
    if (queue.front().deadline < horizon) give_up(queue.front());
  r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

// Standard error of the mean of num/den over the batches (batch means).
template <class F>
double batch_se(const std::vector<Batch>& batches, F ratio) {
  std::vector<double> v;
  for (const Batch& b : batches)
    if (b.callers != 0) v.push_back(ratio(b));
  if (v.size() < 2) return NAN;
  double mean = 0.0;
  for (const double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double ss = 0.0;
  for (const double x : v) ss += (x - mean) * (x - mean);
  const double k = static_cast<double>(v.size());
  return std::sqrt(ss / (k - 1) / k);
}

struct ErlangA {
  double p_abandon, mean_wait, occupancy;
};

// Stationary law of the number in system n: birth rate lam, death rate min(n, c) / aht +
// max(n - c, 0) / patience. Unnormalised weights by the recursion p(n+1) = p(n) lam / death(n+1),
// summed until they are negligible.
ErlangA erlang_a(const Options& o) {
  const double mu = 1.0 / o.aht;
  const double theta = 1.0 / o.patience;
  const int c = o.agents;
  // Work in log space: lam/mu can be in the hundreds, p(n) spans hundreds of orders.
  std::vector<double> logp{0.0};
  double peak = 0.0;
  for (int n = 0;; ++n) {
    const int m = n + 1;
    const double death = std::min(m, c) * mu + std::max(m - c, 0) * theta;
    logp.push_back(logp.back() + std::log(o.lam / death));
    peak = std::max(peak, logp.back());
    if (m > c && logp.back() < peak - 80.0) break;
  }
  double total = 0.0, queue = 0.0, busy = 0.0;
  for (std::size_t n = 0; n < logp.size(); ++n) {
    const double p = std::exp(logp[n] - peak);
    total += p;
    queue += p * static_cast<double>(std::max<long>(static_cast<long>(n) - c, 0));
    busy += p * static_cast<double>(std::min<long>(static_cast<long>(n), c));
  }
  queue /= total;
  busy /= total;
  // Abandonment rate = theta E[queue]; Little: mean time in queue over all callers = E[queue]/lam
  // (an abandoned caller spends exactly its patience in the queue).
  return ErlangA{theta * queue / o.lam, queue / o.lam, busy / c};
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "--theory") {
      o.theory = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "ccsim-bench-sol: %s needs a value\n", k.c_str());
      return false;
    }
    char* end = nullptr;
    const char* v = argv[++i];
    const double x = std::strtod(v, &end);
    if (*end != '\0' || !(x > 0.0)) {
      std::fprintf(stderr, "ccsim-bench-sol: %s wants a positive number, got '%s'\n", k.c_str(), v);
      return false;
    }
    if (k == "--lam")
      o.lam = x;
    else if (k == "--aht")
      o.aht = x;
    else if (k == "--patience")
      o.patience = x;
    else if (k == "--agents")
      o.agents = static_cast<int>(x);
    else if (k == "--horizon")
      o.horizon = x;
    else if (k == "--seed")
      o.seed = static_cast<std::uint64_t>(x);
    else if (k == "--batches")
      o.batches = std::max(2, static_cast<int>(x));
    else {
      std::fprintf(stderr, "ccsim-bench-sol: unknown option %s\n", k.c_str());
      return false;
    }
  }
  return o.agents >= 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) return 2;
  const Totals r = simulate(o);
  const std::uint64_t done = r.served + r.abandoned;
  const std::uint64_t events = r.arrivals + r.completed + r.abandoned;
  const double p_abandon = static_cast<double>(r.abandoned) / static_cast<double>(done);
  const double mean_wait = r.wait / static_cast<double>(done);
  const double occupancy = r.busy / (o.agents * o.horizon);
  const double se_ab = batch_se(r.batches, [](const Batch& b) {
    return static_cast<double>(b.abandoned) / static_cast<double>(b.callers);
  });
  const double se_w =
      batch_se(r.batches, [](const Batch& b) { return b.wait / static_cast<double>(b.callers); });
  std::printf(
      "engine=ccsim-bench-sol (4-ary heap of completions, lazy abandonment, xoshiro256++)\n");
  std::printf("params lam=%.6f aht=%g patience=%g agents=%d horizon=%g seed=%llu\n", o.lam, o.aht,
              o.patience, o.agents, o.horizon, static_cast<unsigned long long>(o.seed));
  std::printf(
      "arrivals=%llu served=%llu abandoned=%llu completed=%llu waiting_at_end=%llu\n",
      static_cast<unsigned long long>(r.arrivals), static_cast<unsigned long long>(r.served),
      static_cast<unsigned long long>(r.abandoned), static_cast<unsigned long long>(r.completed),
      static_cast<unsigned long long>(r.arrivals - done));
  std::printf(
      "p_abandon=%.6f se=%.6f mean_wait=%.4f se=%.4f mean_wait_served=%.4f occupancy=%.5f\n",
      p_abandon, se_ab, mean_wait, se_w,
      r.wait_served / static_cast<double>(std::max<std::uint64_t>(r.served, 1)), occupancy);
  std::printf("events=%llu wall_s=%.4f events_per_s=%.0f\n",
              static_cast<unsigned long long>(events), r.wall,
              static_cast<double>(events) / r.wall);
  if (!o.theory) return 0;
  const ErlangA a = erlang_a(o);
  const double z_ab = (p_abandon - a.p_abandon) / se_ab;
  const double z_w = (mean_wait - a.mean_wait) / se_w;
  std::printf("erlang_a p_abandon=%.6f z=%+.2f mean_wait=%.4f z=%+.2f occupancy=%.5f (sim %.5f)\n",
              a.p_abandon, z_ab, a.mean_wait, z_w, a.occupancy, occupancy);
  const bool ok = std::fabs(z_ab) <= 4.0 && std::fabs(z_w) <= 4.0 &&
                  std::fabs(occupancy - a.occupancy) <= 0.01 * a.occupancy;
  std::printf("erlang_a check: %s (|z| <= 4, occupancy within 1 %%)\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
