#pragma once
// The agents of one replication: who is on duty, who is idle (longest idle first), which chat
// agents have a free session slot, and who is leaving at the end of their work.
//
// Idle and partial queues hold (agent, stamp) references; an agent's stamp grows on every
// change of its availability, so references that no longer describe it are skipped lazily.
// The pool knows nothing of contacts, routing or KPIs: the model asks it for agents and tells
// it what they do.

#include <cstdint>
#include <span>
#include <vector>

#include "ccsim/models/scenario.hpp"
#include "ccsim/sim/time.hpp"
#include "ring_queue.hpp"

namespace ccsim::models::detail {

struct Agent {
  sim::TimePoint since{};  // when it last became available (longest-idle order)
  std::int32_t group = 0;
  std::int32_t sessions = 0;
  std::int32_t channel = -1;  // channel of the sessions it holds
  std::uint32_t stamp = 0;    // bumped on every availability change; queue entries carry it
  bool on_duty = false;
  bool idle = false;     // on duty, holding no session, in its group's idle queue
  bool leaving = false;  // over its group's target: finishes its sessions, takes no new work
};

struct AgentRef {
  std::uint32_t agent = 0;
  std::uint32_t stamp = 0;
};

struct AgentGroup {
  int site = 0;
  std::vector<int> skills;  // real-time channels in configured order, then deferred ones
  RingQueue<AgentRef> idle;
  std::vector<RingQueue<AgentRef>> partial;  // per channel: agents with a free chat slot
  std::vector<std::uint32_t> off;            // off-duty agents (stack)
  std::vector<std::uint32_t> leaving;        // agents marked leaving (may hold stale entries)
  int on_duty = 0;                // includes agents finishing a contact before going off duty
  int idle_agents = 0;            // agents with Agent::idle set
  std::uint32_t first_agent = 0;  // the group's agents are [first, first + capacity)
  int capacity = 0;
};

class AgentPool {
 public:
  AgentPool() = default;
  /// Groups in site order, then group order; `capacity[i]` agents for group i (all off duty).
  /// `channel_groups[ch]` receives the groups with skill ch.
  AgentPool(const Scenario& s, const std::vector<int>& capacity,
            std::vector<std::vector<int>>& channel_groups);

  Agent& agent(int a) { return agents_[static_cast<std::size_t>(a)]; }
  const Agent& agent(int a) const { return agents_[static_cast<std::size_t>(a)]; }
  AgentGroup& group(int g) { return groups_[static_cast<std::size_t>(g)]; }
  const AgentGroup& group(int g) const { return groups_[static_cast<std::size_t>(g)]; }
  std::size_t groups() const { return groups_.size(); }
  int site_of(int a) const { return group(agent(a).group).site; }

  /// Takes the agent that has been available longest among the groups in `groups` whose
  /// first candidate agent passes allow(group index, agent index): fully idle agents first; if none
  /// and `multi_session`, agents with a free slot of channel `ch`. Returns -1 if none.
  template <class Allow>
  int take(std::span<const int> groups, int ch, bool multi_session, Allow allow);

  /// The agent is available again (idle if it holds no session, else it has a free slot).
  void make_available(int a, sim::TimePoint now);
  /// Invalidates the agent's queue references (it was taken from elsewhere or holds a new
  /// session).
  void touch(int a) { ++agent(a).stamp; }
  /// The agent goes off duty.
  void go_off(int a);
  /// An off-duty agent of group g comes on duty (holding nothing, not yet available).
  int bring_on(int g);
  /// Drops agents no longer leaving from g's leaving list.
  void forget_stale_leaving(int g);
  /// A leaving agent of g stays after all; -1 if none is leaving.
  int keep_leaving(int g);
  /// `n` agents of g must go: idle ones at once, then the busy ones holding the fewest sessions
  /// are marked leaving (they take no new work and go off when their last session ends).
  void send_off(int g, int n);

 private:
  bool idle_front(AgentGroup& g);
  bool partial_front(AgentGroup& g, int ch);
  int pop(RingQueue<AgentRef>& q);

  std::vector<AgentGroup> groups_;
  std::vector<Agent> agents_;
  std::vector<std::uint32_t> scratch_;  // send_off(): candidates to leave
};

template <class Allow>
int AgentPool::take(std::span<const int> groups, int ch, bool multi_session, Allow allow) {
  // Longest-idle agent first; among chat agents, fully idle ones before those holding
  // sessions (spreads sessions, which keeps the concurrency slowdown low).
  AgentGroup* best = nullptr;
  sim::TimePoint best_since = sim::kNever;
  for (int gi : groups) {
    AgentGroup& g = group(gi);
    if (!idle_front(g) || !allow(gi, static_cast<int>(g.idle.front().agent))) continue;
    const sim::TimePoint since = agents_[g.idle.front().agent].since;
    if (since < best_since) {
      best_since = since;
      best = &g;
    }
  }
  if (best) {
    const int a = pop(best->idle);
    agent(a).idle = false;
    --best->idle_agents;
    return a;
  }
  if (!multi_session) return -1;
  for (int gi : groups) {
    AgentGroup& g = group(gi);
    const auto& q = g.partial[static_cast<std::size_t>(ch)];
    if (!partial_front(g, ch) || !allow(gi, static_cast<int>(q.front().agent))) continue;
    const sim::TimePoint since = agents_[q.front().agent].since;
    if (since < best_since) {
      best_since = since;
      best = &g;
    }
  }
  return best ? pop(best->partial[static_cast<std::size_t>(ch)]) : -1;
}

}  // namespace ccsim::models::detail
