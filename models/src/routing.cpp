#include "ccsim/models/routing.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

#include "priority_routing.hpp"

namespace ccsim::models {

bool RoutingPolicy::may_take(const RoutingAgent& agent, const RoutingContact& contact) const {
  return contact.home_site == kAnySite || contact.home_site == agent.site ||
         contact.waited >= sim::from_seconds(overflow_delay_seconds());
}

std::size_t RoutingPolicy::pick(const RoutingAgent&,
                                std::span<const RoutingContact> candidates) const {
  std::size_t best = 0;
  for (std::size_t i = 1; i < candidates.size(); ++i) {
    if (candidates[i].channel != candidates[0].channel) break;
    if (candidates[i].waited > candidates[best].waited) best = i;
  }
  return best;
}

namespace {

/// "pooled": one queue per channel; the longest-idle agent with the skill at any site.
class PooledPolicy final : public RoutingPolicy {
 public:
  int home_site(int) const override { return kAnySite; }
  double overflow_delay_seconds() const override { return 0.0; }
  bool may_take(const RoutingAgent&, const RoutingContact&) const override { return true; }
  bool default_decisions() const override { return true; }
};

/// "home_first": a region's contacts go to its home site's agents first and to any site once
/// they have waited RoutingConfig::overflow_delay_seconds (ContactCenters' LocalSpecRouter
/// idea: local agents first, remote ones after a delay). Regions without a home site are
/// pooled.
class HomeFirstPolicy final : public RoutingPolicy {
 public:
  explicit HomeFirstPolicy(const Scenario& s)
      : delay_(s.routing.overflow_delay_seconds), delay_ticks_(sim::from_seconds(delay_)) {
    const NameIndex names(s);
    for (const Region& r : s.regions)
      home_.push_back(r.home_site.empty() ? kAnySite : names.site(r.home_site));
  }
  int home_site(int region) const override {
    return region >= 0 && region < static_cast<int>(home_.size()) ? home_[region] : kAnySite;
  }
  double overflow_delay_seconds() const override { return delay_; }
  bool may_take(const RoutingAgent& agent, const RoutingContact& contact) const override {
    return contact.home_site == kAnySite || contact.home_site == agent.site ||
           contact.waited >= delay_ticks_;
  }
  bool default_decisions() const override { return true; }

 private:
  double delay_;
  sim::Duration delay_ticks_;
  std::vector<int> home_;
};

struct Registry {
  std::mutex mutex;
  std::map<std::string, RoutingFactory> factories;
  Registry() {
    factories["pooled"] = [](const Scenario&) { return std::make_unique<PooledPolicy>(); };
    factories["home_first"] = [](const Scenario& s) {
      return std::make_unique<HomeFirstPolicy>(s);
    };
    factories["priority"] = detail::make_priority_policy;
    factories["longest_weighted_wait"] = detail::make_longest_weighted_wait_policy;
  }
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void register_routing_policy(std::string name, RoutingFactory make) {
  if (name.empty() || !make)
    throw std::invalid_argument("register_routing_policy: empty name or factory");
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  r.factories[std::move(name)] = std::move(make);
}

bool has_routing_policy(const std::string& name) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  return r.factories.count(name) != 0;
}

std::vector<std::string> routing_policy_names() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  std::vector<std::string> names;
  for (const auto& [name, make] : r.factories) names.push_back(name);
  return names;
}

std::unique_ptr<RoutingPolicy> make_routing_policy(const Scenario& scenario) {
  RoutingFactory make;
  {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    const auto it = r.factories.find(scenario.routing.policy);
    if (it == r.factories.end())
      throw std::invalid_argument(
          fmt::format("unknown routing policy '{}'", scenario.routing.policy));
    make = it->second;
  }
  auto policy = make(scenario);
  if (!policy)
    throw std::invalid_argument(
        fmt::format("routing policy '{}' made no policy", scenario.routing.policy));
  return policy;
}

}  // namespace ccsim::models
