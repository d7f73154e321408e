// The one-screen scenario summary printed by `ccsim validate`.

#include <cmath>
#include <string>
#include <variant>

#include <fmt/format.h>

#include "ccsim/io/scenario_file.hpp"
#include "ccsim/models/demand.hpp"
#include "text.hpp"

namespace ccsim::io {

namespace {

using detail::format_duration;
using detail::format_number;

const char* const kDayNames[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                  "Friday", "Saturday", "Sunday"};

std::string utc(double hours) {
  if (hours == 0) return "UTC";
  const double a = std::abs(hours);
  const int h = static_cast<int>(a);
  const int m = static_cast<int>(std::lround((a - h) * 60));
  return m == 0 ? fmt::format("UTC{}{}", hours < 0 ? '-' : '+', h)
                : fmt::format("UTC{}{}:{:02}", hours < 0 ? '-' : '+', h, m);
}

std::string count(double x) {
  if (x >= 1e6) return fmt::format("{:.2f}M", x / 1e6);
  if (x >= 1e4) return fmt::format("{:.1f}k", x / 1e3);
  return fmt::format("{:.0f}", x);
}

// How each alternative reads in the summary.
std::string text(const models::Exponential& x) {
  return fmt::format("{}, mean {}", models::name_of<models::Exponential>(),
                     format_duration(x.mean));
}
template <class MeanCv>
std::string mean_cv(const MeanCv& x) {
  return fmt::format("{}, mean {}, cv {}", models::name_of<MeanCv>(), format_duration(x.mean),
                     format_number(x.cv));
}
std::string text(const models::Lognormal& x) { return mean_cv(x); }
std::string text(const models::Gamma& x) { return mean_cv(x); }
std::string text(const models::Weibull& x) {
  return fmt::format("{}, shape {}, scale {} (mean {})", models::name_of<models::Weibull>(),
                     format_number(x.shape), format_duration(x.scale),
                     format_duration(models::Distribution(x).expected()));
}
std::string text(const models::Deterministic& x) {
  return fmt::format("{} {}", models::name_of<models::Deterministic>(), format_duration(x.value));
}
std::string text(const models::Empirical& x) {
  return fmt::format("{}, {} values, mean {}", models::name_of<models::Empirical>(),
                     x.values.size(), format_duration(models::Distribution(x).expected()));
}

std::string dist(const models::Distribution& d) {
  return std::visit([](const auto& x) { return text(x); }, d.alternative());
}

}  // namespace

std::string describe(const ScenarioFile& file) {
  const auto& s = file.scenario;
  std::string out = fmt::format("scenario '{}' ({}): valid\n", s.name, file.path);
  if (!file.description.empty()) {
    std::string d = file.description;
    while (!d.empty() && (d.back() == '\n' || d.back() == ' ')) d.pop_back();
    out += fmt::format("  {}\n", d.substr(0, d.find('\n')));
  }
  out += fmt::format("horizon: {} day(s) from {} 00:00 UTC, warm-up {}; interval {} ({} a day)\n",
                     format_number(s.horizon_days), kDayNames[s.start_weekday],
                     format_duration(s.warmup_seconds), format_duration(s.interval_seconds),
                     s.intervals_per_day());
  out += fmt::format("run: seed {}, {} replications, {} calendar, routing {} (overflow after {})\n",
                     s.seed, s.replications, sim::to_string(s.calendar), s.routing.policy,
                     format_duration(s.routing.overflow_delay_seconds));

  out += fmt::format("channels ({}):\n", s.channels.size());
  for (const auto& c : s.channels) {
    const double per_day = models::daily_volume(s, c);
    out += fmt::format("  {:<12} {:<9} {:>9}/day {:>9}/month  handle {}\n", c.name,
                       models::to_string(c.kind), count(per_day), count(per_day * s.month_days),
                       dist(c.handle_time));
    std::string extra = fmt::format("service level within {}", format_duration(c.sl_seconds));
    extra += c.patience ? fmt::format("; patience {}", dist(*c.patience)) : "; no abandonment";
    if (c.after_call_work) extra += fmt::format("; after-call work {}", dist(*c.after_call_work));
    if (c.first_reply) extra += fmt::format("; first reply {}", dist(*c.first_reply));
    if (c.redial) {
      std::string to;
      for (const auto& t : c.redial->to)
        to += fmt::format("{}{} {:.0f}%", to.empty() ? "" : ", ", t.channel, t.share * 100);
      extra +=
          fmt::format("; {:.0f}% of abandons redial after {} to {}", c.redial->probability * 100,
                      dist(c.redial->delay), to.empty() ? c.name : to);
      if (c.redial->max_attempts)
        extra += fmt::format(" (at most {} attempts)", *c.redial->max_attempts);
    }
    if (c.callback && c.callback->active()) {
      const bool by_wait = c.callback->offer == models::CallbackConfig::Offer::expected_wait;
      extra += fmt::format(
          "; callback offered at {} {} ({:.0f}% accept, {})",
          by_wait ? "an expected wait of" : "a queue of",
          by_wait ? format_duration(c.callback->threshold) : format_number(c.callback->threshold),
          c.callback->accept_probability * 100,
          c.callback->priority == models::CallbackConfig::Priority::fifo ? "fifo" : "when idle");
    }
    if (c.concurrency > 1) extra += fmt::format("; concurrency {}", c.concurrency);
    if (!c.intraday.empty()) extra += "; intraday profile";
    if (c.overdispersion_shape > 0)
      extra += fmt::format("; day overdispersion shape {}", format_number(c.overdispersion_shape));
    out += fmt::format("  {:<12} {}\n", "", extra);
  }

  out += fmt::format("sites ({}):\n", s.sites.size());
  int total_agents = 0;
  for (const auto& site : s.sites) {
    int constant = 0, monday = 0, shifts = 0, planned = 0;
    std::string skills;
    for (const auto& g : site.groups) {
      if (!g.on_duty.empty()) {
        ++planned;
      } else if (g.shifts.empty()) {
        constant += g.agents;
      }
      for (const auto& sh : g.shifts) {
        ++shifts;
        if (sh.days[0]) monday += sh.agents;
      }
      for (const auto& k : g.skills)
        if (skills.find(k) == std::string::npos) skills += (skills.empty() ? "" : ",") + k;
    }
    total_agents += constant + monday;
    std::string staff;
    if (constant > 0 || (shifts == 0 && planned == 0))
      staff = fmt::format("{} agents on duty", constant);
    if (shifts > 0)
      staff += fmt::format("{}{} agents start a shift on Mondays ({} shifts)",
                           staff.empty() ? "" : " + ", monday, shifts);
    if (planned > 0)
      staff +=
          fmt::format("{}{} group(s) with an on-duty plan", staff.empty() ? "" : " + ", planned);
    out += fmt::format("  {:<12} {:<9} {}; headcount {}; skills {}\n", site.name,
                       utc(site.utc_offset_hours), staff,
                       site.headcount ? std::to_string(*site.headcount) : "-", skills);
  }
  out += fmt::format("  total: {} agents on duty or starting a shift on Mondays\n", total_agents);

  if (!s.regions.empty()) {
    out += fmt::format("regions ({}):", s.regions.size());
    for (const auto& r : s.regions)
      out += fmt::format(" {} {} {:.0f}%{}", r.name, utc(r.utc_offset_hours), r.share * 100,
                         r.home_site.empty() ? "" : " -> " + r.home_site);
    out += "\n";
  }
  if (!file.expect.empty()) out += fmt::format("expect: {} check(s)\n", file.expect.size());
  if (!file.overrides.empty()) {
    out += "overrides:";
    for (const auto& o : file.overrides) out += " --set " + o;
    out += "\n";
  }
  return out;
}

}  // namespace ccsim::io
