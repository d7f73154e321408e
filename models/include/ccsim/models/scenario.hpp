#pragma once
/// Scenario configuration: plain structs describing demand, channels, sites and run settings.
///
/// This is the contract between io/ (which fills these from YAML) and the model (which reads
/// them). Units: seconds for every duration, per-second rates, shares in [0, 1]. Nothing here
/// knows about YAML; validate() reports semantic problems with a path such as
/// "channels.voice.handle_time.mean".

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "ccsim/models/targets.hpp"
#include "ccsim/sim/event_calendar.hpp"

namespace ccsim::models {

/// Channel kinds; enumerators are spelled as in YAML.
enum class ChannelKind { call, chat, messenger, email };

/// What a channel kind implies. The one table that says it: the model, validate(), the loader
/// and staffing read these flags instead of testing kinds. Adding a kind = one row here.
struct ChannelTraits {
  const char* name;           ///< as in YAML
  bool realtime;              ///< served while the customer waits; false = deferred (email)
  bool multi_session;         ///< an agent may hold `concurrency` sessions (chat, messenger)
  bool inactivity_timeout;    ///< may have inactivity_timeout and quiet_after (messenger)
  double default_sl_seconds;  ///< service-level threshold T when the scenario gives none
};

/// The traits of `kind`.
const ChannelTraits& traits(ChannelKind kind);

/// The distributions of a non-negative duration in seconds: one parameter struct per
/// alternative, holding only its own parameters (names as in YAML and validate()'s paths).
struct Exponential {
  double mean = 0.0;  ///< seconds
};
struct Lognormal {
  double mean = 0.0;  ///< seconds
  double cv = 1.0;    ///< coefficient of variation (> 0)
};
struct Gamma {
  double mean = 0.0;  ///< seconds
  double cv = 1.0;    ///< coefficient of variation (> 0)
};
struct Weibull {
  double shape = 1.0;  ///< k (> 0)
  double scale = 1.0;  ///< lambda (seconds, > 0)
};
struct Deterministic {
  double value = 0.0;  ///< seconds
};
struct Empirical {
  std::vector<double> values;  ///< equally likely observed values (seconds)
};

/// A distribution of a non-negative duration in seconds: one of a closed set of alternatives.
/// Each concern handles every alternative in one place, with std::visit over alternative():
/// moments (scenario.cpp), sampling (sampler.hpp), parameter ranges (validate.cpp), YAML
/// (io/src/scenario_loader.cpp) and the summary (io/src/describe.cpp). Adding a distribution =
/// one struct above, one entry in Alternatives and Kind, one row in traits(Kind), and the
/// compiler lists every visit that lacks it. Default: exponential with mean 0.
class Distribution {
 public:
  using Alternatives =
      std::variant<Exponential, Lognormal, Gamma, Weibull, Deterministic, Empirical>;
  /// Which alternative, in the order of Alternatives; traits(Kind) names it.
  enum class Kind { exponential, lognormal, gamma, weibull, deterministic, empirical };

  Distribution() = default;
  /// Any alternative converts: `Distribution d = Gamma{120, 0.5};`.
  template <class T,
            class = std::enable_if_t<std::is_constructible_v<Alternatives, T&&> &&
                                     !std::is_same_v<std::remove_cvref_t<T>, Distribution>>>
  Distribution(T&& alternative) : v_(std::forward<T>(alternative)) {}
  /// The alternative of `kind` with its default parameters (for a reader to fill in).
  explicit Distribution(Kind kind);

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  /// The parameters, for std::visit.
  const Alternatives& alternative() const { return v_; }
  Alternatives& alternative() { return v_; }
  /// The parameters if the alternative is T, else null.
  template <class T>
  const T* get_if() const {
    return std::get_if<T>(&v_);
  }
  template <class T>
  T* get_if() {
    return std::get_if<T>(&v_);
  }
  template <class T>
  bool is() const {
    return std::holds_alternative<T>(v_);
  }

  /// The distribution's mean in seconds.
  double expected() const;
  /// Its squared coefficient of variation, E[X^2]/E[X]^2 - 1.
  double scv() const;

 private:
  Alternatives v_;
};

namespace detail {
template <class T, class Variant>
struct AlternativeIndex;
template <class T, class... A>
struct AlternativeIndex<T, std::variant<A...>> {
  static constexpr std::size_t value = [] {
    std::size_t i = 0;
    (void)((std::is_same_v<T, A> ? true : (++i, false)) || ...);
    return i;
  }();
};
}  // namespace detail

/// The Kind of alternative T, e.g. kind_of<Gamma> == Distribution::Kind::gamma.
template <class T>
inline constexpr Distribution::Kind kind_of =
    static_cast<Distribution::Kind>(detail::AlternativeIndex<T, Distribution::Alternatives>::value);

// Kind and Alternatives list the alternatives in the same order.
static_assert(kind_of<Exponential> == Distribution::Kind::exponential);
static_assert(kind_of<Lognormal> == Distribution::Kind::lognormal);
static_assert(kind_of<Gamma> == Distribution::Kind::gamma);
static_assert(kind_of<Weibull> == Distribution::Kind::weibull);
static_assert(kind_of<Deterministic> == Distribution::Kind::deterministic);
static_assert(kind_of<Empirical> == Distribution::Kind::empirical);
static_assert(std::variant_size_v<Distribution::Alternatives> == 6, "one Kind per alternative");

/// What a distribution kind is called. The one table of its names: the loader, validate() and
/// the summary read these instead of spelling them.
struct DistributionTraits {
  const char* name;                       ///< the `dist:` value in YAML
  std::array<const char*, 2> parameters;  ///< its keys in YAML order; nullptr = none
};

/// The traits of `kind`.
const DistributionTraits& traits(Distribution::Kind kind);
/// The YAML name of alternative T, e.g. "gamma".
template <class T>
const char* name_of() {
  return traits(kind_of<T>).name;
}

/// Where a redialling customer comes back: a channel and the share of redials that go there.
struct RedialTarget {
  std::string channel;
  double share = 1.0;  ///< (0, 1]; the shares of a channel's targets sum to 1
};

/// Redials and cross-channel retrials of a channel's abandoned contacts. A contact that abandons
/// comes back with `probability` after a `delay` (drawn, with the target, from stream
/// "redial/<channel>"), as a new attempt of the same customer on one of the targets; the
/// attempt's handle time, patience, wrap-up and quiet time come from the target's stream
/// "retrial/<target>", so the fresh contacts keep their numbers. A retrial that would arrive
/// at or after the horizon end is not simulated (no contact arrives then).
struct RedialConfig {
  double probability = 0.0;      ///< [0, 1]
  Distribution delay;            ///< from the abandonment to the new attempt
  std::vector<RedialTarget> to;  ///< empty = the same channel
  std::optional<int>
      max_attempts;  ///< attempts per customer, first included (>= 1); none = no limit
};

/// Callbacks (a virtual queue) of a call channel. A caller who would have to wait is offered a
/// callback when, at its arrival, the line's queue length (contacts waiting, callbacks that
/// keep their place included) or the expected wait (queue length + 1) x mean work (talk +
/// wrap-up) / agents on duty for the channel reaches `threshold`; it accepts with
/// `accept_probability` (stream "callback/<channel>"), leaves the line and never abandons.
/// An agent calls it back by `priority`; the callback reaches the customer unless it fails
/// (`failure_probability`), and then is the contact's service (answered, with the time to the
/// callback as its wait). A failed callback takes the agent `failed_attempt_seconds`.
/// An infinite threshold offers nothing: the channel behaves as without callbacks.
struct CallbackConfig {
  enum class Offer { expected_wait, queue_length };
  enum class Priority {
    fifo,       ///< keeps its place in the line: called back when it reaches the head
    when_idle,  ///< called back only when no real-time contact the agent could take waits
  };
  Offer offer = Offer::expected_wait;
  double threshold = 0.0;           ///< seconds (expected_wait) or contacts (queue_length), >= 0
  double accept_probability = 1.0;  ///< [0, 1]
  Priority priority = Priority::fifo;
  double failure_probability = 0.0;     ///< [0, 1]: the customer is not reached
  double failed_attempt_seconds = 0.0;  ///< agent time of a failed callback, >= 0

  /// False with an infinite threshold: nothing is ever offered.
  bool active() const { return threshold < std::numeric_limits<double>::infinity(); }
};

/// How much demand a channel gets.
struct Volume {
  enum class Per { hour, day, month };
  Per per = Per::hour;
  double amount = 0.0;  ///< contacts per hour, day or month (>= 0)
};

/// A demand region: customers in one UTC offset.
struct Region {
  std::string name;
  double utc_offset_hours = 0.0;  ///< e.g. +3 for Moscow time; multiples of 0.25 h
  double share = 1.0;             ///< share of every channel's volume; shares sum to 1
  std::string home_site;          ///< site that serves it first; empty = routing default
};

/// A channel: a stream of contacts of one kind with its own demand, handling and targets.
///
/// Demand semantics. The mean daily volume is amount x 24 (per hour), amount (per day), or
/// amount / Scenario::month_days (per month). Day d of a region (in its local calendar) gets
/// mean daily volume x day_of_week[weekday(d)] / mean(day_of_week) x region share, times a
/// Gamma(shape, 1/shape) multiplier when overdispersion_shape > 0 (drawn per channel, region
/// and local day from the channel's own stream). Within the local day it is spread over the
/// reporting intervals by `intraday` (normalised to sum 1; empty = flat). The UTC arrival rate
/// is the sum of the regions' shifted curves, and arrivals are a non-homogeneous Poisson
/// process with that piecewise-constant rate.
struct ChannelConfig {
  std::string name;
  ChannelKind kind = ChannelKind::call;
  Volume volume;
  std::vector<double> intraday;  ///< one weight per interval of the local day; empty = flat
  std::array<double, 7> day_of_week{1, 1, 1, 1, 1, 1, 1};  ///< Monday..Sunday, relative
  double overdispersion_shape = 0.0;  ///< Poisson-gamma day multiplier shape; 0 = none

  Distribution handle_time;  ///< per contact (per session for chat/messenger)
  std::optional<Distribution>
      patience;              ///< time willing to wait for the first response; none = never abandons
  double sl_seconds = 20.0;  ///< service-level threshold T (email: e.g. 86400)
  /// X of ChannelKpis::service_level_excluding_short_abandons: abandons after a wait shorter
  /// than this are left out of its denominator (seconds, >= 0).
  double short_abandon_seconds = 5.0;
  Targets targets;  ///< used by `ccsim staff` (targets.hpp)

  int concurrency = 1;                ///< chat/messenger: sessions one agent holds at once
  double concurrency_slowdown = 0.0;  ///< handle time x (1 + slowdown x (sessions held - 1))
  std::optional<double> inactivity_timeout_seconds;  ///< messenger: idle customer ends a session
  /// Messenger: time from the start of a session until the customer stops replying (drawn per
  /// contact at arrival from stream "quiet/<channel>"); none = the customer never goes quiet.
  /// A session whose customer goes quiet at q is closed at q + inactivity_timeout_seconds if
  /// that is before its handle time ends; the slot is freed then. Without a timeout it runs
  /// its full handle time.
  std::optional<Distribution> quiet_after;
  /// After-call work (wrap-up) per contact, drawn at arrival from stream "acw/<channel>": the
  /// contact is done when its handling ends, the agent (chat, messenger: the session's slot)
  /// stays busy this long after. Counts in occupancy and in the analytic handle time.
  std::optional<Distribution> after_call_work;
  /// Chat and messenger only: the agent's first-reply time, from the assignment of a session
  /// to an agent's slot until the agent's first message (reading the conversation, typing),
  /// drawn per contact at arrival from its own stream "first_reply/<channel>", so that no other
  /// draw changes. It is part of the session's handle time and adds no slot time: the reply
  /// counted is min(draw, the session's handle time). Patience covers the queue wait only (a
  /// customer picked up does not abandon). ChannelKpis::first_response_seconds() = mean over
  /// the answered of queue wait + reply; none = the reply is instant (= asa_seconds).
  std::optional<Distribution> first_reply;

  std::optional<RedialConfig> redial;      ///< real-time channels with patience only
  std::optional<CallbackConfig> callback;  ///< call channels only

  /// Mean after-call work in seconds (0 without it).
  double mean_after_call_work() const {
    return after_call_work ? after_call_work->expected() : 0.0;
  }
};

/// A break inside a shift, relative to the shift's start.
struct Break {
  double offset_seconds = 0.0;
  double length_seconds = 0.0;
};

/// A shift pattern in the site's local time.
struct Shift {
  std::string name;
  double start_seconds = 0.0;   ///< local time of day, [0, 86400)
  double length_seconds = 0.0;  ///< (0, 86400]; may run past midnight
  std::array<bool, 7> days{true, true, true, true, true, true, true};  ///< Monday..Sunday starts
  int agents = 0;  ///< agents scheduled on this shift
  std::vector<Break> breaks;
};

/// A break rule of a roster shift template (`ccsim roster`): the solver places each agent's
/// break at one start in [earliest, latest] after the shift start, on a grid of `step`.
struct BreakRule {
  double length_seconds = 0.0;
  double earliest_seconds = 0.0;  ///< earliest start after the shift start
  double latest_seconds = 0.0;    ///< latest start after the shift start, >= earliest
  double step_seconds = 900.0;    ///< grid of the start: 900 (15 min) or 1800 (30 min)
  bool paid = true;               ///< counts as paid time (unpaid meal breaks: false)
};

/// Which weekly working-day patterns a roster template allows.
struct DaysOffRule {
  enum class Weekend { any, one_off, both_off };
  int work_days = 5;               ///< working days a week, 1..7
  bool consecutive_off = true;     ///< the days off form one block of the cyclic week
  Weekend weekend = Weekend::any;  ///< one_off: at least one of Sat/Sun off; both_off: both
};

/// A shift template of `ccsim roster`: the shifts (length x start) and tours (days-off
/// pattern) the solver may use, in the site's local time.
struct ShiftTemplate {
  std::string name;
  std::vector<double> lengths_seconds;  ///< allowed shift lengths (paid time incl. paid breaks)
  double start_earliest_seconds = 0.0;  ///< local time of day of the first allowed start
  double start_latest_seconds = 0.0;   ///< last allowed start; < earliest = window crosses midnight
  double start_step_seconds = 1800.0;  ///< starts every step from earliest to latest
  std::vector<BreakRule> breaks;       ///< in order; windows must not overlap
  DaysOffRule days;
  bool part_time = false;            ///< counts against RosterRules::max_part_time_share
  std::optional<int> max_per_start;  ///< agents starting at one time of day (all lengths)
};

/// Roster rules of a site (defaults for its groups) or of one agent group.
struct RosterRules {
  std::vector<ShiftTemplate> templates;       ///< a group's own replace the site's
  std::optional<double> max_part_time_share;  ///< share of a group's tours, [0, 1]
  std::optional<double> cost_per_hour;        ///< site only: cost of a paid hour (default 1)
};

/// Agents of one site with the same skills.
struct AgentGroupConfig {
  std::string name;
  std::vector<std::string> skills;  ///< channel names, in priority order (first = served first)
  int agents = 0;                   ///< constant agents on duty, used when `shifts` is empty
  std::vector<Shift> shifts;
  /// Optional override of the agent supply: on-duty agents per reporting interval (UTC), either
  /// one day (intervals_per_day() values, repeated every day) or the whole counted horizon
  /// (horizon_intervals() values; the first value also covers the warm-up, the last the drain).
  /// When both lengths are equal (a one-day horizon) the daily reading applies. When set,
  /// `agents`, `shifts` and the site's absence_probability are ignored.
  std::vector<int> on_duty;
  std::optional<RosterRules> roster;  ///< templates for `ccsim roster`; unused by the simulation
};

/// A site (physical contact center).
struct SiteConfig {
  std::string name;
  double utc_offset_hours = 0.0;
  std::optional<int> headcount;  ///< agents employed; reports use on-duty agents if absent
  double shrinkage = 0.0;        ///< share of paid time not available, [0, 1); staffing only
  double absence_probability =
      0.0;  ///< each scheduled agent is absent for a day with this probability
  std::vector<AgentGroupConfig> groups;
  std::optional<RosterRules> roster;  ///< defaults for its groups' rosters (`ccsim roster`)
};

/// A reservation threshold of the priority policies: keep `idle_agents` idle agents of every
/// group with skill `channel` for it, against the channels of lower priority.
struct Reservation {
  std::string channel;
  int idle_agents = 0;
};

/// The weight of a channel's waits under "longest_weighted_wait".
struct ChannelWeight {
  std::string channel;
  double weight = 1.0;
};

/// How contacts find agents across sites. The policy is looked up by name in the routing
/// registry; the built-in ones are "home_first", "pooled", "priority" and
/// "longest_weighted_wait" (see models/src/priority_routing.cpp for the last two).
struct RoutingConfig {
  std::string policy = "home_first";
  double overflow_delay_seconds = 30.0;  ///< home_first (and the priority policies): wait before
                                         ///< other sites may take it
  /// priority, longest_weighted_wait: channels served first, highest first; a group's skills
  /// not listed follow in the group's order. Empty = each group's skill order.
  std::vector<std::string> priority;
  std::vector<Reservation> reservation;  ///< priority, longest_weighted_wait
  std::vector<ChannelWeight> weights;    ///< longest_weighted_wait; channels not listed: 1
};

/// What a staffing plan must meet (`staffing.must_hold`): the targets over the whole horizon
/// (month), on average over each interval of the week's occurrences (interval_of_week), or in
/// every interval.
enum class MustHold { month, interval_of_week, interval };

/// Parameters of `ccsim staff` (staffing.hpp).
struct StaffingConfig {
  double paid_hours_per_month = 165.0;  ///< per agent
  MustHold must_hold = MustHold::interval_of_week;
  int replications = 0;               ///< first batch per decision; 0 = Scenario::replications
  int max_replications = 0;           ///< cap per decision; 0 = 4 x the first batch
  double decision_confidence = 0.95;  ///< in (0, 1): when a decision is taken
};

/// A complete scenario.
///
/// Time line: simulation time 0 is the start of the warm-up; the counted horizon is the
/// `horizon_days` days after it, starting at midnight UTC of day 0 (a `start_weekday`).
/// Contacts are counted by arrival time; after the horizon no contact arrives and the run goes
/// on until every counted contact is answered or has abandoned (email: handled or in backlog).
struct Scenario {
  std::string name;
  double horizon_days = 1.0;       ///< counted period, > 0 (fractions allowed)
  double warmup_seconds = 0.0;     ///< simulated before day 0, not counted
  double interval_seconds = 1800;  ///< reporting/staffing interval; divides 86400
  int start_weekday = 0;           ///< weekday of day 0: 0 = Monday .. 6 = Sunday
  std::string start_date;          ///< optional ISO date of day 0 ("2026-03-02"); reports only
  double month_days = 30.0;        ///< days in a month for per-month volumes
  std::uint64_t seed = 1;
  int replications = 10;
  sim::CalendarKind calendar = sim::CalendarKind::calendar_queue;

  std::vector<Region> regions;  ///< empty = one region at UTC+0 with share 1
  std::vector<ChannelConfig> channels;
  std::vector<SiteConfig> sites;
  RoutingConfig routing;
  StaffingConfig staffing;
  /// Longest simulated time after the horizon spent draining counted real-time contacts; those
  /// still waiting then are reported as ChannelKpis::unanswered_end (seconds, > 0).
  double drain_limit_seconds = 86400.0;

  /// Reporting intervals per day.
  int intervals_per_day() const;
  /// Reporting intervals in the counted horizon (the last one may be partial).
  int horizon_intervals() const;
  /// Index of the channel called `name`, or -1.
  int channel_index(const std::string& name) const;
  /// Index of the site called `name`, or -1.
  int site_index(const std::string& name) const;
};

/// Name -> index of a scenario's channels and sites in O(1), for code that resolves many names
/// (validate, the model, the loader): Scenario::channel_index() is a linear scan. Holds copies
/// of the names; rebuild it when names change.
class NameIndex {
 public:
  NameIndex() = default;
  explicit NameIndex(const Scenario& scenario);
  /// Index of the channel called `name`, or -1.
  int channel(const std::string& name) const;
  /// Index of the site called `name`, or -1.
  int site(const std::string& name) const;
  /// Adds a name (the first of equal names wins, as in Scenario::channel_index()).
  void add_channel(const std::string& name, int index) { channels_.emplace(name, index); }
  void add_site(const std::string& name, int index) { sites_.emplace(name, index); }

 private:
  std::unordered_map<std::string, int> channels_, sites_;
};

/// A semantic problem in a scenario: a dotted path into it and a message.
struct Problem {
  std::string path;  ///< e.g. "channels.voice.handle_time.cv"
  std::string message;
};

/// Checks a scenario for semantic problems (ranges, references, consistency). Empty = valid.
std::vector<Problem> validate(const Scenario& scenario);

/// "month", "interval_of_week", "interval".
const char* to_string(MustHold rule);

/// Throws UserError (ccsim/models/error.hpp) listing validate()'s problems, if any; its path is
/// the first problem's.
void require_valid(const Scenario& scenario);

/// "call", "chat", "messenger", "email".
const char* to_string(ChannelKind kind);
/// "exponential", "lognormal", ...
const char* to_string(Distribution::Kind kind);

}  // namespace ccsim::models
