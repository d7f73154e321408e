#include "contact_center.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace ccsim::models::detail {
namespace {

std::int64_t ticks(double seconds) { return sim::from_seconds(seconds).count(); }

bool is_realtime(ChannelKind k) { return k != ChannelKind::email; }

}  // namespace

ContactCenter::ContactCenter(const Scenario& s, std::uint64_t seed, int replication)
    : s_(s), sim_(s.calendar), policy_(make_routing_policy(s)) {
  const sim::StreamFactory streams(seed, static_cast<std::uint64_t>(replication));
  sites_ = static_cast<int>(s.sites.size());
  warmup_ = ticks(s.warmup_seconds);
  horizon_end_ = warmup_ + ticks(s.horizon_days * 86400.0);
  interval_ = ticks(s.interval_seconds);
  intervals_ = s.horizon_intervals();
  const double delay = policy_->overflow_delay_seconds();
  delay_ = std::isfinite(delay) ? ticks(delay) : kInf;
  route_by_region_ = sites_ > 1 && s.regions.size() > 1;
  const std::int64_t until = horizon_end_ + ticks(s.drain_limit_seconds) + 1;

  const std::size_t n_ch = s.channels.size();
  channels_.resize(n_ch);
  channel_busy_.assign(n_ch, std::vector<double>(static_cast<std::size_t>(intervals_), 0.0));
  r_.channels.resize(n_ch);
  r_.intervals.assign(n_ch, std::vector<IntervalKpis>(static_cast<std::size_t>(intervals_)));
  for (std::size_t i = 0; i < n_ch; ++i) {
    const ChannelConfig& cc = s.channels[i];
    Channel& c = channels_[i];
    c.kind = cc.kind;
    c.realtime = is_realtime(cc.kind);
    c.multi_session = cc.kind == ChannelKind::chat || cc.kind == ChannelKind::messenger;
    c.concurrency = c.multi_session ? cc.concurrency : 1;
    c.slowdown = cc.concurrency_slowdown;
    c.sl = ticks(cc.sl_seconds);
    if (cc.kind == ChannelKind::messenger && cc.inactivity_timeout_seconds)
      c.timeout = ticks(*cc.inactivity_timeout_seconds);
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
    c.has_quiet = cc.kind == ChannelKind::messenger && cc.quiet_after.has_value();
    if (c.has_quiet) c.quiet = Sampler(*cc.quiet_after);
    c.queues.resize(static_cast<std::size_t>(sites_ + 1));
  }

  r_.sites.resize(static_cast<std::size_t>(sites_));
  site_busy_.assign(static_cast<std::size_t>(sites_), 0.0);
  for (int si = 0; si < sites_; ++si) {
    const SiteConfig& sc = s.sites[static_cast<std::size_t>(si)];
    r_.sites[static_cast<std::size_t>(si)].handled.assign(n_ch, 0.0);
    r_.sites[static_cast<std::size_t>(si)].by_channel.assign(n_ch, SiteChannelKpis{});
    for (std::size_t gi = 0; gi < sc.groups.size(); ++gi) {
      const AgentGroupConfig& gc = sc.groups[gi];
      const int id = static_cast<int>(groups_.size());
      Group& g = groups_.emplace_back();
      g.site = si;
      for (int pass = 0; pass < 2; ++pass)  // real-time skills first, email after
        for (const std::string& name : gc.skills) {
          const int ch = s.channel_index(name);
          if (is_realtime(s.channels[static_cast<std::size_t>(ch)].kind) == (pass == 0)) {
            g.skills.push_back(ch);
            channels_[static_cast<std::size_t>(ch)].groups.push_back(id);
          }
        }
      g.partial.resize(n_ch);
      g.staffed.assign(static_cast<std::size_t>(intervals_), 0.0);
      g.busy.assign(static_cast<std::size_t>(intervals_), 0.0);
      g.steps = build_supply(s, si, static_cast<int>(gi), streams, until);
      int capacity = 0;
      for (const SupplyStep& st : g.steps) capacity = std::max(capacity, st.agents);
      g.first_agent = static_cast<std::uint32_t>(agents_.size());
      g.capacity = capacity;
      for (int a = 0; a < capacity; ++a) {
        g.off.push_back(static_cast<std::uint32_t>(agents_.size() +
                                                   static_cast<std::size_t>(capacity - 1 - a)));
      }
      for (int a = 0; a < capacity; ++a) agents_.push_back(Agent{0, id, 0, -1, 0, false, false});
    }
  }
}

ReplicationResult ContactCenter::run() {
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    Channel& c = channels_[i];
    const std::int64_t t = c.demand.next_arrival(0, c.arrival_rng);
    if (t >= 0) sim_.schedule_at(sim::TimePoint{sim::Duration{t}}, *this, kArrival, i);
  }
  for (std::size_t g = 0; g < groups_.size(); ++g)
    sim_.schedule_at(sim::TimePoint{}, *this, kSupply, g, -1);

  // Counted horizon. Events at exactly the horizon end belong to the drain.
  sim_.run_until(sim::TimePoint{sim::Duration{horizon_end_ - 1}});

  // Email is deferred work: what is not started by the horizon end stays in the backlog and
  // is reported as such (never worked during the drain, never dropped).
  email_frozen_ = true;
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    Channel& c = channels_[i];
    if (c.realtime) continue;
    double backlog = 0;
    for (auto& q : c.queues)
      for (std::size_t k = 0; k < q.size(); ++k) {
        const Contact& x = contacts_[q[k].contact];
        if (x.generation == q[k].generation && x.state == State::waiting && x.interval >= 0)
          ++backlog;
      }
    r_.channels[i].backlog_end = backlog;
  }

  // Drain: no new arrivals; run until no counted real-time contact waits, or the drain limit.
  if (waiting_counted_ > 0) {
    draining_ = true;
    sim_.run_until(sim::TimePoint{sim::Duration{horizon_end_ + ticks(s_.drain_limit_seconds)}});
  }
  for (std::size_t i = 0; i < channels_.size(); ++i)
    r_.channels[i].unanswered_end = static_cast<double>(channels_[i].waiting_counted);

  // Staffed time up to the horizon end, then the derived per-channel and per-site sums.
  const std::int64_t end = std::max(sim_.now().time_since_epoch().count(), horizon_end_);
  for (Group& g : groups_) add_span(g.staffed, g.last_change, end, g.on_duty);
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    const Channel& c = channels_[i];
    ChannelKpis& k = r_.channels[i];
    for (int n = 0; n < intervals_; ++n) {
      IntervalKpis& row = r_.intervals[i][static_cast<std::size_t>(n)];
      row.busy_seconds = channel_busy_[i][static_cast<std::size_t>(n)];
      double agent_seconds = 0;
      for (int g : c.groups)
        agent_seconds += groups_[static_cast<std::size_t>(g)].staffed[static_cast<std::size_t>(n)];
      row.staffed_seconds = agent_seconds * c.concurrency;
      const std::int64_t start = warmup_ + n * interval_;
      const double len =
          sim::to_seconds(sim::Duration{std::min(start + interval_, horizon_end_) - start});
      row.agents_on_duty = len > 0 ? agent_seconds / len : 0.0;
      k.busy_seconds += row.busy_seconds;
      k.staffed_seconds += row.staffed_seconds;
    }
  }
  for (int si = 0; si < sites_; ++si)
    r_.sites[static_cast<std::size_t>(si)].busy_seconds = site_busy_[static_cast<std::size_t>(si)];
  for (const Group& g : groups_)
    for (double x : g.staffed) r_.sites[static_cast<std::size_t>(g.site)].staffed_seconds += x;
  for (const Group& g : groups_) {
    auto& rows = r_.group_intervals.emplace_back(static_cast<std::size_t>(intervals_));
    for (std::size_t n = 0; n < rows.size(); ++n) rows[n] = {g.staffed[n], g.busy[n]};
  }
  for (std::size_t i = 0; i < channels_.size(); ++i) queue_change(static_cast<int>(i), 0);
  r_.events = sim_.events_fired();
  return std::move(r_);
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
    default:
      break;
  }
}

std::uint32_t ContactCenter::alloc_contact() {
  if (!free_contacts_.empty()) {
    const std::uint32_t ci = free_contacts_.back();
    free_contacts_.pop_back();
    return ci;
  }
  contacts_.emplace_back();
  return static_cast<std::uint32_t>(contacts_.size() - 1);
}

void ContactCenter::free_contact(std::uint32_t ci) {
  Contact& k = contacts_[ci];
  k.state = State::free;
  ++k.generation;  // queue tickets for it go stale
  free_contacts_.push_back(ci);
}

void ContactCenter::arrival(int ch) {
  Channel& c = channels_[static_cast<std::size_t>(ch)];
  const std::int64_t now = sim_.now().time_since_epoch().count();
  const std::uint32_t ci = alloc_contact();
  Contact& k = contacts_[ci];
  // Every draw for a contact happens at arrival, whatever its fate, so a contact keeps its
  // handle time and patience across staffing levels (common random numbers).
  k.arrival = now;
  k.handle = ticks(c.handle(c.handle_rng));
  k.patience = c.has_patience ? ticks(c.patience(c.patience_rng)) : kInf;
  k.quiet = c.has_quiet ? ticks(c.quiet(c.quiet_rng)) : kInf;
  k.abandon_timer = {};
  k.overflow_timer = {};
  k.interval = now >= warmup_ ? interval_of(now) : -1;
  k.agent = -1;
  k.channel = static_cast<std::uint16_t>(ch);
  k.home = static_cast<std::int16_t>(
      route_by_region_ ? policy_->home_site(c.demand.pick_region(now, c.region_rng))
                       : (sites_ > 1 ? policy_->home_site(0) : RoutingPolicy::kAnySite));
  k.state = State::waiting;
  k.queued = false;
  const bool counted = k.interval >= 0;
  if (counted) {
    r_.channels[static_cast<std::size_t>(ch)].offered += 1;
    r_.intervals[static_cast<std::size_t>(ch)][static_cast<std::size_t>(k.interval)].offered += 1;
    if (const int home = home_site(k); home >= 0)
      r_.sites[static_cast<std::size_t>(home)]
          .by_channel[static_cast<std::size_t>(ch)]
          .offered_home += 1;
  }
  const std::int64_t next = c.demand.next_arrival(now, c.arrival_rng);
  if (next >= 0)
    sim_.schedule_at(sim::TimePoint{sim::Duration{next}}, *this, kArrival,
                     static_cast<std::uint64_t>(ch));

  int a = find_agent(ch, k.home);
  if (a < 0 && k.home >= 0 && delay_ <= 0) a = find_agent(ch, RoutingPolicy::kAnySite);
  if (a >= 0) {
    start_service(ci, a);
    fill(a);
    return;
  }
  Contact& w = contacts_[ci];
  w.queued = true;
  if (counted) {
    r_.channels[static_cast<std::size_t>(ch)].waited += 1;
    if (c.realtime) {
      ++c.waiting_counted;
      ++waiting_counted_;
    }
  }
  const int qi = w.home >= 0 ? w.home : sites_;
  if (std::find(c.used_queues.begin(), c.used_queues.end(), qi) == c.used_queues.end())
    c.used_queues.push_back(qi);
  c.queues[static_cast<std::size_t>(qi)].push(Ticket{ci, w.generation});
  queue_change(ch, +1);
  if (w.patience != kInf)
    w.abandon_timer = sim_.schedule_after(sim::Duration{w.patience}, *this, kAbandon, ci);
  if (w.home >= 0 && delay_ > 0 && delay_ != kInf)
    w.overflow_timer = sim_.schedule_after(sim::Duration{delay_}, *this, kOverflow, ci);
}

void ContactCenter::count_waiting_done(Channel& c) {
  --c.waiting_counted;
  --waiting_counted_;
  if (draining_ && waiting_counted_ == 0) sim_.stop();
}

void ContactCenter::queue_change(int ch, int delta) {
  Channel& c = channels_[static_cast<std::size_t>(ch)];
  const std::int64_t now = sim_.now().time_since_epoch().count();
  const std::int64_t from = std::max(c.queue_since, warmup_);
  const std::int64_t to = std::min(now, horizon_end_);
  if (to > from)
    r_.channels[static_cast<std::size_t>(ch)].queue_seconds +=
        static_cast<double>(c.queue_len) * sim::to_seconds(sim::Duration{to - from});
  // Per interval: the time integral, the maximum and the count held at each interval end that
  // the span [from, to) reaches (a change exactly at a boundary belongs to the next interval).
  auto& rows = r_.intervals[static_cast<std::size_t>(ch)];
  const auto len = static_cast<double>(c.queue_len);
  for (std::int64_t t = from; t < to;) {
    const std::int64_t i = (t - warmup_) / interval_;
    const std::int64_t end = std::min(warmup_ + (i + 1) * interval_, horizon_end_);
    const std::int64_t stop = std::min(end, to);
    IntervalKpis& row = rows[static_cast<std::size_t>(i)];
    row.queue_seconds += len * sim::to_seconds(sim::Duration{stop - t});
    row.queue_max = std::max(row.queue_max, len);
    if (stop == end) row.queue_end = len;
    t = stop;
  }
  c.queue_since = now;
  c.queue_len += delta;
  if (now >= warmup_ && now < horizon_end_) {
    IntervalKpis& row = rows[static_cast<std::size_t>((now - warmup_) / interval_)];
    row.queue_max = std::max(row.queue_max, static_cast<double>(c.queue_len));
  }
}

void ContactCenter::abandon(std::uint32_t ci) {
  Contact& k = contacts_[ci];
  Channel& c = channels_[k.channel];
  k.abandon_timer = {};
  queue_change(k.channel, -1);
  if (k.overflow_timer.valid()) sim_.cancel(k.overflow_timer);
  if (k.interval >= 0) {
    const double waited = sim::to_seconds(sim::Duration{k.patience});
    ChannelKpis& ck = r_.channels[k.channel];
    ck.abandoned += 1;
    ck.wait_sum_all += waited;
    r_.intervals[k.channel][static_cast<std::size_t>(k.interval)].abandoned += 1;
    if (const int home = home_site(k); home >= 0)
      r_.sites[static_cast<std::size_t>(home)].by_channel[k.channel].abandoned_home += 1;
    count_waiting_done(c);
  }
  free_contact(ci);
}

void ContactCenter::overflow(std::uint32_t ci) {
  Contact& k = contacts_[ci];
  k.overflow_timer = {};
  if (k.state != State::waiting) return;
  const int a = find_agent(k.channel, RoutingPolicy::kAnySite);
  if (a >= 0) {
    start_service(ci, a);
    fill(a);
  }
}

void ContactCenter::service_end(std::uint32_t ci) {
  const int a = contacts_[ci].agent;
  free_contact(ci);
  Agent& ag = agents_[static_cast<std::size_t>(a)];
  --ag.sessions;
  ++ag.stamp;  // its place in a partial queue (if any) is re-taken below
  if (ag.sessions == 0)
    agent_free(a);
  else
    fill(a);
}

void ContactCenter::start_service(std::uint32_t ci, int a) {
  Contact& k = contacts_[ci];
  Channel& c = channels_[k.channel];
  Agent& ag = agents_[static_cast<std::size_t>(a)];
  const std::int64_t now = sim_.now().time_since_epoch().count();
  if (k.abandon_timer.valid()) sim_.cancel(k.abandon_timer);
  if (k.overflow_timer.valid()) sim_.cancel(k.overflow_timer);
  k.abandon_timer = {};
  k.overflow_timer = {};
  if (k.queued) queue_change(k.channel, -1);
  k.state = State::in_service;
  k.agent = a;
  ++ag.sessions;
  ag.channel = k.channel;

  std::int64_t duration = k.handle;
  if (ag.sessions > 1 && c.slowdown > 0)
    duration =
        ticks(sim::to_seconds(sim::Duration{k.handle}) * (1.0 + c.slowdown * (ag.sessions - 1)));
  bool timed_out = false;
  if (k.quiet != kInf && c.timeout != kInf && k.quiet + c.timeout < duration) {
    duration = k.quiet + c.timeout;
    timed_out = true;
  }
  const int site = groups_[static_cast<std::size_t>(ag.group)].site;
  const double slot_seconds = add_span(channel_busy_[k.channel], now, now + duration, 1.0);
  site_busy_[static_cast<std::size_t>(site)] += slot_seconds / c.concurrency;
  add_span(groups_[static_cast<std::size_t>(ag.group)].busy, now, now + duration,
           1.0 / c.concurrency);

  if (k.interval >= 0) {
    const std::int64_t wait = now - k.arrival;
    const double wait_s = sim::to_seconds(sim::Duration{wait});
    ChannelKpis& ck = r_.channels[k.channel];
    IntervalKpis& row = r_.intervals[k.channel][static_cast<std::size_t>(k.interval)];
    ck.answered += 1;
    ck.wait_sum_answered += wait_s;
    ck.wait_sum_all += wait_s;
    row.answered += 1;
    row.wait_sum_answered += wait_s;
    const bool within_sl = wait <= c.sl;
    if (within_sl) {
      ck.answered_within_sl += 1;
      row.answered_within_sl += 1;
    }
    SiteChannelKpis& at = r_.sites[static_cast<std::size_t>(site)].by_channel[k.channel];
    at.answered += 1;
    at.wait_sum_answered += wait_s;
    at.answered_within_sl += within_sl ? 1 : 0;
    if (const int h = home_site(k); h >= 0) {
      SiteChannelKpis& home = r_.sites[static_cast<std::size_t>(h)].by_channel[k.channel];
      home.answered_home += 1;
      home.wait_sum_answered_home += wait_s;
      home.answered_within_sl_home += within_sl ? 1 : 0;
    }
    if (timed_out) ck.timed_out += 1;
    r_.sites[static_cast<std::size_t>(site)].handled[k.channel] += 1;
    if (k.queued && c.realtime) count_waiting_done(c);
  }
  sim_.schedule_after(sim::Duration{duration}, *this, kServiceEnd, ci);
}

bool ContactCenter::front_valid(RingQueue<Ticket>& q) {
  while (!q.empty()) {
    const Ticket& t = q.front();
    const Contact& k = contacts_[t.contact];
    if (k.generation == t.generation && k.state == State::waiting) return true;
    q.pop();
  }
  return false;
}

bool ContactCenter::idle_front(Group& g) {
  while (!g.idle.empty()) {
    const AgentRef& r = g.idle.front();
    if (agents_[r.agent].stamp == r.stamp) return true;
    g.idle.pop();
  }
  return false;
}

bool ContactCenter::partial_front(Group& g, int ch) {
  auto& q = g.partial[static_cast<std::size_t>(ch)];
  while (!q.empty()) {
    const AgentRef& r = q.front();
    if (agents_[r.agent].stamp == r.stamp) return true;
    q.pop();
  }
  return false;
}

int ContactCenter::find_agent(int ch, int site) {
  Channel& c = channels_[static_cast<std::size_t>(ch)];
  // Longest-idle agent first; among chat agents, fully idle ones before those holding
  // sessions (spreads sessions, which keeps the concurrency slowdown low).
  Group* best = nullptr;
  std::int64_t best_since = kInf;
  for (int gi : c.groups) {
    Group& g = groups_[static_cast<std::size_t>(gi)];
    if (site >= 0 && g.site != site) continue;
    if (idle_front(g)) {
      const std::int64_t since = agents_[g.idle.front().agent].since;
      if (since < best_since) {
        best_since = since;
        best = &g;
      }
    }
  }
  if (best) {
    const std::uint32_t a = best->idle.front().agent;
    best->idle.pop();
    ++agents_[a].stamp;
    return static_cast<int>(a);
  }
  if (!c.multi_session) return -1;
  for (int gi : c.groups) {
    Group& g = groups_[static_cast<std::size_t>(gi)];
    if (site >= 0 && g.site != site) continue;
    if (partial_front(g, ch)) {
      const std::int64_t since =
          agents_[g.partial[static_cast<std::size_t>(ch)].front().agent].since;
      if (since < best_since) {
        best_since = since;
        best = &g;
      }
    }
  }
  if (!best) return -1;
  auto& q = best->partial[static_cast<std::size_t>(ch)];
  const std::uint32_t a = q.front().agent;
  q.pop();
  ++agents_[a].stamp;
  return static_cast<int>(a);
}

std::int64_t ContactCenter::take_waiting(int ch, int site) {
  Channel& c = channels_[static_cast<std::size_t>(ch)];
  const std::int64_t now = sim_.now().time_since_epoch().count();
  RingQueue<Ticket>* best = nullptr;
  std::int64_t best_arrival = kInf;
  for (int q : c.used_queues) {
    RingQueue<Ticket>& queue = c.queues[static_cast<std::size_t>(q)];
    if (!front_valid(queue)) continue;
    const std::int64_t arrived = contacts_[queue.front().contact].arrival;
    // Own site's and anyone's contacts at once; other sites' after the overflow delay.
    const bool allowed = q == sites_ || q == site || (delay_ != kInf && now - arrived >= delay_);
    if (allowed && arrived < best_arrival) {
      best_arrival = arrived;
      best = &queue;
    }
  }
  if (!best) return -1;
  const std::uint32_t ci = best->front().contact;
  best->pop();
  return ci;
}

void ContactCenter::agent_free(int a) {
  Agent& ag = agents_[static_cast<std::size_t>(a)];
  Group& g = groups_[static_cast<std::size_t>(ag.group)];
  ag.channel = -1;
  if (ag.leaving) {  // its shift is over and its last session has ended
    go_off(a);
    return;
  }
  for (int ch : g.skills) {
    if (email_frozen_ && !channels_[static_cast<std::size_t>(ch)].realtime) continue;
    const std::int64_t ci = take_waiting(ch, g.site);
    if (ci >= 0) {
      start_service(static_cast<std::uint32_t>(ci), a);
      fill(a);
      return;
    }
  }
  make_available(a);
}

void ContactCenter::fill(int a) {
  Agent& ag = agents_[static_cast<std::size_t>(a)];
  const Channel& c = channels_[static_cast<std::size_t>(ag.channel)];
  if (!c.multi_session || ag.leaving) return;
  const int site = groups_[static_cast<std::size_t>(ag.group)].site;
  while (ag.sessions < c.concurrency) {
    const std::int64_t ci = take_waiting(ag.channel, site);
    if (ci < 0) break;
    start_service(static_cast<std::uint32_t>(ci), a);
  }
  if (ag.sessions < c.concurrency) make_available(a);
}

void ContactCenter::make_available(int a) {
  Agent& ag = agents_[static_cast<std::size_t>(a)];
  Group& g = groups_[static_cast<std::size_t>(ag.group)];
  ag.since = sim_.now().time_since_epoch().count();
  ++ag.stamp;
  const AgentRef ref{static_cast<std::uint32_t>(a), ag.stamp};
  auto& q = ag.sessions == 0 ? g.idle : g.partial[static_cast<std::size_t>(ag.channel)];
  q.push(ref);
  // Stale entries (agents taken from elsewhere or gone off duty) are skipped lazily; compact
  // now and then so the queue stays proportional to the group size.
  const std::size_t limit = 2 * (static_cast<std::size_t>(g.on_duty) + 32);
  if (q.size() > limit)
    q.compact([this](const AgentRef& r) { return agents_[r.agent].stamp == r.stamp; });
}

void ContactCenter::go_off(int a) {
  Agent& ag = agents_[static_cast<std::size_t>(a)];
  Group& g = groups_[static_cast<std::size_t>(ag.group)];
  ++ag.stamp;
  ag.on_duty = false;
  ag.leaving = false;
  g.off.push_back(static_cast<std::uint32_t>(a));
  set_on_duty(g, g.on_duty - 1);
}

void ContactCenter::set_on_duty(Group& g, int n) {
  const std::int64_t now = sim_.now().time_since_epoch().count();
  add_span(g.staffed, g.last_change, now, g.on_duty);
  g.last_change = now;
  g.on_duty = n;
}

void ContactCenter::supply(int gi) {
  Group& g = groups_[static_cast<std::size_t>(gi)];
  const SupplyStep step = g.steps[g.next_step++];
  if (g.next_step < g.steps.size())
    sim_.schedule_at(sim::TimePoint{sim::Duration{g.steps[g.next_step].time}}, *this, kSupply,
                     static_cast<std::uint64_t>(gi), -1);
  int diff = step.agents - g.target;
  g.target = step.agents;
  std::erase_if(g.leaving, [this](std::uint32_t a) { return !agents_[a].leaving; });
  if (diff > 0) {
    // Agents still finishing their work before leaving simply stay (and may take more).
    while (diff > 0 && !g.leaving.empty()) {
      const std::uint32_t a = g.leaving.back();
      g.leaving.pop_back();
      agents_[a].leaving = false;
      --diff;
      if (agents_[a].sessions > 0) fill(static_cast<int>(a));
    }
    for (; diff > 0; --diff) {
      const std::uint32_t a = g.off.back();
      g.off.pop_back();
      agents_[a].on_duty = true;
      agents_[a].sessions = 0;
      set_on_duty(g, g.on_duty + 1);
      agent_free(static_cast<int>(a));
    }
  } else if (diff < 0) {
    // Idle agents leave at once. Then the busy agents holding the fewest sessions are marked:
    // they take no new work and go off duty when their last session ends.
    int leave = -diff;
    while (leave > 0 && idle_front(g)) {
      const std::uint32_t a = g.idle.front().agent;
      g.idle.pop();
      go_off(static_cast<int>(a));
      --leave;
    }
    if (leave > 0) {
      scratch_.clear();
      for (std::uint32_t a = g.first_agent;
           a < g.first_agent + static_cast<std::uint32_t>(g.capacity); ++a)
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
  }
}

std::int32_t ContactCenter::interval_of(std::int64_t t) const {
  // Time mostly moves forward by less than an interval between calls: remember the current
  // interval instead of dividing on every arrival and service start.
  if (t < cached_start_ || t >= cached_start_ + interval_) {
    cached_interval_ = static_cast<std::int32_t>((t - warmup_) / interval_);
    cached_start_ = warmup_ + cached_interval_ * interval_;
  }
  return cached_interval_;
}

double ContactCenter::add_span(std::vector<double>& per_interval, std::int64_t from,
                               std::int64_t to, double weight) const {
  from = std::max(from, warmup_);
  to = std::min(to, horizon_end_);
  double total = 0.0;
  while (from < to) {
    const std::int64_t i = interval_of(from);
    const std::int64_t stop = std::min(warmup_ + (i + 1) * interval_, to);
    const double x = weight * sim::to_seconds(sim::Duration{stop - from});
    per_interval[static_cast<std::size_t>(i)] += x;
    total += x;
    from = stop;
  }
  return total;
}

}  // namespace ccsim::models::detail
