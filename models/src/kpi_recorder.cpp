#include "kpi_recorder.hpp"

#include <algorithm>
#include <utility>

namespace ccsim::models::detail {

KpiRecorder::KpiRecorder(const Scenario& s, std::vector<int> group_site,
                         std::vector<std::vector<int>> channel_groups)
    : group_site_(std::move(group_site)), channel_groups_(std::move(channel_groups)) {
  start_ = sim::at_seconds(s.warmup_seconds);
  end_ = start_ + sim::from_seconds(s.horizon_days * 86400.0);
  interval_ = sim::from_seconds(s.interval_seconds);
  const auto intervals = static_cast<std::size_t>(s.horizon_intervals());
  const std::size_t n_ch = s.channels.size();
  grid_ = sim::IntervalAccumulator(start_, interval_, intervals, end_);
  for (const ChannelConfig& c : s.channels) {
    concurrency_.push_back(traits(c.kind).multi_session ? c.concurrency : 1);
    sl_.push_back(sim::from_seconds(c.sl_seconds));
    short_.push_back(sim::from_seconds(c.short_abandon_seconds));
    busy_.emplace_back(start_, interval_, intervals, end_);
    queue_.emplace_back(start_, 0.0);
    queue_since_.push_back(start_);
  }
  site_busy_.assign(s.sites.size(), 0.0);
  for (std::size_t g = 0; g < group_site_.size(); ++g) {
    staffed_.emplace_back(start_, interval_, intervals, end_);
    group_busy_.emplace_back(start_, interval_, intervals, end_);
  }
  one_site_ = s.sites.size() == 1;
  last_change_.assign(group_site_.size(), sim::TimePoint{});
  r_.channels.resize(n_ch);
  r_.intervals.assign(n_ch, std::vector<IntervalKpis>(intervals));
  r_.group_intervals.assign(group_site_.size(), std::vector<GroupIntervalKpis>(intervals));
  r_.site_intervals.assign(s.sites.size() * n_ch, std::vector<SiteIntervalKpis>(intervals));
  r_.sites.resize(s.sites.size());
  for (SiteKpis& site : r_.sites) {
    site.handled.assign(n_ch, 0.0);
    site.by_channel.assign(n_ch, SiteChannelKpis{});
  }
}

void KpiRecorder::abandoned(int ch, int interval, int home, sim::Duration waited) {
  ChannelKpis& k = r_.channels[at(ch)];
  k.abandoned += 1;
  k.wait_sum_all += sim::to_seconds(waited);
  if (waited <= sl_[at(ch)]) k.abandoned_within_sl += 1;
  if (waited < short_[at(ch)]) k.abandoned_short += 1;
  r_.intervals[at(ch)][at(interval)].abandoned += 1;
  if (const int h = home_kpi_site(home); h >= 0) {
    r_.sites[at(h)].by_channel[at(ch)].abandoned_home += 1;
    site_interval(h, ch, interval).abandoned += 1;
  }
}

void KpiRecorder::queue_changed(int ch, sim::TimePoint now, int delta) {
  sim::TimeWeighted& q = queue_[at(ch)];
  // Per interval: the time integral, the maximum and the count held at each interval end that
  // the span since the last change reaches (a change exactly at a boundary belongs to the next
  // interval).
  const sim::TimePoint from = queue_since_[at(ch)];
  const sim::TimePoint to = clip(now);
  std::vector<IntervalKpis>& rows = r_.intervals[at(ch)];
  const double len = q.current();
  for (sim::TimePoint t = from; t < to;) {
    const std::size_t i = grid_.bucket_of(t);
    const sim::TimePoint bucket_end =
        std::min(start_ + interval_ * static_cast<std::int64_t>(i + 1), end_);
    const sim::TimePoint stop = std::min(bucket_end, to);
    IntervalKpis& row = rows[i];
    row.queue_seconds += len * sim::to_seconds(stop - t);
    row.queue_max = std::max(row.queue_max, len);
    if (stop == bucket_end) row.queue_end = len;
    t = stop;
  }
  queue_since_[at(ch)] = to;
  q.update(to, len + delta);
  if (now >= start_ && now < end_) {
    IntervalKpis& row = rows[grid_.bucket_of(now)];
    row.queue_max = std::max(row.queue_max, q.current());
  }
}

ReplicationResult KpiRecorder::finish(sim::TimePoint end, sim::TimePoint now,
                                      const std::vector<int>& on_duty, std::uint64_t events) {
  for (std::size_t g = 0; g < staffed_.size(); ++g)
    staffed_[g].add_span(last_change_[g], end, on_duty[g]);
  for (std::size_t i = 0; i < r_.channels.size(); ++i) {
    ChannelKpis& k = r_.channels[i];
    for (std::size_t n = 0; n < grid_.size(); ++n) {
      IntervalKpis& row = r_.intervals[i][n];
      row.busy_seconds = busy_[i][n];
      double agent_seconds = 0;
      for (int g : channel_groups_[i]) agent_seconds += staffed_[at(g)][n];
      row.staffed_seconds = agent_seconds * concurrency_[i];
      const sim::TimePoint from = start_ + interval_ * static_cast<std::int64_t>(n);
      const double len = sim::to_seconds(std::min(from + interval_, end_) - from);
      row.agents_on_duty = len > 0 ? agent_seconds / len : 0.0;
      k.busy_seconds += row.busy_seconds;
      k.staffed_seconds += row.staffed_seconds;
    }
  }
  for (std::size_t si = 0; si < r_.sites.size(); ++si) r_.sites[si].busy_seconds = site_busy_[si];
  for (std::size_t g = 0; g < staffed_.size(); ++g)
    for (double x : staffed_[g].sums()) r_.sites[at(group_site_[g])].staffed_seconds += x;
  for (std::size_t g = 0; g < staffed_.size(); ++g) {
    std::vector<GroupIntervalKpis>& rows = r_.group_intervals[g];
    for (std::size_t n = 0; n < rows.size(); ++n) {
      rows[n].staffed_seconds = staffed_[g][n];
      rows[n].busy_seconds = group_busy_[g][n];
    }
  }
  for (std::size_t i = 0; i < r_.channels.size(); ++i) {
    queue_changed(static_cast<int>(i), now, 0);
    r_.channels[i].queue_seconds = queue_[i].integral(clip(now));
  }
  r_.events = events;
  return std::move(r_);
}

}  // namespace ccsim::models::detail
