// Staffing plan: analytic requirement (Erlang), simulation refinement, headcount. The method is
// documented in ccsim/models/staffing.hpp; comments here say why the code does what it does.

#include "ccsim/models/staffing.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ccsim/models/demand.hpp"
#include "ccsim/models/erlang.hpp"
#include "ccsim/models/routing.hpp"
#include "ccsim/models/simulation.hpp"
#include "ccsim/sim/replication.hpp"
#include "ccsim/sim/statistics.hpp"

namespace ccsim::models {
namespace {

constexpr double kDay = 86400.0;
constexpr double kHour = 3600.0;

using Index = std::size_t;
Index at(int i) { return static_cast<Index>(i); }

/// Rounds up, ignoring floating-point dust (2.0000000001 agents is 2 agents).
int ceil_int(double x) { return static_cast<int>(std::ceil(x - 1e-9)); }

double interval_length(const Scenario& s, int i) {
  return std::min(s.interval_seconds, s.horizon_days * kDay - i * s.interval_seconds);
}

bool has_targets(const Targets& t) {
  return t.service_level || t.asa_seconds || t.abandon_rate || t.max_occupancy;
}

bool realtime(ChannelKind k) { return k != ChannelKind::email; }

/// Email step 1 before rounding: agents of deferred work per interval (staffing.hpp).
std::vector<double> email_workload_agents(const Scenario& s, int channel) {
  const ChannelConfig& c = s.channels.at(at(channel));
  const std::vector<double> offered = expected_offered(s, channel);
  const int n = static_cast<int>(offered.size());
  const int m = std::max(1, ceil_int(c.sl_seconds / s.interval_seconds));
  const double per_agent = m * s.interval_seconds * c.targets.max_occupancy.value_or(1.0);
  const double handle = c.handle_time.expected();
  std::vector<double> out(offered.size(), 0.0);
  // Rolling sum of the work of the last m intervals; the horizon wraps (periodic reading), so
  // the first intervals carry the backlog of the horizon's end as in a steady state.
  double work = 0.0;
  for (int k = 0; k < m; ++k) work += offered[at(((-k % n) + n) % n)] * handle;
  for (int i = 0; i < n; ++i) {
    if (i > 0) {
      work += offered[at(i)] * handle;
      work -= offered[at((((i - m) % n) + n) % n)] * handle;
    }
    out[at(i)] = std::max(0.0, work / per_agent);
  }
  return out;
}

/// Largest-remainder split of `total` agents by `shares` (summing to 1); ties go to the
/// lower index, so the split is deterministic.
std::vector<int> split(int total, const std::vector<double>& shares) {
  std::vector<int> out(shares.size(), 0);
  if (shares.empty() || total <= 0) return out;
  std::vector<std::pair<double, Index>> rest;
  int given = 0;
  for (Index g = 0; g < shares.size(); ++g) {
    const double quota = total * shares[g];
    out[g] = static_cast<int>(std::floor(quota));
    given += out[g];
    rest.emplace_back(quota - out[g], g);
  }
  std::stable_sort(rest.begin(), rest.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (Index k = 0; given < total; k = (k + 1) % rest.size(), ++given) ++out[rest[k].second];
  while (given > total) {  // only after floating-point dust in the shares
    --*std::max_element(out.begin(), out.end());
    --given;
  }
  return out;
}

struct GroupRef {
  int site = 0;
  int group = 0;
};

/// Where each channel's agents go: the groups with the skill and their share per interval.
struct SkillShares {
  std::vector<std::vector<GroupRef>> groups;             // [channel] -> skilled groups
  std::vector<std::vector<std::vector<double>>> shares;  // [channel][interval][group]
};

SkillShares distribute(const Scenario& s) {
  const int channels = static_cast<int>(s.channels.size());
  const int n = s.horizon_intervals();
  SkillShares d;
  d.groups.resize(at(channels));
  std::vector<std::vector<double>> sizes(at(channels));
  for (int si = 0; si < static_cast<int>(s.sites.size()); ++si) {
    const SiteConfig& site = s.sites[at(si)];
    for (int gi = 0; gi < static_cast<int>(site.groups.size()); ++gi) {
      SiteConfig alone;  // site_headcount() of a site holding only this group = its agents
      alone.groups = {site.groups[at(gi)]};
      for (const std::string& skill : site.groups[at(gi)].skills) {
        const int c = s.channel_index(skill);
        if (c < 0) continue;
        d.groups[at(c)].push_back({si, gi});
        sizes[at(c)].push_back(site_headcount(alone));
      }
    }
  }
  const std::unique_ptr<RoutingPolicy> policy = make_routing_policy(s);
  const int regions = std::max<int>(1, static_cast<int>(s.regions.size()));
  d.shares.resize(at(channels));
  for (int c = 0; c < channels; ++c) {
    const std::vector<GroupRef>& gs = d.groups[at(c)];
    const Index ng = gs.size();
    // Normalised size weights over a subset of the skilled groups (equal when all are zero).
    auto weights = [&](int home) {
      std::vector<double> w(ng, 0.0);
      double sum = 0.0;
      int members = 0;
      for (Index g = 0; g < ng; ++g)
        if (home < 0 || gs[g].site == home) sum += sizes[at(c)][g], ++members;
      for (Index g = 0; g < ng; ++g)
        if (home < 0 || gs[g].site == home) w[g] = sum > 0 ? sizes[at(c)][g] / sum : 1.0 / members;
      return w;
    };
    const std::vector<double> everyone = weights(-1);
    std::vector<std::vector<double>> region_weights;
    std::vector<std::vector<double>> region_demand;
    for (int r = 0; r < regions; ++r) {
      int home = policy->home_site(r);
      const bool served =
          home != RoutingPolicy::kAnySite &&
          std::any_of(gs.begin(), gs.end(), [&](const GroupRef& g) { return g.site == home; });
      region_weights.push_back(served ? weights(home) : everyone);
      if (s.regions.empty()) {
        region_demand.push_back(expected_offered(s, c));
      } else {
        Scenario one = s;  // the region alone keeps its share: its part of the total demand
        one.regions = {s.regions[at(r)]};
        region_demand.push_back(expected_offered(one, c));
      }
    }
    d.shares[at(c)].assign(at(n), everyone);
    for (int i = 0; i < n; ++i) {
      double total = 0.0;
      std::vector<double> mix(ng, 0.0);
      for (int r = 0; r < regions; ++r) {
        const double demand = region_demand[at(r)][at(i)];
        total += demand;
        for (Index g = 0; g < ng; ++g) mix[g] += demand * region_weights[at(r)][g];
      }
      if (total > 0)
        for (Index g = 0; g < ng; ++g) d.shares[at(c)][at(i)][g] = mix[g] / total;
    }
  }
  return d;
}

/// Splits every channel requirement over its groups: [channel][interval][skilled group].
std::vector<std::vector<std::vector<int>>> allocate(const SkillShares& d,
                                                    const std::vector<std::vector<int>>& req) {
  std::vector<std::vector<std::vector<int>>> out(req.size());
  for (Index c = 0; c < req.size(); ++c)
    for (Index i = 0; i < req[c].size(); ++i) out[c].push_back(split(req[c][i], d.shares[c][i]));
  return out;
}

/// The scenario with every group's supply replaced by the allocation (per-interval on_duty).
Scenario with_on_duty(const Scenario& s, const SkillShares& d,
                      const std::vector<std::vector<std::vector<int>>>& alloc) {
  Scenario out = s;
  const Index n = at(s.horizon_intervals());
  for (SiteConfig& site : out.sites)
    for (AgentGroupConfig& g : site.groups) g.on_duty.assign(n, 0);
  for (Index c = 0; c < alloc.size(); ++c)
    for (Index i = 0; i < alloc[c].size(); ++i)
      for (Index g = 0; g < alloc[c][i].size(); ++g) {
        const GroupRef& ref = d.groups[c][g];
        out.sites[at(ref.site)].groups[at(ref.group)].on_duty[i] += alloc[c][i][g];
      }
  return out;
}

/// Ratios per replication and whether targets hold on them (mean or pessimistic CI end).
struct Sample {
  std::vector<double> service_level, asa, abandon, occupancy;
  void add(double offered, double answered, double abandoned, double within_sl, double wait_sum,
           double busy, double staffed) {
    if (offered > 0) {
      service_level.push_back(within_sl / offered);
      abandon.push_back(abandoned / offered);
      // Nobody answered: the ASA target cannot be met; a huge value says so to the CI too.
      asa.push_back(answered > 0 ? wait_sum / answered : 1e9);
    }
    if (staffed > 0) occupancy.push_back(busy / staffed);
  }
};

double judged(const std::vector<double>& v, bool confidence, bool higher_is_better) {
  if (!confidence || v.size() < 2)
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  const sim::ConfidenceInterval ci = sim::student_t_interval(std::span<const double>(v));
  return higher_is_better ? ci.lower : ci.upper;
}

bool meets(const Targets& t, const Sample& x, bool confidence, bool check_occupancy) {
  if (t.service_level && !x.service_level.empty() &&
      judged(x.service_level, confidence, true) < *t.service_level)
    return false;
  if (t.asa_seconds && !x.asa.empty() && judged(x.asa, confidence, false) > *t.asa_seconds)
    return false;
  if (t.abandon_rate && !x.abandon.empty() &&
      judged(x.abandon, confidence, false) > *t.abandon_rate)
    return false;
  if (check_occupancy && t.max_occupancy && !x.occupancy.empty() &&
      judged(x.occupancy, confidence, false) > *t.max_occupancy)
    return false;
  return true;
}

/// The targets' sample of one real-time channel over the intervals i = key (mod fold).
Sample key_sample(const std::vector<ReplicationResult>& results, int c, int key, int fold,
                  bool* demand = nullptr) {
  Sample x;
  for (const ReplicationResult& r : results) {
    IntervalKpis sum;
    const std::vector<IntervalKpis>& iv = r.intervals[at(c)];
    for (Index i = at(key); i < iv.size(); i += at(fold)) {
      sum.offered += iv[i].offered;
      sum.answered += iv[i].answered;
      sum.abandoned += iv[i].abandoned;
      sum.answered_within_sl += iv[i].answered_within_sl;
      sum.wait_sum_answered += iv[i].wait_sum_answered;
      sum.busy_seconds += iv[i].busy_seconds;
      sum.staffed_seconds += iv[i].staffed_seconds;
    }
    if (demand) *demand = *demand || sum.offered > 0;
    x.add(sum.offered, sum.answered, sum.abandoned, sum.answered_within_sl, sum.wait_sum_answered,
          sum.busy_seconds, sum.staffed_seconds);
  }
  return x;
}

/// The targets' sample of an email channel over the horizon. Occupancy is not judged for email:
/// its agents share their time with real-time work.
Sample email_sample(const std::vector<ReplicationResult>& results, int c) {
  Sample x;
  for (const ReplicationResult& r : results) {
    const ChannelKpis& k = r.channels[at(c)];
    x.add(k.offered, k.answered, k.abandoned, k.answered_within_sl, k.wait_sum_answered, 0, 0);
  }
  return x;
}

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

Estimate estimate_of(const std::vector<double>& v) {
  if (v.empty()) return {};
  const sim::ConfidenceInterval ci = sim::student_t_interval(std::span<const double>(v));
  return Estimate{ci.mean, ci.lower, ci.upper};
}

double hours(const Scenario& s, const std::vector<int>& per_interval) {
  double h = 0.0;
  for (int i = 0; i < static_cast<int>(per_interval.size()); ++i)
    h += per_interval[at(i)] * interval_length(s, i) / kHour;
  return h;
}

}  // namespace

std::vector<int> analytic_requirement(const Scenario& s, int channel) {
  const ChannelConfig& c = s.channels.at(at(channel));
  if (c.kind == ChannelKind::email) {
    std::vector<int> out;
    for (double x : email_workload_agents(s, channel)) out.push_back(ceil_int(x));
    return out;
  }
  const std::vector<double> offered = expected_offered(s, channel);
  const int sessions = c.kind == ChannelKind::call ? 1 : std::max(1, c.concurrency);
  QueueInput q;
  // At full load every session shares its agent with sessions - 1 others (simulation.hpp).
  q.mean_service_seconds =
      c.handle_time.expected() * (1.0 + c.concurrency_slowdown * (sessions - 1));
  if (c.patience) q.mean_patience_seconds = c.patience->expected();
  q.sl_seconds = c.sl_seconds;
  const StaffingTargets targets{c.targets.service_level, c.targets.asa_seconds,
                                c.targets.abandon_rate, c.targets.max_occupancy};
  std::vector<int> out(offered.size(), 0);
  // A week repeats its rates; remember answers by rate (the search costs O(log N) Erlangs).
  std::vector<std::pair<double, int>> seen;
  for (int i = 0; i < static_cast<int>(offered.size()); ++i) {
    const double rate = offered[at(i)] / interval_length(s, i);
    if (!(rate > 0)) continue;
    const auto hit =
        std::find_if(seen.begin(), seen.end(), [rate](const auto& p) { return p.first == rate; });
    int slots = 0;
    if (hit != seen.end()) {
      slots = hit->second;
    } else {
      q.arrival_rate = rate;
      slots = required_agents(q, targets).agents;
      if (seen.size() < 4096) seen.emplace_back(rate, slots);
    }
    out[at(i)] = ceil_int(static_cast<double>(slots) / sessions);
  }
  return out;
}

int required_headcount(double agent_hours, double horizon_days, double month_days, double shrinkage,
                       double paid_hours_per_month) {
  if (!(horizon_days > 0) || !(month_days > 0) || !(paid_hours_per_month > 0))
    throw std::invalid_argument("horizon days, month days and paid hours must be > 0");
  if (!(shrinkage >= 0 && shrinkage < 1))
    throw std::invalid_argument("shrinkage must be in [0, 1), got " + std::to_string(shrinkage));
  if (!(agent_hours >= 0)) throw std::invalid_argument("agent hours must be >= 0");
  const double month_hours = agent_hours * month_days / horizon_days;
  return ceil_int(month_hours / (1.0 - shrinkage) / paid_hours_per_month);
}

StaffingPlan plan_staffing(const Scenario& s, const StaffingOptions& options) {
  {
    const std::vector<Problem> problems = validate(s);
    if (!problems.empty()) {
      std::string msg = "invalid scenario";
      for (const Problem& p : problems) msg += "\n  " + p.path + ": " + p.message;
      throw std::invalid_argument(msg);
    }
  }
  if (options.max_passes < 1 || options.repair_passes < 0 || options.replications < 0 ||
      options.threads < 0)
    throw std::invalid_argument("staffing options: passes, replications, threads out of range");

  const int channels = static_cast<int>(s.channels.size());
  const int n = s.horizon_intervals();
  StaffingPlan plan;
  plan.scenario = s.name;
  plan.seed = options.seed.value_or(s.seed);
  plan.simulated = options.simulate;
  plan.confidence = options.confidence;
  plan.interval_seconds = s.interval_seconds;
  plan.horizon_days = s.horizon_days;
  plan.month_days = s.month_days;
  plan.paid_hours_per_month = s.staffing.paid_hours_per_month;
  // Pool the weeks of a long horizon: each interval of the week is then judged on every week
  // and replication (a month gives 4+ samples per replication instead of one).
  const int per_day = s.intervals_per_day();
  plan.fold_intervals = s.horizon_days >= 14 ? 7 * per_day : n;

  // Step 1.
  std::vector<std::vector<int>> analytic;
  std::vector<std::vector<double>> email_raw(at(channels));
  for (int c = 0; c < channels; ++c) {
    analytic.push_back(analytic_requirement(s, c));
    if (s.channels[at(c)].kind == ChannelKind::email)
      email_raw[at(c)] = email_workload_agents(s, c);
  }
  const SkillShares dist = distribute(s);

  // Step 2.
  std::vector<std::vector<int>> final_req = analytic;
  std::vector<ReplicationResult> last;  // the last simulation's replications
  if (options.simulate) {
    const int reps = options.replications > 0 ? options.replications : kDefaultStaffingReplications;
    plan.replications = reps;
    const int fold = plan.fold_intervals;
    std::vector<std::vector<KeySearch>> keys(at(channels), std::vector<KeySearch>(at(fold)));
    std::vector<FactorSearch> email(at(channels));
    for (int c = 0; c < channels; ++c) {
      const ChannelConfig& ch = s.channels[at(c)];
      if (!has_targets(ch.targets)) continue;
      if (!realtime(ch.kind)) {
        email[at(c)].active = true;
        continue;
      }
      for (int i = 0; i < n; ++i) {
        KeySearch& k = keys[at(c)][at(i % fold)];
        if (analytic[at(c)][at(i)] > 0) k.active = true;
        k.floor = std::min(k.floor, -analytic[at(c)][at(i)]);
      }
    }
    auto requirement = [&] {
      std::vector<std::vector<int>> req(at(channels), std::vector<int>(at(n), 0));
      for (int c = 0; c < channels; ++c)
        for (int i = 0; i < n; ++i) {
          if (realtime(s.channels[at(c)].kind))
            req[at(c)][at(i)] =
                std::max(0, analytic[at(c)][at(i)] + keys[at(c)][at(i % fold)].delta);
          else
            req[at(c)][at(i)] = email[at(c)].active
                                    ? ceil_int(email[at(c)].factor * email_raw[at(c)][at(i)])
                                    : analytic[at(c)][at(i)];
        }
      return req;
    };
    // Judges the targets of one simulation; returns true when every key and email channel holds.
    auto judge = [&](const std::vector<ReplicationResult>& results, bool verify) {
      bool all = true;
      for (int c = 0; c < channels; ++c) {
        const ChannelConfig& ch = s.channels[at(c)];
        if (!realtime(ch.kind)) {
          FactorSearch& e = email[at(c)];
          if (!e.active) continue;
          const Sample x = email_sample(results, c);
          const bool ok = meets(ch.targets, x, options.confidence, false);
          all = all && ok;
          if (verify) {
            if (!ok) e.factor *= 1.1;  // a small raise; the search already bracketed it
          } else {
            e.observe(ok);
            e.next();
          }
          continue;
        }
        for (int key = 0; key < fold; ++key) {
          KeySearch& k = keys[at(c)][at(key)];
          if (!k.active) continue;
          const Sample x = key_sample(results, c, key, fold);
          const bool ok = meets(ch.targets, x, options.confidence, true);
          all = all && ok;
          if (verify) {
            if (!ok) ++k.delta;
          } else {
            k.observe(ok);
            k.next();
          }
        }
      }
      return all;
    };
    auto simulate_plan = [&](const std::vector<std::vector<int>>& req) {
      const Scenario staffed = with_on_duty(s, dist, allocate(dist, req));
      const std::function<ReplicationResult(int)> body = [&](int r) {
        return simulate_replication(staffed, plan.seed, r);
      };
      return run_replications(reps, options.threads, body);
    };
    const int budget = options.max_passes + options.repair_passes;
    int pass = 0;
    std::vector<std::vector<int>> searched;  // the requirement the last search pass simulated
    bool searched_ok = false;
    for (; pass < options.max_passes; ++pass) {
      searched = requirement();
      last = simulate_plan(searched);
      if (options.progress) options.progress(pass + 1, budget);
      searched_ok = judge(last, false);
      bool done = true;
      for (int c = 0; c < channels; ++c) {
        done = done && email[at(c)].converged();
        for (const KeySearch& k : keys[at(c)]) done = done && k.converged();
      }
      if (done) {
        ++pass;
        break;
      }
    }
    // Verification: the smallest adjustments seen to meet the targets, simulated together
    // (unless the last search pass simulated exactly them and they held).
    for (int c = 0; c < channels; ++c) {
      for (KeySearch& k : keys[at(c)])
        if (k.hi != KeySearch::kUnknownHigh) k.delta = k.hi;
      if (std::isfinite(email[at(c)].hi)) email[at(c)].factor = email[at(c)].hi;
    }
    final_req = requirement();
    if (!(searched_ok && final_req == searched)) {
      for (int repair = 0;; ++repair) {
        last = simulate_plan(final_req);
        ++pass;
        if (options.progress) options.progress(std::min(pass, budget), budget);
        if (repair >= options.repair_passes || judge(last, true)) break;
        final_req = requirement();
      }
    }
    plan.passes = pass;
  }

  // Per-channel figures and the last simulation's KPIs.
  for (int c = 0; c < channels; ++c) {
    ChannelStaffing cs;
    cs.name = s.channels[at(c)].name;
    cs.kind = s.channels[at(c)].kind;
    cs.analytic = analytic[at(c)];
    cs.agent_hours_analytic = hours(s, cs.analytic);
    if (options.simulate) {
      cs.simulated = final_req[at(c)];
      cs.agent_hours_simulated = hours(s, cs.simulated);
      std::vector<double> sl, asa, ab, occ;
      for (const ReplicationResult& r : last) {
        const ChannelKpis& k = r.channels[at(c)];
        sl.push_back(k.service_level());
        asa.push_back(k.asa_seconds());
        ab.push_back(k.abandon_rate());
        occ.push_back(k.occupancy());
      }
      cs.service_level = estimate_of(sl);
      cs.asa_seconds = estimate_of(asa);
      cs.abandon_rate = estimate_of(ab);
      cs.occupancy = estimate_of(occ);
    }
    plan.channels.push_back(std::move(cs));
  }
  // keys / keys_missed of the last simulation, judged like the search does.
  if (options.simulate) {
    const int fold = plan.fold_intervals;
    for (int c = 0; c < channels; ++c) {
      const ChannelConfig& ch = s.channels[at(c)];
      if (!has_targets(ch.targets)) continue;
      if (!realtime(ch.kind)) {
        const Sample x = email_sample(last, c);
        plan.channels[at(c)].keys = 1;
        plan.channels[at(c)].keys_missed = meets(ch.targets, x, options.confidence, false) ? 0 : 1;
        continue;
      }
      for (int key = 0; key < fold; ++key) {
        bool demand = false;
        const Sample x = key_sample(last, c, key, fold, &demand);
        if (!demand) continue;
        ++plan.channels[at(c)].keys;
        if (!meets(ch.targets, x, options.confidence, true)) ++plan.channels[at(c)].keys_missed;
      }
    }
  }

  // Site rows and step 3.
  const auto alloc_analytic = allocate(dist, analytic);
  const auto alloc_simulated =
      options.simulate ? allocate(dist, final_req) : std::vector<std::vector<std::vector<int>>>{};
  const int sites = static_cast<int>(s.sites.size());
  std::vector<std::vector<int>> site_analytic(at(sites), std::vector<int>(at(n), 0));
  std::vector<std::vector<int>> site_simulated = site_analytic;
  for (int i = 0; i < n; ++i) {
    for (int si = 0; si < sites; ++si) {
      for (int c = 0; c < channels; ++c) {
        const std::vector<GroupRef>& gs = dist.groups[at(c)];
        bool skilled = false;
        StaffingRow row;
        row.interval = i;
        row.start_seconds = i * s.interval_seconds;
        row.site = si;
        row.channel = c;
        int sim_agents = 0;
        for (Index g = 0; g < gs.size(); ++g) {
          if (gs[g].site != si) continue;
          skilled = true;
          row.agents_analytic += alloc_analytic[at(c)][at(i)][g];
          if (options.simulate) sim_agents += alloc_simulated[at(c)][at(i)][g];
        }
        if (!skilled) continue;
        if (options.simulate) row.agents_simulated = sim_agents;
        site_analytic[at(si)][at(i)] += row.agents_analytic;
        site_simulated[at(si)][at(i)] += sim_agents;
        plan.rows.push_back(row);
      }
    }
  }
  for (int si = 0; si < sites; ++si) {
    const SiteConfig& site = s.sites[at(si)];
    SiteStaffing st;
    st.name = site.name;
    st.headcount_available = site_headcount(site);
    st.shrinkage = site.shrinkage;
    st.agent_hours_analytic = hours(s, site_analytic[at(si)]);
    st.agent_hours_simulated = options.simulate ? hours(s, site_simulated[at(si)]) : 0.0;
    st.headcount_required_analytic =
        required_headcount(st.agent_hours_analytic, s.horizon_days, s.month_days, site.shrinkage,
                           s.staffing.paid_hours_per_month);
    st.headcount_required =
        options.simulate
            ? required_headcount(st.agent_hours_simulated, s.horizon_days, s.month_days,
                                 site.shrinkage, s.staffing.paid_hours_per_month)
            : st.headcount_required_analytic;
    st.surplus = st.headcount_available - st.headcount_required;
    plan.headcount_available += st.headcount_available;
    plan.headcount_required += st.headcount_required;
    plan.sites.push_back(std::move(st));
  }
  plan.surplus = plan.headcount_available - plan.headcount_required;
  return plan;
}

}  // namespace ccsim::models
