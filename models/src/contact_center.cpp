#include "contact_center.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <boost/random/uniform_01.hpp>

namespace ccsim::models::detail {

ContactCenter::ContactCenter(const Scenario& s, std::uint64_t seed, int replication)
    : s_(s), sim_(s.calendar), policy_(make_routing_policy(s)) {
  const sim::StreamFactory streams(seed, static_cast<std::uint64_t>(replication));
  sites_ = static_cast<int>(s.sites.size());
  route_by_region_ = sites_ > 1 && s.regions.size() > 1;
  pick_region_ = route_by_region_;
  overflow_delay_ = sim::from_seconds(policy_->overflow_delay_seconds());
  default_routing_ = policy_->default_decisions();
  drain_limit_ = sim::from_seconds(s.drain_limit_seconds);
  const sim::TimePoint horizon_end =
      sim::at_seconds(s.warmup_seconds) + sim::from_seconds(s.horizon_days * 86400.0);
  const std::int64_t until = sim::ticks(horizon_end + drain_limit_ + sim::Duration{1});

  const std::size_t n_ch = s.channels.size();
  channels_.resize(n_ch);
  for (std::size_t i = 0; i < n_ch; ++i) {
    const ChannelConfig& cc = s.channels[i];
    const ChannelTraits& kind = traits(cc.kind);
    Channel& c = channels_[i];
    c.realtime = kind.realtime;
    c.multi_session = kind.multi_session;
    c.concurrency = c.multi_session ? cc.concurrency : 1;
    c.slowdown = cc.concurrency_slowdown;
    if (kind.inactivity_timeout && cc.inactivity_timeout_seconds)
      c.timeout = sim::from_seconds(*cc.inactivity_timeout_seconds);
    c.demand = build_demand_table(s, static_cast<int>(i), &streams);
    // Separate streams per channel and purpose: two staffing plans see the same contacts
    // with the same handle times and patience (common random numbers).
    c.arrival_rng = streams.engine("arrivals/" + cc.name);
    c.handle_rng = streams.engine("handle/" + cc.name);
    c.patience_rng = streams.engine("patience/" + cc.name);
    c.quiet_rng = streams.engine("quiet/" + cc.name);
    c.region_rng = streams.engine("regions/" + cc.name);
    c.handle = Sampler(cc.handle_time);
    c.has_patience = cc.patience.has_value() && c.realtime;
    if (c.has_patience) c.patience = Sampler(*cc.patience);
    c.has_quiet = kind.inactivity_timeout && cc.quiet_after.has_value();
    if (c.has_quiet) c.quiet = Sampler(*cc.quiet_after);
    // Streams of optional features are made only when the feature is on, so a scenario
    // without it draws exactly the numbers it drew before the feature existed.
    c.has_wrap = cc.after_call_work.has_value();
    if (c.has_wrap) {
      c.wrap_rng = streams.engine("acw/" + cc.name);
      c.wrap = Sampler(*cc.after_call_work);
    }
    c.has_reply = kind.multi_session && cc.first_reply.has_value();
    if (c.has_reply) {
      c.reply_rng = streams.engine("first_reply/" + cc.name);
      c.reply = Sampler(*cc.first_reply);
    }
    if (cc.redial) {
      redials_ = true;
      c.has_redial = true;
      c.redial_probability = cc.redial->probability;
      c.max_attempts = cc.redial->max_attempts.value_or(0);
      c.redial_rng = streams.engine("redial/" + cc.name);
      c.redial_delay = Sampler(cc.redial->delay);
      double upto = 0.0;
      for (const RedialTarget& t : cc.redial->to) {
        c.redial_to.push_back(s.channel_index(t.channel));
        c.redial_upto.push_back(upto += t.share);
      }
      if (c.redial_to.empty()) {
        c.redial_to.push_back(static_cast<int>(i));
        c.redial_upto.push_back(1.0);
      }
      c.redial_upto.back() = 1.0;  // shares sum to 1 up to rounding
    }
    if (cc.callback && cc.callback->active() && c.realtime) {
      c.has_callback = true;
      c.callback = *cc.callback;
      c.mean_work_seconds = cc.handle_time.expected() + cc.mean_after_call_work();
      c.callback_rng = streams.engine("callback/" + cc.name);
      virtual_callbacks_ =
          virtual_callbacks_ || c.callback.priority == CallbackConfig::Priority::when_idle;
    }
  }
  if (virtual_callbacks_) callbacks_.resize(n_ch);
  for (const Channel& c : channels_)
    for (int t : c.redial_to)
      channels_[static_cast<std::size_t>(t)].retrial_rng =
          streams.engine("retrial/" + s.channels[static_cast<std::size_t>(t)].name);
  horizon_end_ = horizon_end;

  std::vector<int> capacity, group_site;
  for (int si = 0; si < sites_; ++si) {
    const SiteConfig& sc = s.sites[static_cast<std::size_t>(si)];
    for (std::size_t gi = 0; gi < sc.groups.size(); ++gi) {
      GroupSupply& sup =
          supply_.emplace_back(build_supply(s, si, static_cast<int>(gi), streams, until));
      capacity.push_back(sup.capacity());
      group_site.push_back(si);
      group_in_site_.push_back(static_cast<int>(gi));
    }
  }
  pool_ = AgentPool(s, capacity, channel_groups_);
  queues_ = ContactQueues(n_ch, sites_);
  kpi_ = KpiRecorder(s, group_site, channel_groups_);
  // At most one candidate per queue an agent could look at: sized once, never grown.
  const std::size_t max_candidates = n_ch * static_cast<std::size_t>(sites_ + 1);
  candidates_.resize(max_candidates);
  candidate_ids_.resize(max_candidates);
  candidate_queues_.resize(max_candidates);
}

void ContactCenter::set_observer(ContactObserver* observer) {
  observer_ = observer;
  // A trace names every contact's region. The stream "regions/<channel>" serves nothing else,
  // so drawing it without routing by region moves no other number.
  pick_region_ = route_by_region_ || (observer_ != nullptr && s_.regions.size() > 1);
}

void ContactCenter::observe(std::uint32_t ci, ContactOutcome outcome, sim::Duration wait,
                            sim::Duration handle, sim::Duration wrap) {
  const Contact& k = contacts_[ci];
  ContactRecord r;
  r.arrival_seconds = sim::to_seconds(k.arrival - kpi_.counted_start());
  r.channel = k.channel;
  r.region = s_.regions.empty() ? -1 : k.region;
  r.home_site = k.home >= 0 ? k.home : (sites_ == 1 ? 0 : -1);
  if (k.agent >= 0 && outcome != ContactOutcome::abandoned &&
      outcome != ContactOutcome::unanswered) {
    const int g = pool_.agent(k.agent).group;
    r.site = pool_.site_of(k.agent);
    r.group = group_in_site_[static_cast<std::size_t>(g)];
  }
  r.attempt = k.attempt + 1;
  r.outcome = outcome;
  r.wait_seconds = sim::to_seconds(wait);
  r.handle_seconds = sim::to_seconds(handle);
  r.wrap_seconds = sim::to_seconds(wrap);
  observer_->on_contact(r);
}

void ContactCenter::observe_service(std::uint32_t ci, sim::Duration wait, sim::Duration busy,
                                    bool failed_callback) {
  const Contact& k = contacts_[ci];
  if (failed_callback)
    observe(ci, ContactOutcome::callback_failed, wait, busy, sim::Duration::zero());
  else
    observe(ci, ContactOutcome::answered, wait, busy - k.wrap, k.wrap);
}

ReplicationResult ContactCenter::run() {
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    Channel& c = channels_[i];
    const std::int64_t t = c.demand.next_arrival(0, c.arrival_rng);
    if (t >= 0) sim_.schedule_at(sim::TimePoint{sim::Duration{t}}, *this, kArrival, i);
  }
  for (std::size_t g = 0; g < supply_.size(); ++g)
    sim_.schedule_at(sim::TimePoint{}, *this, kSupply, g, -1);

  // Counted horizon. Events at exactly the horizon end belong to the drain.
  const sim::TimePoint horizon_end = kpi_.counted_end();
  sim_.run_until(horizon_end - sim::Duration{1});

  // Email is deferred work: what is not started by the horizon end stays in the backlog and
  // is reported as such (never worked during the drain, never dropped).
  email_frozen_ = true;
  for (std::size_t i = 0; i < channels_.size(); ++i)
    if (!channels_[i].realtime)
      kpi_.backlog_end(static_cast<int>(i),
                       queues_.count_counted_waiting(static_cast<int>(i), contacts_));

  // Drain: no new arrivals; run until no counted real-time contact waits, or the drain limit.
  if (queues_.counted_waiting() > 0) {
    draining_ = true;
    sim_.run_until(horizon_end + drain_limit_);
  }
  for (std::size_t i = 0; i < channels_.size(); ++i)
    kpi_.unanswered_end(static_cast<int>(i),
                        static_cast<double>(queues_.counted_waiting(static_cast<int>(i))));
  if (observer_) {
    // The counted contacts still waiting (email: the backlog), in arrival order.
    std::vector<std::uint32_t> left;
    for (std::uint32_t ci = 0; ci < contacts_.size(); ++ci)
      if (contacts_[ci].state == Contact::State::waiting && contacts_[ci].interval >= 0)
        left.push_back(ci);
    std::stable_sort(left.begin(), left.end(), [&](std::uint32_t a, std::uint32_t b) {
      return contacts_[a].arrival < contacts_[b].arrival;
    });
    for (std::uint32_t ci : left)
      observe(ci, ContactOutcome::unanswered, now() - contacts_[ci].arrival, {}, {});
  }

  std::vector<int> on_duty;
  for (std::size_t g = 0; g < pool_.groups(); ++g)
    on_duty.push_back(pool_.group(static_cast<int>(g)).on_duty);
  return kpi_.finish(std::max(now(), horizon_end), now(), on_duty, sim_.events_fired());
}

void ContactCenter::on_event(std::uint32_t kind, std::uint64_t arg) {
  switch (kind) {
    case kArrival:
      arrival(static_cast<int>(arg));
      break;
    case kServiceEnd:
      service_end(static_cast<std::uint32_t>(arg));
      break;
    case kAbandon:
      abandon(static_cast<std::uint32_t>(arg));
      break;
    case kOverflow:
      overflow(static_cast<std::uint32_t>(arg));
      break;
    case kSupply:
      supply(static_cast<int>(arg));
      break;
    case kRedial:
      redial(static_cast<std::uint32_t>(arg));
      break;
    default:
      break;
  }
}

[[gnu::cold]] void ContactCenter::draw_attributes(Contact& k, Channel& c, sim::RandomEngine& rng) {
  k.handle = sim::from_seconds(c.handle(rng));
  k.patience = c.has_patience ? sim::from_seconds(c.patience(rng)) : kForever;
  k.quiet = c.has_quiet ? sim::from_seconds(c.quiet(rng)) : kForever;
  k.wrap = c.has_wrap ? sim::from_seconds(c.wrap(rng)) : sim::Duration::zero();
  // Its own stream even for retrials: adding first_reply moves no other draw.
  k.reply = c.has_reply ? sim::from_seconds(c.reply(c.reply_rng)) : sim::Duration::zero();
}

void ContactCenter::arrival(int ch) {
  Channel& c = channels_[static_cast<std::size_t>(ch)];
  const std::int64_t t_ticks = sim::ticks(now());
  const std::uint32_t ci = contacts_.acquire();
  Contact& k = contacts_[ci];
  // Every draw for a contact happens at arrival, whatever its fate, so a contact keeps its
  // handle time and patience across staffing levels (common random numbers).
  // (draw_attributes() with the channel's own streams, written out: the hot path keeps the
  // samplers inlined.)
  k.arrival = now();
  k.handle = sim::from_seconds(c.handle(c.handle_rng));
  k.patience = c.has_patience ? sim::from_seconds(c.patience(c.patience_rng)) : kForever;
  k.quiet = c.has_quiet ? sim::from_seconds(c.quiet(c.quiet_rng)) : kForever;
  k.wrap = c.has_wrap ? sim::from_seconds(c.wrap(c.wrap_rng)) : sim::Duration::zero();
  k.reply = c.has_reply ? sim::from_seconds(c.reply(c.reply_rng)) : sim::Duration::zero();
  k.region =
      static_cast<std::int16_t>(pick_region_ ? c.demand.pick_region(t_ticks, c.region_rng) : 0);
  k.attempt = 0;
  k.seen = 0;
  const std::int64_t next = c.demand.next_arrival(t_ticks, c.arrival_rng);
  if (next >= 0)
    sim_.schedule_at(sim::TimePoint{sim::Duration{next}}, *this, kArrival,
                     static_cast<std::uint64_t>(ch));
  enter(ci, ch);
}

[[gnu::cold]] void ContactCenter::redial(std::uint32_t ci) {
  Contact& k = contacts_[ci];
  Channel& c = channels_[k.channel];
  // A new attempt: new handle time and patience, from the target's retrial stream.
  k.arrival = now();
  draw_attributes(k, c, c.retrial_rng);
  enter(ci, k.channel);
}

[[gnu::always_inline]] inline void ContactCenter::enter(std::uint32_t ci, int ch) {
  const Channel& c = channels_[static_cast<std::size_t>(ch)];
  const sim::TimePoint t = now();
  Contact& k = contacts_[ci];
  k.abandon_timer = {};
  k.overflow_timer = {};
  k.interval = kpi_.counted_interval(t);
  k.agent = -1;
  k.channel = static_cast<std::uint16_t>(ch);
  k.home = static_cast<std::int16_t>(
      route_by_region_ ? policy_->home_site(k.region)
                       : (sites_ > 1 ? policy_->home_site(0) : RoutingPolicy::kAnySite));
  k.state = Contact::State::waiting;
  k.queued = false;
  k.callback = 0;
  const bool counted = k.interval >= 0;
  if (counted) {
    kpi_.arrived(ch, k.interval, k.home);
    if (redials_) {
      const std::uint64_t bit = std::uint64_t{1} << ch;
      kpi_.attempt(ch, k.attempt == 0, (k.seen & bit) == 0);
      k.seen |= bit;
    }
  }

  // Its home site's agents first, then (as the policy allows) anyone's.
  int a = find_agent(ci, k.home);
  if (a < 0 && k.home >= 0 && (!default_routing_ || overflow_delay_ <= sim::Duration::zero()))
    a = find_agent(ci, RoutingPolicy::kAnySite);
  if (a >= 0) {
    start_service(ci, a);
    fill(a);
    return;
  }
  Contact& w = contacts_[ci];
  w.queued = true;
  if (counted) {
    kpi_.waited(ch);
    if (c.realtime) queues_.counted_wait_begins(ch);
  }
  if (c.has_callback && takes_callback(ci) && w.callback == Contact::kVirtual) {
    // Out of the line: any site's agent may call it back, one idle now (held back by the
    // routing policy's site rules) at once.
    const int b = find_agent(ci, RoutingPolicy::kAnySite);
    if (b >= 0) {
      start_service(ci, b);
      fill(b);
    } else {
      callbacks_[static_cast<std::size_t>(ch)].push(Ticket{ci, w.generation});
    }
    return;
  }
  queues_.push(ch, queues_.queue_of(w.home), Ticket{ci, w.generation});
  kpi_.queue_changed(ch, t, +1);
  if (w.patience != kForever)
    w.abandon_timer = sim_.schedule_after(w.patience, *this, kAbandon, ci);
  if (w.home >= 0 && overflow_delay_ > sim::Duration::zero() && overflow_delay_ != kForever)
    w.overflow_timer = sim_.schedule_after(overflow_delay_, *this, kOverflow, ci);
}

void ContactCenter::counted_wait_ends(int ch) {
  queues_.counted_wait_ends(ch);
  if (draining_ && queues_.counted_waiting() == 0) sim_.stop();
}

void ContactCenter::abandon(std::uint32_t ci) {
  Contact& k = contacts_[ci];
  k.abandon_timer = {};
  kpi_.queue_changed(k.channel, now(), -1);
  if (k.overflow_timer.valid()) sim_.cancel(k.overflow_timer);
  if (k.interval >= 0) {
    kpi_.abandoned(k.channel, k.interval, k.home, k.patience);
    if (observer_) [[unlikely]]
      observe(ci, ContactOutcome::abandoned, k.patience, {}, {});
    counted_wait_ends(k.channel);
  }
  if (!channels_[k.channel].has_redial || !comes_back(ci)) contacts_.release(ci);
}

[[gnu::cold]] bool ContactCenter::takes_callback(std::uint32_t ci) {
  Contact& k = contacts_[ci];
  Channel& c = channels_[k.channel];
  const double waiting = kpi_.queue_length(k.channel);
  double measure = waiting;
  if (c.callback.offer == CallbackConfig::Offer::expected_wait) {
    int on_duty = 0;
    for (int g : channel_groups_[k.channel]) on_duty += pool_.group(g).on_duty;
    measure = on_duty > 0 ? (waiting + 1.0) * c.mean_work_seconds / on_duty
                          : std::numeric_limits<double>::infinity();
  }
  if (!(measure >= c.callback.threshold)) return false;
  const bool counted = k.interval >= 0;
  if (counted) kpi_.callback_offered(k.channel);
  if (!(boost::random::uniform_01<double>()(c.callback_rng) < c.callback.accept_probability))
    return false;
  k.callback_fails =
      boost::random::uniform_01<double>()(c.callback_rng) < c.callback.failure_probability;
  k.callback = c.callback.priority == CallbackConfig::Priority::when_idle ? Contact::kVirtual
                                                                          : Contact::kKeepsPlace;
  k.patience = kForever;  // off the line: it no longer abandons
  if (counted) kpi_.callback_accepted(k.channel);
  return true;
}

[[gnu::cold]] std::int64_t ContactCenter::take_callback(int a) {
  for (int ch : pool_.group(pool_.agent(a).group).skills) {
    if (callbacks_[static_cast<std::size_t>(ch)].empty()) continue;
    RingQueue<Ticket>& q = callbacks_[static_cast<std::size_t>(ch)];
    while (!q.empty() && !contacts_.waiting(q.front())) q.pop();
    if (q.empty()) continue;
    const std::uint32_t ci = q.front().contact;
    q.pop();
    return ci;
  }
  return -1;
}

[[gnu::cold]] bool ContactCenter::comes_back(std::uint32_t ci) {
  Contact& k = contacts_[ci];
  Channel& c = channels_[k.channel];
  if (c.max_attempts > 0 && k.attempt + 1 >= c.max_attempts) return false;
  if (!(boost::random::uniform_01<double>()(c.redial_rng) < c.redial_probability)) return false;
  const sim::Duration delay = sim::from_seconds(c.redial_delay(c.redial_rng));
  std::size_t target = 0;
  if (c.redial_to.size() > 1) {
    const double u = boost::random::uniform_01<double>()(c.redial_rng);
    while (target + 1 < c.redial_upto.size() && u >= c.redial_upto[target]) ++target;
  }
  if (k.interval >= 0) kpi_.redialled(k.channel);
  // No contact arrives after the horizon: a return then is not simulated.
  if (now() + delay >= horizon_end_) return false;
  k.channel = static_cast<std::uint16_t>(c.redial_to[target]);
  ++k.attempt;
  contacts_.hold_for_redial(ci);
  sim_.schedule_after(delay, *this, kRedial, ci);
  return true;
}

void ContactCenter::overflow(std::uint32_t ci) {
  Contact& k = contacts_[ci];
  k.overflow_timer = {};
  if (k.state != Contact::State::waiting) return;
  const int a = find_agent(ci, RoutingPolicy::kAnySite);
  if (a >= 0) {
    start_service(ci, a);
    fill(a);
  }
}

void ContactCenter::service_end(std::uint32_t ci) {
  const int a = contacts_[ci].agent;
  contacts_.release(ci);
  --pool_.agent(a).sessions;
  pool_.touch(a);  // its place in a partial queue (if any) is re-taken below
  if (pool_.agent(a).sessions == 0)
    agent_free(a);
  else
    fill(a);
}

int ContactCenter::find_agent(std::uint32_t ci, int site) {
  const Contact& k = contacts_[ci];
  const Channel& c = channels_[k.channel];
  if (default_routing_)
    return pool_.take(channel_groups_[k.channel], k.channel, c.multi_session,
                      [&](int gi, int) { return site < 0 || pool_.group(gi).site == site; });
  const RoutingContact contact{k.channel, k.home, now() - k.arrival};
  return pool_.take(channel_groups_[k.channel], k.channel, c.multi_session, [&](int gi, int a) {
    if (site >= 0 && pool_.group(gi).site != site) return false;
    return policy_->may_take(view(a), contact);
  });
}

void ContactCenter::collect(const RoutingAgent& me, int ch, sim::TimePoint t) {
  for (int q : queues_.used(ch)) {
    const Ticket* head = queues_.head(ch, q, contacts_);
    if (!head) continue;
    const Contact& k = contacts_[head->contact];
    const RoutingContact contact{ch, k.home, t - k.arrival};
    if (!policy_->may_take(me, contact)) continue;
    candidates_[n_candidates_] = contact;
    candidate_ids_[n_candidates_] = head->contact;
    candidate_queues_[n_candidates_] = q;
    ++n_candidates_;
  }
}

std::int64_t ContactCenter::take_oldest(int ch, int site) {
  // RoutingPolicy's default decisions, inline: the oldest head among the queues the agent may
  // take (its own site's and anyone's at once, other sites' after the overflow delay).
  const sim::TimePoint t = now();
  int best = -1;
  sim::TimePoint best_arrival = sim::kNever;
  std::uint32_t best_id = 0;
  for (int q : queues_.used(ch)) {
    const Ticket* head = queues_.head(ch, q, contacts_);
    if (!head) continue;
    const sim::TimePoint arrived = contacts_[head->contact].arrival;
    const bool allowed = q == queues_.any_site_queue() || q == site ||
                         (overflow_delay_ != kForever && t - arrived >= overflow_delay_);
    if (allowed && arrived < best_arrival) {
      best_arrival = arrived;
      best = q;
      best_id = head->contact;
    }
  }
  if (best < 0) return -1;
  queues_.pop(ch, best);
  return best_id;
}

std::int64_t ContactCenter::take_waiting(int a, int only, bool realtime_only) {
  if (default_routing_) {
    const int site = pool_.site_of(a);
    if (only >= 0) return take_oldest(only, site);
    for (int ch : pool_.group(pool_.agent(a).group).skills) {
      if ((email_frozen_ || realtime_only) && !channels_[static_cast<std::size_t>(ch)].realtime)
        continue;
      const std::int64_t ci = take_oldest(ch, site);
      if (ci >= 0) return ci;
    }
    return -1;
  }
  const RoutingAgent me = view(a);
  const sim::TimePoint t = now();
  n_candidates_ = 0;
  if (only >= 0) {
    collect(me, only, t);
  } else {
    for (int ch : pool_.group(me.group).skills)
      if (!(email_frozen_ || realtime_only) || channels_[static_cast<std::size_t>(ch)].realtime)
        collect(me, ch, t);
  }
  if (n_candidates_ == 0) return -1;
  const std::size_t i =
      policy_->pick(me, std::span<const RoutingContact>(candidates_.data(), n_candidates_));
  if (i >= n_candidates_) return -1;
  queues_.pop(candidates_[i].channel, candidate_queues_[i]);
  return candidate_ids_[i];
}

void ContactCenter::start_service(std::uint32_t ci, int a) {
  Contact& k = contacts_[ci];
  const Channel& c = channels_[k.channel];
  Agent& ag = pool_.agent(a);
  const sim::TimePoint t = now();
  if (k.abandon_timer.valid()) sim_.cancel(k.abandon_timer);
  if (k.overflow_timer.valid()) sim_.cancel(k.overflow_timer);
  k.abandon_timer = {};
  k.overflow_timer = {};
  if (k.queued && k.callback != Contact::kVirtual) kpi_.queue_changed(k.channel, t, -1);
  k.state = Contact::State::in_service;
  k.agent = a;
  ++ag.sessions;
  ag.channel = k.channel;

  sim::Duration duration = k.handle;
  if (ag.sessions > 1 && c.slowdown > 0)
    duration =
        sim::from_seconds(sim::to_seconds(k.handle) * (1.0 + c.slowdown * (ag.sessions - 1)));
  bool timed_out = false;
  if (k.quiet != kForever && c.timeout != kForever && k.quiet + c.timeout < duration) {
    duration = k.quiet + c.timeout;
    timed_out = true;
  }
  // The first reply is part of the handling: at most the session's handle time.
  const sim::Duration reply = std::min(k.reply, duration);
  // The contact is done at `duration`; the agent (its slot) stays busy for the wrap-up.
  duration += k.wrap;
  const bool failed_callback = k.callback != 0 && k.callback_fails;
  if (failed_callback) duration = sim::from_seconds(c.callback.failed_attempt_seconds);
  const int site = pool_.site_of(a);
  kpi_.busy(k.channel, ag.group, t, t + duration);

  if (k.interval >= 0) {
    // A callback reached is the contact's service, its wait the time to the callback.
    if (k.callback != 0) kpi_.called_back(k.channel, t - k.arrival, failed_callback);
    if (!failed_callback)
      kpi_.answered(k.channel, k.interval, k.home, site, ag.group, t - k.arrival, timed_out, k.wrap,
                    reply);
    if (observer_) [[unlikely]]
      observe_service(ci, t - k.arrival, duration, failed_callback);
    if (k.queued && c.realtime) counted_wait_ends(k.channel);
  }
  sim_.schedule_after(duration, *this, kServiceEnd, ci);
}

void ContactCenter::agent_free(int a) {
  Agent& ag = pool_.agent(a);
  ag.channel = -1;
  if (ag.leaving) {  // its shift is over and its last session has ended
    go_off(a);
    return;
  }
  // With when_idle callbacks: the real-time contacts first, then the callbacks, then email.
  std::int64_t ci = take_waiting(a, -1, virtual_callbacks_);
  if (ci < 0 && virtual_callbacks_) {
    ci = take_callback(a);
    if (ci < 0) ci = take_waiting(a, -1);
  }
  if (ci >= 0) {
    start_service(static_cast<std::uint32_t>(ci), a);
    fill(a);
    return;
  }
  pool_.make_available(a, now());
}

void ContactCenter::fill(int a) {
  Agent& ag = pool_.agent(a);
  const Channel& c = channels_[static_cast<std::size_t>(ag.channel)];
  if (!c.multi_session || ag.leaving) return;
  while (ag.sessions < c.concurrency) {
    const std::int64_t ci = take_waiting(a, ag.channel);
    if (ci < 0) break;
    start_service(static_cast<std::uint32_t>(ci), a);
  }
  if (ag.sessions < c.concurrency) pool_.make_available(a, now());
}

void ContactCenter::go_off(int a) {
  const int g = pool_.agent(a).group;
  kpi_.staffing(g, now(), pool_.group(g).on_duty);
  pool_.go_off(a);
}

void ContactCenter::supply(int gi) {
  GroupSupply& sup = supply_[static_cast<std::size_t>(gi)];
  int diff = sup.advance();
  if (sup.has_next())
    sim_.schedule_at(sup.next_time(), *this, kSupply, static_cast<std::uint64_t>(gi), -1);
  pool_.forget_stale_leaving(gi);
  if (diff > 0) {
    // Agents still finishing their work before leaving simply stay (and may take more).
    for (int a; diff > 0 && (a = pool_.keep_leaving(gi)) >= 0; --diff)
      if (pool_.agent(a).sessions > 0) fill(a);
    for (; diff > 0; --diff) {
      kpi_.staffing(gi, now(), pool_.group(gi).on_duty);
      agent_free(pool_.bring_on(gi));
    }
  } else if (diff < 0) {
    kpi_.staffing(gi, now(), pool_.group(gi).on_duty);
    pool_.send_off(gi, -diff);
  }
}

}  // namespace ccsim::models::detail
