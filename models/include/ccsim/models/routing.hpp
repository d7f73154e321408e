#pragma once
/// Routing policies across sites, chosen by name (RoutingConfig::policy) from a registry.
///
/// Within a site, contacts of a channel are served first come, first served and go to the
/// longest-idle agent with the skill; a policy decides only which sites' agents may take a
/// contact and from when. The model keeps one FIFO per channel and "home" site (plus one for
/// contacts any site may take) and asks the policy two questions:
///   - home_site(region): the site whose agents may take a contact from `region` at once, or
///     kAnySite if every site may;
///   - overflow_delay_seconds(): how long such a contact waits before the other sites' agents
///     may take it too (infinity = never).
/// An agent that frees up takes the oldest contact it may take among those queues.

#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "ccsim/models/scenario.hpp"

namespace ccsim::models {

/// Which sites may serve which contacts, and when.
class RoutingPolicy {
 public:
  /// home_site() value meaning "every site may take it at once".
  static constexpr int kAnySite = -1;

  virtual ~RoutingPolicy() = default;
  /// Site index whose agents are offered contacts from region `region` first, or kAnySite.
  /// `region` indexes Scenario::regions (0 when the scenario has none).
  virtual int home_site(int region) const = 0;
  /// Seconds a contact held for its home site waits before any site may take it (>= 0;
  /// infinity = never overflows).
  virtual double overflow_delay_seconds() const = 0;
};

/// Makes a policy for a (validated) scenario.
using RoutingFactory = std::function<std::unique_ptr<RoutingPolicy>(const Scenario&)>;

/// Registers (or replaces) the policy called `name`. Thread-safe.
void register_routing_policy(std::string name, RoutingFactory make);
/// True if a policy of that name is registered.
bool has_routing_policy(const std::string& name);
/// Names of the registered policies, sorted. Built-ins: "home_first", "pooled".
std::vector<std::string> routing_policy_names();
/// Makes the scenario's policy; throws std::invalid_argument for an unknown name.
std::unique_ptr<RoutingPolicy> make_routing_policy(const Scenario& scenario);

}  // namespace ccsim::models
