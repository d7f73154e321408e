// Step 1 of the staffing plan: Erlang requirement per interval (method in staffing.hpp).

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "ccsim/models/demand.hpp"
#include "ccsim/models/erlang.hpp"
#include "ccsim/models/error.hpp"
#include "staffing/staffing_parts.hpp"

namespace ccsim::models {
namespace staffing {

constexpr double kHour = 3600.0;

double interval_length(const Scenario& s, int i) {
  return std::min(s.interval_seconds, s.horizon_days * 86400.0 - i * s.interval_seconds);
}

double hours(const Scenario& s, const std::vector<int>& per_interval) {
  double h = 0.0;
  for (int i = 0; i < static_cast<int>(per_interval.size()); ++i)
    h += per_interval[at(i)] * interval_length(s, i) / kHour;
  return h;
}

std::vector<double> email_workload_agents(const Scenario& s, int channel,
                                          const std::vector<double>& offered) {
  const ChannelConfig& c = s.channels.at(at(channel));
  const int n = static_cast<int>(offered.size());
  std::vector<double> out(offered.size(), 0.0);
  if (n == 0) return out;
  const int m = std::max(1, ceil_int(c.sl_seconds / s.interval_seconds));
  const double per_agent = m * s.interval_seconds * c.targets.max_occupancy.value_or(1.0);
  const double handle = c.handle_time.expected() + c.mean_after_call_work();
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

std::vector<int> analytic_agents(const Scenario& s, int channel, const std::vector<double>& offered,
                                 std::vector<int>* infeasible) {
  const ChannelConfig& c = s.channels.at(at(channel));
  if (c.kind == ChannelKind::email) {
    std::vector<int> out;
    for (double x : email_workload_agents(s, channel, offered)) out.push_back(ceil_int(x));
    return out;
  }
  const int sessions = c.kind == ChannelKind::call ? 1 : std::max(1, c.concurrency);
  QueueInput q;
  // At full load every session shares its agent with sessions - 1 others (simulation.hpp).
  // The wrap-up after it holds the slot too, without the slowdown (it is the agent's own work).
  q.mean_service_seconds =
      c.handle_time.expected() * (1.0 + c.concurrency_slowdown * (sessions - 1)) +
      c.mean_after_call_work();
  if (c.patience) q.mean_patience_seconds = c.patience->expected();
  q.sl_seconds = c.sl_seconds;
  std::vector<int> out(offered.size(), 0);
  // A week repeats its rates; remember answers by rate (the search costs O(log N) Erlangs).
  struct Seen {
    double rate;
    int slots;
    bool feasible;
  };
  std::vector<Seen> seen;
  // Each search starts from the interval solved before it (erlang.hpp, SearchStart).
  std::optional<SearchStart> previous;
  for (int i = 0; i < static_cast<int>(offered.size()); ++i) {
    const double rate = offered[at(i)] / interval_length(s, i);
    if (!(rate > 0)) continue;
    const auto hit =
        std::find_if(seen.begin(), seen.end(), [rate](const Seen& p) { return p.rate == rate; });
    Seen answer{rate, 0, true};
    if (hit != seen.end()) {
      answer = *hit;
    } else {
      q.arrival_rate = rate;
      StaffingAnswer a;
      try {
        a = required_agents(q, c.targets, kMaxAnalyticAgents * sessions, previous);
      } catch (const std::invalid_argument& e) {
        throw UserError(e.what(), "channels." + c.name + ".targets");
      } catch (const std::domain_error& e) {
        throw UserError(e.what(), "channels." + c.name + ".targets");
      }
      answer.slots = a.agents;
      answer.feasible = a.feasible;
      if (seen.size() < 4096) seen.push_back(answer);
    }
    if (answer.feasible && answer.slots >= 1)
      previous = SearchStart{rate * q.mean_service_seconds, answer.slots};
    // An infeasible interval keeps the most agents searched: reported, never dropped.
    if (!answer.feasible && infeasible) infeasible->push_back(i);
    out[at(i)] = ceil_int(static_cast<double>(answer.slots) / sessions);
  }
  return out;
}

}  // namespace staffing

std::vector<int> analytic_requirement(const Scenario& s, int channel) {
  return staffing::analytic_agents(s, channel, expected_offered(s, channel));
}

}  // namespace ccsim::models
