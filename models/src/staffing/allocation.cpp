// Step 2 of the staffing plan: which demand each site and group is sized on, and how channel
// requirements are spread over groups (method in staffing.hpp).

#include <algorithm>
#include <memory>
#include <numeric>
#include <utility>
#include <vector>

#include "ccsim/models/demand.hpp"
#include "ccsim/models/routing.hpp"
#include "staffing/staffing_parts.hpp"

namespace ccsim::models::staffing {

std::vector<int> split(int total, const std::vector<double>& weights) {
  std::vector<int> out(weights.size(), 0);
  if (weights.empty() || total <= 0) return out;
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<std::pair<double, Index>> rest;
  int given = 0;
  for (Index g = 0; g < weights.size(); ++g) {
    const double share = sum > 0 ? weights[g] / sum : 1.0 / static_cast<double>(weights.size());
    const double quota = total * share;
    out[g] = static_cast<int>(std::floor(quota + 1e-9));
    given += out[g];
    rest.emplace_back(quota - out[g], g);
  }
  std::stable_sort(rest.begin(), rest.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (Index k = 0; given < total; k = (k + 1) % rest.size(), ++given) ++out[rest[k].second];
  while (given > total) {  // only after floating-point dust in the weights
    --*std::max_element(out.begin(), out.end());
    --given;
  }
  return out;
}

namespace {

/// One stream sized on its own: its demand and the groups (indices into a channel's groups)
/// that share its seats.
struct Pool {
  std::vector<double> offered;  ///< expected contacts per counted interval
  std::vector<Index> members;   ///< indices into Allocation::channel_groups[c]
};

/// The pools of channel c: under home_first one per site with the skill (its home regions'
/// demand) plus one for the demand without such a home; otherwise one for everything.
std::vector<Pool> pools_of(const Scenario& s, int c, const std::vector<GroupRef>& groups,
                           const std::vector<int>& skilled, const RoutingPolicy& policy) {
  const Index n = at(s.horizon_intervals());
  const int regions = std::max<int>(1, static_cast<int>(s.regions.size()));
  std::vector<Pool> by_site(s.sites.size());
  for (Index k = 0; k < skilled.size(); ++k)
    by_site[at(groups[at(skilled[k])].site)].members.push_back(k);
  Pool rest;
  for (Index k = 0; k < skilled.size(); ++k) rest.members.push_back(k);
  rest.offered.assign(n, 0.0);
  for (Pool& p : by_site) p.offered.assign(n, 0.0);
  for (int r = 0; r < regions; ++r) {
    std::vector<double> demand;
    if (s.regions.empty()) {
      demand = expected_offered(s, c);
    } else {
      Scenario one = s;  // the region alone keeps its share: its part of the total demand
      one.regions = {s.regions[at(r)]};
      demand = expected_offered(one, c);
    }
    const int home = policy.home_site(r);
    Pool& to = home != RoutingPolicy::kAnySite && home >= 0 && at(home) < by_site.size() &&
                       !by_site[at(home)].members.empty()
                   ? by_site[at(home)]
                   : rest;
    for (Index i = 0; i < n && i < demand.size(); ++i) to.offered[i] += demand[i];
  }
  std::vector<Pool> out;
  for (Pool& p : by_site)
    if (!p.members.empty() &&
        std::any_of(p.offered.begin(), p.offered.end(), [](double x) { return x > 0; }))
      out.push_back(std::move(p));
  if (std::any_of(rest.offered.begin(), rest.offered.end(), [](double x) { return x > 0; }))
    out.push_back(std::move(rest));
  return out;
}

}  // namespace

Allocation allocate(const Scenario& s) {
  const int channels = static_cast<int>(s.channels.size());
  const int n = s.horizon_intervals();
  Allocation a;
  a.channel_groups.resize(at(channels));
  std::vector<double> size;  // scheduled agents per group
  for (int si = 0; si < static_cast<int>(s.sites.size()); ++si) {
    const SiteConfig& site = s.sites[at(si)];
    for (int gi = 0; gi < static_cast<int>(site.groups.size()); ++gi) {
      bool serves = false;
      for (const std::string& skill : site.groups[at(gi)].skills) {
        const int c = s.channel_index(skill);
        if (c < 0) continue;
        if (!serves) {
          a.groups.push_back({si, gi});
          SiteConfig alone;  // site_headcount() of a site holding only this group = its agents
          alone.groups = {site.groups[at(gi)]};
          size.push_back(site_headcount(alone));
          serves = true;
        }
        a.channel_groups[at(c)].push_back(static_cast<int>(a.groups.size()) - 1);
      }
    }
  }
  const std::unique_ptr<RoutingPolicy> policy = make_routing_policy(s);
  a.analytic.resize(at(channels));
  a.work.resize(at(channels));
  a.infeasible.resize(at(channels));
  for (int c = 0; c < channels; ++c) {
    const std::vector<int>& skilled = a.channel_groups[at(c)];
    const Index k = skilled.size();
    a.analytic[at(c)].assign(at(n), std::vector<int>(k, 0));
    a.work[at(c)].assign(at(n), std::vector<double>(k, 0.0));
    // Talk plus wrap-up: the agent is busy for both.
    const double handle =
        s.channels[at(c)].handle_time.expected() + s.channels[at(c)].mean_after_call_work();
    for (const Pool& p : pools_of(s, c, a.groups, skilled, *policy)) {
      std::vector<int> infeasible;
      const std::vector<int> seats = analytic_agents(s, c, p.offered, &infeasible);
      for (int i : infeasible) a.infeasible[at(c)].push_back(i);
      std::vector<double> weights;
      for (Index m : p.members) weights.push_back(size[at(skilled[m])]);
      for (int i = 0; i < n; ++i) {
        const std::vector<int> part = split(seats[at(i)], weights);
        const double erlangs = p.offered[at(i)] * handle / interval_length(s, i);
        const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
        for (Index m = 0; m < p.members.size(); ++m) {
          a.analytic[at(c)][at(i)][p.members[m]] += part[m];
          const double share =
              sum > 0 ? weights[m] / sum : 1.0 / static_cast<double>(p.members.size());
          a.work[at(c)][at(i)][p.members[m]] += erlangs * share;
        }
      }
    }
    std::sort(a.infeasible[at(c)].begin(), a.infeasible[at(c)].end());
    a.infeasible[at(c)].erase(std::unique(a.infeasible[at(c)].begin(), a.infeasible[at(c)].end()),
                              a.infeasible[at(c)].end());
  }
  return a;
}

std::vector<std::vector<int>> Allocation::channel_totals() const {
  std::vector<std::vector<int>> out;
  for (const auto& per_interval : analytic) {
    std::vector<int> t;
    for (const auto& parts : per_interval)
      t.push_back(std::accumulate(parts.begin(), parts.end(), 0));
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::vector<std::vector<int>>> Allocation::spread(
    const std::vector<std::vector<int>>& totals) const {
  std::vector<std::vector<std::vector<int>>> out(totals.size());
  for (Index c = 0; c < totals.size(); ++c) {
    out[c].resize(totals[c].size());
    for (Index i = 0; i < totals[c].size(); ++i) {
      const std::vector<int>& seats = analytic[c][i];
      std::vector<double> w(seats.begin(), seats.end());
      if (std::accumulate(w.begin(), w.end(), 0.0) <= 0) w = work[c][i];
      out[c][i] = split(totals[c][i], w);
    }
  }
  return out;
}

std::vector<std::vector<int>> Allocation::group_seats(
    const std::vector<std::vector<std::vector<int>>>& per_channel, int intervals) const {
  std::vector<std::vector<int>> out(groups.size(), std::vector<int>(at(intervals), 0));
  for (Index c = 0; c < per_channel.size(); ++c)
    for (Index i = 0; i < per_channel[c].size(); ++i)
      for (Index k = 0; k < per_channel[c][i].size(); ++k)
        out[at(channel_groups[c][k])][i] += per_channel[c][i][k];
  return out;
}

Scenario with_seats(const Scenario& s, const Allocation& a,
                    const std::vector<std::vector<int>>& seats) {
  Scenario out = s;
  const Index n = at(s.horizon_intervals());
  for (SiteConfig& site : out.sites)
    for (AgentGroupConfig& g : site.groups) g.on_duty.assign(n, 0);
  for (Index g = 0; g < a.groups.size(); ++g)
    out.sites[at(a.groups[g].site)].groups[at(a.groups[g].group)].on_duty = seats[g];
  return out;
}

}  // namespace ccsim::models::staffing
