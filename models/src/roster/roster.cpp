// Rostering: the weekly integer program per site x group, its solution as simulator shifts,
// and the verify-and-repair loop. The method is documented in ccsim/models/roster.hpp.

#include "ccsim/models/roster.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <numeric>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "ccsim/models/demand.hpp"
#include "ccsim/models/simulation.hpp"
#include "ccsim/sim/replication.hpp"
#include "ccsim/sim/statistics.hpp"
#include "isolated.hpp"
#include "milp.hpp"

namespace ccsim::models {
namespace {

constexpr double kDay = 86400.0;
constexpr double kHour = 3600.0;
using Index = std::size_t;
Index at(int i) { return static_cast<Index>(i); }

const char* const kDayNames[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string hhmm(double seconds) {
  const long s = std::lround(std::fmod(std::fmod(seconds, kDay) + kDay, kDay));
  return fmt::format("{:02}:{:02}", s / 3600, (s / 60) % 60);
}

std::string group_path(const Scenario& s, int site, int group) {
  return fmt::format("sites.{}.groups.{}", s.sites[at(site)].name,
                     s.sites[at(site)].groups[at(group)].name);
}

bool has_targets(const Targets& t) {
  return t.service_level || t.asa_seconds || t.abandon_rate || t.max_occupancy;
}

/// The local week of one site: interval t = weekday x intervals_per_day + interval of the day.
struct Week {
  double interval = 1800;
  int per_day = 48;
  int size = 336;
  int offset = 0;  ///< site UTC offset in intervals
  int start_weekday = 0;

  /// Local interval of the week of counted interval i (UTC).
  int key(int i) const {
    const int local = i + offset + start_weekday * per_day;
    return ((local % size) + size) % size;
  }
  /// Adds x times the share of each interval that [a, b) (seconds of the week, may wrap)
  /// covers to `out`.
  void spread(double a, double b, double x, std::vector<double>& out) const {
    if (!(b > a)) return;
    const auto first = static_cast<long>(std::floor(a / interval));
    const auto last = static_cast<long>(std::ceil(b / interval));
    for (long k = first; k < last; ++k) {
      const double lo = std::max(a, static_cast<double>(k) * interval);
      const double hi = std::min(b, static_cast<double>(k + 1) * interval);
      if (hi <= lo) continue;
      const long t = ((k % size) + size) % size;
      out[static_cast<Index>(t)] += x * (hi - lo) / interval;
    }
  }
};

Week week_of(const Scenario& s, int site) {
  Week w;
  w.interval = s.interval_seconds;
  w.per_day = s.intervals_per_day();
  w.size = 7 * w.per_day;
  w.start_weekday = s.start_weekday;
  const double off = s.sites[at(site)].utc_offset_hours * kHour / s.interval_seconds;
  if (std::abs(off - std::round(off)) > 1e-9)
    throw RosterError(fmt::format("sites.{}.utc_offset", s.sites[at(site)].name),
                      fmt::format("sites.{}.utc_offset: the roster needs a UTC offset that is a "
                                  "whole number of {}-minute intervals",
                                  s.sites[at(site)].name, s.interval_seconds / 60));
  w.offset = static_cast<int>(std::lround(off));
  return w;
}

/// Weekday masks of a template's days-off rule (bit d = works weekday d, Monday = 0).
std::vector<unsigned> patterns(const DaysOffRule& r) {
  std::vector<unsigned> out;
  for (unsigned m = 1; m < 128; ++m) {
    if (std::popcount(m) != r.work_days) continue;
    const unsigned off = ~m & 127u;
    if (r.consecutive_off && off != 0) {
      // One block on the cyclic week: exactly one day off whose predecessor works.
      int starts = 0;
      for (int d = 0; d < 7; ++d)
        if ((off >> d & 1u) && !(off >> ((d + 6) % 7) & 1u)) ++starts;
      if (starts != 1) continue;
    }
    const int weekend_off = static_cast<int>((off >> 5 & 1u) + (off >> 6 & 1u));
    if (r.weekend == DaysOffRule::Weekend::one_off && weekend_off < 1) continue;
    if (r.weekend == DaysOffRule::Weekend::both_off && weekend_off < 2) continue;
    out.push_back(m);
  }
  return out;
}

/// Allowed starts (offsets after the shift start) of one break rule.
std::vector<double> break_starts(const BreakRule& b) {
  std::vector<double> out;
  for (double x = b.earliest_seconds; x <= b.latest_seconds + 1e-6; x += b.step_seconds)
    out.push_back(x);
  return out;
}

/// One daily shift a template allows.
struct ShiftKind {
  int tmpl = 0;
  double start = 0, length = 0;
  double paid_hours = 0;
};

/// The integer program of one group, as columns of a shared Milp.
struct GroupModel {
  int site = 0, group = 0;
  std::string path;  ///< of its rules
  RosterRules rules;
  Week week;
  std::vector<int> required_week;  ///< r_t
  std::vector<ShiftKind> shifts;
  std::vector<std::vector<unsigned>> masks;  ///< per template
  // Columns.
  std::vector<std::vector<int>> x;    ///< [shift][pattern] -> column
  std::vector<std::array<int, 7>> w;  ///< [shift][day] -> column or -1
  /// [shift][day][break rule] -> first column of its starts (-1: a single start, fixed).
  std::vector<std::array<std::vector<int>, 7>> b;
  /// Sparse coverage: [shift][day] -> (t, share worked by one agent of W_{s,d}), and per break
  /// column (t, share on break). Used by the rounding heuristic.
  std::vector<std::array<std::vector<std::pair<int, double>>, 7>> cover_w;
  std::map<int, std::vector<std::pair<int, double>>> cover_b;
  std::vector<int> slack;  ///< [t] -> shortfall column (stage 2) or -1
  // Deferred (email) work, roster.hpp: capacity e_t and backlog B_t columns.
  bool deferred = false;
  std::vector<double> work_week;  ///< w_t, agent-intervals arriving in interval t of the week
  int deadline = 0;               ///< D: work arriving in t is done by the end of t + D
  double window_seconds = 0;
  std::vector<int> capacity;  ///< [t] -> e_t column, or -1 where no shift works
  std::vector<int> backlog;   ///< [t] -> B_t column
};

/// Fluid FIFO backlog at the end of each interval of the cyclic week for arrivals `work` and
/// capacity `cap` (>= 0): the steady state max_a sum_{s=a..t} (w_s - c_s), from two laps of
/// the recursion B_t = max(0, B_{t-1} + w_t - c_t) started empty (exact when weekly capacity
/// >= weekly work; otherwise the backlog of the second week).
std::vector<double> fluid_backlog(const std::vector<double>& work, const std::vector<double>& cap) {
  const Index n = work.size();
  std::vector<double> b(n, 0.0);
  double level = 0;
  for (int lap = 0; lap < 2; ++lap)
    for (Index t = 0; t < n; ++t) {
      level = std::max(0.0, level + work[t] - cap[t]);
      b[t] = level;
    }
  return b;
}

double cost_per_hour(const Scenario& s, int site) {
  const auto& r = s.sites[at(site)].roster;
  return r && r->cost_per_hour ? *r->cost_per_hour : 1.0;
}

/// Builds a group's columns and rows into `milp`; returns false when it has no requirement.
/// `integer_breaks` false: the break counts are continuous (stage 1 of the two-stage solve).
/// `slack_cost` > 0: every coverage row gets a shortfall column of that cost (stage 2).
void build_group(roster::Milp& milp, GroupModel& g, const Scenario& s, bool integer_breaks,
                 double slack_cost) {
  const double cph = cost_per_hour(s, g.site);
  const auto& tmpls = g.rules.templates;
  for (int ti = 0; ti < static_cast<int>(tmpls.size()); ++ti) {
    const ShiftTemplate& t = tmpls[at(ti)];
    g.masks.push_back(patterns(t.days));
    double span = t.start_latest_seconds - t.start_earliest_seconds;
    if (span < 0) span += kDay;
    for (double len : t.lengths_seconds) {
      double unpaid = 0;
      for (const BreakRule& br : t.breaks)
        if (!br.paid) unpaid += br.length_seconds;
      for (double o = 0; o <= span + 1e-6; o += t.start_step_seconds)
        g.shifts.push_back(ShiftKind{ti, std::fmod(t.start_earliest_seconds + o, kDay), len,
                                     (len - unpaid) / kHour});
    }
  }
  const int n_t = g.week.size;
  // Coverage rows are collected per interval, then added.
  std::vector<std::vector<int>> row_cols(at(n_t));
  std::vector<std::vector<double>> row_coef(at(n_t));
  std::vector<double> cover(at(n_t));
  // Rows: every interval with seats required; every interval a shift works for deferred work.
  auto add_cover = [&](int col, const std::vector<double>& c, double sign) {
    for (int t = 0; t < n_t; ++t)
      if (c[at(t)] != 0.0 && (g.required_week[at(t)] > 0 || g.deferred)) {
        row_cols[at(t)].push_back(col);
        row_coef[at(t)].push_back(sign * c[at(t)]);
      }
  };
  std::vector<bool> reachable(at(n_t), false);
  auto sparse = [&](const std::vector<double>& c) {
    std::vector<std::pair<int, double>> out;
    for (int t = 0; t < n_t; ++t)
      if (std::abs(c[at(t)]) > 1e-12) out.emplace_back(t, c[at(t)]);
    return out;
  };
  g.cover_w.resize(g.shifts.size());
  g.x.resize(g.shifts.size());
  g.w.resize(g.shifts.size());
  g.b.resize(g.shifts.size());
  for (Index si = 0; si < g.shifts.size(); ++si) {
    const ShiftKind& sk = g.shifts[si];
    const ShiftTemplate& t = tmpls[at(sk.tmpl)];
    const std::vector<unsigned>& ms = g.masks[at(sk.tmpl)];
    for (unsigned m : ms)
      g.x[si].push_back(
          milp.add_column(cph * sk.paid_hours * std::popcount(m), 0, roster::kInfinity, true));
    for (int d = 0; d < 7; ++d) {
      g.w[si][at(d)] = -1;
      std::vector<int> cols;
      std::vector<double> coefs;
      for (Index p = 0; p < ms.size(); ++p)
        if (ms[p] >> d & 1u) cols.push_back(g.x[si][p]), coefs.push_back(-1.0);
      if (cols.empty()) continue;
      const int wc = milp.add_column(0, 0, roster::kInfinity, false);
      g.w[si][at(d)] = wc;
      cols.push_back(wc);
      coefs.push_back(1.0);
      milp.add_row(cols, coefs, 0, 0);
      // Whole shift, minus the breaks that have a single allowed start.
      const double a = d * kDay + sk.start;
      std::fill(cover.begin(), cover.end(), 0.0);
      g.week.spread(a, a + sk.length, 1.0, cover);
      for (const BreakRule& br : t.breaks) {
        const std::vector<double> starts = break_starts(br);
        if (starts.size() == 1)
          g.week.spread(a + starts[0], a + starts[0] + br.length_seconds, -1.0, cover);
      }
      for (int k = 0; k < n_t; ++k)
        if (cover[at(k)] > 1e-12) reachable[at(k)] = true;
      add_cover(wc, cover, 1.0);
      g.cover_w[si][at(d)] = sparse(cover);
      // Break placements.
      g.b[si][at(d)].assign(t.breaks.size(), -1);
      for (Index k = 0; k < t.breaks.size(); ++k) {
        const BreakRule& br = t.breaks[k];
        const std::vector<double> starts = break_starts(br);
        if (starts.size() == 1) continue;
        std::vector<int> bcols;
        std::vector<double> bcoef;
        for (Index j = 0; j < starts.size(); ++j) {
          const int c = milp.add_column(0, 0, roster::kInfinity, integer_breaks);
          if (j == 0) g.b[si][at(d)][k] = c;
          std::fill(cover.begin(), cover.end(), 0.0);
          g.week.spread(a + starts[j], a + starts[j] + br.length_seconds, 1.0, cover);
          add_cover(c, cover, -1.0);
          g.cover_b[c] = sparse(cover);
          bcols.push_back(c);
          bcoef.push_back(1.0);
        }
        bcols.push_back(wc);
        bcoef.push_back(-1.0);
        milp.add_row(bcols, bcoef, 0, 0);
      }
    }
  }
  // Every interval with demand must be coverable.
  for (int t = 0; t < n_t; ++t)
    if (g.required_week[at(t)] > 0 && !reachable[at(t)])
      throw RosterError(g.path,
                        fmt::format("{}: no shift of the templates covers {} {} local "
                                    "time, where {} needs {} agents",
                                    g.path, kDayNames[t / g.week.per_day],
                                    hhmm((t % g.week.per_day) * g.week.interval),
                                    group_path(s, g.site, g.group), g.required_week[at(t)]));
  // Deferred work: every arrival needs a worked interval within its window.
  g.capacity.assign(at(n_t), -1);
  g.backlog.assign(at(n_t), -1);
  if (g.deferred) {
    const int per_day = g.week.per_day;
    for (int t = 0; t < n_t; ++t) {
      if (!(g.work_week[at(t)] > 0)) continue;
      bool served = false;
      for (int k = 0; k <= g.deadline && !served; ++k) served = reachable[at((t + k) % n_t)];
      if (!served)
        throw RosterError(
            g.path, fmt::format("{}: no shift of the templates works in the {:g} h after {} {} "
                                "local time, where {} has email work that must be done within "
                                "{:g} h (sl_seconds)",
                                g.path, (g.deadline + 1) * g.week.interval / kHour,
                                kDayNames[t / per_day], hhmm((t % per_day) * g.week.interval),
                                group_path(s, g.site, g.group), g.window_seconds / kHour));
    }
    for (int t = 0; t < n_t; ++t) {
      if (reachable[at(t)]) g.capacity[at(t)] = milp.add_column(0, 0, roster::kInfinity, false);
      g.backlog[at(t)] = milp.add_column(0, 0, roster::kInfinity, false);
    }
    for (int t = 0; t < n_t; ++t) {
      // B_t - B_{t-1} + e_t >= w_t.
      std::vector<int> cols = {g.backlog[at(t)], g.backlog[at((t + n_t - 1) % n_t)]};
      std::vector<double> coefs = {1.0, -1.0};
      if (g.capacity[at(t)] >= 0) cols.push_back(g.capacity[at(t)]), coefs.push_back(1.0);
      milp.add_row(cols, coefs, g.work_week[at(t)], roster::kInfinity);
      // sum_{s=t+1..t+D} e_s - B_t >= 0.
      cols = {g.backlog[at(t)]};
      coefs = {-1.0};
      for (int k = 1; k <= g.deadline; ++k)
        if (const int e = g.capacity[at((t + k) % n_t)]; e >= 0)
          cols.push_back(e), coefs.push_back(1.0);
      milp.add_row(cols, coefs, 0, roster::kInfinity);
    }
  }
  g.slack.assign(at(n_t), -1);
  for (int t = 0; t < n_t; ++t)
    if (g.required_week[at(t)] > 0 || g.capacity[at(t)] >= 0) {
      if (g.capacity[at(t)] >= 0) {  // coverage - e_t >= r_t
        row_cols[at(t)].push_back(g.capacity[at(t)]);
        row_coef[at(t)].push_back(-1.0);
      }
      if (slack_cost > 0) {
        g.slack[at(t)] = milp.add_column(slack_cost, 0, roster::kInfinity, false);
        row_cols[at(t)].push_back(g.slack[at(t)]);
        row_coef[at(t)].push_back(1.0);
      }
      milp.add_row(row_cols[at(t)], row_coef[at(t)], g.required_week[at(t)], roster::kInfinity);
    }
  // Agents per start (all lengths and patterns of a template's start time).
  for (int ti = 0; ti < static_cast<int>(tmpls.size()); ++ti) {
    if (!tmpls[at(ti)].max_per_start) continue;
    std::map<long, std::vector<int>> by_start;
    for (Index si = 0; si < g.shifts.size(); ++si)
      if (g.shifts[si].tmpl == ti)
        for (int c : g.x[si]) by_start[std::lround(g.shifts[si].start)].push_back(c);
    for (const auto& [st, cols] : by_start)
      milp.add_row(cols, std::vector<double>(cols.size(), 1.0), -roster::kInfinity,
                   *tmpls[at(ti)].max_per_start);
  }
  // Part-time share: (1 - share) x part-time tours - share x full-time tours <= 0.
  if (g.rules.max_part_time_share) {
    const double share = *g.rules.max_part_time_share;
    std::vector<int> cols;
    std::vector<double> coefs;
    for (Index si = 0; si < g.shifts.size(); ++si) {
      const bool pt = tmpls[at(g.shifts[si].tmpl)].part_time;
      for (int c : g.x[si]) cols.push_back(c), coefs.push_back(pt ? 1.0 - share : -share);
    }
    milp.add_row(cols, coefs, -roster::kInfinity, 0);
  }
}

/// A feasible first solution from the linear relaxation (continuous break counts): tours
/// rounded up, and each day's break counts scaled by the same factor as its working agents.
/// Feasible because an agent is never more on break than at work in any interval, so scaling
/// (W, b) of a shift-day up never lowers its coverage. Caps are not looked at (CBC drops a
/// start that breaks one).
std::vector<double> rounded_up(const std::vector<GroupModel*>& unit,
                               const std::vector<double>& lp) {
  std::vector<double> x(lp.size(), 0.0);
  for (GroupModel* gp : unit) {
    GroupModel& g = *gp;
    const auto& tmpls = g.rules.templates;
    // Per shift-day, the relaxation's coverage per working agent (breaks as it placed them).
    const Index ns = g.shifts.size();
    std::vector<std::array<std::vector<std::pair<int, double>>, 7>> per_agent(ns);
    for (Index si = 0; si < ns; ++si) {
      const ShiftTemplate& t = tmpls[at(g.shifts[si].tmpl)];
      for (int d = 0; d < 7; ++d) {
        const int wc = g.w[si][at(d)];
        if (wc < 0) continue;
        const double w = lp[at(wc)];
        std::map<int, double> c;
        for (const auto& [tt, v] : g.cover_w[si][at(d)]) c[tt] += v;
        for (Index k = 0; k < t.breaks.size(); ++k) {
          const int first = g.b[si][at(d)][k];
          if (first < 0) continue;
          const int m = static_cast<int>(break_starts(t.breaks[k]).size());
          for (int j = 0; j < m; ++j) {
            // Without relaxation agents here, breaks at the first start.
            const double share =
                w > 1e-9 ? std::max(0.0, lp[at(first + j)]) / w : (j == 0 ? 1.0 : 0.0);
            for (const auto& [tt, v] : g.cover_b[first + j]) c[tt] -= share * v;
          }
        }
        for (const auto& [tt, v] : c) per_agent[si][at(d)].emplace_back(tt, v);
      }
    }
    std::vector<double> cov(at(g.week.size), 0.0);
    std::vector<std::array<double, 7>> working(ns, std::array<double, 7>{});
    auto add = [&](Index si, Index p, double n) {
      x[at(g.x[si][p])] += n;
      const unsigned mask = g.masks[at(g.shifts[si].tmpl)][p];
      for (int d = 0; d < 7; ++d)
        if (mask >> d & 1u) {
          working[si][at(d)] += n;
          for (const auto& [tt, v] : per_agent[si][at(d)]) cov[at(tt)] += n * v;
        }
    };
    struct Candidate {
      double frac;
      Index si, p;
    };
    std::vector<Candidate> cands;
    for (Index si = 0; si < ns; ++si)
      for (Index p = 0; p < g.x[si].size(); ++p) {
        const double v = lp[at(g.x[si][p])];
        const double whole = std::floor(v + 1e-6);
        if (whole > 0) add(si, p, whole);
        if (v - whole > 1e-6) cands.push_back({v - whole, si, p});
      }
    std::stable_sort(cands.begin(), cands.end(),
                     [](const Candidate& a, const Candidate& b) { return a.frac > b.frac; });
    auto short_at = [&](int t) { return g.required_week[at(t)] - cov[at(t)] > 1e-7; };
    auto helps = [&](Index si, Index p) {
      const unsigned mask = g.masks[at(g.shifts[si].tmpl)][p];
      for (int d = 0; d < 7; ++d)
        if (mask >> d & 1u)
          for (const auto& [tt, v] : per_agent[si][at(d)])
            if (v > 1e-9 && short_at(tt)) return true;
      return false;
    };
    // Round up, most fractional first, only where it still helps; then anything that helps.
    // Deferred work: every fractional tour (coverage then stays at least the relaxation's in
    // every interval, so its capacity and backlog stay feasible).
    for (const Candidate& c : cands)
      if (g.deferred || helps(c.si, c.p)) add(c.si, c.p, 1);
    for (int guard = 0; guard < 100000; ++guard) {
      bool any_short = false;
      for (int t = 0; t < g.week.size && !any_short; ++t) any_short = short_at(t);
      if (!any_short) break;
      bool added = false;
      for (const Candidate& c : cands)
        if (helps(c.si, c.p)) {
          add(c.si, c.p, 1);
          added = true;
          break;
        }
      if (!added) break;
    }
    // Reverse delete: rounding up leaves tours that other rounded-up tours make redundant.
    // Take them out again, the dearest first, while every interval stays covered (and the
    // part-time share, where capped, stays within its cap). Deferred work keeps every tour
    // (its capacity and backlog follow the relaxation's coverage).
    if (!g.deferred) {
      struct Held {
        double hours;
        Index si, p;
      };
      std::vector<Held> held;
      double part = 0, full = 0;
      for (Index si = 0; si < ns; ++si)
        for (Index p = 0; p < g.x[si].size(); ++p) {
          const double n = x[at(g.x[si][p])];
          if (n < 0.5) continue;
          const unsigned mask = g.masks[at(g.shifts[si].tmpl)][p];
          held.push_back({g.shifts[si].paid_hours * std::popcount(mask), si, p});
          (tmpls[at(g.shifts[si].tmpl)].part_time ? part : full) += n;
        }
      std::stable_sort(held.begin(), held.end(),
                       [](const Held& a, const Held& b) { return a.hours > b.hours; });
      const auto cap = g.rules.max_part_time_share;
      for (bool changed = true; changed;) {
        changed = false;
        for (const Held& h : held) {
          const bool pt = tmpls[at(g.shifts[h.si].tmpl)].part_time;
          while (x[at(g.x[h.si][h.p])] > 0.5) {
            if (!pt && cap && (1.0 - *cap) * part - *cap * (full - 1) > 1e-9) break;
            add(h.si, h.p, -1);
            if (helps(h.si, h.p)) {  // the removal left an interval short
              add(h.si, h.p, 1);
              break;
            }
            (pt ? part : full) -= 1;
            changed = true;
          }
        }
      }
    }
    // W and the break counts that go with it.
    for (Index si = 0; si < ns; ++si) {
      const ShiftTemplate& t = tmpls[at(g.shifts[si].tmpl)];
      for (int d = 0; d < 7; ++d) {
        const int wc = g.w[si][at(d)];
        if (wc < 0) continue;
        const double w = lp[at(wc)];
        x[at(wc)] = working[si][at(d)];
        for (Index k = 0; k < t.breaks.size(); ++k) {
          const int first = g.b[si][at(d)][k];
          if (first < 0) continue;
          const int m = static_cast<int>(break_starts(t.breaks[k]).size());
          for (int j = 0; j < m; ++j)
            x[at(first + j)] = working[si][at(d)] * (w > 1e-9 ? std::max(0.0, lp[at(first + j)]) / w
                                                              : (j == 0 ? 1.0 : 0.0));
        }
      }
    }
    for (int t = 0; t < g.week.size; ++t) {
      if (g.capacity[at(t)] >= 0)
        x[at(g.capacity[at(t)])] = std::max(0.0, lp[at(g.capacity[at(t)])]);
      if (g.backlog[at(t)] >= 0) x[at(g.backlog[at(t)])] = std::max(0.0, lp[at(g.backlog[at(t)])]);
    }
  }
  return x;
}

/// Stage 2 start: the stage-1 break counts of each shift-day rounded to integers that add up
/// to its (integer) working agents, by largest remainders; shortfalls into the slack columns.
std::vector<double> rounded_breaks(const std::vector<GroupModel*>& unit,
                                   const std::vector<double>& x1, const roster::Milp& milp) {
  std::vector<double> x(at(milp.columns()), 0.0);
  for (GroupModel* gp : unit) {
    GroupModel& g = *gp;
    const auto& tmpls = g.rules.templates;
    std::vector<double> cov(at(g.week.size), 0.0);
    for (Index si = 0; si < g.shifts.size(); ++si) {
      for (int c : g.x[si]) x[at(c)] = x1[at(c)];
      for (int d = 0; d < 7; ++d) {
        const int wc = g.w[si][at(d)];
        if (wc < 0) continue;
        const int working = static_cast<int>(std::lround(x1[at(wc)]));
        x[at(wc)] = working;
        for (const auto& [t, c] : g.cover_w[si][at(d)]) cov[at(t)] += working * c;
        const ShiftTemplate& t = tmpls[at(g.shifts[si].tmpl)];
        for (Index k = 0; k < t.breaks.size(); ++k) {
          const int first = g.b[si][at(d)][k];
          if (first < 0) continue;
          const int m = static_cast<int>(break_starts(t.breaks[k]).size());
          double total = 0;
          for (int j = 0; j < m; ++j) total += std::max(0.0, x1[at(first + j)]);
          std::vector<std::pair<double, int>> rest;
          int given = 0;
          for (int j = 0; j < m; ++j) {
            const double quota =
                total > 0 ? working * std::max(0.0, x1[at(first + j)]) / total : 0.0;
            const int whole = static_cast<int>(std::floor(quota + 1e-9));
            x[at(first + j)] = whole;
            given += whole;
            rest.emplace_back(quota - whole, j);
          }
          std::stable_sort(rest.begin(), rest.end(),
                           [](const auto& a, const auto& b) { return a.first > b.first; });
          for (Index r = 0; given < working; r = (r + 1) % rest.size(), ++given)
            x[at(first + rest[r].second)] += 1;
          for (int j = 0; j < m; ++j)
            for (const auto& [tt, c] : g.cover_b[first + j]) cov[at(tt)] -= x[at(first + j)] * c;
        }
      }
    }
    for (int t = 0; t < g.week.size; ++t) {
      double need = g.required_week[at(t)];
      if (const int e = g.capacity[at(t)]; e >= 0) need += x[at(e)] = x1[at(e)];
      if (const int b = g.backlog[at(t)]; b >= 0) x[at(b)] = x1[at(b)];
      if (g.slack[at(t)] >= 0) x[at(g.slack[at(t)])] = std::max(0.0, need - cov[at(t)]);
    }
  }
  return x;
}

/// A group's solved program: tours and shift entries.
void extract(const GroupModel& g, const std::vector<double>& x, const Scenario& s,
             RosterPlan& plan) {
  const auto& tmpls = g.rules.templates;
  auto val = [&](int c) { return static_cast<int>(std::lround(x[at(c)])); };
  for (Index si = 0; si < g.shifts.size(); ++si) {
    const ShiftKind& sk = g.shifts[si];
    const ShiftTemplate& t = tmpls[at(sk.tmpl)];
    for (Index p = 0; p < g.x[si].size(); ++p) {
      const int n = val(g.x[si][p]);
      if (n <= 0) continue;
      RosterTour tour;
      tour.site = g.site;
      tour.group = g.group;
      tour.template_name = t.name;
      tour.start_seconds = sk.start;
      tour.length_seconds = sk.length;
      for (int d = 0; d < 7; ++d) tour.days[at(d)] = (g.masks[at(sk.tmpl)][p] >> d & 1u) != 0;
      tour.agents = n;
      tour.part_time = t.part_time;
      plan.tours.push_back(tour);
    }
  }
  // Shift entries: per shift and day, the agents' break starts paired in ascending order
  // (break windows are ordered and disjoint, so every agent's breaks are too).
  struct Entry {
    int tmpl;
    double start, length;
    std::vector<double> offsets;
    std::array<int, 7> agents{};
  };
  std::vector<Entry> entries;
  std::map<std::tuple<int, long, long, std::vector<long>>, Index> index;
  for (Index si = 0; si < g.shifts.size(); ++si) {
    const ShiftKind& sk = g.shifts[si];
    const ShiftTemplate& t = tmpls[at(sk.tmpl)];
    for (int d = 0; d < 7; ++d) {
      if (g.w[si][at(d)] < 0) continue;
      int working = 0;
      for (Index p = 0; p < g.x[si].size(); ++p)
        if (g.masks[at(sk.tmpl)][p] >> d & 1u) working += val(g.x[si][p]);
      if (working <= 0) continue;
      // Per break rule, each agent's start in ascending order.
      std::vector<std::vector<double>> per_agent(t.breaks.size());
      for (Index k = 0; k < t.breaks.size(); ++k) {
        const std::vector<double> starts = break_starts(t.breaks[k]);
        const int first = g.b[si][at(d)][k];
        if (first < 0) {
          per_agent[k].assign(at(working), starts[0]);
          continue;
        }
        for (Index j = 0; j < starts.size(); ++j)
          for (int a = 0; a < val(first + static_cast<int>(j)); ++a)
            per_agent[k].push_back(starts[j]);
        // The program's counts add up to the working agents; guard against rounding dust.
        per_agent[k].resize(at(working), starts.back());
      }
      std::map<std::vector<double>, int> combos;
      std::vector<std::vector<double>> order;
      for (int a = 0; a < working; ++a) {
        std::vector<double> combo;
        for (Index k = 0; k < t.breaks.size(); ++k) combo.push_back(per_agent[k][at(a)]);
        if (combos[combo]++ == 0) order.push_back(combo);
      }
      for (const auto& combo : order) {
        std::vector<long> key_off;
        for (double o : combo) key_off.push_back(std::lround(o));
        const auto key =
            std::make_tuple(sk.tmpl, std::lround(sk.start), std::lround(sk.length), key_off);
        auto it = index.find(key);
        if (it == index.end()) {
          it = index.emplace(key, entries.size()).first;
          entries.push_back(Entry{sk.tmpl, sk.start, sk.length, combo, {}});
        }
        entries[it->second].agents[at(d)] += combos[combo];
      }
    }
  }
  // One simulator shift per entry and agent count (days with the same count share it).
  for (const Entry& e : entries) {
    std::vector<int> counts;
    for (int d = 0; d < 7; ++d)
      if (e.agents[at(d)] > 0 &&
          std::find(counts.begin(), counts.end(), e.agents[at(d)]) == counts.end())
        counts.push_back(e.agents[at(d)]);
    for (int n : counts) {
      RosterShift rs;
      rs.site = g.site;
      rs.group = g.group;
      rs.template_name = tmpls[at(e.tmpl)].name;
      rs.shift.start_seconds = e.start;
      rs.shift.length_seconds = e.length;
      rs.shift.agents = n;
      for (int d = 0; d < 7; ++d) rs.shift.days[at(d)] = e.agents[at(d)] == n;
      const ShiftTemplate& t = tmpls[at(e.tmpl)];
      for (Index k = 0; k < e.offsets.size(); ++k)
        rs.shift.breaks.push_back(Break{e.offsets[k], t.breaks[k].length_seconds});
      const long minutes = std::lround(e.length / 60);
      std::string name =
          fmt::format("{}_{}_{}h{}", rs.template_name, hhmm(e.start).replace(2, 1, ""),
                      minutes / 60, minutes % 60 ? fmt::format("{:02}", minutes % 60) : "");
      for (const Break& br : rs.shift.breaks)
        name += "_b" + hhmm(e.start + br.offset_seconds).replace(2, 1, "");
      if (counts.size() > 1 || std::count(rs.shift.days.begin(), rs.shift.days.end(), true) < 7) {
        name += "_";
        for (int d = 0; d < 7; ++d)
          if (rs.shift.days[at(d)]) name += std::string(kDayNames[d]).substr(0, 2);
      }
      rs.shift.name = name;
      plan.shifts.push_back(std::move(rs));
    }
  }
  (void)s;
}

/// Coverage of a group by the plan's shifts, per interval of its local week.
void week_coverage(const RosterPlan& plan, int site, int group, const Week& wk,
                   std::vector<double>& productive, std::vector<double>& on_break,
                   std::vector<double>& paid, const Scenario& s) {
  productive.assign(at(wk.size), 0.0);
  on_break.assign(at(wk.size), 0.0);
  paid.assign(at(wk.size), 0.0);
  const auto rules = roster_rules(s, site, group);
  for (const RosterShift& rs : plan.shifts) {
    if (rs.site != site || rs.group != group) continue;
    const Shift& sh = rs.shift;
    const ShiftTemplate* t = nullptr;
    if (rules)
      for (const ShiftTemplate& x : rules->rules.templates)
        if (x.name == rs.template_name) t = &x;
    for (int d = 0; d < 7; ++d) {
      if (!sh.days[at(d)]) continue;
      const double a = d * kDay + sh.start_seconds;
      wk.spread(a, a + sh.length_seconds, sh.agents, productive);
      wk.spread(a, a + sh.length_seconds, sh.agents, paid);
      for (Index k = 0; k < sh.breaks.size(); ++k) {
        const Break& br = sh.breaks[k];
        wk.spread(a + br.offset_seconds, a + br.offset_seconds + br.length_seconds, -sh.agents,
                  productive);
        wk.spread(a + br.offset_seconds, a + br.offset_seconds + br.length_seconds, sh.agents,
                  on_break);
        if (t && k < t->breaks.size() && !t->breaks[k].paid)
          wk.spread(a + br.offset_seconds, a + br.offset_seconds + br.length_seconds, -sh.agents,
                    paid);
      }
    }
  }
}

void summarise(const Scenario& s, const RequirementTable& req, RosterPlan& plan) {
  const int n = s.horizon_intervals();
  plan.coverage.clear();
  plan.sites.clear();
  plan.paid_hours = plan.cost = plan.lower_bound_paid_hours = 0;
  for (int si = 0; si < static_cast<int>(s.sites.size()); ++si) {
    const SiteConfig& site = s.sites[at(si)];
    const Week wk = week_of(s, si);
    RosterSite rsite;
    rsite.name = site.name;
    rsite.headcount_available = site.headcount;
    rsite.shrinkage = site.shrinkage;
    for (int gi = 0; gi < static_cast<int>(site.groups.size()); ++gi) {
      std::vector<double> prod, brk, paid;
      week_coverage(plan, si, gi, wk, prod, brk, paid, s);
      RosterCoverage cov;
      cov.site = si;
      cov.group = gi;
      const GroupRequirement& gr = req.at(si, gi);
      cov.required = gr.agents;
      if (!gr.deferred_work.empty()) {
        cov.deferred_work = gr.deferred_work;
        // On the week, as the program reads it: work and seats folded by their largest week.
        std::vector<double> work(at(wk.size), 0.0), cap(at(wk.size), 0.0);
        std::vector<int> seats(at(wk.size), 0);
        for (int i = 0; i < n; ++i) {
          const Index t = at(wk.key(i));
          work[t] = std::max(work[t], cov.deferred_work[at(i)]);
          seats[t] = std::max(seats[t], cov.required[at(i)]);
        }
        for (Index t = 0; t < cap.size(); ++t) cap[t] = std::max(0.0, prod[t] - seats[t]);
        const std::vector<double> backlog = fluid_backlog(work, cap);
        for (int i = 0; i < n; ++i) cov.backlog.push_back(backlog[at(wk.key(i))]);
        for (int i = 0; i < n; ++i)
          rsite.lower_bound_paid_hours += cov.deferred_work[at(i)] * s.interval_seconds / kHour;
      }
      for (int i = 0; i < n; ++i) {
        const double len =
            std::min(s.interval_seconds, s.horizon_days * kDay - i * s.interval_seconds);
        const int t = wk.key(i);
        cov.productive.push_back(prod[at(t)]);
        cov.on_break.push_back(brk[at(t)]);
        rsite.paid_hours += paid[at(t)] * len / kHour;
        rsite.lower_bound_paid_hours += cov.required[at(i)] * len / kHour;
      }
      plan.coverage.push_back(std::move(cov));
    }
    for (const RosterTour& t : plan.tours)
      if (t.site == si) rsite.tours += t.agents;
    rsite.headcount_required =
        static_cast<int>(std::ceil(rsite.tours / (1.0 - site.shrinkage) - 1e-9));
    if (rsite.headcount_available)
      rsite.surplus = *rsite.headcount_available - rsite.headcount_required;
    rsite.cost = rsite.paid_hours * cost_per_hour(s, si);
    plan.paid_hours += rsite.paid_hours;
    plan.cost += rsite.cost;
    plan.lower_bound_paid_hours += rsite.lower_bound_paid_hours;
    plan.sites.push_back(std::move(rsite));
  }
  plan.net = net_staffing(s, plan);
}

using Clock = std::chrono::steady_clock;

/// Programs with at most this many break columns are solved with integer break counts at once.
constexpr std::size_t kExactBreakColumns = 1500;
/// Stage 2's price of one agent-interval short (x is fixed there, so any positive price works).
constexpr double kShortfallCost = 1.0;

}  // namespace

GroupRequirement& RequirementTable::at(int site, int group) {
  for (GroupRequirement& g : groups)
    if (g.site == site && g.group == group) return g;
  throw std::out_of_range("RequirementTable: no such group");
}
const GroupRequirement& RequirementTable::at(int site, int group) const {
  for (const GroupRequirement& g : groups)
    if (g.site == site && g.group == group) return g;
  throw std::out_of_range("RequirementTable: no such group");
}

std::optional<EffectiveRules> roster_rules(const Scenario& s, int site, int group) {
  const SiteConfig& sc = s.sites.at(at(site));
  const AgentGroupConfig& g = sc.groups.at(at(group));
  EffectiveRules out;
  if (g.roster && !g.roster->templates.empty()) {
    out.rules = *g.roster;
    out.path = group_path(s, site, group) + ".roster";
  } else if (sc.roster && !sc.roster->templates.empty()) {
    out.rules = *sc.roster;
    out.path = fmt::format("sites.{}.roster", sc.name);
  } else {
    return std::nullopt;
  }
  if (!out.rules.max_part_time_share && sc.roster)
    out.rules.max_part_time_share = sc.roster->max_part_time_share;
  return out;
}

RequirementTable requirement_table(const Scenario& s, const StaffingPlan& plan) {
  RequirementTable table;
  const int n = s.horizon_intervals();
  for (int si = 0; si < static_cast<int>(s.sites.size()); ++si)
    for (int gi = 0; gi < static_cast<int>(s.sites[at(si)].groups.size()); ++gi)
      table.groups.push_back(GroupRequirement{si, gi, std::vector<int>(at(n), 0)});
  for (const StaffingRow& row : plan.rows) {
    const int agents = row.agents_simulated.value_or(row.agents_analytic);
    if (agents <= 0 || row.interval < 0 || row.interval >= n) continue;
    table.at(row.site, row.group).agents[at(row.interval)] += agents;
  }
  // Deferred work leaves the seat requirement: its window constraint replaces it.
  for (const GroupStaffing& gs : plan.groups) {
    if (gs.deferred_work.empty()) continue;
    GroupRequirement& gr = table.at(gs.site, gs.group);
    const std::vector<int>& seats = plan.simulated && !gs.deferred_seats_simulated.empty()
                                        ? gs.deferred_seats_simulated
                                        : gs.deferred_seats_analytic;
    for (int i = 0; i < n && i < static_cast<int>(seats.size()); ++i)
      gr.agents[at(i)] = std::max(0, gr.agents[at(i)] - seats[at(i)]);
    gr.deferred_work = gs.deferred_work;
    gr.deferred_work.resize(at(n), 0.0);
    gr.window_seconds = gs.deferred_window_seconds;
  }
  return table;
}

RosterPlan solve_roster(const Scenario& s, const RequirementTable& req,
                        const RosterOptions& options) {
  RosterPlan plan;
  plan.scenario = s.name;
  plan.seed = options.seed.value_or(s.seed);
  plan.interval_seconds = s.interval_seconds;
  plan.horizon_days = s.horizon_days;
  plan.passes = 1;
  const Clock::time_point began = Clock::now();
  // The groups to roster, in scenario order.
  std::vector<GroupModel> models;
  for (const GroupRequirement& gr : req.groups) {
    const bool deferred = std::any_of(gr.deferred_work.begin(), gr.deferred_work.end(),
                                      [](double w) { return w > 0; });
    const bool demand =
        deferred || std::any_of(gr.agents.begin(), gr.agents.end(), [](int a) { return a > 0; });
    if (!demand) continue;
    const auto rules = roster_rules(s, gr.site, gr.group);
    if (!rules)
      throw RosterError(group_path(s, gr.site, gr.group),
                        fmt::format("{}: has a requirement but no roster templates (add "
                                    "'roster: {{templates: ...}}' to the group or its site)",
                                    group_path(s, gr.site, gr.group)));
    GroupModel g;
    g.site = gr.site;
    g.group = gr.group;
    g.path = rules->path;
    g.rules = rules->rules;
    g.week = week_of(s, gr.site);
    g.required_week.assign(at(g.week.size), 0);
    for (int i = 0; i < static_cast<int>(gr.agents.size()); ++i) {
      int& r = g.required_week[at(g.week.key(i))];
      r = std::max(r, gr.agents[at(i)]);
    }
    if (deferred) {
      // The week's work: the largest of its weeks, interval by interval (monotone, so a roster
      // meeting it meets every week).
      g.deferred = true;
      g.window_seconds = gr.window_seconds;
      g.work_week.assign(at(g.week.size), 0.0);
      for (int i = 0; i < static_cast<int>(gr.deferred_work.size()); ++i) {
        double& w = g.work_week[at(g.week.key(i))];
        w = std::max(w, gr.deferred_work[at(i)]);
      }
      // Capped below a week: the deadline rows then hold every other interval once.
      const int window =
          static_cast<int>(std::floor(gr.window_seconds / s.interval_seconds + 1e-9));
      g.deadline = std::clamp(window - 1, 0, g.week.size - 1);
    }
    models.push_back(std::move(g));
  }
  // Solve units: one group each, or a whole site when its headcount cap binds.
  auto tours_cap = [&](int site) -> std::optional<int> {
    const SiteConfig& sc = s.sites[at(site)];
    if (!sc.headcount) return std::nullopt;
    return static_cast<int>(std::floor(*sc.headcount * (1.0 - sc.shrinkage) + 1e-9));
  };
  int solves_left = static_cast<int>(models.size());
  double objective = 0, bound = 0;
  auto clear = [](GroupModel* g) {
    g->shifts.clear();
    g->masks.clear();
    g->x.clear();
    g->w.clear();
    g->b.clear();
    g->cover_w.clear();
    g->cover_b.clear();
    g->slack.clear();
    g->capacity.clear();
    g->backlog.clear();
  };
  auto debug = [&](const char* what, const std::vector<GroupModel*>& unit, const roster::Milp& m,
                   Clock::time_point t0, const roster::Milp::Result& r) {
    if (std::getenv("CCSIM_ROSTER_DEBUG"))
      std::fprintf(stderr,
                   "roster %s: site %d group %d: %d cols %d rows, %.2f s, obj %.1f bound %.1f\n",
                   what, unit.front()->site, unit.front()->group, m.columns(), m.rows(),
                   std::chrono::duration<double>(Clock::now() - t0).count(), r.objective, r.bound);
  };
  auto time_left = [&](double share) {
    if (options.time_limit_seconds <= 0) return 0.0;
    const double used = std::chrono::duration<double>(Clock::now() - began).count();
    return std::max(0.5, share * (options.time_limit_seconds - used) / std::max(1, solves_left));
  };
  auto build_unit = [&](const std::vector<GroupModel*>& unit, roster::Milp& m, bool integer_breaks,
                        double slack_cost) {
    for (GroupModel* g : unit) {
      clear(g);
      build_group(m, *g, s, integer_breaks, slack_cost);
    }
  };
  // The first model of a unit; small programs are solved exactly (integer break counts), large
  // ones in two stages. Returns whether it is exact.
  auto first_model = [&](const std::vector<GroupModel*>& unit, roster::Milp& milp) {
    build_unit(unit, milp, false, 0);
    std::size_t break_columns = 0;
    for (GroupModel* g : unit) break_columns += g->cover_b.size();
    const bool exact = break_columns <= kExactBreakColumns;
    if (exact) {
      milp = roster::Milp();
      build_unit(unit, milp, true, 0);
    }
    return exact;
  };
  // The column maps of a unit's last model, as solve_unit leaves them (a solve in a child
  // process leaves them there): models are built deterministically, so building again is enough.
  auto restore_maps = [&](const std::vector<GroupModel*>& unit, const roster::Milp::Result& r) {
    roster::Milp milp;
    if (first_model(unit, milp) || r.x.empty()) return;
    roster::Milp m2;
    build_unit(unit, m2, true, kShortfallCost);
  };
  auto solve_unit =
      [&](std::vector<GroupModel*> unit,
          std::optional<int> cap) -> std::pair<roster::Milp::Result, std::vector<GroupModel*>> {
    const auto t0 = Clock::now();
    roster::Milp milp;
    const bool exact = first_model(unit, milp);
    if (cap) {
      std::vector<int> cols;
      for (GroupModel* g : unit)
        for (const auto& xs : g->x) cols.insert(cols.end(), xs.begin(), xs.end());
      milp.add_row(cols, std::vector<double>(cols.size(), 1.0), -roster::kInfinity, *cap);
    }
    const roster::Milp::Result lp = milp.solve_relaxation();
    if (lp.status == roster::Milp::Result::Status::infeasible) {
      --solves_left;
      return {lp, unit};
    }
    const std::vector<double> start = exact ? std::vector<double>{} : rounded_up(unit, lp.x);
    // Large programs: the search is restricted to the tours the relaxation uses (a restricted
    // master heuristic; the bound stays the full relaxation's). Rounding them up is feasible.
    if (!exact)
      for (GroupModel* g : unit)
        for (const auto& xs : g->x)
          for (int c : xs)
            if (lp.x[at(c)] < 1e-6) milp.fix(c, 0.0);
    roster::Milp::Result r = milp.solve(time_left(exact ? 1.0 : 0.7), options.mip_gap,
                                        exact ? nullptr : &start, options.max_nodes);
    if (!exact && milp.feasible(start) && (r.x.empty() || milp.cost(start) < r.objective)) {
      r.x = start;
      r.objective = milp.cost(start);
      r.status = roster::Milp::Result::Status::feasible;
    }
    if (!r.x.empty()) r.bound = std::min(r.objective, std::max(r.bound, lp.objective));
    debug(exact ? "exact" : "stage 1", unit, milp, t0, r);
    if (exact || r.x.empty()) {
      --solves_left;
      return {std::move(r), unit};
    }
    // Stage 2: tours fixed, integer break counts, shortfalls priced (none in nearly every case:
    // the rounded stage-1 breaks are the start).
    struct Values {
      std::vector<std::vector<double>> x;
      std::vector<std::array<double, 7>> w;
      std::vector<std::array<std::vector<std::vector<double>>, 7>> b;
      std::vector<double> capacity, backlog;  ///< deferred work, per interval of the week
    };
    std::vector<Values> vals(unit.size());
    for (Index u = 0; u < unit.size(); ++u) {
      const GroupModel& g = *unit[u];
      Values& v = vals[u];
      v.x.resize(g.shifts.size());
      v.w.resize(g.shifts.size());
      v.b.resize(g.shifts.size());
      for (Index si = 0; si < g.shifts.size(); ++si) {
        for (int c : g.x[si]) v.x[si].push_back(r.x[at(c)]);
        const ShiftTemplate& t = g.rules.templates[at(g.shifts[si].tmpl)];
        for (int d = 0; d < 7; ++d) {
          v.w[si][at(d)] = g.w[si][at(d)] >= 0 ? r.x[at(g.w[si][at(d)])] : 0.0;
          if (g.w[si][at(d)] < 0) continue;
          v.b[si][at(d)].resize(t.breaks.size());
          for (Index k = 0; k < t.breaks.size(); ++k) {
            const int first = g.b[si][at(d)][k];
            if (first < 0) continue;
            const int m = static_cast<int>(break_starts(t.breaks[k]).size());
            for (int j = 0; j < m; ++j) v.b[si][at(d)][k].push_back(r.x[at(first + j)]);
          }
        }
      }
      for (const int c : g.capacity) v.capacity.push_back(c >= 0 ? r.x[at(c)] : 0.0);
      for (const int c : g.backlog) v.backlog.push_back(c >= 0 ? r.x[at(c)] : 0.0);
    }
    const auto t1 = Clock::now();
    roster::Milp m2;
    build_unit(unit, m2, true, kShortfallCost);
    std::vector<double> x1(at(m2.columns()), 0.0);
    for (Index u = 0; u < unit.size(); ++u) {
      const GroupModel& g = *unit[u];
      for (Index si = 0; si < g.shifts.size(); ++si) {
        for (Index p = 0; p < g.x[si].size(); ++p) {
          x1[at(g.x[si][p])] = vals[u].x[si][p];
          m2.fix(g.x[si][p], vals[u].x[si][p]);
        }
        for (int d = 0; d < 7; ++d) {
          if (g.w[si][at(d)] < 0) continue;
          x1[at(g.w[si][at(d)])] = vals[u].w[si][at(d)];
          for (Index k = 0; k < vals[u].b[si][at(d)].size(); ++k) {
            const int first = g.b[si][at(d)][k];
            if (first < 0) continue;
            for (Index j = 0; j < vals[u].b[si][at(d)][k].size(); ++j)
              x1[at(first + static_cast<int>(j))] = vals[u].b[si][at(d)][k][j];
          }
        }
      }
      for (Index t = 0; t < g.capacity.size(); ++t) {
        if (g.capacity[t] >= 0) x1[at(g.capacity[t])] = vals[u].capacity[t];
        if (g.backlog[t] >= 0) x1[at(g.backlog[t])] = vals[u].backlog[t];
      }
    }
    const std::vector<double> start2 = rounded_breaks(unit, x1, m2);
    roster::Milp::Result r2 = m2.solve(time_left(0.3), 0, &start2, options.max_nodes);
    if (r2.x.empty() || m2.cost(start2) < r2.objective) r2.x = start2;
    debug("stage 2", unit, m2, t1, r2);
    double shortfall = 0;
    for (const GroupModel* g : unit)
      for (int c : g->slack)
        if (c >= 0) shortfall += r2.x[at(c)];
    r.x = std::move(r2.x);
    r.shortfall = shortfall;
    --solves_left;
    return {std::move(r), unit};
  };
  auto fail = [&](const GroupModel& g, const roster::Milp::Result& r, std::optional<int> cap) {
    if (r.status == roster::Milp::Result::Status::infeasible) {
      const SiteConfig& sc = s.sites[at(g.site)];
      if (cap)
        throw RosterError(fmt::format("sites.{}.headcount", sc.name),
                          fmt::format("sites.{}.headcount: {} people at {:g} % shrinkage allow at "
                                      "most {} tours, too few to cover the requirement of its "
                                      "groups with these templates",
                                      sc.name, *sc.headcount, sc.shrinkage * 100, *cap));
      throw RosterError(g.path, fmt::format("{}: no roster of these templates covers the "
                                            "requirement of {} within the caps "
                                            "(max_per_start, max_part_time_share)",
                                            g.path, group_path(s, g.site, g.group)));
    }
    throw RosterError(g.path, fmt::format("{}: the solver found no roster within the time "
                                          "limit; raise --time-limit",
                                          g.path));
  };
  // Every group alone first: independent programs, solved side by side in child processes
  // (roster/isolated.hpp) on `threads` workers. Each is deterministic (a node limit, one CBC
  // thread), so the roster does not depend on the number of workers.
  const int workers = sim::worker_count(options.threads);
  std::vector<GroupModel*> order;
  for (int si = 0; si < static_cast<int>(s.sites.size()); ++si)
    for (GroupModel& g : models)
      if (g.site == si) order.push_back(&g);
  // In child processes, the solves' bookkeeping (solves_left, column maps) stays there.
  const bool in_children = workers > 1 && order.size() > 1;
  std::vector<std::function<roster::Milp::Result()>> jobs;
  for (std::size_t k = 0; k < order.size(); ++k)
    jobs.push_back([&, k, g = order[k]] {
      // A time limit is shared out over the rounds still to come: with `workers` solves side
      // by side, job k and the ones after it run in ceil((n - k) / workers) rounds.
      if (in_children) {
        const int later = static_cast<int>(order.size() - k);
        solves_left = std::max(1, (later + workers - 1) / workers);
      }
      return solve_unit({g}, {}).first;
    });
  std::vector<roster::Milp::Result> alone_results =
      roster::run_isolated(jobs, in_children ? workers : 1);
  if (in_children) solves_left -= static_cast<int>(jobs.size());
  std::size_t next_alone = 0;
  std::vector<std::pair<roster::Milp::Result, std::vector<GroupModel*>>> solved;
  for (int si = 0; si < static_cast<int>(s.sites.size()); ++si) {
    std::vector<GroupModel*> site_models;
    for (GroupModel& g : models)
      if (g.site == si) site_models.push_back(&g);
    if (site_models.empty()) continue;
    std::vector<std::pair<roster::Milp::Result, std::vector<GroupModel*>>> alone;
    int tours = 0;
    for (GroupModel* g : site_models) {
      std::pair<roster::Milp::Result, std::vector<GroupModel*>> r{
          std::move(alone_results[next_alone++]), {g}};
      if (in_children) restore_maps(r.second, r.first);
      if (r.first.x.empty()) fail(*g, r.first, std::nullopt);
      for (const auto& xs : g->x)
        for (int c : xs) tours += static_cast<int>(std::lround(r.first.x[at(c)]));
      alone.push_back(std::move(r));
    }
    const auto cap = tours_cap(si);
    if (cap && tours > *cap) {
      // Solve the site's groups together under the cap (fresh column maps).
      ++solves_left;
      auto r = solve_unit(site_models, cap);
      if (r.first.x.empty()) fail(*site_models.front(), r.first, cap);
      solved.push_back(std::move(r));
    } else {
      for (auto& r : alone) solved.push_back(std::move(r));
    }
  }
  for (const auto& [r, unit] : solved) {
    for (const GroupModel* g : unit) extract(*g, r.x, s, plan);
    objective += r.objective;
    bound += r.bound;
    plan.optimal = plan.optimal && r.status == roster::Milp::Result::Status::optimal;
    plan.shortfall_agent_intervals += r.shortfall;
  }
  plan.time_limited = options.time_limit_seconds > 0 && !plan.optimal;
  plan.node_limited = options.max_nodes > 0 && !plan.optimal;
  plan.objective = objective;
  plan.lp_bound = bound;
  plan.gap = objective > 0 ? std::max(0.0, (objective - bound) / objective) : 0.0;
  summarise(s, req, plan);
  return plan;
}

Scenario apply_roster(const Scenario& s, const RosterPlan& plan) {
  Scenario out = s;
  for (int si = 0; si < static_cast<int>(out.sites.size()); ++si)
    for (int gi = 0; gi < static_cast<int>(out.sites[at(si)].groups.size()); ++gi) {
      AgentGroupConfig& g = out.sites[at(si)].groups[at(gi)];
      if (!roster_rules(s, si, gi)) continue;  // not rostered: keeps its supply
      g.agents = 0;
      g.on_duty.clear();
      g.shifts.clear();
      for (const RosterShift& rs : plan.shifts)
        if (rs.site == si && rs.group == gi) g.shifts.push_back(rs.shift);
    }
  return out;
}

namespace {

/// Pooled KPIs of real-time channel c over the intervals i = key (mod fold).
struct Pool {
  double offered = 0, answered = 0, abandoned = 0, within = 0, wait = 0, busy = 0, staffed = 0;
  void add(const IntervalKpis& k) {
    add_contacts(k);
    busy += k.busy_seconds;
    staffed += k.staffed_seconds;
  }
  // A site's home contacts (no busy or staffed time: an occupancy target always passes here).
  void add(const SiteIntervalKpis& k) { add_contacts(k); }
  // The contact counts both kinds of row have.
  template <class Row>
  void add_contacts(const Row& k) {
    offered += k.offered;
    answered += k.answered;
    abandoned += k.abandoned;
    within += k.answered_within_sl;
    wait += k.wait_sum_answered;
  }
  double sl() const { return offered > 0 ? within / offered : 1.0; }
  double asa() const { return answered > 0 ? wait / answered : (offered > 0 ? 1e9 : 0.0); }
  double abandon() const { return offered > 0 ? abandoned / offered : 0.0; }
  double occupancy() const { return staffed > 0 ? busy / staffed : 0.0; }
  bool meets(const Targets& t) const {
    if (offered <= 0) return true;
    if (t.service_level && sl() < *t.service_level) return false;
    if (t.asa_seconds && asa() > *t.asa_seconds) return false;
    if (t.abandon_rate && abandon() > *t.abandon_rate) return false;
    if (t.max_occupancy && occupancy() > *t.max_occupancy) return false;
    return true;
  }
};

Estimate estimate_of(const std::vector<double>& v) {
  if (v.empty()) return {};
  const sim::ConfidenceInterval ci = sim::student_t_interval(std::span<const double>(v));
  return Estimate{ci.mean, ci.lower, ci.upper};
}

}  // namespace

RosterPlan plan_roster(const Scenario& s, const RosterOptions& options) {
  {
    const std::vector<Problem> problems = validate(s);
    if (!problems.empty()) {
      std::string msg = "invalid scenario";
      for (const Problem& p : problems) msg += "\n  " + p.path + ": " + p.message;
      throw std::invalid_argument(msg);
    }
  }
  if (options.max_passes < 1 || options.replications < 0 || options.threads < 0)
    throw std::invalid_argument("roster options: passes, replications, threads out of range");
  bool any = false;
  for (int si = 0; si < static_cast<int>(s.sites.size()); ++si)
    for (int gi = 0; gi < static_cast<int>(s.sites[at(si)].groups.size()); ++gi)
      any = any || roster_rules(s, si, gi).has_value();
  if (!any)
    throw RosterError("sites",
                      "sites: no site or group has roster templates (add 'roster: "
                      "{templates: ...}' to a site or group; see scenarios/README.md)");

  if (options.progress) options.progress("requirement");
  StaffingOptions so;
  so.replications = options.replications;
  so.seed = options.seed;
  so.threads = options.threads;
  so.simulate = options.simulate;
  const StaffingPlan staffing = plan_staffing(s, so);
  RequirementTable req = requirement_table(s, staffing);
  const RequirementTable original = req;  // the staffing lower bound, before any repair

  if (options.progress) options.progress("solve 1");
  RosterPlan plan = solve_roster(s, req, options);
  if (!options.simulate) return plan;

  const int reps = options.replications > 0 ? options.replications : kDefaultStaffingReplications;
  const int n = s.horizon_intervals();
  const int channels = static_cast<int>(s.channels.size());
  const int fold = s.horizon_days >= 14 ? 7 * s.intervals_per_day() : n;
  std::vector<ReplicationResult> results;
  const int sites = static_cast<int>(s.sites.size());
  const bool by_site = sites > 1 && s.regions.size() > 1;  // contacts have home sites
  // [key * sites + site]: how much to raise there (0: not at all).
  constexpr char kRaiseDay = 1, kRaiseKey = 2;
  std::vector<char> raise(at(fold * sites));
  for (int pass = 1;; ++pass) {
    if (options.progress) options.progress(fmt::format("verify {}", pass));
    const Scenario rostered = apply_roster(s, plan);
    const std::function<ReplicationResult(int)> body = [&](int r) {
      ReplicationResult out = simulate_replication(rostered, plan.seed, r);
      out.group_intervals = {};  // the verification reads channels, sites and their intervals
      return out;
    };
    results.clear();  // the last pass's replications go before this one's arrive
    results = run_replications(reps, options.threads, body);  // over MPI ranks too
    // Judge every key; collect the raises.
    bool all = true;
    plan.channels.clear();
    for (int c = 0; c < channels; ++c) {
      const ChannelConfig& ch = s.channels[at(c)];
      RosterChannel rc;
      rc.name = ch.name;
      std::vector<double> sl, asa, ab;
      for (const ReplicationResult& r : results) {
        sl.push_back(r.channels[at(c)].service_level());
        asa.push_back(r.channels[at(c)].asa_seconds());
        ab.push_back(r.channels[at(c)].abandon_rate());
      }
      rc.service_level = estimate_of(sl);
      rc.asa_seconds = estimate_of(asa);
      rc.abandon_rate = estimate_of(ab);
      std::vector<int> missed_keys;
      if (has_targets(ch.targets)) {
        if (ch.kind == ChannelKind::email) {
          Pool p;
          for (const ReplicationResult& r : results) {
            const ChannelKpis& k = r.channels[at(c)];
            p.offered += k.offered;
            p.answered += k.answered;
            p.within += k.answered_within_sl;
            p.wait += k.wait_sum_answered;
          }
          Targets t = ch.targets;
          t.max_occupancy.reset();
          rc.keys = 1;
          if (!p.meets(t)) rc.keys_missed = 1, missed_keys.push_back(-1);
        } else {
          for (int key = 0; key < fold; ++key) {
            Pool p;
            for (const ReplicationResult& r : results)
              for (int i = key; i < n; i += fold) p.add(r.intervals[at(c)][at(i)]);
            if (p.offered <= 0) continue;
            ++rc.keys;
            if (!p.meets(ch.targets)) ++rc.keys_missed, missed_keys.push_back(key);
          }
          // Where to raise a miss of intervals `of` (pooled over them and the replications):
          // with contacts homed by region, at the sites whose own home contacts miss the
          // targets there (a Rostov shortfall is not repaired in Irkutsk); else, or when no
          // site misses alone (an occupancy target), at every site.
          // `level`: kRaiseKey for a key missing over its weeks, kRaiseDay for a key that
          // misses only on some of its days (the smaller repair).
          const auto mark = [&](int key, char level, const auto& of) {
            bool any = false;
            const auto set = [&](int site) {
              char& x = raise[at(key * sites + site)];
              x = std::max(x, level);
            };
            for (int site = 0; by_site && site < sites; ++site) {
              Pool p;
              for (const ReplicationResult& r : results)
                of([&](int i) { p.add(r.site_intervals[at(site * channels + c)][at(i)]); });
              if (!p.meets(ch.targets)) set(site), any = true;
            }
            for (int site = 0; !any && site < sites; ++site) set(site);
          };
          std::fill(raise.begin(), raise.end(), 0);
          for (int key : missed_keys)
            mark(key, kRaiseKey, [&](const auto& add) {
              for (int i = key; i < n; i += fold) add(i);
            });
          // What the roster is finally judged by (intervals_meeting_targets below): each busy
          // interval of the horizon, pooled over replications only. A key whose weeks meet
          // the targets on average can still miss on its busy days (day-to-day overdispersion);
          // such a key is raised too.
          for (int i = 0; i < n; ++i) {
            Pool p;
            for (const ReplicationResult& r : results) p.add(r.intervals[at(c)][at(i)]);
            if (p.offered / reps >= options.min_offered && !p.meets(ch.targets))
              mark(i % fold, kRaiseDay, [&](const auto& add) { add(i); });
          }
          missed_keys.clear();
          for (int key = 0; key < fold; ++key)
            if (std::any_of(raise.begin() + key * sites, raise.begin() + (key + 1) * sites,
                            [](char x) { return x != 0; }))
              missed_keys.push_back(key);
        }
      }
      all = all && missed_keys.empty();
      plan.channels.push_back(rc);
      if (pass >= options.max_passes) continue;
      // Raise the requirement of the groups with this skill at the missed keys.
      for (GroupRequirement& gr : req.groups) {
        const auto& sk = s.sites[at(gr.site)].groups[at(gr.group)].skills;
        if (std::find(sk.begin(), sk.end(), ch.name) == sk.end()) continue;
        if (ch.kind == ChannelKind::email && !gr.deferred_work.empty()) {
          if (!missed_keys.empty())
            for (double& w : gr.deferred_work) w *= 1.05;
          continue;
        }
        // The roster may already cover more than the requirement at a missed key: a raise that
        // stays under the coverage would change nothing, so it goes at least one agent above
        // it. (Email's raise of every interval keeps to the 5 %.)
        const RosterCoverage* cov = nullptr;
        for (const RosterCoverage& x : plan.coverage)
          if (x.site == gr.site && x.group == gr.group) cov = &x;
        for (int key : missed_keys) {
          const char level = key >= 0 ? raise[at(key * sites + gr.site)] : kRaiseKey;
          if (level == 0) continue;
          for (int i = key < 0 ? 0 : key; i < n; i += key < 0 ? 1 : fold) {
            int& a = gr.agents[at(i)];
            if (a <= 0) continue;
            a += level == kRaiseKey ? std::max(1, static_cast<int>(std::ceil(0.05 * a))) : 1;
            if (key >= 0 && cov && at(i) < cov->productive.size())
              a = std::max(a, static_cast<int>(std::floor(cov->productive[at(i)] + 1e-9)) + 1);
          }
        }
      }
    }
    plan.replications = reps;
    plan.simulated = true;
    if (all || pass >= options.max_passes) break;
    if (options.progress) options.progress(fmt::format("solve {}", pass + 1));
    RosterPlan next = solve_roster(s, req, options);
    next.passes = pass + 1;
    plan = std::move(next);
  }
  // Intervals meeting their targets, over the real-time channels with targets.
  plan.misses.clear();
  plan.intervals_judged = plan.intervals_meeting_targets = 0;
  for (int c = 0; c < channels; ++c) {
    const ChannelConfig& ch = s.channels[at(c)];
    if (ch.kind == ChannelKind::email || !has_targets(ch.targets)) continue;
    for (int i = 0; i < n; ++i) {
      Pool p;
      for (const ReplicationResult& r : results) p.add(r.intervals[at(c)][at(i)]);
      const double offered = p.offered / reps;
      if (offered < options.min_offered) continue;
      ++plan.intervals_judged;
      if (p.meets(ch.targets)) {
        ++plan.intervals_meeting_targets;
      } else {
        plan.misses.push_back(RosterMiss{c, i, offered, p.sl(), p.asa(), p.abandon()});
      }
    }
  }
  std::stable_sort(
      plan.misses.begin(), plan.misses.end(),
      [](const RosterMiss& a, const RosterMiss& b) { return a.service_level < b.service_level; });
  if (plan.misses.size() > 20) plan.misses.resize(20);
  summarise(s, original, plan);
  return plan;
}

}  // namespace ccsim::models
