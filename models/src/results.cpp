#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include <boost/math/distributions/students_t.hpp>

#include "ccsim/models/results.hpp"
#include "ccsim/sim/distribution.hpp"
#include "ccsim/sim/statistics.hpp"

namespace ccsim::models {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(double num, double den) { return den > 0 ? num / den : 0.0; }
// A ratio of pooled sums: NaN (undefined) when the denominator is empty.
double pooled(double num, double den) { return den > 0 ? num / den : kNaN; }

Estimate estimate(const std::vector<double>& values) {
  const sim::ConfidenceInterval ci = sim::student_t_interval(std::span<const double>(values));
  return Estimate{ci.mean, ci.lower, ci.upper};
}

// The per-replication values of one ratio, kept only where its denominator is not empty, so
// that an empty replication neither counts as 0 nor as 1; none kept: the ratio is undefined.
// Its interval is estimate_of()'s, inside the ratio's range (a proportion's in [0, 1], a
// time's in [0, inf)); one replication has none.
class Ratios {
 public:
  explicit Ratios(const char* reason, MetricRange range = MetricRange::proportion)
      : reason_(reason), range_(range) {}
  void add(double num, double den) {
    if (den > 0) values_.push_back(num / den);
  }
  Estimate estimate() const {
    return values_.empty() ? undefined_estimate(reason_) : estimate_of(values_, range_);
  }
  const std::vector<double>& values() const { return values_; }
  void clear() { values_.clear(); }

 private:
  const char* reason_;
  MetricRange range_;
  std::vector<double> values_;
};

constexpr MetricRange kTime = MetricRange::non_negative;

constexpr const char* kNoneOffered = "no contacts offered";
constexpr const char* kNoneAnswered = "no contacts answered";
constexpr const char* kNoneEnded = "no contacts answered or abandoned";
constexpr const char* kNoneOnDuty = "no agents on duty";

}  // namespace

Estimate undefined_estimate(const char* reason) {
  Estimate e{kNaN, kNaN, kNaN, false};
  e.undefined = reason;
  return e;
}

Estimate make_estimate(double mean, double se, int n, MetricRange range, double level) {
  Estimate e{mean, mean, mean, n >= 2};
  if (n < 2 || !(se > 0) || !std::isfinite(se)) return e;
  const boost::math::students_t dist(static_cast<double>(n - 1));
  const double q = boost::math::quantile(dist, 0.5 + level / 2.0);
  if (range == MetricRange::proportion) {
    if (!(mean > 0.0 && mean < 1.0)) return e;
    const double logit = std::log(mean / (1.0 - mean));
    const double half = q * se / (mean * (1.0 - mean));
    e.lower = 1.0 / (1.0 + std::exp(-(logit - half)));
    e.upper = 1.0 / (1.0 + std::exp(-(logit + half)));
  } else {
    if (!(mean > 0.0)) return e;
    const double half = q * se / mean;
    e.lower = mean * std::exp(-half);
    e.upper = mean * std::exp(half);
  }
  return e;
}

Estimate estimate_of(const std::vector<double>& values, MetricRange range) {
  const sim::ConfidenceInterval ci = sim::student_t_interval(std::span<const double>(values));
  if (ci.n < 2) return make_estimate(ci.mean, 0.0, static_cast<int>(ci.n), range);
  double ss = 0.0;
  for (double v : values) ss += (v - ci.mean) * (v - ci.mean);
  const double n = static_cast<double>(ci.n);
  return make_estimate(ci.mean, std::sqrt(ss / (n - 1) / n), static_cast<int>(ci.n), range);
}

int site_headcount(const SiteConfig& site) {
  if (site.headcount) return *site.headcount;
  int n = 0;
  for (const AgentGroupConfig& g : site.groups) {
    if (!g.on_duty.empty()) {
      n += *std::max_element(g.on_duty.begin(), g.on_duty.end());
    } else if (g.shifts.empty()) {
      n += g.agents;
    } else {
      for (const Shift& s : g.shifts) n += s.agents;
    }
  }
  return n;
}

double ChannelKpis::service_level() const { return ratio(answered_within_sl, offered); }
double ChannelKpis::service_level_of_answered() const {
  return ratio(answered_within_sl, answered);
}
double ChannelKpis::service_level_excluding_abandoned() const {
  return ratio(answered_within_sl, offered - abandoned_within_sl);
}
double ChannelKpis::service_level_excluding_short_abandons() const {
  return ratio(answered_within_sl, offered - abandoned_short);
}
double ChannelKpis::asa_seconds() const { return ratio(wait_sum_answered, answered); }
double ChannelKpis::first_response_seconds() const {
  return ratio(wait_sum_answered + reply_sum_answered, answered);
}
double ChannelKpis::mean_wait_seconds() const { return ratio(wait_sum_all, answered + abandoned); }
double ChannelKpis::abandon_rate() const { return ratio(abandoned, offered); }
double ChannelKpis::p_wait() const { return ratio(waited, offered); }
double ChannelKpis::occupancy() const { return ratio(busy_seconds, staffed_seconds); }
double SiteKpis::occupancy() const { return ratio(busy_seconds, staffed_seconds); }

// The codec copies the plain structs whole; the ones holding vectors are written field by field.
// A field added to SiteKpis or ReplicationResult must be added to both functions below: these
// sizes stop the build until it is.
static_assert(std::is_trivially_copyable_v<ChannelKpis> &&
              std::is_trivially_copyable_v<IntervalKpis> &&
              std::is_trivially_copyable_v<SiteChannelKpis> &&
              std::is_trivially_copyable_v<GroupIntervalKpis> &&
              std::is_trivially_copyable_v<SiteIntervalKpis>);
static_assert(sizeof(SiteKpis) == 2 * sizeof(std::vector<double>) + 2 * sizeof(double),
              "SiteKpis changed: update encode_replication and decode_replication");
static_assert(sizeof(ReplicationResult) == 5 * sizeof(std::vector<double>) + sizeof(std::uint64_t),
              "ReplicationResult changed: update encode_replication and decode_replication");

void encode_replication(const ReplicationResult& r, std::string& out) {
  sim::ByteWriter w(out);
  w.put_vector(r.channels);
  w.put<std::uint64_t>(r.sites.size());
  for (const SiteKpis& s : r.sites) {
    w.put_vector(s.handled);
    w.put(s.busy_seconds);
    w.put(s.staffed_seconds);
    w.put_vector(s.by_channel);
  }
  w.put<std::uint64_t>(r.intervals.size());
  for (const auto& channel : r.intervals) w.put_vector(channel);
  w.put<std::uint64_t>(r.group_intervals.size());
  for (const auto& group : r.group_intervals) w.put_vector(group);
  w.put<std::uint64_t>(r.site_intervals.size());
  for (const auto& site_channel : r.site_intervals) w.put_vector(site_channel);
  w.put(r.events);
}

ReplicationResult decode_replication(std::string_view bytes) {
  sim::ByteReader in(bytes);
  ReplicationResult r;
  r.channels = in.get_vector<ChannelKpis>();
  const auto count = [&](const char* what) {
    const auto n = in.get<std::uint64_t>();
    if (n > bytes.size())
      throw std::runtime_error(std::string("decode_replication: bad ") + what + " count");
    return static_cast<std::size_t>(n);
  };
  r.sites.resize(count("site"));
  for (SiteKpis& s : r.sites) {
    s.handled = in.get_vector<double>();
    s.busy_seconds = in.get<double>();
    s.staffed_seconds = in.get<double>();
    s.by_channel = in.get_vector<SiteChannelKpis>();
  }
  r.intervals.resize(count("channel"));
  for (auto& channel : r.intervals) channel = in.get_vector<IntervalKpis>();
  r.group_intervals.resize(count("group"));
  for (auto& group : r.group_intervals) group = in.get_vector<GroupIntervalKpis>();
  r.site_intervals.resize(count("site x channel"));
  for (auto& site_channel : r.site_intervals) site_channel = in.get_vector<SiteIntervalKpis>();
  r.events = in.get<std::uint64_t>();
  if (!in.done()) throw std::runtime_error("decode_replication: trailing bytes");
  return r;
}

RunResults aggregate(const Scenario& scenario, const std::vector<ReplicationResult>& reps) {
  RunResults out;
  out.scenario = scenario.name;
  out.seed = scenario.seed;
  out.replications = static_cast<int>(reps.size());
  out.horizon_days = scenario.horizon_days;
  const double n = std::max<double>(1.0, static_cast<double>(reps.size()));
  for (const ReplicationResult& r : reps) out.events += r.events;

  for (std::size_t c = 0; c < scenario.channels.size(); ++c) {
    ChannelSummary cs;
    cs.name = scenario.channels[c].name;
    cs.kind = scenario.channels[c].kind;
    Ratios sl(kNoneOffered), asa(kNoneAnswered, kTime), fr(kNoneAnswered, kTime),
        mw(kNoneEnded, kTime), ab(kNoneOffered), occ(kNoneOnDuty), pw(kNoneOffered),
        acw(kNoneAnswered, kTime), sl_ans(kNoneAnswered),
        sl_ex("no contacts offered beyond those abandoned within T"),
        sl_short("no contacts offered beyond the short abandons"), cbw("no callbacks made", kTime);
    std::vector<double> bl;
    for (const ReplicationResult& r : reps) {
      const ChannelKpis& k = r.channels.at(c);
      cs.offered += k.offered / n;
      cs.answered += k.answered / n;
      cs.abandoned += k.abandoned / n;
      cs.unanswered_end += k.unanswered_end / n;
      cs.timed_out += k.timed_out / n;
      cs.fresh_attempts += k.fresh_attempts / n;
      cs.retrial_attempts += k.retrial_attempts / n;
      cs.unique_customers += k.unique_customers / n;
      cs.abandoned_then_redialled += k.abandoned_then_redialled / n;
      sl.add(k.answered_within_sl, k.offered);
      asa.add(k.wait_sum_answered, k.answered);
      // Without first_reply the sum adds 0.0: exactly asa_seconds.
      fr.add(k.wait_sum_answered + k.reply_sum_answered, k.answered);
      mw.add(k.wait_sum_all, k.answered + k.abandoned);
      ab.add(k.abandoned, k.offered);
      occ.add(k.busy_seconds, k.staffed_seconds);
      pw.add(k.waited, k.offered);
      bl.push_back(k.backlog_end);
      acw.add(k.wrap_seconds, k.answered);
      sl_ans.add(k.answered_within_sl, k.answered);
      sl_ex.add(k.answered_within_sl, k.offered - k.abandoned_within_sl);
      sl_short.add(k.answered_within_sl, k.offered - k.abandoned_short);
      cs.abandoned_within_sl += k.abandoned_within_sl / n;
      cs.abandoned_short += k.abandoned_short / n;
      cs.callbacks_offered += k.callbacks_offered / n;
      cs.callbacks_accepted += k.callbacks_accepted / n;
      cs.callbacks_reached += k.callbacks_reached / n;
      cs.callbacks_failed += k.callbacks_failed / n;
      cbw.add(k.callback_wait_sum, k.callbacks_reached + k.callbacks_failed);
    }
    cs.service_level = sl.estimate();
    cs.asa_seconds = asa.estimate();
    cs.first_response_seconds = fr.estimate();
    cs.has_first_reply = scenario.channels[c].first_reply.has_value();
    cs.mean_wait_seconds = mw.estimate();
    cs.abandon_rate = ab.estimate();
    cs.occupancy = occ.estimate();
    cs.p_wait = pw.estimate();
    cs.backlog_end = estimate_of(bl, MetricRange::non_negative);
    cs.has_after_call_work = scenario.channels[c].after_call_work.has_value();
    if (cs.has_after_call_work) cs.after_call_work_seconds = acw.estimate();
    const auto& callback = scenario.channels[c].callback;
    cs.has_callbacks = callback && callback->active();
    if (cs.has_callbacks) cs.callback_wait_seconds = cbw.estimate();
    // A channel that redials, or that another's redials reach.
    for (const ChannelConfig& other : scenario.channels)
      if (other.redial)
        cs.has_redials = cs.has_redials || &other == &scenario.channels[c] ||
                         std::any_of(other.redial->to.begin(), other.redial->to.end(),
                                     [&](const RedialTarget& t) { return t.channel == cs.name; });
    cs.service_level_of_answered = sl_ans.estimate();
    cs.service_level_excluding_abandoned = sl_ex.estimate();
    cs.service_level_excluding_short_abandons = sl_short.estimate();
    cs.short_abandon_seconds = scenario.channels[c].short_abandon_seconds;
    cs.sl_seconds = scenario.channels[c].sl_seconds;
    cs.targets = scenario.channels[c].targets;
    out.channels.push_back(std::move(cs));
  }

  for (std::size_t s = 0; s < scenario.sites.size(); ++s) {
    SiteSummary ss;
    ss.name = scenario.sites[s].name;
    ss.headcount = site_headcount(scenario.sites[s]);
    ss.handled_by_channel.assign(scenario.channels.size(), 0.0);
    Ratios occ(kNoneOnDuty);
    for (const ReplicationResult& r : reps) {
      const SiteKpis& k = r.sites.at(s);
      occ.add(k.busy_seconds, k.staffed_seconds);
      for (std::size_t c = 0; c < k.handled.size(); ++c) {
        ss.handled_by_channel[c] += k.handled[c] / n;
        ss.handled += k.handled[c] / n;
      }
    }
    ss.occupancy = occ.estimate();
    ss.utc_offset_hours = scenario.sites[s].utc_offset_hours;
    for (std::size_t c = 0; c < scenario.channels.size(); ++c) {
      const std::string& name = scenario.channels[c].name;
      bool served = false;
      for (const AgentGroupConfig& g : scenario.sites[s].groups)
        served = served || std::find(g.skills.begin(), g.skills.end(), name) != g.skills.end();
      SiteChannelSummary sc;
      sc.channel = name;
      Ratios sl_at("no contacts answered at the site"),
          asa_at("no contacts answered at the site", kTime),
          sl_home("no contacts homed at the site"), asa_home("no homed contacts answered", kTime),
          ab_home("no contacts homed at the site");
      for (const ReplicationResult& r : reps) {
        if (r.sites.at(s).by_channel.size() <= c) continue;
        const SiteChannelKpis& k = r.sites.at(s).by_channel[c];
        sc.answered += k.answered / n;
        sc.offered_home += k.offered_home / n;
        sl_at.add(k.answered_within_sl, k.answered);
        asa_at.add(k.wait_sum_answered, k.answered);
        sl_home.add(k.answered_within_sl_home, k.offered_home);
        asa_home.add(k.wait_sum_answered_home, k.answered_home);
        ab_home.add(k.abandoned_home, k.offered_home);
      }
      if (!served && sc.offered_home == 0) continue;
      sc.service_level = sl_at.estimate();
      sc.asa_seconds = asa_at.estimate();
      sc.service_level_home = sl_home.estimate();
      sc.asa_seconds_home = asa_home.estimate();
      sc.abandon_rate_home = ab_home.estimate();
      ss.by_channel.push_back(std::move(sc));
    }
    out.sites.push_back(std::move(ss));
  }

  // Interval rows (time-major): counts are means per replication; ratios are pooled over the
  // replications (sum of numerators / sum of denominators), so a quiet interval with few
  // contacts is weighted by its contacts rather than averaged as a noisy ratio.
  const int intervals = scenario.horizon_intervals();
  // With several replications, a ratio defined in fewer than two has no half-width (NaN).
  const auto half_width = [&reps](const std::vector<double>& v) {
    if (v.size() < 2) return reps.size() < 2 ? 0.0 : kNaN;
    const Estimate e = estimate(v);
    return (e.upper - e.lower) / 2;
  };
  std::vector<double> off_r;
  Ratios sl_r(kNoneOffered), asa_r(kNoneAnswered), ab_r(kNoneOffered);
  for (int i = 0; i < intervals; ++i) {
    for (std::size_t c = 0; c < scenario.channels.size(); ++c) {
      IntervalKpis sum;
      off_r.clear();
      sl_r.clear();
      asa_r.clear();
      ab_r.clear();
      for (const ReplicationResult& r : reps) {
        const IntervalKpis& k = r.intervals.at(c).at(static_cast<std::size_t>(i));
        sum.offered += k.offered;
        sum.answered += k.answered;
        sum.abandoned += k.abandoned;
        sum.answered_within_sl += k.answered_within_sl;
        sum.wait_sum_answered += k.wait_sum_answered;
        sum.busy_seconds += k.busy_seconds;
        sum.staffed_seconds += k.staffed_seconds;
        sum.agents_on_duty += k.agents_on_duty;
        sum.queue_seconds += k.queue_seconds;
        sum.queue_max += k.queue_max;
        sum.queue_end += k.queue_end;
        off_r.push_back(k.offered);
        sl_r.add(k.answered_within_sl, k.offered);
        asa_r.add(k.wait_sum_answered, k.answered);
        ab_r.add(k.abandoned, k.offered);
      }
      IntervalRow row;
      row.index = i;
      row.start_seconds = i * scenario.interval_seconds;
      row.channel = scenario.channels[c].name;
      row.offered = sum.offered / n;
      row.answered = sum.answered / n;
      row.abandoned = sum.abandoned / n;
      row.service_level = pooled(sum.answered_within_sl, sum.offered);
      row.asa_seconds = pooled(sum.wait_sum_answered, sum.answered);
      row.occupancy = pooled(sum.busy_seconds, sum.staffed_seconds);
      row.agents_on_duty = sum.agents_on_duty / n;
      const double len = std::min(scenario.interval_seconds,
                                  scenario.horizon_days * 86400.0 - i * scenario.interval_seconds);
      row.queue_mean = len > 0 ? sum.queue_seconds / n / len : 0.0;
      row.queue_max = sum.queue_max / n;
      row.backlog_end = sum.queue_end / n;
      row.offered_ci95 = half_width(off_r);
      row.service_level_ci95 = half_width(sl_r.values());
      row.asa_seconds_ci95 = half_width(asa_r.values());
      row.abandon_rate_ci95 = half_width(ab_r.values());
      if (row.offered >= kBusyIntervalOffered) {
        ChannelSummary& cs = out.channels[c];
        ++cs.busy_intervals;
        if (row.service_level < kLowIntervalServiceLevel) ++cs.busy_intervals_low_sl;
      }
      out.intervals.push_back(std::move(row));
    }
  }
  for (ChannelSummary& cs : out.channels)
    cs.busy_intervals_low_sl_share =
        pooled(static_cast<double>(cs.busy_intervals_low_sl), cs.busy_intervals);

  // Group interval rows: agents on duty once per group (not per channel it serves); the
  // contacts the group answered, by their arrival interval, pooled like the channel rows.
  std::vector<std::pair<std::string, std::string>> groups;
  for (const SiteConfig& site : scenario.sites)
    for (const AgentGroupConfig& g : site.groups) groups.emplace_back(site.name, g.name);
  for (int i = 0; i < intervals; ++i) {
    const double len = std::min(scenario.interval_seconds,
                                scenario.horizon_days * 86400.0 - i * scenario.interval_seconds);
    for (std::size_t g = 0; g < groups.size(); ++g) {
      GroupIntervalKpis sum;
      off_r.clear();
      sl_r.clear();
      asa_r.clear();
      for (const ReplicationResult& r : reps) {
        if (r.group_intervals.size() <= g) continue;
        const GroupIntervalKpis& k = r.group_intervals[g].at(static_cast<std::size_t>(i));
        sum.staffed_seconds += k.staffed_seconds;
        sum.busy_seconds += k.busy_seconds;
        sum.answered += k.answered;
        sum.answered_within_sl += k.answered_within_sl;
        sum.wait_sum_answered += k.wait_sum_answered;
        off_r.push_back(k.answered);
        sl_r.add(k.answered_within_sl, k.answered);
        asa_r.add(k.wait_sum_answered, k.answered);
      }
      GroupIntervalRow row;
      row.index = i;
      row.start_seconds = i * scenario.interval_seconds;
      row.site = groups[g].first;
      row.group = groups[g].second;
      row.agents_on_duty = len > 0 ? sum.staffed_seconds / n / len : 0.0;
      row.occupancy = pooled(sum.busy_seconds, sum.staffed_seconds);
      row.answered = sum.answered / n;
      row.service_level_of_answered = pooled(sum.answered_within_sl, sum.answered);
      row.asa_seconds = pooled(sum.wait_sum_answered, sum.answered);
      row.answered_ci95 = half_width(off_r);
      row.service_level_of_answered_ci95 = half_width(sl_r.values());
      row.asa_seconds_ci95 = half_width(asa_r.values());
      out.group_intervals.push_back(std::move(row));
    }
  }
  // Site x channel interval rows, for the pairs of the site summaries (a group of the site
  // serves the channel, or some of its contacts are homed on the site): by home site and by
  // answering site, pooled like the channel rows.
  const std::size_t n_ch = scenario.channels.size();
  std::vector<std::pair<std::size_t, std::size_t>> pairs;  // (site, channel)
  for (std::size_t s = 0; s < out.sites.size(); ++s)
    for (std::size_t c = 0; c < n_ch; ++c)
      for (const SiteChannelSummary& sc : out.sites[s].by_channel)
        if (sc.channel == scenario.channels[c].name) pairs.emplace_back(s, c);
  for (int i = 0; i < intervals; ++i)
    for (const auto& [s, c] : pairs) {
      SiteIntervalKpis sum;
      off_r.clear();
      sl_r.clear();
      asa_r.clear();
      ab_r.clear();
      for (const ReplicationResult& r : reps) {
        if (r.site_intervals.size() <= s * n_ch + c) continue;
        const SiteIntervalKpis& k = r.site_intervals[s * n_ch + c].at(static_cast<std::size_t>(i));
        sum.offered += k.offered;
        sum.answered += k.answered;
        sum.abandoned += k.abandoned;
        sum.answered_within_sl += k.answered_within_sl;
        sum.wait_sum_answered += k.wait_sum_answered;
        sum.answered_here += k.answered_here;
        sum.wait_sum_answered_here += k.wait_sum_answered_here;
        off_r.push_back(k.offered);
        sl_r.add(k.answered_within_sl, k.offered);
        asa_r.add(k.wait_sum_answered, k.answered);
        ab_r.add(k.abandoned, k.offered);
      }
      SiteIntervalRow row;
      row.index = i;
      row.start_seconds = i * scenario.interval_seconds;
      row.site = scenario.sites[s].name;
      row.channel = scenario.channels[c].name;
      row.offered = sum.offered / n;
      row.answered = sum.answered / n;
      row.abandoned = sum.abandoned / n;
      row.service_level = pooled(sum.answered_within_sl, sum.offered);
      row.abandon_rate = pooled(sum.abandoned, sum.offered);
      row.asa_seconds = pooled(sum.wait_sum_answered, sum.answered);
      row.answered_here = sum.answered_here / n;
      row.asa_here = pooled(sum.wait_sum_answered_here, sum.answered_here);
      row.offered_ci95 = half_width(off_r);
      row.service_level_ci95 = half_width(sl_r.values());
      row.asa_seconds_ci95 = half_width(asa_r.values());
      row.abandon_rate_ci95 = half_width(ab_r.values());
      out.site_intervals.push_back(std::move(row));
    }
  out.interval_seconds = scenario.interval_seconds;
  out.start_weekday = scenario.start_weekday;
  out.start_date = scenario.start_date;
  return out;
}

}  // namespace ccsim::models
