// validate(): every semantic rule a scenario must satisfy before it is simulated. Paths follow
// the YAML layout (maps by name, lists by [index]) so io/ can point at file:line:col.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <set>
#include <string>
#include <variant>

#include <fmt/format.h>

#include "ccsim/models/error.hpp"
#include "ccsim/models/limits.hpp"
#include "ccsim/models/routing.hpp"
#include "ccsim/models/scenario.hpp"

namespace ccsim::models {
namespace {

// Where sampling a distribution is exact (Checker::distribution).
constexpr double kMinDuration = 1e-3;  // s: 1000 clock ticks, rounding below 0.05 %
constexpr double kMinCv = 1e-6;
constexpr double kMaxGammaCv = 10.0;        // shape 1/cv^2 >= 0.01
constexpr double kMaxLognormalCv = 1000.0;  // sigma^2 = ln(1 + cv^2) <= 13.8
constexpr double kMinWeibullShape = 0.1;    // gamma(1 + 1/shape) <= gamma(11) = 3628800
constexpr double kMaxWeibullShape = 1000.0;

// A duration as the scenario file would write it: the largest of h, m, s that divides it
// exactly ("8h", "450m", "90s"), else seconds.
std::string duration_text(double seconds) {
  if (std::isfinite(seconds) && seconds > 0 && seconds == std::floor(seconds)) {
    const auto whole = static_cast<std::int64_t>(seconds);
    if (whole % 3600 == 0) return fmt::format("{}h", whole / 3600);
    if (whole % 60 == 0) return fmt::format("{}m", whole / 60);
  }
  return fmt::format("{}s", seconds);
}

// A UTC offset in hours as "+03:10" when it is whole minutes, else the hours.
std::string utc_offset_text(double hours) {
  const double minutes = std::round(hours * 60);
  if (std::isfinite(hours) && std::fabs(hours * 60 - minutes) < 1e-6 && std::fabs(hours) < 1e6) {
    const auto m = static_cast<std::int64_t>(std::fabs(minutes));
    return fmt::format("{}{:02}:{:02}", hours < 0 ? '-' : '+', m / 60, m % 60);
  }
  return fmt::format("{} h", hours);
}

class Checker {
 public:
  std::vector<Problem> problems;

  void add(std::string path, std::string message) {
    problems.push_back({std::move(path), std::move(message)});
  }
  /// finite and lo <= x <= hi
  void range(const std::string& path, double x, double lo, double hi) {
    if (!std::isfinite(x) || x < lo || x > hi)
      add(path, fmt::format("must be in [{}, {}], got {}", lo, hi, x));
  }
  void positive(const std::string& path, double x) {
    if (!std::isfinite(x) || !(x > 0))
      add(path, fmt::format("must be a positive number, got {}", x));
  }
  void non_negative(const std::string& path, double x) {
    if (!std::isfinite(x) || x < 0) add(path, fmt::format("must be >= 0, got {}", x));
  }
  void quarter_hours(const std::string& path, double hours) {
    if (!std::isfinite(hours) || hours < -12 || hours > 14 ||
        std::fabs(hours * 4 - std::round(hours * 4)) > 1e-9)
      add(path, fmt::format("UTC offset must be a multiple of 15 minutes in [-12:00, +14:00], "
                            "got {}",
                            utc_offset_text(hours)));
  }

  /// A duration in seconds that the microsecond clock holds exactly enough: finite and at
  /// least kMinDuration (or 0 when `zero_ok`). Long ones are fine: the clock saturates at
  /// "never" (a patience of 1e12 s means nobody abandons).
  void duration(const std::string& path, double x, bool zero_ok) {
    if (!std::isfinite(x) || x < 0 || (x == 0 && !zero_ok)) {
      if (zero_ok)
        non_negative(path, x);
      else
        positive(path, x);
    } else if (x != 0 && x < kMinDuration) {
      add(path, fmt::format("must be at least {:g} s (the simulation clock counts "
                            "microseconds), got {:g}",
                            kMinDuration, x));
    }
  }

  /// Distributions are sampled only where sampling is exact in double precision and on the
  /// microsecond clock: beyond these ranges draws underflow to zero, overflow, or turn NaN, and
  /// the run would silently show zero handle times (issue 22, class 4).
  void distribution(const std::string& p, const Distribution& d) {
    std::visit([&](const auto& x) { parameters(p, x); }, d.alternative());
  }
  void parameters(const std::string& p, const Exponential& x) {
    duration(p + ".mean", x.mean, false);
  }
  // gamma: shape 1/cv^2 below 0.01 puts most draws under the smallest double; lognormal:
  // sigma^2 = ln(1 + cv^2) overflows. Below the lower end use dist: deterministic.
  void parameters(const std::string& p, const Lognormal& x) { mean_cv(p, x, kMaxLognormalCv); }
  void parameters(const std::string& p, const Gamma& x) { mean_cv(p, x, kMaxGammaCv); }
  template <class MeanCv>
  void mean_cv(const std::string& p, const MeanCv& x, double hi) {
    const double cv = x.cv;
    duration(p + ".mean", x.mean, false);
    if (!std::isfinite(cv) || !(cv > 0))
      add(p + ".cv", fmt::format("must be a positive number, got {}", cv));
    else if (cv < kMinCv || cv > hi)
      add(p + ".cv", fmt::format("must be in [{:g}, {:g}] for a {} distribution, got {:g}{}",
                                 kMinCv, hi, name_of<MeanCv>(), cv,
                                 cv < kMinCv ? " (for no variation use dist: deterministic)" : ""));
  }
  void parameters(const std::string& p, const Weibull& x) {
    if (!std::isfinite(x.shape) || !(x.shape > 0))
      add(p + ".shape", fmt::format("must be a positive number, got {}", x.shape));
    else if (x.shape < kMinWeibullShape || x.shape > kMaxWeibullShape)
      add(p + ".shape", fmt::format("must be in [{:g}, {:g}], got {:g}", kMinWeibullShape,
                                    kMaxWeibullShape, x.shape));
    duration(p + ".scale", x.scale, false);
    if (std::isfinite(x.shape) && x.shape >= kMinWeibullShape && std::isfinite(x.scale) &&
        x.scale > 0 && !std::isfinite(Distribution(x).expected()))
      add(p + ".scale", "its mean scale x gamma(1 + 1/shape) overflows");
  }
  void parameters(const std::string& p, const Deterministic& x) {
    duration(p + ".value", x.value, true);
  }
  void parameters(const std::string& p, const Empirical& x) {
    if (x.values.empty()) add(p + ".values", "an empirical distribution needs at least one value");
    for (std::size_t i = 0; i < x.values.size(); ++i)
      duration(fmt::format("{}.values[{}]", p, i), x.values[i], true);
    if (!x.values.empty() && std::accumulate(x.values.begin(), x.values.end(), 0.0) <= 0)
      add(p + ".values", "values must not all be zero");
  }
};

/// Redial rules: a probability, a delay, known targets whose shares sum to 1, and a channel
/// whose contacts can abandon at all.
void redial(Checker& c, const Scenario& s, const ChannelConfig& ch, const std::string& channel) {
  const RedialConfig& r = *ch.redial;
  const std::string p = channel + ".redial";
  if (!traits(ch.kind).realtime)
    c.add(p, fmt::format("{} does not abandon, so it has nothing to redial", to_string(ch.kind)));
  else if (!ch.patience)
    c.add(p, "without patience nobody abandons: give the channel a patience to redial");
  c.range(p + ".probability", r.probability, 0.0, 1.0);
  c.distribution(p + ".delay", r.delay);
  if (r.max_attempts && *r.max_attempts < 1)
    c.add(p + ".max_attempts", fmt::format("must be >= 1, got {}", *r.max_attempts));
  // A customer's attempts remember the channels already counted in a 64-bit set.
  if (s.channels.size() > 64)
    c.add(p,
          fmt::format("redials need at most 64 channels, the scenario has {}", s.channels.size()));
  double sum = 0.0;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < r.to.size(); ++i) {
    const RedialTarget& t = r.to[i];
    const std::string tp = fmt::format("{}.to[{}]", p, i);
    if (s.channel_index(t.channel) < 0)
      c.add(tp + ".channel", fmt::format("unknown channel '{}'", t.channel));
    else if (!seen.insert(t.channel).second)
      c.add(tp + ".channel", fmt::format("channel '{}' is listed twice", t.channel));
    if (!std::isfinite(t.share) || !(t.share > 0) || t.share > 1)
      c.add(tp + ".share", fmt::format("must be in (0, 1], got {}", t.share));
    else
      sum += t.share;
  }
  if (!r.to.empty() && std::fabs(sum - 1.0) > 1e-6)
    c.add(p + ".to", fmt::format("the shares of the targets must sum to 1, they sum to {}", sum));
}

}  // namespace

std::vector<Problem> validate(const Scenario& s) {
  Checker c;
  const NameIndex names(s);
  c.positive("horizon.days", s.horizon_days);
  c.non_negative("horizon.warmup", s.warmup_seconds);
  const bool interval_ok = std::isfinite(s.interval_seconds) && s.interval_seconds >= 1 &&
                           s.interval_seconds == std::round(s.interval_seconds) &&
                           std::fmod(86400.0, s.interval_seconds) == 0.0;
  if (!interval_ok)
    c.add("interval",
          fmt::format("must be a whole number of seconds that divides 24h (86400 s), got {}",
                      s.interval_seconds));
  c.range("horizon.start_weekday", s.start_weekday, 0, 6);
  c.positive("month_days", s.month_days);
  if (s.replications < 1 || s.replications > kMaxReplications)
    c.add("replications",
          fmt::format("must be in [1, {}], got {}", kMaxReplications, s.replications));
  c.positive("drain_limit", s.drain_limit_seconds);
  if (s.drain_limit_seconds > kMaxDrainSeconds)
    c.add("drain_limit",
          fmt::format("must be at most 366d, got {:.6g}d", s.drain_limit_seconds / 86400));
  const int ipd = interval_ok ? s.intervals_per_day() : 0;

  // Regions.
  std::set<std::string> region_names;
  double share_sum = 0.0;
  for (std::size_t i = 0; i < s.regions.size(); ++i) {
    const Region& r = s.regions[i];
    const std::string p = r.name.empty() ? fmt::format("regions[{}]", i) : "regions." + r.name;
    if (r.name.empty()) c.add(p + ".name", "a region needs a name");
    if (!r.name.empty() && !region_names.insert(r.name).second) c.add(p, "duplicate region name");
    c.quarter_hours(p + ".utc_offset", r.utc_offset_hours);
    c.range(p + ".share", r.share, 0.0, 1.0);
    if (std::isfinite(r.share)) share_sum += r.share;
    if (!r.home_site.empty() && names.site(r.home_site) < 0)
      c.add(p + ".home_site", fmt::format("unknown site '{}'", r.home_site));
  }
  if (!s.regions.empty() && std::fabs(share_sum - 1.0) > 1e-6)
    c.add("regions", fmt::format("shares must sum to 1, they sum to {:.6g}", share_sum));

  // Channels.
  if (s.channels.empty()) c.add("channels", "at least one channel is required");
  std::set<std::string> channel_names;
  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    const ChannelConfig& ch = s.channels[i];
    const std::string p = ch.name.empty() ? fmt::format("channels[{}]", i) : "channels." + ch.name;
    if (ch.name.empty()) c.add(p, "a channel needs a name");
    if (!ch.name.empty() && !channel_names.insert(ch.name).second)
      c.add(p, "duplicate channel name");
    c.non_negative(p + ".volume", ch.volume.amount);
    if (!ch.intraday.empty()) {
      if (ipd > 0 && static_cast<int>(ch.intraday.size()) != ipd)
        c.add(p + ".intraday", fmt::format("needs one weight per interval of the day ({}), got {}",
                                           ipd, ch.intraday.size()));
      double sum = 0.0;
      for (std::size_t k = 0; k < ch.intraday.size(); ++k) {
        c.non_negative(fmt::format("{}.intraday[{}]", p, k), ch.intraday[k]);
        if (std::isfinite(ch.intraday[k])) sum += ch.intraday[k];
      }
      if (!(sum > 0)) c.add(p + ".intraday", "weights must not all be zero");
    }
    double dow_sum = 0.0;
    for (std::size_t k = 0; k < 7; ++k) {
      c.non_negative(fmt::format("{}.day_of_week[{}]", p, k), ch.day_of_week[k]);
      if (std::isfinite(ch.day_of_week[k])) dow_sum += ch.day_of_week[k];
    }
    if (!(dow_sum > 0)) c.add(p + ".day_of_week", "weights must not all be zero");
    c.non_negative(p + ".overdispersion_shape", ch.overdispersion_shape);
    c.distribution(p + ".handle_time", ch.handle_time);
    if (ch.handle_time.expected() <= 0 && ch.handle_time.is<Deterministic>())
      c.add(p + ".handle_time.value", "handle time must be positive");
    if (ch.patience) {
      if (!traits(ch.kind).realtime)
        c.add(p + ".patience", "email does not abandon: omit patience");
      else
        c.distribution(p + ".patience", *ch.patience);
    }
    c.non_negative(p + ".sl_seconds", ch.sl_seconds);
    c.non_negative(p + ".short_abandon_seconds", ch.short_abandon_seconds);
    const Targets& t = ch.targets;
    if (t.service_level) c.range(p + ".targets.service_level", *t.service_level, 0.0, 1.0);
    if (t.asa_seconds) c.non_negative(p + ".targets.asa", *t.asa_seconds);
    if (t.abandon_rate) c.range(p + ".targets.abandon_rate", *t.abandon_rate, 0.0, 1.0);
    if (t.max_occupancy) {
      c.range(p + ".targets.max_occupancy", *t.max_occupancy, 0.0, 1.0);
      if (*t.max_occupancy == 0.0) c.add(p + ".targets.max_occupancy", "must be > 0");
    }
    const bool multi = traits(ch.kind).multi_session;
    if (ch.concurrency < 1)
      c.add(p + ".concurrency", fmt::format("must be >= 1, got {}", ch.concurrency));
    else if (!multi && ch.concurrency != 1)
      c.add(p + ".concurrency",
            fmt::format("only chat and messenger hold several sessions; {} needs 1",
                        to_string(ch.kind)));
    c.non_negative(p + ".concurrency_slowdown", ch.concurrency_slowdown);
    if (ch.inactivity_timeout_seconds) {
      if (!traits(ch.kind).inactivity_timeout)
        c.add(p + ".inactivity_timeout", "only messenger channels have an inactivity timeout");
      c.positive(p + ".inactivity_timeout", *ch.inactivity_timeout_seconds);
    }
    if (ch.quiet_after) {
      if (!traits(ch.kind).inactivity_timeout)
        c.add(p + ".quiet_after", "only messenger channels have quiet_after");
      c.distribution(p + ".quiet_after", *ch.quiet_after);
    }
    if (ch.after_call_work) c.distribution(p + ".after_call_work", *ch.after_call_work);
    if (ch.first_reply) {
      if (!multi)
        c.add(p + ".first_reply",
              fmt::format("only chat and messenger channels have first_reply (the agent's first "
                          "message in a session); omit it on a {} channel",
                          to_string(ch.kind)));
      c.distribution(p + ".first_reply", *ch.first_reply);
    }
    if (ch.redial) redial(c, s, ch, p);
    if (ch.callback) {
      const CallbackConfig& cb = *ch.callback;
      if (ch.kind != ChannelKind::call)
        c.add(p + ".callback",
              fmt::format("only call channels offer callbacks, not {}", to_string(ch.kind)));
      const std::string when =
          p + ".callback.offer_when." +
          (cb.offer == CallbackConfig::Offer::expected_wait ? "expected_wait_seconds"
                                                            : "queue_length");
      if (std::isnan(cb.threshold) || cb.threshold < 0)
        c.add(when, fmt::format("must be >= 0, got {}", cb.threshold));
      c.range(p + ".callback.accept_probability", cb.accept_probability, 0.0, 1.0);
      c.range(p + ".callback.failure_probability", cb.failure_probability, 0.0, 1.0);
      c.non_negative(p + ".callback.failed_attempt", cb.failed_attempt_seconds);
    }
  }

  // Sites and agent groups.
  if (s.sites.empty()) c.add("sites", "at least one site is required");
  std::set<std::string> site_names;
  std::set<std::string> served;
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    const SiteConfig& site = s.sites[i];
    const std::string p = site.name.empty() ? fmt::format("sites[{}]", i) : "sites." + site.name;
    if (site.name.empty()) c.add(p, "a site needs a name");
    if (!site.name.empty() && !site_names.insert(site.name).second) c.add(p, "duplicate site name");
    c.quarter_hours(p + ".utc_offset", site.utc_offset_hours);
    if (site.headcount && *site.headcount < 0)
      c.add(p + ".headcount", fmt::format("must be >= 0, got {}", *site.headcount));
    c.range(p + ".shrinkage", site.shrinkage, 0.0, 1.0);
    if (site.shrinkage >= 1.0) c.add(p + ".shrinkage", "must be < 1");
    c.range(p + ".absence_probability", site.absence_probability, 0.0, 1.0);
    if (site.absence_probability >= 1.0) c.add(p + ".absence_probability", "must be < 1");
    if (site.groups.empty()) c.add(p, "a site needs at least one agent group");
    std::set<std::string> group_names;
    std::int64_t site_agents = 0;
    for (std::size_t gi = 0; gi < site.groups.size(); ++gi) {
      const AgentGroupConfig& g = site.groups[gi];
      const std::string gp =
          g.name.empty() ? fmt::format("{}.groups[{}]", p, gi) : p + ".groups." + g.name;
      if (!group_names.insert(g.name).second) c.add(gp, "duplicate group name in this site");
      if (g.skills.empty()) c.add(gp + ".skills", "a group needs at least one skill");
      std::set<std::string> seen;
      for (std::size_t k = 0; k < g.skills.size(); ++k) {
        const std::string sp = fmt::format("{}.skills[{}]", gp, k);
        if (names.channel(g.skills[k]) < 0)
          c.add(sp, fmt::format("unknown channel '{}'", g.skills[k]));
        else
          served.insert(g.skills[k]);
        if (!seen.insert(g.skills[k]).second)
          c.add(sp, fmt::format("duplicate skill '{}'", g.skills[k]));
      }
      if (g.agents < 0) c.add(gp + ".agents", fmt::format("must be >= 0, got {}", g.agents));
      // Agents on duty at once are summed in int by the model: the sums are checked here in
      // 64 bits, so no accepted scenario can overflow them.
      std::int64_t group_agents = g.agents;
      for (const Shift& sh : g.shifts) group_agents += std::max(0, sh.agents);
      if (group_agents > kMaxAgents)
        c.add(gp + ".agents", fmt::format("the group's agents sum to {}, more than the limit of {}",
                                          group_agents, kMaxAgents));
      site_agents += std::min<std::int64_t>(group_agents, kMaxAgents + std::int64_t{1});
      for (std::size_t k = 0; k < g.shifts.size(); ++k) {
        const Shift& sh = g.shifts[k];
        const std::string hp =
            sh.name.empty() ? fmt::format("{}.shifts[{}]", gp, k) : gp + ".shifts." + sh.name;
        if (!std::isfinite(sh.start_seconds) || sh.start_seconds < 0 || sh.start_seconds >= 86400)
          c.add(hp + ".start",
                fmt::format("must be a time of day in [00:00, 24:00), got {} s", sh.start_seconds));
        if (!std::isfinite(sh.length_seconds) || sh.length_seconds <= 0 ||
            sh.length_seconds > 86400)
          c.add(hp + ".length",
                fmt::format("must be in (0, 24h], got {}", duration_text(sh.length_seconds)));
        if (sh.agents < 0) c.add(hp + ".agents", fmt::format("must be >= 0, got {}", sh.agents));
        for (std::size_t b = 0; b < sh.breaks.size(); ++b) {
          const Break& br = sh.breaks[b];
          const std::string bp = fmt::format("{}.breaks[{}]", hp, b);
          c.non_negative(bp + ".offset", br.offset_seconds);
          c.positive(bp + ".length", br.length_seconds);
          if (br.offset_seconds + br.length_seconds > sh.length_seconds)
            c.add(bp,
                  fmt::format("a break must end within its shift ({} + {} > {})",
                              duration_text(br.offset_seconds), duration_text(br.length_seconds),
                              duration_text(sh.length_seconds)));
        }
        // The whole shift takes each break: two breaks at once would take its agents off
        // twice. Breaks must not overlap (touching is fine).
        std::vector<std::size_t> order(sh.breaks.size());
        for (std::size_t b = 0; b < order.size(); ++b) order[b] = b;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
          return sh.breaks[a].offset_seconds < sh.breaks[b].offset_seconds;
        });
        for (std::size_t b = 1; b < order.size(); ++b) {
          const Break& prev = sh.breaks[order[b - 1]];
          const Break& next = sh.breaks[order[b]];
          if (next.offset_seconds < prev.offset_seconds + prev.length_seconds)
            c.add(fmt::format("{}.breaks[{}]", hp, order[b]),
                  fmt::format("overlaps break {} of the same shift (breaks must not overlap)",
                              order[b - 1]));
        }
      }
      if (!g.on_duty.empty()) {
        const auto n = static_cast<int>(g.on_duty.size());
        if (ipd > 0 && n != ipd && n != s.horizon_intervals())
          c.add(gp + ".on_duty",
                fmt::format("needs {} values (one day) or {} (the horizon), got {}", ipd,
                            s.horizon_intervals(), n));
        for (std::size_t k = 0; k < g.on_duty.size(); ++k)
          if (g.on_duty[k] < 0) c.add(fmt::format("{}.on_duty[{}]", gp, k), "must be >= 0");
      }
    }
    if (site_agents > kMaxAgents)
      c.add(p, fmt::format("the site's groups schedule more than {} agents", kMaxAgents));
    if (site.headcount && *site.headcount > kMaxAgents)
      c.add(p + ".headcount",
            fmt::format("must be at most {}, got {}", kMaxAgents, *site.headcount));
  }
  for (const ChannelConfig& ch : s.channels)
    if (!ch.name.empty() && served.count(ch.name) == 0)
      c.add("channels." + ch.name, "no agent group has this channel among its skills");

  if (!has_routing_policy(s.routing.policy))
    c.add("routing.policy", fmt::format("unknown routing policy '{}'", s.routing.policy));
  if (std::isnan(s.routing.overflow_delay_seconds) || s.routing.overflow_delay_seconds < 0)
    c.add("routing.overflow_delay",
          fmt::format("must be >= 0, got {}", s.routing.overflow_delay_seconds));
  // Parameters of the priority policies: only where a policy reads them (the built-ins that
  // ignore them say so; a program's own policy may read any of them).
  const RoutingConfig& rc = s.routing;
  const bool builtin_plain = rc.policy == "home_first" || rc.policy == "pooled";
  const auto used_by = [&](const char* key, bool given, bool used, const char* users) {
    if (given && !used)
      c.add(std::string("routing.") + key,
            fmt::format("only used by policy {}, not by '{}'", users, rc.policy));
  };
  used_by("priority", !rc.priority.empty(), !builtin_plain,
          "'priority' or 'longest_weighted_wait'");
  used_by("reservation", !rc.reservation.empty(), !builtin_plain,
          "'priority' or 'longest_weighted_wait'");
  used_by("weights", !rc.weights.empty(), !builtin_plain && rc.policy != "priority",
          "'longest_weighted_wait'");
  const auto known_channel = [&](const std::string& path, const std::string& name) {
    if (s.channel_index(name) >= 0) return true;
    c.add(path, fmt::format("unknown channel '{}'", name));
    return false;
  };
  std::set<std::string> seen;
  for (std::size_t i = 0; i < rc.priority.size(); ++i) {
    const std::string p = fmt::format("routing.priority[{}]", i);
    if (known_channel(p, rc.priority[i]) && !seen.insert(rc.priority[i]).second)
      c.add(p, fmt::format("'{}' is listed twice", rc.priority[i]));
  }
  seen.clear();
  for (std::size_t i = 0; i < rc.reservation.size(); ++i) {
    const std::string p = fmt::format("routing.reservation[{}]", i);
    const Reservation& r = rc.reservation[i];
    if (known_channel(p + ".channel", r.channel) && !seen.insert(r.channel).second)
      c.add(p + ".channel", fmt::format("channel '{}' has a reservation already", r.channel));
    if (r.idle_agents < 0)
      c.add(p + ".idle_agents", fmt::format("must be >= 0, got {}", r.idle_agents));
  }
  for (const ChannelWeight& w : rc.weights) {
    const std::string p = "routing.weights." + w.channel;
    if (known_channel(p, w.channel) && !(std::isfinite(w.weight) && w.weight > 0))
      c.add(p, fmt::format("must be a positive number, got {}", w.weight));
  }
  c.positive("staffing.paid_hours_per_month", s.staffing.paid_hours_per_month);
  if (s.staffing.replications < 0)
    c.add("staffing.replications", fmt::format("must be >= 1, got {}", s.staffing.replications));
  if (s.staffing.max_replications < 0)
    c.add("staffing.max_replications",
          fmt::format("must be >= 1, got {}", s.staffing.max_replications));
  if (!(s.staffing.decision_confidence > 0 && s.staffing.decision_confidence < 1))
    c.add("staffing.decision_confidence",
          fmt::format("must be in (0, 1), got {}", s.staffing.decision_confidence));
  return std::move(c.problems);
}

void require_valid(const Scenario& scenario) {
  const std::vector<Problem> problems = validate(scenario);
  if (problems.empty()) return;
  std::string msg = "invalid scenario";
  for (const Problem& p : problems) msg += "\n  " + p.path + ": " + p.message;
  throw UserError(msg, problems.front().path);
}

}  // namespace ccsim::models
