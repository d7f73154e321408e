// estimate_run() / check_resources(): the up-front cost of a run, from expected volumes.
//
// The estimate is deliberately simple and on the high side; it only has to tell a run that
// fits from one that cannot (1e12 contacts a month, 1-second intervals over a month with
// every replication kept, tens of millions of agents). Figures per item are measured sizes
// of the model's structures (contact_center.hpp, results.hpp), rounded up.
#include "ccsim/models/limits.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "ccsim/models/demand.hpp"
#include "ccsim/models/error.hpp"
#include "ccsim/sim/replication.hpp"

namespace ccsim::models {

namespace {

constexpr double kBytesPerContact = 160;      // Contact + queue ticket + calendar entries
constexpr double kBytesPerAgent = 64;         // Agent + queue references
constexpr double kBytesPerIntervalCell = 72;  // IntervalKpis / busy and staffed accumulators
constexpr double kBytesPerReportRow = 600;    // an interval row, its JSON tree and text
constexpr double kBytesPerQueue = 48;         // an (empty) RingQueue
constexpr double kBytesPerSupplyStep = 100;   // a supply delta, its step, sort buffer, growth
constexpr double kEventsPerContact = 4;       // arrival, abandon/overflow timers, service end
constexpr double kMiB = 1024.0 * 1024.0;

/// "1.5e+12" style for figures that are too large to read digit by digit.
std::string figure(double x) {
  if (std::abs(x) < 1e9) return fmt::format("{:.0f}", x);
  return fmt::format("{:.3g}", x);
}

}  // namespace

RunEstimate estimate_run(const Scenario& s, int replications, int threads) {
  RunEstimate e;
  const double reps = std::max(1, replications);
  const double days = s.horizon_days + s.warmup_seconds / 86400.0;
  for (const ChannelConfig& c : s.channels) {
    double dow_max = 0, dow_sum = 0;
    for (double w : c.day_of_week) dow_max = std::max(dow_max, w), dow_sum += w;
    const double dow_peak = dow_sum > 0 ? dow_max * 7 / dow_sum : 1;
    e.contacts += daily_volume(s, c) * dow_peak * std::ceil(days);
  }
  double agents = 0, cells_per_rep = 0, groups = 0, supply_steps = 0;
  // Supply is laid out from the warm-up to the end of the longest drain, a day each side.
  const double supply_days = days + s.drain_limit_seconds / 86400.0 + 3;
  const double intervals = std::max(1, s.horizon_intervals());
  for (const SiteConfig& site : s.sites)
    for (const AgentGroupConfig& g : site.groups) {
      double group = g.agents;
      for (const Shift& sh : g.shifts) group += sh.agents;
      for (int x : g.on_duty) group = std::max(group, static_cast<double>(x));
      agents += group;
      groups += 1;
      cells_per_rep += intervals;  // staffed time per group and interval
      double changes = 2;          // per day: constant agents with absences
      for (const Shift& sh : g.shifts) changes += 2 + 2 * static_cast<double>(sh.breaks.size());
      if (!g.on_duty.empty()) changes = s.intervals_per_day();
      supply_steps += changes * supply_days;
    }
  const double channels = static_cast<double>(s.channels.size());
  const double sites = static_cast<double>(s.sites.size());
  cells_per_rep += intervals * channels * (1 + sites);  // channel rows, site x channel rows
  const double in_flight = std::min(reps, static_cast<double>(sim::worker_count(threads)));
  e.events =
      reps * (e.contacts * kEventsPerContact + intervals * (channels + sites) + supply_steps);
  // In flight: contacts (at worst all of a replication queue at once), agents, accumulators.
  // Kept: every replication's interval cells until aggregation, then the report rows.
  e.memory_bytes = in_flight * (e.contacts * kBytesPerContact + agents * kBytesPerAgent +
                                supply_steps * kBytesPerSupplyStep +
                                (channels * (sites + 1) + groups * channels) * kBytesPerQueue) +
                   reps * cells_per_rep * kBytesPerIntervalCell +
                   intervals * (channels * (1 + sites) + groups) * kBytesPerReportRow;
  return e;
}

void check_resources(const Scenario& s, int replications, int threads,
                     const ResourceLimits& limits) {
  const RunEstimate e = estimate_run(s, replications, threads);
  if (!(e.events <= limits.max_events))
    throw UserError(
        fmt::format("the run would process about {} events ({} contacts per "
                    "replication x {} replications), more than the cap of {}; "
                    "reduce the volume, horizon or replications, or raise the cap "
                    "with --max-events",
                    figure(e.events), figure(e.contacts), std::max(1, replications),
                    figure(limits.max_events)));
  const double mb = e.memory_bytes / kMiB;
  if (!(mb <= limits.max_memory_mb))
    throw UserError(
        fmt::format("the run would need about {} MiB of memory, more than the cap "
                    "of {} MiB; reduce the volume, agents, horizon, intervals or "
                    "replications, or raise the cap with --max-memory",
                    figure(mb), figure(limits.max_memory_mb)));
}

}  // namespace ccsim::models
