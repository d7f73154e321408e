#include "agent_pool.hpp"

#include <algorithm>
#include <string>

namespace ccsim::models::detail {

AgentPool::AgentPool(const Scenario& s, const std::vector<int>& capacity,
                     std::vector<std::vector<int>>& channel_groups) {
  const std::size_t n_ch = s.channels.size();
  channel_groups.assign(n_ch, {});
  for (std::size_t si = 0; si < s.sites.size(); ++si) {
    for (const AgentGroupConfig& gc : s.sites[si].groups) {
      const int id = static_cast<int>(groups_.size());
      AgentGroup& g = groups_.emplace_back();
      g.site = static_cast<int>(si);
      for (int pass = 0; pass < 2; ++pass)  // real-time skills first, deferred ones after
        for (const std::string& name : gc.skills) {
          const int ch = s.channel_index(name);
          if (traits(s.channels[static_cast<std::size_t>(ch)].kind).realtime == (pass == 0)) {
            g.skills.push_back(ch);
            channel_groups[static_cast<std::size_t>(ch)].push_back(id);
          }
        }
      g.partial.resize(n_ch);
      const int cap = capacity[static_cast<std::size_t>(id)];
      g.first_agent = static_cast<std::uint32_t>(agents_.size());
      g.capacity = cap;
      for (int a = 0; a < cap; ++a)
        g.off.push_back(
            static_cast<std::uint32_t>(agents_.size() + static_cast<std::size_t>(cap - 1 - a)));
      for (int a = 0; a < cap; ++a) agents_.push_back(Agent{{}, id, 0, -1, 0, false, false, false});
    }
  }
}

bool AgentPool::idle_front(AgentGroup& g) {
  while (!g.idle.empty()) {
    const AgentRef& r = g.idle.front();
    if (agents_[r.agent].stamp == r.stamp) return true;
    g.idle.pop();
  }
  return false;
}

bool AgentPool::partial_front(AgentGroup& g, int ch) {
  auto& q = g.partial[static_cast<std::size_t>(ch)];
  while (!q.empty()) {
    const AgentRef& r = q.front();
    if (agents_[r.agent].stamp == r.stamp) return true;
    q.pop();
  }
  return false;
}

int AgentPool::pop(RingQueue<AgentRef>& q) {
  const std::uint32_t a = q.front().agent;
  q.pop();
  ++agents_[a].stamp;
  return static_cast<int>(a);
}

void AgentPool::make_available(int a, sim::TimePoint now) {
  Agent& ag = agent(a);
  AgentGroup& g = group(ag.group);
  ag.since = now;
  ++ag.stamp;
  const AgentRef ref{static_cast<std::uint32_t>(a), ag.stamp};
  if (ag.sessions == 0 && !ag.idle) {
    ag.idle = true;
    ++g.idle_agents;
  }
  auto& q = ag.sessions == 0 ? g.idle : g.partial[static_cast<std::size_t>(ag.channel)];
  q.push(ref);
  // Stale entries (agents taken from elsewhere or gone off duty) are skipped lazily; compact
  // now and then so the queue stays proportional to the group size.
  const std::size_t limit = 2 * (static_cast<std::size_t>(g.on_duty) + 32);
  if (q.size() > limit)
    q.compact([this](const AgentRef& r) { return agents_[r.agent].stamp == r.stamp; });
}

void AgentPool::go_off(int a) {
  Agent& ag = agent(a);
  AgentGroup& g = group(ag.group);
  ++ag.stamp;
  if (ag.idle) {
    ag.idle = false;
    --g.idle_agents;
  }
  ag.on_duty = false;
  ag.leaving = false;
  g.off.push_back(static_cast<std::uint32_t>(a));
  --g.on_duty;
}

int AgentPool::bring_on(int gi) {
  AgentGroup& g = group(gi);
  const std::uint32_t a = g.off.back();
  g.off.pop_back();
  agents_[a].on_duty = true;
  agents_[a].sessions = 0;
  ++g.on_duty;
  return static_cast<int>(a);
}

void AgentPool::forget_stale_leaving(int gi) {
  std::erase_if(group(gi).leaving, [this](std::uint32_t a) { return !agents_[a].leaving; });
}

int AgentPool::keep_leaving(int gi) {
  AgentGroup& g = group(gi);
  if (g.leaving.empty()) return -1;
  const std::uint32_t a = g.leaving.back();
  g.leaving.pop_back();
  agents_[a].leaving = false;
  return static_cast<int>(a);
}

void AgentPool::send_off(int gi, int leave) {
  AgentGroup& g = group(gi);
  while (leave > 0 && idle_front(g)) {
    const std::uint32_t a = g.idle.front().agent;
    g.idle.pop();
    go_off(static_cast<int>(a));
    --leave;
  }
  if (leave <= 0) return;
  scratch_.clear();
  for (std::uint32_t a = g.first_agent; a < g.first_agent + static_cast<std::uint32_t>(g.capacity);
       ++a)
    if (agents_[a].on_duty && !agents_[a].leaving) scratch_.push_back(a);
  const auto n = std::min<std::size_t>(static_cast<std::size_t>(leave), scratch_.size());
  std::stable_sort(scratch_.begin(), scratch_.end(), [this](std::uint32_t x, std::uint32_t y) {
    return agents_[x].sessions < agents_[y].sessions;
  });
  for (std::size_t i = 0; i < n; ++i) {
    Agent& ag = agents_[scratch_[i]];
    ag.leaving = true;
    ++ag.stamp;  // out of the partial queues
    g.leaving.push_back(scratch_[i]);
  }
}

}  // namespace ccsim::models::detail
