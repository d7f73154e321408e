#pragma once
/// Results of simulation runs: per replication, and aggregated across replications with 95%
/// Student-t confidence intervals. Metric definitions are those of docs/contract.md.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ccsim/models/scenario.hpp"

namespace ccsim::models {

/// Mean across replications with a 95% confidence interval.
struct Estimate {
  double mean = 0.0;
  double lower = 0.0;
  double upper = 0.0;
  /// False with fewer than two replications: there is no interval (reports say "n/a").
  bool interval = true;
  /// Set when the metric is a ratio whose denominator was empty in every replication (e.g.
  /// "no contacts offered"): mean, lower and upper are NaN and reports say null / "n/a".
  const char* undefined = nullptr;
  bool defined() const { return undefined == nullptr; }
};

/// The estimate of a ratio with an empty denominator: NaN values, no interval, the reason.
Estimate undefined_estimate(const char* reason);

/// The values a metric can take; its confidence interval stays inside them.
enum class MetricRange {
  proportion,    ///< [0, 1]: service level, abandon rate, occupancy, p_wait
  non_negative,  ///< [0, inf): times, counts
};

/// 95% (or `level`) confidence interval of a mean estimated from n replications with standard
/// error `se`, computed on a scale where the range is the whole line and mapped back, so it
/// never leaves the range and is never clamped: proportions on the logit scale
/// (half-width t x se / (p (1 - p))), non-negative values on the log scale (t x se / m), by the
/// delta method, with Student-t quantiles of n - 1 degrees of freedom. A mean on the edge of
/// its range with se = 0 (all replications equal) gives the point interval [m, m]; a mean on
/// the edge with se > 0 (impossible for exact data) gives [m, m] too. n < 2 gives no interval.
Estimate make_estimate(double mean, double se, int n, MetricRange range, double level = 0.95);

/// make_estimate() of the mean of per-replication values (se = sample sd / sqrt(n)).
Estimate estimate_of(const std::vector<double>& values, MetricRange range);

/// One channel's KPIs in one replication over the counted horizon.
struct ChannelKpis {
  double offered = 0;
  double answered = 0;
  double abandoned = 0;
  double answered_within_sl = 0;
  double wait_sum_answered = 0;  ///< seconds
  double wait_sum_all = 0;       ///< seconds, answered + abandoned
  double waited = 0;             ///< contacts that could not start service on arrival
  double busy_seconds = 0;       ///< agent-seconds (chat: slot-seconds) spent on this channel
  double staffed_seconds = 0;    ///< agent-seconds (chat: slot-seconds) able to serve it
  double backlog_end = 0;        ///< email: counted contacts still unhandled at the end
  double unanswered_end = 0;     ///< real-time: counted contacts still waiting when the drain ended
  double timed_out = 0;          ///< messenger: answered sessions closed by the inactivity timeout
  double queue_seconds = 0;  ///< integral of the number waiting over the horizon (Little's L x T)
  double wrap_seconds = 0;   ///< after-call work of the answered contacts (seconds, summed)
  /// Chat, messenger with first_reply: the agents' first replies of the answered contacts
  /// (seconds, summed; each at most its session's handle time); 0 elsewhere.
  double reply_sum_answered = 0;
  // Redials (counted only when some channel redials): offered = fresh + retrial attempts.
  double fresh_attempts = 0;            ///< customers' first attempts
  double retrial_attempts = 0;          ///< redials and retrials from other channels
  double unique_customers = 0;          ///< customers with at least one counted attempt here
  double abandoned_then_redialled = 0;  ///< abandons that decided to come back (any channel)
  double abandoned_within_sl = 0;       ///< abandoned after a wait <= sl_seconds
  double abandoned_short = 0;           ///< abandoned after a wait < short_abandon_seconds
  // Callbacks: offered, accepted = reached + failed + still waiting at the end.
  double callbacks_offered = 0, callbacks_accepted = 0, callbacks_reached = 0, callbacks_failed = 0;
  double callback_wait_sum = 0;  ///< seconds from arrival to the callback (reached + failed)
  // Derived, per docs/contract.md (NaN-free: 0 when the denominator is 0; aggregate() leaves
  // such replications out and reports a ratio undefined in every replication as undefined).
  double service_level() const;
  /// answered_within_sl / answered.
  double service_level_of_answered() const;
  /// answered_within_sl / (offered - abandoned_within_sl).
  double service_level_excluding_abandoned() const;
  /// answered_within_sl / (offered - abandoned_short).
  double service_level_excluding_short_abandons() const;
  double asa_seconds() const;
  /// (wait_sum_answered + reply_sum_answered) / answered: queue wait plus the agent's first
  /// reply; equals asa_seconds() without first_reply.
  double first_response_seconds() const;
  double mean_wait_seconds() const;
  double abandon_rate() const;
  double p_wait() const;
  double occupancy() const;
};

/// Service of one channel's counted contacts seen from one site, in one replication: by the
/// site that answered them (`answered`, `answered_within_sl`, `wait_sum_answered`) and by
/// their home site (the `*_home` fields; contacts without a home site count nowhere here).
struct SiteChannelKpis {
  double answered = 0, answered_within_sl = 0, wait_sum_answered = 0;
  double offered_home = 0, answered_home = 0, abandoned_home = 0, answered_within_sl_home = 0,
         wait_sum_answered_home = 0;
};

/// One site's figures in one replication over the counted horizon.
struct SiteKpis {
  std::vector<double> handled;              ///< per channel (index = scenario channel order)
  double busy_seconds = 0;                  ///< agent-seconds busy
  double staffed_seconds = 0;               ///< agent-seconds on duty
  std::vector<SiteChannelKpis> by_channel;  ///< per channel
  double occupancy() const;
};

/// One reporting interval of one channel in one replication.
struct IntervalKpis {
  double offered = 0;
  double answered = 0;
  double abandoned = 0;
  double answered_within_sl = 0;
  double wait_sum_answered = 0;
  double busy_seconds = 0;
  double staffed_seconds = 0;
  double agents_on_duty = 0;  ///< time-average agents able to serve the channel
  double queue_seconds = 0;   ///< integral of the number waiting over the interval
  double queue_max = 0;       ///< most contacts waiting at once in the interval
  double queue_end = 0;       ///< contacts waiting at the interval's end (email: the backlog)
};

/// One reporting interval of one agent group in one replication. Staffed and busy time fall
/// in the interval they happen in; the answered contacts (those the group's agents answered)
/// in the interval the contact arrived in, as the channels' interval rows count them.
struct GroupIntervalKpis {
  double staffed_seconds = 0;     ///< agent-seconds on duty
  double busy_seconds = 0;        ///< agent-seconds busy (a chat session = 1/concurrency)
  double answered = 0;            ///< contacts answered by the group's agents, any channel
  double answered_within_sl = 0;  ///< of those, answered within their channel's sl_seconds
  double wait_sum_answered = 0;   ///< seconds, their waits summed
};

/// One reporting interval of one channel seen from one site, in one replication, counted in
/// the interval the contacts arrived in: by their home site (offered, answered, abandoned,
/// answered within the channel's T, waits of the answered; a single-site scenario's contacts
/// are all the site's) and by the answering site (the `*_here` fields).
struct SiteIntervalKpis {
  double offered = 0, answered = 0, abandoned = 0, answered_within_sl = 0, wait_sum_answered = 0;
  double answered_here = 0, wait_sum_answered_here = 0;
};

/// Everything one replication measured.
struct ReplicationResult {
  std::vector<ChannelKpis> channels;                 ///< per channel
  std::vector<SiteKpis> sites;                       ///< per site
  std::vector<std::vector<IntervalKpis>> intervals;  ///< [channel][interval]
  /// [group][interval], groups in scenario order (site by site, then the site's groups).
  std::vector<std::vector<GroupIntervalKpis>> group_intervals;
  /// [site x channels + channel][interval]: SiteIntervalKpis of every site and channel.
  std::vector<std::vector<SiteIntervalKpis>> site_intervals;
  std::uint64_t events = 0;  ///< events fired
};

/// Aggregated channel results.
struct ChannelSummary {
  std::string name;
  ChannelKind kind = ChannelKind::call;
  double offered = 0, answered = 0, abandoned = 0;  ///< means per replication
  Estimate service_level, asa_seconds, mean_wait_seconds, abandon_rate, occupancy, p_wait;
  /// Mean time from arrival to the agent's first reply of the answered contacts: the queue
  /// wait plus the first reply (ChannelConfig::first_reply); = asa_seconds without it.
  Estimate first_response_seconds;
  /// Whether the channel models the first reply (ChannelConfig::first_reply).
  bool has_first_reply = false;
  Estimate backlog_end;
  /// The other service-level definitions (ChannelKpis), side by side with service_level.
  Estimate service_level_of_answered, service_level_excluding_abandoned,
      service_level_excluding_short_abandons;
  double abandoned_within_sl = 0, abandoned_short = 0;  ///< means per replication
  double short_abandon_seconds = 0;                     ///< the channel's X
  double unanswered_end = 0;  ///< mean per replication (see ChannelKpis::unanswered_end)
  double timed_out = 0;       ///< mean per replication (messenger)
  /// After-call work: whether the channel has it, and the mean wrap-up per answered contact.
  bool has_after_call_work = false;
  Estimate after_call_work_seconds;
  /// Redials: whether the channel redials or receives retrials, and the means per replication.
  bool has_redials = false;
  double fresh_attempts = 0, retrial_attempts = 0, unique_customers = 0,
         abandoned_then_redialled = 0;
  /// Callbacks: whether the channel offers them (finite threshold), means per replication and
  /// the mean time from arrival to the callback.
  bool has_callbacks = false;
  double callbacks_offered = 0, callbacks_accepted = 0, callbacks_reached = 0, callbacks_failed = 0;
  Estimate callback_wait_seconds;
  double sl_seconds = 0;  ///< the channel's service-level threshold T
  Targets targets;        ///< the channel's targets (reports draw them as lines)
  /// Busy intervals: those with at least kBusyIntervalOffered contacts offered on average over
  /// the replications; how many of them have a (pooled) service level below
  /// kLowIntervalServiceLevel, and their share of the busy intervals (NaN, undefined, when
  /// there are none).
  int busy_intervals = 0;
  int busy_intervals_low_sl = 0;
  double busy_intervals_low_sl_share = 0;
};

/// A busy interval has at least this many contacts offered (mean over replications).
inline constexpr double kBusyIntervalOffered = 50;
/// A busy interval's service level below this is counted as low (ChannelSummary).
inline constexpr double kLowIntervalServiceLevel = 0.5;

/// One channel's service seen from one site (see SiteChannelKpis): by answering site (service
/// level = answered within T / answered there, ASA over those answered there) and by home site
/// (service level, ASA and abandon rate of the contacts whose home is the site).
struct SiteChannelSummary {
  std::string channel;
  double answered = 0;                  ///< mean per replication, answered by this site
  double offered_home = 0;              ///< mean per replication, whose home is this site
  Estimate service_level, asa_seconds;  ///< by answering site
  Estimate service_level_home, asa_seconds_home, abandon_rate_home;  ///< by home site
};

/// Aggregated site results.
struct SiteSummary {
  std::string name;
  int headcount = 0;  ///< the site's headcount, or its on-duty agents if none is given
  Estimate occupancy;
  double handled = 0;                      ///< mean contacts handled per replication, all channels
  std::vector<double> handled_by_channel;  ///< means, per channel
  double utc_offset_hours = 0;
  std::vector<SiteChannelSummary> by_channel;  ///< per channel that any group of the site serves
};

/// One row of the per-interval report (means across replications). A ratio whose denominator
/// is empty in the interval (service level and abandon rate with nothing offered, ASA with
/// nothing answered, occupancy with nobody on duty) is NaN: undefined, JSON null.
struct IntervalRow {
  int index = 0;             ///< interval number from day 0, 00:00 UTC
  double start_seconds = 0;  ///< from day 0, 00:00 UTC
  std::string channel;
  double offered = 0, answered = 0, abandoned = 0;
  double service_level = 0, asa_seconds = 0, occupancy = 0, agents_on_duty = 0;
  double queue_mean = 0;   ///< time-average number waiting (mean over replications)
  double queue_max = 0;    ///< most waiting at once (mean over replications of the maximum)
  double backlog_end = 0;  ///< waiting at the interval's end (email: the backlog), mean
  /// Half-widths of the 95% confidence intervals of the per-replication values (0 with one
  /// replication; NaN when fewer than two replications define the ratio).
  double offered_ci95 = 0, service_level_ci95 = 0, asa_seconds_ci95 = 0, abandon_rate_ci95 = 0;
};

/// One reporting interval of one agent group (means across replications).
struct GroupIntervalRow {
  int index = 0;
  double start_seconds = 0;
  std::string site, group;
  double agents_on_duty = 0;  ///< time-average agents on duty
  double occupancy = 0;       ///< busy / staffed, pooled over replications; NaN if none staffed
  /// Contacts arrived in the interval and answered by the group's agents (mean per
  /// replication), the share of them answered within their channel's T and their mean wait,
  /// pooled over replications; NaN when none were answered.
  double answered = 0, service_level_of_answered = 0, asa_seconds = 0;
  /// Half-widths of the 95% confidence intervals of the per-replication values, as for
  /// IntervalRow (0 with one replication; NaN when fewer than two replications define it).
  double answered_ci95 = 0, service_level_of_answered_ci95 = 0, asa_seconds_ci95 = 0;
};

/// One reporting interval of one channel at one site (means across replications;
/// SiteIntervalKpis): by home site, `offered`, `answered`, `abandoned` of the contacts whose
/// home is the site, `service_level` (answered within T / offered, as the channel's),
/// `abandon_rate` and `asa_seconds`; by answering site, `answered_here` and `asa_here` of the
/// contacts the site's agents answered. Ratios are pooled over replications, NaN when their
/// denominator is empty.
struct SiteIntervalRow {
  int index = 0;
  double start_seconds = 0;
  std::string site, channel;
  double offered = 0, answered = 0, abandoned = 0;
  double service_level = 0, abandon_rate = 0, asa_seconds = 0;
  double answered_here = 0, asa_here = 0;
  /// Half-widths of the 95% confidence intervals of the per-replication values (by home site),
  /// as for IntervalRow.
  double offered_ci95 = 0, service_level_ci95 = 0, asa_seconds_ci95 = 0, abandon_rate_ci95 = 0;
};

/// One metric of a precision-driven run (simulate_to_precision): its target and reached 95%
/// half-width.
struct PrecisionMetric {
  std::string metric;              ///< e.g. channels.voice.asa_seconds
  double target_half_width = 0.0;  ///< > 0
  double half_width = std::numeric_limits<double>::quiet_NaN();  ///< at the end; NaN = unknown
  bool reached = false;
};

/// How a precision-driven run ended: stop_reason "precision_reached" (every metric reached its
/// target) or "cap" (max_replications ran first).
struct PrecisionOutcome {
  std::vector<PrecisionMetric> metrics;
  int max_replications = 0;
  std::string stop_reason;
};

/// Aggregated results of a run.
struct RunResults {
  std::string scenario;
  std::uint64_t seed = 0;
  int replications = 0;
  double horizon_days = 0;
  std::vector<ChannelSummary> channels;
  std::vector<SiteSummary> sites;
  std::vector<IntervalRow> intervals;
  std::vector<GroupIntervalRow> group_intervals;  ///< time-major, then groups in scenario order
  /// Time-major, then sites, then channels in scenario order; only the (site, channel) pairs
  /// of SiteSummary::by_channel (a group of the site serves the channel, or some contact of
  /// the channel has the site as home).
  std::vector<SiteIntervalRow> site_intervals;
  std::uint64_t events = 0;  ///< total events fired over all replications
  double interval_seconds = 0;
  int start_weekday = 0;   ///< of day 0, 0 = Monday
  std::string start_date;  ///< ISO date of day 0 ("2026-03-02") when the scenario gives one
  std::optional<PrecisionOutcome> precision;  ///< set by simulate_to_precision only
  /// For reports: seats required per site and counted interval by the analytic staffing of
  /// the scenario's offered load (analytic_site_requirement() in staffing.hpp); empty when not
  /// computed, with `required_note` saying why (e.g. "no targets").
  std::vector<std::vector<double>> site_required;
  std::string required_note;
};

/// A site's headcount, or, when it gives none, its scheduled agents: per group the peak of
/// `on_duty`, the constant `agents`, or the sum of its shifts' agents.
int site_headcount(const SiteConfig& site);

/// Appends `r` to `out` as bytes (the machine's own representation), for moving replication
/// results between processes; decode_replication() reads it back bit for bit.
void encode_replication(const ReplicationResult& r, std::string& out);
/// Rebuilds a ReplicationResult from encode_replication()'s bytes; throws std::runtime_error
/// on truncated or trailing bytes.
ReplicationResult decode_replication(std::string_view bytes);

/// Turns per-replication results (in replication order) into a summary.
RunResults aggregate(const Scenario& scenario, const std::vector<ReplicationResult>& reps);

}  // namespace ccsim::models
