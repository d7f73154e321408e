// Step 3 of the staffing plan: the simulated search with sequential sampling per interval key
// (method in staffing.hpp). Comments here say why the code does what it does.

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

#include "ccsim/models/simulation.hpp"
#include "staffing/staffing_parts.hpp"

namespace ccsim::models::staffing {

void KeySums::add(const IntervalKpis& k) {
  offered += k.offered;
  answered += k.answered;
  abandoned += k.abandoned;
  within_sl += k.answered_within_sl;
  wait_sum += k.wait_sum_answered;
  busy += k.busy_seconds;
  staffed += k.staffed_seconds;
}

std::vector<KeySums> horizon_sums(const std::vector<ReplicationResult>& reps, Index c) {
  std::vector<KeySums> out;
  for (const ReplicationResult& r : reps) {
    const ChannelKpis& k = r.channels[c];
    KeySums sum;
    sum.offered = k.offered;
    sum.answered = k.answered;
    sum.abandoned = k.abandoned;
    sum.within_sl = k.answered_within_sl;
    sum.wait_sum = k.wait_sum_answered;
    sum.busy = k.busy_seconds;
    sum.staffed = k.staffed_seconds;
    out.push_back(sum);
  }
  return out;
}

namespace {

/// Ratio sum x / sum y over replications and the delta-method standard error of that ratio
/// (infinite with fewer than two replications).
struct Ratio {
  double mean = 0, se = 0;
  int n = 0;
};

std::optional<Ratio> ratio(const std::vector<double>& x, const std::vector<double>& y) {
  double sx = 0, sy = 0;
  for (std::size_t r = 0; r < x.size(); ++r) sx += x[r], sy += y[r];
  if (!(sy > 0)) return std::nullopt;
  Ratio out;
  out.n = static_cast<int>(x.size());
  out.mean = sx / sy;
  if (out.n < 2) {
    out.se = std::numeric_limits<double>::infinity();
    return out;
  }
  double ss = 0;
  for (std::size_t r = 0; r < x.size(); ++r)
    ss += (x[r] - out.mean * y[r]) * (x[r] - out.mean * y[r]);
  const double ybar = sy / out.n;
  out.se = std::sqrt(ss / (out.n - 1) / out.n) / ybar;
  return out;
}

double t_quantile(int n, double level) {
  if (n < 2) return std::numeric_limits<double>::infinity();
  const boost::math::students_t dist(static_cast<double>(n - 1));
  return boost::math::quantile(dist, 0.5 + level / 2.0);
}

/// One target: meets when the whole interval is on the good side, misses when it is wholly on
/// the bad side, open otherwise. `level` <= 0 decides on the mean.
Verdict one(const std::optional<Ratio>& r, double target, bool higher_is_better, double level) {
  if (!r) return Verdict::meets;  // nothing to judge (no demand)
  const double half = level > 0 ? t_quantile(r->n, level) * r->se : 0.0;
  const double lo =
      r->mean - (std::isfinite(half) ? half : std::numeric_limits<double>::infinity());
  const double hi =
      r->mean + (std::isfinite(half) ? half : std::numeric_limits<double>::infinity());
  if (higher_is_better) {
    if (lo >= target) return Verdict::meets;
    if (hi < target) return Verdict::misses;
  } else {
    if (hi <= target) return Verdict::meets;
    if (lo > target) return Verdict::misses;
  }
  return Verdict::open;
}

Verdict combine(Verdict a, Verdict b) {
  if (a == Verdict::misses || b == Verdict::misses) return Verdict::misses;
  if (a == Verdict::open || b == Verdict::open) return Verdict::open;
  return Verdict::meets;
}

}  // namespace

Verdict judge(const Targets& t, const std::vector<KeySums>& reps, double level,
              bool check_occupancy) {
  std::vector<double> offered, answered, abandoned, within, wait, busy, staffed;
  for (const KeySums& k : reps) {
    offered.push_back(k.offered);
    answered.push_back(k.answered);
    abandoned.push_back(k.abandoned);
    within.push_back(k.within_sl);
    wait.push_back(k.wait_sum);
    busy.push_back(k.busy);
    staffed.push_back(k.staffed);
  }
  Verdict v = Verdict::meets;
  if (t.service_level) v = combine(v, one(ratio(within, offered), *t.service_level, true, level));
  if (t.abandon_rate) v = combine(v, one(ratio(abandoned, offered), *t.abandon_rate, false, level));
  if (t.asa_seconds) {
    const auto asa = ratio(wait, answered);
    const auto demand = ratio(answered, offered);
    // Contacts offered and none answered: the ASA target cannot be said to hold.
    if (!asa && demand)
      v = Verdict::misses;
    else
      v = combine(v, one(asa, *t.asa_seconds, false, level));
  }
  if (check_occupancy && t.max_occupancy)
    v = combine(v, one(ratio(busy, staffed), *t.max_occupancy, false, level));
  return v;
}

std::optional<Estimate> ratio_estimate(const std::vector<double>& num,
                                       const std::vector<double>& den, bool proportion) {
  const auto r = ratio(num, den);
  if (!r) return std::nullopt;
  return make_estimate(r->mean, r->se, r->n,
                       proportion ? MetricRange::proportion : MetricRange::non_negative);
}

namespace {

/// Bracketing search of one integer adjustment: galloping until both a failing and a meeting
/// value are known, then bisection. The latest observation wins over a contradicting older one
/// (noise, or other keys' changes), which keeps the bracket consistent.
struct KeySearch {
  static constexpr int kUnknownLow = INT_MIN;
  static constexpr int kUnknownHigh = INT_MAX;
  int delta = 0;
  int floor = 0;  ///< below this every interval of the key is at zero agents
  int lo = kUnknownLow;
  int hi = kUnknownHigh;
  int step = 1;
  bool active = false;  ///< has demand and targets

  void observe(bool ok) {
    if (ok) {
      hi = delta;
      if (lo >= delta) lo = kUnknownLow;
    } else {
      lo = delta;
      if (hi <= delta) hi = kUnknownHigh;
    }
  }
  void next() {
    if (lo != kUnknownLow && hi != kUnknownHigh) {
      delta = hi - lo <= 1 ? hi : lo + (hi - lo) / 2;
    } else if (hi != kUnknownHigh) {
      delta = std::max(floor, hi - step);
      step *= 2;
    } else {
      delta = lo + step;
      step *= 2;
    }
  }
  bool converged() const {
    return !active || (hi != kUnknownHigh && delta == hi && (hi - lo <= 1 || hi <= floor));
  }
};

/// The email factor search: a factor >= 1 on the analytic workload. The analytic figure is
/// the work itself at the allowed occupancy, so less cannot hold in a steady state; the factor
/// gallops up (x 1.5) while the target misses, then bisects to 3 %.
struct FactorSearch {
  double factor = 1.0;
  double lo = 1.0;  ///< largest factor seen to miss, when `missed`
  double hi = std::numeric_limits<double>::infinity();  ///< smallest factor seen to meet
  bool missed = false;
  bool active = false;

  void observe(bool ok) {
    if (ok) {
      hi = factor;
      if (lo >= factor) missed = false;
    } else {
      lo = factor;
      missed = true;
      if (hi <= factor) hi = std::numeric_limits<double>::infinity();
    }
  }
  void next() {
    if (!std::isfinite(hi))
      factor = lo * 1.5;
    else
      factor = missed && hi - lo > 0.03 * hi ? (lo + hi) / 2 : hi;
  }
  bool converged() const {
    return !active || (std::isfinite(hi) && factor == hi && (!missed || hi - lo <= 0.03 * hi));
  }
};

/// The search state of one plan: keys per real-time channel, a factor per email channel.
class Search {
 public:
  Search(const Scenario& s, const Allocation& a, const SearchSettings& o)
      : s_(s), a_(a), o_(o), n_(s.horizon_intervals()), analytic_(a.channel_totals()) {
    const int channels = static_cast<int>(s.channels.size());
    keys_.assign(at(channels), std::vector<KeySearch>(at(key_count())));
    email_.resize(at(channels));
    for (int c = 0; c < channels; ++c) {
      const ChannelConfig& ch = s.channels[at(c)];
      if (!ch.targets.any()) continue;
      if (ch.kind == ChannelKind::email) {
        email_[at(c)].active = true;
        continue;
      }
      for (int i = 0; i < n_; ++i) {
        KeySearch& k = keys_[at(c)][at(key_of(i))];
        if (analytic_[at(c)][at(i)] > 0) k.active = true;
        k.floor = std::min(k.floor, -analytic_[at(c)][at(i)]);
      }
    }
  }

  int key_count() const { return o_.whole_horizon ? 1 : o_.fold; }
  int key_of(int i) const { return o_.whole_horizon ? 0 : i % o_.fold; }

  /// Channel requirements of the current adjustments: [channel][interval].
  std::vector<std::vector<int>> requirement() const {
    std::vector<std::vector<int>> req = analytic_;
    for (Index c = 0; c < req.size(); ++c)
      for (int i = 0; i < n_; ++i) {
        int& r = req[c][at(i)];
        if (r <= 0) continue;  // no demand, no seats
        if (s_.channels[c].kind == ChannelKind::email)
          r = email_[c].active ? ceil_int(email_[c].factor * r) : r;
        else
          r = std::max(0, r + keys_[c][at(key_of(i))].delta);
      }
    return req;
  }

  /// Simulates a requirement and decides every key by sequential sampling. Returns the
  /// verdicts ([channel][key]; email channels use key 0) and leaves the replications in `last`.
  std::vector<std::vector<bool>> decide(const std::vector<std::vector<int>>& req,
                                        std::vector<ReplicationResult>& last) {
    const Scenario staffed = with_seats(s_, a_, a_.group_seats(a_.spread(req), n_));
    const std::uint64_t seed = o_.seed;
    auto run = [&](int from, int count) {
      const std::function<ReplicationResult(int)> body = [&](int r) {
        ReplicationResult out = simulate_replication(staffed, seed, from + r);
        // The search and the plan's report read the channel totals and the channel intervals
        // only. The group and site interval views are four fifths of a replication (2 of
        // 2.5 MB on the reference month) and up to max_replications of them are kept.
        out.group_intervals = {};
        out.site_intervals = {};
        return out;
      };
      std::vector<ReplicationResult> out = run_replications(count, o_.threads, body);
      replications_run += count;
      return out;
    };
    last.clear();  // the previous decision's replications go before this one's arrive
    last = run(0, o_.batch);
    const Index channels = s_.channels.size();
    std::vector<std::vector<std::optional<bool>>> verdict(channels);
    for (Index c = 0; c < channels; ++c) verdict[c].resize(at(key_count()));
    for (;;) {
      bool open = false;
      const bool at_cap = static_cast<int>(last.size()) >= o_.cap;
      for (Index c = 0; c < channels; ++c) {
        const ChannelConfig& ch = s_.channels[c];
        const bool email = ch.kind == ChannelKind::email;
        if (email ? !email_[c].active : !ch.targets.any()) continue;
        for (int key = 0; key < key_count(); ++key) {
          if (verdict[c][at(key)] || (!email && !keys_[c][at(key)].active)) continue;
          if (email && key > 0) continue;
          const std::vector<KeySums> sums = email ? horizon_sums(last, c) : key_sums(last, c, key);
          Verdict v = staffing::judge(ch.targets, sums, o_.decision_confidence, !email);
          if (v == Verdict::open && at_cap)
            v = o_.confidence ? Verdict::misses : staffing::judge(ch.targets, sums, 0.0, !email);
          if (v == Verdict::open) {
            open = true;
            continue;
          }
          verdict[c][at(key)] = v == Verdict::meets;
        }
      }
      if (!open) break;
      const int more = std::min(o_.batch, o_.cap - static_cast<int>(last.size()));
      std::vector<ReplicationResult> extra = run(static_cast<int>(last.size()), more);
      for (ReplicationResult& r : extra) last.push_back(std::move(r));
    }
    std::vector<std::vector<bool>> out(channels);
    for (Index c = 0; c < channels; ++c)
      for (const auto& v : verdict[c]) out[c].push_back(v.value_or(true));
    return out;
  }

  /// Moves every key by its verdict; `verify` only raises the ones that miss.
  bool apply(const std::vector<std::vector<bool>>& ok, bool verify) {
    bool all = true;
    for (Index c = 0; c < keys_.size(); ++c) {
      if (s_.channels[c].kind == ChannelKind::email) {
        FactorSearch& e = email_[c];
        if (!e.active) continue;
        all = all && ok[c][0];
        if (verify) {
          if (!ok[c][0]) e.factor *= 1.1;  // a small raise; the search already bracketed it
        } else {
          e.observe(ok[c][0]);
          e.next();
        }
        continue;
      }
      for (Index key = 0; key < keys_[c].size(); ++key) {
        KeySearch& k = keys_[c][key];
        if (!k.active) continue;
        all = all && ok[c][key];
        if (verify) {
          if (!ok[c][key]) ++k.delta;
        } else {
          k.observe(ok[c][key]);
          k.next();
        }
      }
    }
    return all;
  }

  bool converged() const {
    for (Index c = 0; c < keys_.size(); ++c) {
      if (!email_[c].converged()) return false;
      for (const KeySearch& k : keys_[c])
        if (!k.converged()) return false;
    }
    return true;
  }

  /// The smallest adjustments seen to meet the targets.
  void settle() {
    for (Index c = 0; c < keys_.size(); ++c) {
      for (KeySearch& k : keys_[c])
        if (k.hi != KeySearch::kUnknownHigh) k.delta = k.hi;
      if (std::isfinite(email_[c].hi)) email_[c].factor = email_[c].hi;
    }
  }

  std::vector<KeySums> key_sums(const std::vector<ReplicationResult>& reps, Index c,
                                int key) const {
    std::vector<KeySums> out;
    for (const ReplicationResult& r : reps) {
      KeySums sum;
      const std::vector<IntervalKpis>& iv = r.intervals[c];
      if (o_.whole_horizon) {
        for (const IntervalKpis& k : iv) sum.add(k);
      } else {
        for (Index i = at(key); i < iv.size(); i += at(o_.fold)) sum.add(iv[i]);
      }
      out.push_back(sum);
    }
    return out;
  }

  int replications_run = 0;

 private:
  const Scenario& s_;
  const Allocation& a_;
  const SearchSettings& o_;
  int n_;
  std::vector<std::vector<int>> analytic_;
  std::vector<std::vector<KeySearch>> keys_;
  std::vector<FactorSearch> email_;
};

}  // namespace

SearchResult search(const Scenario& s, const Allocation& a, const SearchSettings& o) {
  Search state(s, a, o);
  SearchResult out;
  const int budget = o.max_passes + o.repair_passes;
  auto report = [&](int done) {
    if (o.progress && *o.progress) (*o.progress)(std::min(done, budget), budget);
  };
  int pass = 0;
  std::vector<std::vector<int>> searched;  // the requirement the last search pass simulated
  bool searched_ok = false;
  for (; pass < o.max_passes; ++pass) {
    searched = state.requirement();
    searched_ok = state.apply(state.decide(searched, out.last), false);
    report(pass + 1);
    if (state.converged()) {
      ++pass;
      break;
    }
  }
  // Verification: the smallest adjustments seen to meet the targets, simulated together
  // (unless the last search pass simulated exactly them and they held).
  state.settle();
  out.totals = state.requirement();
  if (!(searched_ok && out.totals == searched)) {
    for (int repair = 0;; ++repair) {
      const bool ok = state.apply(state.decide(out.totals, out.last), true);
      report(++pass);
      if (ok || repair >= o.repair_passes) break;
      out.totals = state.requirement();
    }
  }
  out.passes = pass;
  out.replications_run = state.replications_run;
  return out;
}

}  // namespace ccsim::models::staffing
