#pragma once
// The KPI bookkeeping of one replication. The model tells it facts as they happen (a contact
// arrived, waited, was answered, abandoned; a session keeps an agent busy over a span; a queue
// grew; a group's on-duty level changed) and it keeps the counters and time integrals, with
// sim's statistics types, over the counted horizon [warm-up end, horizon end).

#include <cstdint>
#include <vector>

#include "ccsim/models/results.hpp"
#include "ccsim/models/scenario.hpp"
#include "ccsim/sim/statistics.hpp"

namespace ccsim::models::detail {

class KpiRecorder {
 public:
  KpiRecorder() = default;
  /// `group_site[g]` is group g's site; `channel_groups[ch]` the groups with skill ch.
  KpiRecorder(const Scenario& s, std::vector<int> group_site,
              std::vector<std::vector<int>> channel_groups);

  sim::TimePoint counted_start() const { return start_; }
  sim::TimePoint counted_end() const { return end_; }
  /// Counted interval of an arrival at `t`, or -1 in the warm-up.
  std::int32_t counted_interval(sim::TimePoint t) const {
    return t >= start_ ? static_cast<std::int32_t>(grid_.bucket_of(t)) : -1;
  }

  // Facts about counted contacts (interval >= 0).
  // `home` is the contact's home site (-1 = any site); `site` and `group` the answering
  // agent's.
  void arrived(int ch, int interval, int home) {
    r_.channels[at(ch)].offered += 1;
    r_.intervals[at(ch)][at(interval)].offered += 1;
    if (const int h = home_kpi_site(home); h >= 0) {
      r_.sites[at(h)].by_channel[at(ch)].offered_home += 1;
      site_interval(h, ch, interval).offered += 1;
    }
  }
  void waited(int ch) { r_.channels[at(ch)].waited += 1; }
  /// Redials: a counted attempt, the customer's first or not, and the customer's first counted
  /// attempt on this channel or not.
  void attempt(int ch, bool first, bool new_customer) {
    ChannelKpis& k = r_.channels[at(ch)];
    (first ? k.fresh_attempts : k.retrial_attempts) += 1;
    if (new_customer) k.unique_customers += 1;
  }
  /// Callbacks of counted contacts: offered, accepted, and made (reached or failed) after
  /// `wait` since the arrival.
  void callback_offered(int ch) { r_.channels[at(ch)].callbacks_offered += 1; }
  void callback_accepted(int ch) { r_.channels[at(ch)].callbacks_accepted += 1; }
  void called_back(int ch, sim::Duration wait, bool failed) {
    ChannelKpis& k = r_.channels[at(ch)];
    (failed ? k.callbacks_failed : k.callbacks_reached) += 1;
    k.callback_wait_sum += sim::to_seconds(wait);
  }
  /// Contacts of `ch` waiting in the line now (callbacks that keep their place included).
  double queue_length(int ch) const { return queue_[at(ch)].current(); }
  /// Redials: a counted contact of `ch` abandoned and decided to come back.
  void redialled(int ch) { r_.channels[at(ch)].abandoned_then_redialled += 1; }
  /// `reply`: the agent's first reply after the assignment (chat, messenger; else 0).
  void answered(int ch, int interval, int home, int site, int group, sim::Duration wait,
                bool timed_out, sim::Duration wrap, sim::Duration reply);
  void abandoned(int ch, int interval, int home, sim::Duration waited);

  /// A session of channel `ch` keeps an agent of group `group` busy over [from, to).
  void busy(int ch, int group, sim::TimePoint from, sim::TimePoint to) {
    const double slot_seconds = busy_[at(ch)].add_span(from, to, 1.0);
    site_busy_[at(group_site_[at(group)])] += slot_seconds / concurrency_[at(ch)];
    group_busy_[at(group)].add_span(from, to, 1.0 / concurrency_[at(ch)]);
  }
  /// The number of contacts of `ch` in queue changes by `delta` at `now`.
  void queue_changed(int ch, sim::TimePoint now, int delta);
  /// Group g had `level` agents on duty from its last change until `now`.
  void staffing(int g, sim::TimePoint now, int level) {
    staffed_[at(g)].add_span(last_change_[at(g)], now, level);
    last_change_[at(g)] = now;
  }
  void backlog_end(int ch, double n) { r_.channels[at(ch)].backlog_end = n; }
  void unanswered_end(int ch, double n) { r_.channels[at(ch)].unanswered_end = n; }

  /// Closes the integrals: staffed time at `end` (>= the horizon end, `on_duty[g]` being each
  /// group's level then), queue lengths at `now` (the simulation's clock). Returns the
  /// replication's result.
  ReplicationResult finish(sim::TimePoint end, sim::TimePoint now, const std::vector<int>& on_duty,
                           std::uint64_t events);

 private:
  static std::size_t at(int i) { return static_cast<std::size_t>(i); }
  /// The site a contact's home-site KPIs count for: its home, the only site, or -1.
  int home_kpi_site(int home) const { return home >= 0 ? home : one_site_ ? 0 : -1; }
  sim::TimePoint clip(sim::TimePoint t) const { return std::min(std::max(t, start_), end_); }
  SiteIntervalKpis& site_interval(int site, int ch, int interval) {
    return r_.site_intervals[at(site) * r_.channels.size() + at(ch)][at(interval)];
  }

  sim::TimePoint start_{}, end_{};
  sim::Duration interval_{1};
  std::vector<int> group_site_;
  std::vector<std::vector<int>> channel_groups_;
  std::vector<int> concurrency_;                      // per channel
  std::vector<sim::Duration> sl_;                     // per channel: service-level threshold
  std::vector<sim::Duration> short_;                  // per channel: short-abandon threshold
  sim::IntervalAccumulator grid_;                     // only for interval lookup
  std::vector<sim::IntervalAccumulator> busy_;        // per channel: slot-seconds per interval
  std::vector<double> site_busy_;                     // agent-seconds (a session = 1/concurrency)
  std::vector<sim::TimeWeighted> queue_;              // per channel: contacts waiting
  std::vector<sim::TimePoint> queue_since_;           // per channel: last change, clipped
  std::vector<sim::IntervalAccumulator> staffed_;     // per group: agent-seconds per interval
  std::vector<sim::IntervalAccumulator> group_busy_;  // per group: busy agent-seconds
  bool one_site_ = false;
  std::vector<sim::TimePoint> last_change_;  // per group
  ReplicationResult r_;
};

inline void KpiRecorder::answered(int ch, int interval, int home, int site, int group,
                                  sim::Duration wait, bool timed_out, sim::Duration wrap,
                                  sim::Duration reply) {
  const double wait_s = sim::to_seconds(wait);
  ChannelKpis& k = r_.channels[at(ch)];
  IntervalKpis& row = r_.intervals[at(ch)][at(interval)];
  k.answered += 1;
  k.wait_sum_answered += wait_s;
  k.wait_sum_all += wait_s;
  row.answered += 1;
  row.wait_sum_answered += wait_s;
  const bool within_sl = wait <= sl_[at(ch)];
  if (within_sl) {
    k.answered_within_sl += 1;
    row.answered_within_sl += 1;
  }
  SiteChannelKpis& by = r_.sites[at(site)].by_channel[at(ch)];
  by.answered += 1;
  by.wait_sum_answered += wait_s;
  by.answered_within_sl += within_sl ? 1 : 0;
  if (const int h = home_kpi_site(home); h >= 0) {
    SiteChannelKpis& hk = r_.sites[at(h)].by_channel[at(ch)];
    hk.answered_home += 1;
    hk.wait_sum_answered_home += wait_s;
    hk.answered_within_sl_home += within_sl ? 1 : 0;
    SiteIntervalKpis& hi = site_interval(h, ch, interval);
    hi.answered += 1;
    hi.answered_within_sl += within_sl ? 1 : 0;
    hi.wait_sum_answered += wait_s;
  }
  SiteIntervalKpis& here = site_interval(site, ch, interval);
  here.answered_here += 1;
  here.wait_sum_answered_here += wait_s;
  GroupIntervalKpis& gk = r_.group_intervals[at(group)][at(interval)];
  gk.answered += 1;
  gk.answered_within_sl += within_sl ? 1 : 0;
  gk.wait_sum_answered += wait_s;
  if (timed_out) k.timed_out += 1;
  k.wrap_seconds += sim::to_seconds(wrap);
  k.reply_sum_answered += sim::to_seconds(reply);
  r_.sites[at(site)].handled[at(ch)] += 1;
}

}  // namespace ccsim::models::detail
