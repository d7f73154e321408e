// Priority and reservation routing (the ContactCenters library's "agents' group priorities"
// and "thresholds on idle agents" routers; Koole's and Gans, Koole & Mandelbaum's
// trunk-reservation policies). Everything a decision needs is precomputed per (group, channel)
// into flat tables, so may_take() and pick() are a few loads and compares: no allocation, no
// search on the hot path.
//
// Sites: as "home_first" (a region's contacts go to its home site's agents first, to any site
// once they have waited routing.overflow_delay); a scenario without home sites is pooled.
//
// Reservation: an entry {channel: c, idle_agents: k} keeps k idle agents of every group with
// skill c for c: such a group's idle agent may start a contact of a channel of lower priority
// than c (in that group's order) only if at least k other agents of the group stay idle. Agents
// already holding chat sessions (not idle) are not held back by it. With several entries the
// largest k of the entries ranked above the contact's channel applies.

#include "priority_routing.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace ccsim::models::detail {
namespace {

class PriorityPolicy final : public RoutingPolicy {
 public:
  PriorityPolicy(const Scenario& s, bool weighted)
      : weighted_(weighted),
        channels_(s.channels.size()),
        delay_(s.routing.overflow_delay_seconds),
        delay_ticks_(sim::from_seconds(delay_)) {
    for (const Region& r : s.regions)
      home_.push_back(r.home_site.empty() ? kAnySite : s.site_index(r.home_site));
    weight_.assign(channels_, 1.0);
    for (const ChannelWeight& w : s.routing.weights)
      if (const int c = s.channel_index(w.channel); c >= 0)
        weight_[static_cast<std::size_t>(c)] = w.weight;
    constexpr int kUnranked = std::numeric_limits<int>::max();
    for (const SiteConfig& site : s.sites) {
      for (const AgentGroupConfig& g : site.groups) {
        // The group's order: the listed priorities it has, then its other skills as listed.
        std::vector<int> order;
        for (const std::string& name : s.routing.priority)
          if (std::find(g.skills.begin(), g.skills.end(), name) != g.skills.end())
            order.push_back(s.channel_index(name));
        for (const std::string& name : g.skills) {
          const int c = s.channel_index(name);
          if (std::find(order.begin(), order.end(), c) == order.end()) order.push_back(c);
        }
        const std::size_t base = rank_.size();
        rank_.resize(base + channels_, kUnranked);
        threshold_.resize(base + channels_, 0);
        for (std::size_t i = 0; i < order.size(); ++i)
          rank_[base + static_cast<std::size_t>(order[i])] = static_cast<int>(i);
        for (const Reservation& r : s.routing.reservation) {
          const int rc = s.channel_index(r.channel);
          if (rc < 0 || rank_[base + static_cast<std::size_t>(rc)] == kUnranked) continue;
          for (std::size_t c = 0; c < channels_; ++c)
            if (rank_[base + c] != kUnranked &&
                rank_[base + c] > rank_[base + static_cast<std::size_t>(rc)])
              threshold_[base + c] = std::max(threshold_[base + c], r.idle_agents);
        }
      }
    }
  }

  int home_site(int region) const override {
    return region >= 0 && region < static_cast<int>(home_.size()) ? home_[region] : kAnySite;
  }
  double overflow_delay_seconds() const override { return delay_; }

  bool may_take(const RoutingAgent& agent, const RoutingContact& contact) const override {
    if (!(contact.home_site == kAnySite || contact.home_site == agent.site ||
          contact.waited >= delay_ticks_))
      return false;
    return agent.sessions > 0 || agent.idle_agents >= threshold_[at(agent, contact)];
  }

  std::size_t pick(const RoutingAgent& agent,
                   std::span<const RoutingContact> candidates) const override {
    std::size_t best = 0;
    for (std::size_t i = 1; i < candidates.size(); ++i)
      if (better(agent, candidates[i], candidates[best])) best = i;
    return best;
  }

 private:
  std::size_t at(const RoutingAgent& agent, const RoutingContact& contact) const {
    return static_cast<std::size_t>(agent.group) * channels_ +
           static_cast<std::size_t>(contact.channel);
  }
  // Is `x` to be taken before `y`? Priority: higher rank, then longer wait. Weighted: larger
  // weight x wait, then higher rank, then longer wait. Strict, so ties keep the earlier one.
  bool better(const RoutingAgent& agent, const RoutingContact& x, const RoutingContact& y) const {
    if (weighted_) {
      const double wx = weight_[static_cast<std::size_t>(x.channel)] * sim::to_seconds(x.waited);
      const double wy = weight_[static_cast<std::size_t>(y.channel)] * sim::to_seconds(y.waited);
      if (wx != wy) return wx > wy;
    }
    const int rx = rank_[at(agent, x)], ry = rank_[at(agent, y)];
    if (rx != ry) return rx < ry;
    return x.waited > y.waited;
  }

  bool weighted_;
  std::size_t channels_;
  double delay_;
  sim::Duration delay_ticks_;
  std::vector<int> home_;
  std::vector<double> weight_;  // per channel
  std::vector<int> rank_;       // [group * channels + channel]: 0 = served first
  std::vector<int> threshold_;  // [group * channels + channel]: idle agents that must remain
};

}  // namespace

std::unique_ptr<RoutingPolicy> make_priority_policy(const Scenario& s) {
  return std::make_unique<PriorityPolicy>(s, false);
}

std::unique_ptr<RoutingPolicy> make_longest_weighted_wait_policy(const Scenario& s) {
  return std::make_unique<PriorityPolicy>(s, true);
}

}  // namespace ccsim::models::detail
