#pragma once
// The contact-center model of one replication: channels, agent groups at sites, routing,
// KPI counters. Built from a validated Scenario, run once.

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "ccsim/models/results.hpp"
#include "ccsim/models/routing.hpp"
#include "ccsim/models/scenario.hpp"
#include "ccsim/sim/random.hpp"
#include "ccsim/sim/simulator.hpp"
#include "demand_table.hpp"
#include "ring_queue.hpp"
#include "sampler.hpp"
#include "supply.hpp"

namespace ccsim::models::detail {

class ContactCenter final : public sim::EventHandler {
 public:
  ContactCenter(const Scenario& scenario, std::uint64_t seed, int replication);
  /// Runs the replication to its end (horizon, then drain) and returns its counters.
  ReplicationResult run();
  void on_event(std::uint32_t kind, std::uint64_t arg) override;

 private:
  static constexpr std::int64_t kInf = std::numeric_limits<std::int64_t>::max();
  enum Event : std::uint32_t { kArrival, kServiceEnd, kAbandon, kOverflow, kSupply };
  enum class State : std::uint8_t { free, waiting, in_service };

  struct Contact {
    std::int64_t arrival = 0;
    std::int64_t handle = 0;    // ticks, before any concurrency slowdown
    std::int64_t patience = 0;  // ticks; kInf = never abandons
    std::int64_t quiet = 0;     // messenger: ticks after service start; kInf = never
    sim::EventHandle abandon_timer;
    sim::EventHandle overflow_timer;
    std::int32_t interval = -1;  // counted interval of arrival; -1 = warm-up (not counted)
    std::uint32_t generation = 0;
    std::int32_t agent = -1;
    std::uint16_t channel = 0;
    std::int16_t home = -1;  // queue class: home site, or -1 = any site
    State state = State::free;
    bool queued = false;
  };
  struct Ticket {  // a queue entry; stale once the contact is served, abandons or is reused
    std::uint32_t contact = 0;
    std::uint32_t generation = 0;
  };
  struct Agent {
    std::int64_t since = 0;  // when it last became available (longest-idle order)
    std::int32_t group = 0;
    std::int32_t sessions = 0;
    std::int32_t channel = -1;  // channel of the sessions it holds
    std::uint32_t stamp = 0;    // bumped on every availability change; queue entries carry it
    bool on_duty = false;
    bool leaving = false;  // over its group's target: finishes its sessions, takes no new work
  };
  struct AgentRef {
    std::uint32_t agent = 0;
    std::uint32_t stamp = 0;
  };
  struct Group {
    int site = 0;
    std::vector<int> skills;  // real-time channels in configured order, then deferred ones
    RingQueue<AgentRef> idle;
    std::vector<RingQueue<AgentRef>> partial;  // per channel: agents with a free chat slot
    std::vector<std::uint32_t> off;            // off-duty agents (stack)
    std::vector<SupplyStep> steps;
    std::size_t next_step = 0;
    int target = 0;
    int on_duty = 0;                // includes agents finishing a contact before going off duty
    std::uint32_t first_agent = 0;  // the group's agents are [first, first + capacity)
    int capacity = 0;
    std::vector<std::uint32_t> leaving;  // agents marked leaving (may hold stale entries)
    std::int64_t last_change = 0;
    std::vector<double> staffed;  // agent-seconds per counted interval
    std::vector<double> busy;     // busy agent-seconds per counted interval
  };
  struct Channel {
    ChannelKind kind = ChannelKind::call;
    bool realtime = true;
    bool multi_session = false;  // chat, messenger
    int concurrency = 1;
    double slowdown = 0.0;
    std::int64_t sl = 0;
    std::int64_t timeout = kInf;
    bool has_patience = false, has_quiet = false;
    DemandTable demand;
    sim::RandomEngine arrival_rng, handle_rng, patience_rng, quiet_rng, region_rng;
    Sampler handle, patience, quiet;
    std::vector<int> groups;                // groups with this skill
    std::vector<RingQueue<Ticket>> queues;  // per home site, last = any site
    std::vector<int> used_queues;           // indices of queues ever pushed to (scan only these)
    std::int64_t waiting_counted = 0;       // counted contacts in queue (real-time)
    std::int64_t queue_len = 0;             // all contacts in queue, counted or not
    std::int64_t queue_since = 0;           // time of the last queue_len change
  };

  void arrival(int ch);
  void service_end(std::uint32_t ci);
  void abandon(std::uint32_t ci);
  void overflow(std::uint32_t ci);
  void supply(int g);

  std::uint32_t alloc_contact();
  void free_contact(std::uint32_t ci);
  int find_agent(int ch, int site);
  std::int64_t take_waiting(int ch, int site);  // oldest contact agent at `site` may take
  bool front_valid(RingQueue<Ticket>& q);
  bool idle_front(Group& g);
  bool partial_front(Group& g, int ch);
  void start_service(std::uint32_t ci, int agent);
  void agent_free(int agent);
  void fill(int agent);
  void make_available(int agent);
  void go_off(int agent);
  void set_on_duty(Group& g, int delta);
  void count_waiting_done(Channel& c);
  void queue_change(int ch, int delta);
  /// The site a contact's home-site KPIs count for: its home, the only site, or -1.
  int home_site(const Contact& k) const { return k.home >= 0 ? k.home : sites_ == 1 ? 0 : -1; }
  /// Counted interval containing t (t in [warmup, horizon end)).
  std::int32_t interval_of(std::int64_t t) const;
  double add_span(std::vector<double>& per_interval, std::int64_t from, std::int64_t to,
                  double weight) const;

  const Scenario& s_;
  sim::Simulator sim_;
  std::unique_ptr<RoutingPolicy> policy_;
  std::vector<Channel> channels_;
  std::vector<Group> groups_;
  std::vector<Agent> agents_;
  std::vector<Contact> contacts_;
  std::vector<std::uint32_t> free_contacts_;
  std::vector<std::vector<double>> channel_busy_;  // slot-seconds per counted interval
  std::vector<double> site_busy_;                  // agent-seconds (a session = 1/concurrency)
  int sites_ = 0;
  bool route_by_region_ = false;
  std::int64_t warmup_ = 0, horizon_end_ = 0, interval_ = 0, delay_ = 0;
  int intervals_ = 0;
  bool email_frozen_ = false, draining_ = false;
  std::int64_t waiting_counted_ = 0;                                    // all real-time channels
  mutable std::int64_t cached_start_ = kInf - (std::int64_t{1} << 62);  // see interval_of()
  mutable std::int32_t cached_interval_ = 0;
  std::vector<std::uint32_t> scratch_;  // supply(): candidates to leave
  ReplicationResult r_;
};

}  // namespace ccsim::models::detail
