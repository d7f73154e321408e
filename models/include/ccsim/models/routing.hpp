#pragma once
/// Routing policies, chosen by name (RoutingConfig::policy) from a registry.
///
/// The model keeps one FIFO per channel and "home" site (plus one for contacts any site may
/// take) and owns the mechanics (queues, timers, agents' availability). A policy makes the
/// decisions, at four points:
///   - home_site(region): at arrival, the site whose agents may take a contact from `region`
///     at once, or kAnySite if every site may;
///   - overflow_delay_seconds(): how long a contact held for its home site waits before the
///     model asks again whether other sites may take it (infinity = never; 0 = at once);
///   - may_take(agent, contact): whether an agent may start this contact now, given the
///     contact's channel, home site and wait, and the agent's site, group, sessions and the
///     idle agents of its group (reservation policies say no here);
///   - pick(agent, candidates): which waiting contact an agent that becomes free takes.
///
/// How the model asks:
///   - a contact that arrives goes to the longest-idle agent (chat: then the agent with a free
///     slot that has waited longest) among the groups with its skill at its home site for which
///     may_take() is true; if none and the contact has a home site, the same among all groups
///     (may_take() decides about the other sites, with a wait of zero);
///   - when its overflow delay has passed, the same among all groups, with that wait;
///   - an agent that becomes free (or a chat agent with a free slot) collects the head of every
///     queue of its skills (real-time skills in the group's order, then deferred ones; chat
///     agents holding sessions: only their channel) for which may_take() is true, in that
///     order, oldest-first within a channel, and asks pick() for one; it takes none if the
///     list is empty or pick() returns kNone. Contacts of one queue are always first come,
///     first served.
/// The defaults (kept by "home_first" and "pooled", which say so with default_decisions())
/// reproduce skill-order priority with first come, first served inside a channel. may_take() and
/// pick() are called on the hot path: keep them cheap and free of allocation. A policy is used by
/// one replication (one thread) at a time and must give the same answers for the same questions
/// (determinism).

#include <cstddef>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ccsim/models/scenario.hpp"
#include "ccsim/sim/time.hpp"

namespace ccsim::models {

/// An agent as a routing policy sees it when it could start a contact.
struct RoutingAgent {
  int site = 0;         ///< index into Scenario::sites
  int group = 0;        ///< agent group, numbered over all sites in scenario order
  int sessions = 0;     ///< sessions it holds now (0 = idle)
  int idle_agents = 0;  ///< idle agents of its group, not counting itself
};

/// A waiting contact as a routing policy sees it.
struct RoutingContact {
  int channel = 0;         ///< index into Scenario::channels
  int home_site = -1;      ///< RoutingPolicy::kAnySite or a site index
  sim::Duration waited{};  ///< time since arrival
};

/// Decides which agents take which contacts (see the file comment for when each is asked).
class RoutingPolicy {
 public:
  /// home_site() value meaning "every site may take it at once".
  static constexpr int kAnySite = -1;
  /// pick() value meaning "take none of them".
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

  virtual ~RoutingPolicy() = default;
  /// Site index whose agents are offered contacts from region `region` first, or kAnySite.
  /// `region` indexes Scenario::regions (0 when the scenario has none).
  virtual int home_site(int region) const = 0;
  /// Seconds a contact held for its home site waits before any site may take it (>= 0;
  /// infinity = never overflows).
  virtual double overflow_delay_seconds() const = 0;
  /// May `agent` start `contact` now? Default: its home site's agents (or anyone's, for
  /// kAnySite) at once, the other sites' once it has waited overflow_delay_seconds().
  virtual bool may_take(const RoutingAgent& agent, const RoutingContact& contact) const;
  /// Index into `candidates` (non-empty, in the order described above) of the contact `agent`
  /// takes, or kNone. Default: the first candidate's channel (skill order), and within it the
  /// one that has waited longest (the first on ties).
  virtual std::size_t pick(const RoutingAgent& agent,
                           std::span<const RoutingContact> candidates) const;
  /// True if this policy keeps both defaults above (asked once per replication). The model
  /// then applies them inline, stopping at the first skill with a waiting contact: the same
  /// decisions, without the per-decision calls.
  virtual bool default_decisions() const { return false; }
};

/// Makes a policy for a (validated) scenario.
using RoutingFactory = std::function<std::unique_ptr<RoutingPolicy>(const Scenario&)>;

/// Registers (or replaces) the policy called `name`. Thread-safe.
void register_routing_policy(std::string name, RoutingFactory make);
/// True if a policy of that name is registered.
bool has_routing_policy(const std::string& name);
/// Names of the registered policies, sorted. Built-ins: "home_first", "longest_weighted_wait",
/// "pooled", "priority".
std::vector<std::string> routing_policy_names();
/// Makes the scenario's policy; throws std::invalid_argument for an unknown name.
std::unique_ptr<RoutingPolicy> make_routing_policy(const Scenario& scenario);

}  // namespace ccsim::models
