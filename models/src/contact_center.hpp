#pragma once
// The contact-center model of one replication. It owns the event handling and wires the
// parts together, each with one job:
//   - ContactStore / ContactQueues (contact_queues.hpp): contacts and the queues they wait in;
//   - AgentPool (agent_pool.hpp): on duty, idle, partial chat slots, leaving;
//   - GroupSupply (supply.hpp): each group's on-duty target over time (shifts, breaks);
//   - RoutingPolicy (ccsim/models/routing.hpp): which agent takes which contact;
//   - KpiRecorder (kpi_recorder.hpp): counters and time integrals, told facts as they happen;
//   - Sampler (sampler.hpp): draws from the configured distributions.
// Built from a validated Scenario, run once.

#include <cstdint>
#include <memory>
#include <vector>

#include "agent_pool.hpp"
#include "ccsim/models/results.hpp"
#include "ccsim/models/routing.hpp"
#include "ccsim/models/scenario.hpp"
#include "ccsim/models/trace.hpp"
#include "ccsim/sim/random.hpp"
#include "ccsim/sim/simulator.hpp"
#include "contact_queues.hpp"
#include "demand_table.hpp"
#include "kpi_recorder.hpp"
#include "sampler.hpp"
#include "supply.hpp"

namespace ccsim::models::detail {

class ContactCenter final : public sim::EventHandler {
 public:
  ContactCenter(const Scenario& scenario, std::uint64_t seed, int replication);
  /// Runs the replication to its end (horizon, then drain) and returns its counters.
  ReplicationResult run();
  /// Sends a ContactRecord of every counted contact to `observer` (nullptr: none) during run().
  void set_observer(ContactObserver* observer);
  void on_event(std::uint32_t kind, std::uint64_t arg) override;

 private:
  enum Event : std::uint32_t { kArrival, kServiceEnd, kAbandon, kOverflow, kSupply, kRedial };

  /// A channel's fixed configuration and its random sources.
  struct Channel {
    bool realtime = true;
    bool multi_session = false;
    int concurrency = 1;
    double slowdown = 0.0;
    sim::Duration timeout = kForever;
    bool has_patience = false, has_quiet = false, has_wrap = false, has_reply = false;
    DemandTable demand;
    sim::RandomEngine arrival_rng, handle_rng, patience_rng, quiet_rng, region_rng, wrap_rng,
        reply_rng;
    Sampler handle, patience, quiet, wrap, reply;
    // Redials of this channel's abandoned contacts (ScenarioConfig::redial).
    bool has_redial = false;
    double redial_probability = 0.0;
    int max_attempts = 0;  // 0 = no limit
    sim::RandomEngine redial_rng;
    Sampler redial_delay;
    std::vector<int> redial_to;       // target channels
    std::vector<double> redial_upto;  // cumulative shares, last = 1
    // Attributes of retrials arriving on this channel (when it is a redial target).
    sim::RandomEngine retrial_rng;
    // Callbacks (CallbackConfig; only with a finite threshold).
    bool has_callback = false;
    CallbackConfig callback;
    double mean_work_seconds = 0.0;  // talk + wrap-up, for the expected-wait estimate
    sim::RandomEngine callback_rng;
  };

  void arrival(int ch);
  /// The customer of record `ci` comes back (a redial or cross-channel retrial).
  void redial(std::uint32_t ci);
  /// Contact `ci` (attributes drawn, arrival time set) enters channel `ch` at the current time.
  void enter(std::uint32_t ci, int ch);
  /// Draws a retrial's handle time, patience, quiet time and wrap-up from `rng` (its first
  /// reply, like a fresh contact's, from the channel's own "first_reply/" stream).
  void draw_attributes(Contact& k, Channel& c, sim::RandomEngine& rng);
  void service_end(std::uint32_t ci);
  void abandon(std::uint32_t ci);
  /// Redials: whether abandoned contact `ci` comes back (then its record is kept and its
  /// return scheduled).
  bool comes_back(std::uint32_t ci);
  /// Callbacks: whether contact `ci`, which must wait, is offered a callback and accepts it.
  bool takes_callback(std::uint32_t ci);
  /// The oldest virtual-queue callback of the agent's skills; -1 if none.
  std::int64_t take_callback(int a);
  void overflow(std::uint32_t ci);
  void supply(int g);
  /// The observer's record of counted contact `ci` (site and group from its agent, if any).
  [[gnu::cold]] void observe(std::uint32_t ci, ContactOutcome outcome, sim::Duration wait,
                             sim::Duration handle, sim::Duration wrap);
  /// observe() of a contact whose service starts and keeps its agent `busy` (wrap included).
  [[gnu::cold]] void observe_service(std::uint32_t ci, sim::Duration wait, sim::Duration busy,
                                     bool failed_callback);

  /// An agent for contact `ci` among `groups`' agents at `site` (kAnySite = all) that the
  /// policy lets take it; -1 if none.
  int find_agent(std::uint32_t ci, int site);
  /// The waiting contact agent `a` takes (only of channel `only` if >= 0); -1 if none.
  std::int64_t take_waiting(int a, int only, bool realtime_only = false);
  void start_service(std::uint32_t ci, int agent);
  void agent_free(int agent);
  void fill(int agent);
  void go_off(int agent);
  void counted_wait_ends(int ch);
  /// take_waiting() for a policy with default decisions: the oldest head of `ch` an agent at
  /// `site` may take.
  std::int64_t take_oldest(int ch, int site);
  /// Collects the heads of channel `ch`'s queues that `me` may take into the candidates.
  void collect(const RoutingAgent& me, int ch, sim::TimePoint t);
  RoutingAgent view(int a) const {
    const Agent& ag = pool_.agent(a);
    const AgentGroup& g = pool_.group(ag.group);
    return RoutingAgent{g.site, ag.group, ag.sessions, g.idle_agents - (ag.idle ? 1 : 0)};
  }
  sim::TimePoint now() const { return sim_.now(); }

  const Scenario& s_;
  sim::Simulator sim_;
  std::unique_ptr<RoutingPolicy> policy_;
  std::vector<Channel> channels_;
  std::vector<std::vector<int>> channel_groups_;  // groups with each skill
  ContactStore contacts_;
  ContactQueues queues_;
  AgentPool pool_;
  std::vector<GroupSupply> supply_;
  KpiRecorder kpi_;
  int sites_ = 0;
  bool route_by_region_ = false;
  bool pick_region_ = false;  // draw each contact's region (routing by region, or a trace)
  ContactObserver* observer_ = nullptr;
  std::vector<int> group_in_site_;  // per group: its index in its site's groups
  bool default_routing_ = false;    // the policy keeps RoutingPolicy's default decisions
  sim::Duration overflow_delay_{};  // the policy's, cached (kForever = never)
  sim::Duration drain_limit_{};
  bool email_frozen_ = false, draining_ = false;
  bool redials_ = false;                      // some channel redials: count attempts and customers
  bool virtual_callbacks_ = false;            // some channel has when_idle callbacks
  std::vector<RingQueue<Ticket>> callbacks_;  // per channel: the when_idle virtual queue
  sim::TimePoint horizon_end_{};
  // take_waiting(): the queue heads the agent may take, [0, n_candidates_).
  std::vector<RoutingContact> candidates_;
  std::vector<std::uint32_t> candidate_ids_;
  std::vector<int> candidate_queues_;
  std::size_t n_candidates_ = 0;
};

}  // namespace ccsim::models::detail
