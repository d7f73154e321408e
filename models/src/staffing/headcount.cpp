// Step 4 of the staffing plan: people behind the seats, and the seats the scenario already
// schedules (method in staffing.hpp).

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "ccsim/sim/random.hpp"
#include "ccsim/sim/time.hpp"
#include "staffing/staffing_parts.hpp"
#include "supply.hpp"

namespace ccsim::models {

int required_headcount(double agent_hours, double horizon_days, double month_days, double shrinkage,
                       double paid_hours_per_month) {
  if (!(horizon_days > 0) || !(month_days > 0) || !(paid_hours_per_month > 0))
    throw std::invalid_argument("horizon days, month days and paid hours must be > 0");
  if (!(shrinkage >= 0 && shrinkage < 1))
    throw std::invalid_argument("shrinkage must be in [0, 1), got " + std::to_string(shrinkage));
  if (!(agent_hours >= 0)) throw std::invalid_argument("agent hours must be >= 0");
  const double month_hours = agent_hours * month_days / horizon_days;
  return staffing::ceil_int(month_hours / (1.0 - shrinkage) / paid_hours_per_month);
}

namespace staffing {

std::vector<double> seats_on_duty(const Scenario& s, int site, int group) {
  const int n = s.horizon_intervals();
  std::vector<double> out(at(n), 0.0);
  Scenario scheduled = s;  // the plan as scheduled: absences are not part of the supply
  scheduled.sites[at(site)].absence_probability = 0.0;
  const sim::StreamFactory streams(s.seed, 0);
  const std::int64_t until =
      sim::ticks(sim::from_seconds(s.warmup_seconds + s.horizon_days * 86400.0));
  const std::int64_t origin = sim::ticks(sim::from_seconds(s.warmup_seconds));
  const std::vector<detail::SupplyStep> steps =
      detail::build_supply(scheduled, site, group, streams, until);
  for (Index k = 0; k < steps.size(); ++k) {
    const std::int64_t from = std::max(steps[k].time, origin);
    const std::int64_t to = k + 1 < steps.size() ? steps[k + 1].time : until;
    if (to <= from || steps[k].agents == 0) continue;
    // Spread the step over the counted intervals it covers (agent-seconds / length).
    const double t0 = sim::to_seconds(sim::Duration(from - origin));
    const double t1 = sim::to_seconds(sim::Duration(to - origin));
    for (int i = std::max(0, static_cast<int>(t0 / s.interval_seconds)); i < n; ++i) {
      const double a = i * s.interval_seconds, b = a + interval_length(s, i);
      if (a >= t1) break;
      const double overlap = std::min(b, t1) - std::max(a, t0);
      if (overlap > 0) out[at(i)] += steps[k].agents * overlap / interval_length(s, i);
    }
  }
  return out;
}

std::vector<double> seats_on_duty(const Scenario& s, int site) {
  std::vector<double> out(at(s.horizon_intervals()), 0.0);
  for (int g = 0; g < static_cast<int>(s.sites[at(site)].groups.size()); ++g) {
    const std::vector<double> part = seats_on_duty(s, site, g);
    for (Index i = 0; i < out.size(); ++i) out[i] += part[i];
  }
  return out;
}

}  // namespace staffing
}  // namespace ccsim::models
