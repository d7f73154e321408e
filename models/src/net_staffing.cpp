#include "ccsim/models/net_staffing.hpp"

#include <algorithm>

#include "ccsim/sim/random.hpp"
#include "ccsim/sim/time.hpp"
#include "supply.hpp"

namespace ccsim::models {

std::vector<std::vector<double>> scheduled_agents(const Scenario& scenario) {
  Scenario s = scenario;
  for (SiteConfig& site : s.sites) site.absence_probability = 0.0;  // no stream is drawn then
  const sim::StreamFactory streams(s.seed, 0);
  const std::int64_t warmup = sim::from_seconds(s.warmup_seconds).count();
  const std::int64_t end = warmup + sim::from_seconds(s.horizon_days * 86400.0).count();
  const std::int64_t interval = sim::from_seconds(s.interval_seconds).count();
  const int n = s.horizon_intervals();
  std::vector<std::vector<double>> out(s.sites.size(),
                                       std::vector<double>(static_cast<std::size_t>(n), 0.0));
  for (std::size_t si = 0; si < s.sites.size(); ++si) {
    for (std::size_t gi = 0; gi < s.sites[si].groups.size(); ++gi) {
      const auto steps =
          detail::build_supply(s, static_cast<int>(si), static_cast<int>(gi), streams, end + 1);
      for (std::size_t k = 0; k < steps.size(); ++k) {
        const std::int64_t from = std::max(steps[k].time, warmup);
        const std::int64_t to = std::min(k + 1 < steps.size() ? steps[k + 1].time : end, end);
        for (std::int64_t t = from; t < to;) {
          const std::int64_t i = (t - warmup) / interval;
          const std::int64_t stop = std::min(warmup + (i + 1) * interval, to);
          out[si][static_cast<std::size_t>(i)] +=
              steps[k].agents * sim::to_seconds(sim::Duration{stop - t});
          t = stop;
        }
      }
    }
    for (int i = 0; i < n; ++i) {
      const double len =
          std::min(s.interval_seconds, s.horizon_days * 86400.0 - i * s.interval_seconds);
      if (len > 0) out[si][static_cast<std::size_t>(i)] /= len;
    }
  }
  return out;
}

}  // namespace ccsim::models
