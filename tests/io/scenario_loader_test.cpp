// Scenario loader: the core schema loads as docs/contract.md says, the full schema fills every
// field, and every class of bad input gives a diagnostic with the right line, column and message.
#include <catch2/catch.hpp>

#include <algorithm>

#include <regex>
#include <string>
#include <vector>

#include "ccsim/io/check.hpp"
#include "ccsim/io/scenario_file.hpp"

using ccsim::io::Diagnostic;
using ccsim::io::InputError;
using ccsim::io::parse_scenario;

namespace {

const char* const kCore = R"(name: single-pool
horizon: {days: 1, warmup: 1h}
interval: 30m
seed: 42
replications: 20
channels:
  voice:
    kind: call
    volume: {per_hour: 2000}
    handle_time: {dist: exponential, mean: 120s}
    patience: {dist: exponential, mean: 180s}
    sl_seconds: 20
    targets: {service_level: 0.8, asa: 25s, abandon_rate: 0.05}
sites:
  main: {agents: 70, skills: [voice]}
expect:
  - {metric: channels.voice.service_level, value: 0.8, tolerance: 0.02}
)";

/// The diagnostics of loading `text`; fails the test if it loads.
std::vector<Diagnostic> errors_of(const std::string& text,
                                  const std::vector<std::string>& overrides = {}) {
  try {
    parse_scenario(text, "t.yaml", overrides);
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  FAIL("expected an InputError for:\n" << text);
  return {};
}

/// The single diagnostic of loading `text`.
Diagnostic error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  const auto ds = errors_of(text, overrides);
  INFO((ds.empty() ? std::string("none") : ds.front().format()));
  REQUIRE(ds.size() == 1);
  return ds.front();
}

/// The core scenario with line `line` (1-based) replaced.
std::string core_with(int line, const std::string& replacement) {
  std::string text = kCore, out;
  int n = 1;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const std::string l = text.substr(start, end - start);
    out += (n == line ? replacement : l) + "\n";
    start = end + 1;
    ++n;
  }
  return out;
}

}  // namespace

TEST_CASE("the core schema loads with exactly its meaning", "[io][loader]") {
  const auto f = parse_scenario(kCore, "core.yaml");
  const auto& s = f.scenario;
  CHECK(s.name == "single-pool");
  CHECK(s.horizon_days == 1.0);
  CHECK(s.warmup_seconds == 3600.0);
  CHECK(s.interval_seconds == 1800.0);
  CHECK(s.seed == 42u);
  CHECK(s.replications == 20);
  REQUIRE(s.channels.size() == 1);
  const auto& c = s.channels[0];
  CHECK(c.name == "voice");
  CHECK(c.kind == ccsim::models::ChannelKind::call);
  CHECK(c.volume.per == ccsim::models::Volume::Per::hour);
  CHECK(c.volume.amount == 2000.0);
  REQUIRE(c.handle_time.is<ccsim::models::Exponential>());
  CHECK(c.handle_time.get_if<ccsim::models::Exponential>()->mean == 120.0);
  REQUIRE(c.patience.has_value());
  REQUIRE(c.patience->is<ccsim::models::Exponential>());
  CHECK(c.patience->get_if<ccsim::models::Exponential>()->mean == 180.0);
  CHECK(c.sl_seconds == 20.0);
  CHECK(c.targets.service_level == 0.8);
  CHECK(c.targets.asa_seconds == 25.0);
  CHECK(c.targets.abandon_rate == 0.05);
  CHECK_FALSE(c.targets.max_occupancy.has_value());
  REQUIRE(s.sites.size() == 1);
  CHECK(s.sites[0].name == "main");
  REQUIRE(s.sites[0].groups.size() == 1);  // one site with one agent group
  CHECK(s.sites[0].groups[0].agents == 70);
  CHECK(s.sites[0].groups[0].skills == std::vector<std::string>{"voice"});
  CHECK(s.sites[0].groups[0].shifts.empty());
  REQUIRE(f.expect.size() == 1);
  CHECK(f.expect[0].metric == "channels.voice.service_level");
  CHECK(f.expect[0].value == 0.8);
  CHECK(f.expect[0].kind == ccsim::io::Expectation::Kind::absolute);
  CHECK(f.expect[0].tolerance == 0.02);
  CHECK(f.expect[0].where.line == 17);
  CHECK(f.expect[0].where.column == 5);
}

TEST_CASE("the full schema fills every field of the scenario structs", "[io][loader]") {
  const auto f = parse_scenario(R"(name: full
description: all keys
horizon: {days: 2.5, warmup: 90m, start_weekday: wed}
interval: 1h
month_days: 31
drain_limit: 12h
calendar: binary_heap
regions:
  w: {utc_offset: "UTC+3", share: 0.75, home_site: a}
  e: {utc_offset: "+05:30", share: 0.25}
profiles:
  hourly: [0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1, 1, 1, 1, 0, 0, 0]
channels:
  chat:
    kind: chat
    volume: {per_month: 3100}
    intraday: hourly
    day_of_week: [1.1, 1, 1, 1, 1, 0.8, 0.8]
    overdispersion: {shape: 50}
    handle_time: {dist: weibull, shape: 1.5, scale: 10m}
    patience: {dist: gamma, mean: 2m, cv: 0.5}
    concurrency: 3
    concurrency_slowdown: 0.1
    sl_seconds: 30s
    targets: {max_occupancy: 0.9}
  tg:
    kind: messenger
    volume: {per_day: 100}
    day_of_week: {mon: 2}
    handle_time: {dist: empirical, values: [1m, 2m, 3m]}
    inactivity_timeout: 10m
    quiet_after: {dist: deterministic, value: 5m}
  mail:
    kind: email
    volume: {per_hour: 10}
    handle_time: {dist: lognormal, mean: 5m, cv: 1}
sites:
  a:
    utc_offset: 3
    headcount: 50
    shrinkage: 0.3
    absence: 0.05
    groups:
      digital:
        skills: [chat, tg]
        shifts:
          early: {start: "07:30", length: 8h, days: [mon-fri], agents: 5, breaks: [{after: 4h, length: 30m}]}
          night: {start: "22:00", length: 9h, agents: 1}
      backoffice:
        skills: [mail]
        on_duty: [0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0]
routing: {policy: pooled}
staffing: {paid_hours_per_month: 160}
expect:
  - {metric: channels.chat.asa_seconds.mean, value: 10, rel_tolerance: 0.2}
  - {metric: sites.a.occupancy, value: 0.5, within_ci: true}
)",
                                "full.yaml");
  const auto& s = f.scenario;
  CHECK(f.description == "all keys");
  CHECK(s.horizon_days == 2.5);
  CHECK(s.warmup_seconds == 5400.0);
  CHECK(s.start_weekday == 2);
  CHECK(s.interval_seconds == 3600.0);
  CHECK(s.month_days == 31.0);
  CHECK(s.drain_limit_seconds == 43200.0);
  CHECK(s.calendar == ccsim::sim::CalendarKind::binary_heap);
  REQUIRE(s.regions.size() == 2);
  CHECK(s.regions[0].utc_offset_hours == 3.0);
  CHECK(s.regions[0].home_site == "a");
  CHECK(s.regions[1].utc_offset_hours == 5.5);
  CHECK(s.regions[1].home_site.empty());
  const auto& chat = s.channels[0];
  CHECK(chat.volume.per == ccsim::models::Volume::Per::month);
  REQUIRE(chat.intraday.size() == 24);
  CHECK(chat.intraday[9] == 4.0);
  CHECK(chat.day_of_week[5] == 0.8);
  CHECK(chat.overdispersion_shape == 50.0);
  CHECK(chat.handle_time.kind() == ccsim::models::Distribution::Kind::weibull);
  REQUIRE(chat.handle_time.is<ccsim::models::Weibull>());
  CHECK(chat.handle_time.get_if<ccsim::models::Weibull>()->scale == 600.0);
  CHECK(chat.patience->kind() == ccsim::models::Distribution::Kind::gamma);
  REQUIRE(chat.patience->is<ccsim::models::Gamma>());
  CHECK(chat.patience->get_if<ccsim::models::Gamma>()->cv == 0.5);
  CHECK(chat.concurrency == 3);
  CHECK(chat.concurrency_slowdown == 0.1);
  CHECK(chat.sl_seconds == 30.0);
  CHECK(chat.targets.max_occupancy == 0.9);
  const auto& tg = s.channels[1];
  CHECK(tg.day_of_week == std::array<double, 7>{2, 1, 1, 1, 1, 1, 1});
  REQUIRE(tg.handle_time.is<ccsim::models::Empirical>());
  CHECK(tg.handle_time.get_if<ccsim::models::Empirical>()->values ==
        std::vector<double>{60, 120, 180});
  CHECK(tg.inactivity_timeout_seconds == 600.0);
  REQUIRE(tg.quiet_after.has_value());
  REQUIRE(tg.quiet_after->is<ccsim::models::Deterministic>());
  CHECK(tg.quiet_after->get_if<ccsim::models::Deterministic>()->value == 300.0);
  CHECK(s.channels[2].sl_seconds == 86400.0);  // email default: 24 h
  const auto& site = s.sites[0];
  CHECK(site.headcount == 50);
  CHECK(site.shrinkage == 0.3);
  CHECK(site.absence_probability == 0.05);
  REQUIRE(site.groups.size() == 2);
  const auto& early = site.groups[0].shifts[0];
  CHECK(early.start_seconds == 7.5 * 3600);
  CHECK(early.length_seconds == 8 * 3600);
  CHECK(early.days == std::array<bool, 7>{true, true, true, true, true, false, false});
  CHECK(early.agents == 5);
  REQUIRE(early.breaks.size() == 1);
  CHECK(early.breaks[0].offset_seconds == 4 * 3600);
  CHECK(early.breaks[0].length_seconds == 1800);
  CHECK(site.groups[0].shifts[1].days ==
        std::array<bool, 7>{true, true, true, true, true, true, true});
  CHECK(site.groups[1].on_duty.size() == 24);
  CHECK(s.routing.policy == "pooled");
  CHECK(s.staffing.paid_hours_per_month == 160.0);
  REQUIRE(f.expect.size() == 2);
  CHECK(f.expect[0].kind == ccsim::io::Expectation::Kind::relative);
  CHECK(f.expect[1].kind == ccsim::io::Expectation::Kind::within_ci);
}

TEST_CASE("an hourly intraday profile is spread over shorter intervals by overlap",
          "[io][loader]") {
  std::string text = core_with(3, "interval: 15m");
  text = core_with(9, "    volume: {per_hour: 2000}\n    intraday: [" +
                          std::string("1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, ") +
                          "13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]");
  text = [&] {
    std::string t = text;
    t.replace(t.find("interval: 30m"), 13, "interval: 15m");
    return t;
  }();
  const auto s = parse_scenario(text, "t.yaml").scenario;
  REQUIRE(s.channels[0].intraday.size() == 96);
  // Hour 2 (weight 3) becomes four quarter hours of 0.75 each: its share of the day is kept.
  CHECK(s.channels[0].intraday[8] == Approx(0.75));
  CHECK(s.channels[0].intraday[11] == Approx(0.75));
  CHECK(s.channels[0].intraday[95] == Approx(6.0));
}

TEST_CASE("durations accept seconds and the units s, m, h, d", "[io][loader]") {
  using ccsim::io::parse_duration;
  CHECK(parse_duration("90") == 90.0);
  CHECK(parse_duration("90s") == 90.0);
  CHECK(parse_duration("1.5h") == 5400.0);
  CHECK(parse_duration("2m") == 120.0);
  CHECK(parse_duration("1d") == 86400.0);
  CHECK(parse_duration(" 30m ") == 1800.0);
  CHECK(parse_duration("0") == 0.0);
  CHECK_THROWS_WITH(parse_duration("12o s"), Catch::Contains("invalid duration '12o s'"));
  CHECK_THROWS_WITH(parse_duration("5 min"), Catch::Contains("invalid duration"));
  CHECK_THROWS_WITH(parse_duration("-3s"), Catch::Contains("negative"));
  CHECK_THROWS_WITH(parse_duration("1e400s"), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(parse_duration("h"), Catch::Contains("invalid duration"));
  CHECK_THROWS_WITH(parse_duration("0x10"), Catch::Contains("invalid duration"));
}

TEST_CASE("syntax errors point at yaml-cpp's position, an unclosed bracket at its opening",
          "[io][loader][errors]") {
  // yaml-cpp gives up on the next line; the bracket never closed is the one to fix.
  const auto d = error_of("name: x\nchannels: {voice: {kind: call}\nsites: 1\n");
  CHECK(d.where.file == "t.yaml");
  CHECK(d.where.line == 2);
  CHECK(d.where.column == 11);
  CHECK_THAT(d.message, Catch::StartsWith("invalid YAML:"));
  CHECK_THAT(d.message, Catch::Contains("never closed"));
  const auto e = error_of("name: x\nchannels:\n  voice: {kind: call, volume: [1, 2\nsites: 1\n");
  CHECK(e.where.line == 3);
  CHECK(e.where.column == 31);
  // Other syntax errors keep yaml-cpp's position.
  const auto f = error_of("name: x\nchannels: {voice: 1}}\n");
  CHECK(f.where.line == 2);
  CHECK_THAT(f.message, Catch::StartsWith("invalid YAML:"));
}

TEST_CASE("empty, non-mapping and binary files are rejected", "[io][loader][errors]") {
  auto d = error_of("");
  CHECK(d.where.line == 1);
  CHECK_THAT(d.message, Catch::Contains("the file is empty"));
  d = error_of("# only a comment\n");
  CHECK_THAT(d.message, Catch::Contains("the file is empty"));
  d = error_of("- a\n- b\n");
  CHECK(d.where.line == 1);
  CHECK(d.where.column == 1);
  CHECK_THAT(d.message, Catch::Contains("expected a scenario mapping"));
  CHECK_THAT(d.message, Catch::Contains("got a list"));
  d = error_of("just text\n");
  CHECK_THAT(d.message, Catch::Contains("got a scalar"));
  d = error_of(std::string("name: x\nab\0cd\n", 14));
  CHECK(d.where.line == 2);
  CHECK(d.where.column == 3);
  CHECK_THAT(d.message, Catch::Contains("not a text file"));
  d = error_of("name: \xff\xfe\n");
  CHECK(d.where.line == 1);
  CHECK(d.where.column == 7);
}

TEST_CASE("unknown keys are errors with a did-you-mean suggestion", "[io][loader][errors]") {
  auto d = error_of(core_with(15, "  main: {agentz: 70, agents: 70, skills: [voice]}"));
  CHECK(d.where.line == 15);
  CHECK(d.where.column == 10);
  CHECK(d.message == "unknown key 'agentz' in sites.main; did you mean 'agents'?");
  d = error_of(core_with(12, "    sl_secnds: 20"));
  CHECK(d.where.line == 12);
  CHECK(d.where.column == 5);
  CHECK(d.message == "unknown key 'sl_secnds' in channels.voice; did you mean 'sl_seconds'?");
  d = error_of(core_with(1, "name: x\nbanana: 3"));
  CHECK(d.where.line == 2);
  CHECK(d.message == "unknown key 'banana' in the scenario");
  // A key valid elsewhere but not for this distribution is still unknown here.
  d = error_of(core_with(10, "    handle_time: {dist: exponential, mean: 120s, cv: 1}"));
  CHECK(d.where.line == 10);
  CHECK(d.where.column == 50);
  CHECK_THAT(d.message, Catch::StartsWith("unknown key 'cv' in channels.voice.handle_time"));
}

TEST_CASE("wrong types, bad units and overflowing numbers are reported where they are",
          "[io][loader][errors]") {
  auto d = error_of(core_with(15, "  main: {agents: seventy, skills: [voice]}"));
  CHECK(d.where.line == 15);
  CHECK(d.where.column == 18);
  CHECK(d.message == "sites.main.agents: expected a number, got 'seventy'");
  d = error_of(core_with(15, "  main: {agents: 70.5, skills: [voice]}"));
  CHECK(d.message == "sites.main.agents: expected a whole number, got 70.5");
  d = error_of(core_with(10, "    handle_time: {dist: exponential, mean: 12o s}"));
  CHECK(d.where.line == 10);
  CHECK(d.where.column == 44);
  CHECK_THAT(d.message, Catch::StartsWith("channels.voice.handle_time.mean: invalid duration "
                                          "'12o s'"));
  d = error_of(core_with(9, "    volume: {per_hour: 1e999}"));
  CHECK(d.where.line == 9);
  CHECK(d.where.column == 24);
  CHECK(d.message == "channels.voice.volume.per_hour: number '1e999' is out of range");
  d = error_of(core_with(4, "seed: 99999999999999999999999"));
  CHECK(d.where.line == 4);
  CHECK(d.message == "seed: '99999999999999999999999' does not fit in 64 bits");
  d = error_of(core_with(15, "  main: {agents: 99999999999, skills: [voice]}"));
  CHECK_THAT(d.message, Catch::StartsWith("sites.main.agents: must be in [0, 10000000]"));
  d = error_of(core_with(9, "    volume: [2000]"));
  CHECK(d.where.line == 9);
  CHECK(d.where.column == 13);
  CHECK(d.message == "channels.voice.volume: expected a mapping, got a list");
  d = error_of(core_with(8, "    kind: cal"));
  CHECK(d.where.column == 11);
  CHECK_THAT(d.message, Catch::EndsWith("did you mean 'call'?"));
}

TEST_CASE("out-of-range values are errors", "[io][loader][errors]") {
  auto d = error_of(core_with(9, "    volume: {per_hour: -5}"));
  CHECK(d.where.line == 9);
  CHECK(d.where.column == 24);
  CHECK(d.message == "channels.voice.volume.per_hour: must be >= 0, got -5");
  d = error_of(core_with(13, "    targets: {service_level: 1.5}"));
  CHECK(d.where.column == 30);
  CHECK(d.message == "channels.voice.targets.service_level: must be in [0, 1], got 1.5");
  d = error_of(core_with(2, "horizon: {days: 0}"));
  CHECK(d.where.column == 17);
  CHECK(d.message == "horizon.days: must be in (0, 3660], got 0");
  d = error_of(core_with(1,
                         "name: x\nregions:\n  a: {utc_offset: 3, share: 0.5}\n"
                         "  b: {utc_offset: 5, share: 0.4}"));
  CHECK(d.where.line == 3);
  CHECK(d.where.column == 3);
  CHECK(d.message == "regions: shares must sum to 1, they sum to 0.9");
  d = error_of(core_with(9, "    volume: {per_hour: 2000}\n    intraday: [1, 2, 3]"));
  CHECK(d.where.line == 10);
  CHECK(d.where.column == 15);
  CHECK(d.message ==
        "channels.voice.intraday: intraday profile has 3 values; expected 48 (one per 30m "
        "interval) or 24 (hourly)");
}

TEST_CASE("a zero or non-dividing interval is an error", "[io][loader][errors]") {
  auto d = error_of(core_with(3, "interval: 0"));
  CHECK(d.where.line == 3);
  CHECK(d.where.column == 11);
  CHECK(d.message == "interval: must be > 0");
  d = error_of(core_with(3, "interval: 7m"));
  CHECK(d.where.column == 11);
  CHECK_THAT(d.message, Catch::StartsWith("interval: 7m does not divide a day"));
}

TEST_CASE("unknown channels in skills and unknown sites are errors", "[io][loader][errors]") {
  auto d = error_of(core_with(15, "  main: {agents: 70, skills: [vocie]}"));
  CHECK(d.where.line == 15);
  CHECK(d.where.column == 31);
  CHECK(d.message == "sites.main.skills: unknown channel 'vocie' in skills; did you mean 'voice'?");
  d = error_of(core_with(1, "name: x\nregions:\n  a: {utc_offset: 3, share: 1, home_site: mian}"));
  CHECK(d.where.line == 3);
  CHECK(d.where.column == 43);
  CHECK(d.message == "regions.a.home_site: unknown site 'mian'; did you mean 'main'?");
}

TEST_CASE("duplicate keys are errors naming the first occurrence", "[io][loader][errors]") {
  auto d = error_of(core_with(5, "replications: 20\nseed: 7"));
  CHECK(d.where.line == 6);
  CHECK(d.where.column == 1);
  CHECK(d.message == "duplicate key 'seed' in the scenario (first at line 4)");
  d = error_of(
      core_with(15, "  main: {agents: 70, skills: [voice]}\n  main: {agents: 1, skills: [voice]}"));
  CHECK(d.where.line == 16);
  CHECK(d.where.column == 3);
  CHECK(d.message == "duplicate name 'main' in sites (first at line 15)");
}

TEST_CASE("every problem is reported, not only the first", "[io][loader][errors]") {
  std::string text = core_with(9, "    volume: {per_hour: -5}");
  text.replace(text.find("agents: 70"), 10, "agentz: 70");
  text.replace(text.find("mean: 180s"), 10, "mean: 3 h");
  const auto ds = errors_of(text);
  REQUIRE(ds.size() == 4);
  // In file order.
  CHECK(ds[0].where.line == 9);
  CHECK(ds[1].where.line == 11);
  CHECK(ds[2].where.line == 15);
  CHECK(ds[3].where.line == 15);
  CHECK_THAT(ds[2].message, Catch::Contains("missing 'agents'"));      // at the mapping, column 9
  CHECK_THAT(ds[3].message, Catch::Contains("unknown key 'agentz'"));  // at the key, column 10
}

TEST_CASE("model validation problems are mapped back to the YAML node", "[io][loader][errors]") {
  // Only models::validate() knows that every channel needs someone to serve it.
  std::string text = kCore;
  text.replace(text.find("sites:"), 6,
               "  fax:\n    kind: email\n    volume: {per_day: 1}\n"
               "    handle_time: {dist: exponential, mean: 1m}\nsites:");
  const auto e = error_of(text);
  CHECK(e.where.line == 15);
  CHECK(e.where.column == 5);
  CHECK_THAT(e.message, Catch::StartsWith("channels.fax:"));
}

TEST_CASE("expectations must name a reported metric and one tolerance", "[io][loader][errors]") {
  // The loader reads the path; check_metric_paths resolves it in the run results' JSON.
  const auto file = parse_scenario(
      core_with(17, "  - {metric: channels.voice.service_levl, value: 0.8, tolerance: 0.02}"),
      "t.yaml");
  try {
    ccsim::io::check_metric_paths(file);
    FAIL("no InputError");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    const auto& m = e.diagnostics()[0];
    CHECK(m.where.line == 17);
    CHECK(m.where.column == 14);
    CHECK_THAT(m.message, Catch::EndsWith("did you mean 'service_level'?"));
  }
  auto d = error_of(core_with(17, "  - {metric: channels.voice.service_level, value: 0.8}"));
  CHECK(d.where.column == 5);
  CHECK(d.message == "expect.0: give exactly one of tolerance, rel_tolerance or within_ci: true");
}

TEST_CASE("set overrides replace scalars before the file is read", "[io][loader][overrides]") {
  const auto f = parse_scenario(kCore, "t.yaml",
                                {"sites.main.agents=75", "channels.voice.volume.per_hour=2100",
                                 "horizon.warmup=2h", "expect.0.value=0.7"});
  CHECK(f.scenario.sites[0].groups[0].agents == 75);
  CHECK(f.scenario.channels[0].volume.amount == 2100.0);
  CHECK(f.scenario.warmup_seconds == 7200.0);
  CHECK(f.expect[0].value == 0.7);
  CHECK(f.overrides.size() == 4);
}

TEST_CASE("bad set overrides name themselves", "[io][loader][overrides]") {
  auto d = error_of(kCore, {"sites.mian.agents=75"});
  CHECK(d.where.file == "--set sites.mian.agents=75");
  CHECK(d.where.line == 0);
  CHECK(d.message ==
        "unknown key path 'sites.mian.agents': 'sites' has no key 'mian'; did you mean 'main'?");
  d = error_of(kCore, {"sites.main.agentz=75"});
  CHECK(d.where.file == "--set sites.main.agentz=75");
  CHECK(d.message == "unknown key 'agentz' in sites.main; did you mean 'agents'?");
  d = error_of(kCore, {"sites.main.agents=-1"});
  CHECK(d.where.file == "--set sites.main.agents=-1");
  CHECK_THAT(d.message, Catch::StartsWith("sites.main.agents: must be in [0,"));
  d = error_of(kCore, {"seed"});
  CHECK(d.message == "expected key.path=value, e.g. --set sites.main.agents=75");
  d = error_of(kCore, {"seed.x=1"});
  CHECK_THAT(d.message, Catch::Contains("is a single value"));
}

TEST_CASE("deeply nested input is an error, not a stack overflow", "[io][loader][errors]") {
  const auto d = error_of("a: " + std::string(100000, '['));
  CHECK(d.where.line >= 1);
  CHECK(d.message == "invalid YAML: nested deeper than 2000 levels");
}

TEST_CASE("priority routing parameters load and their problems point at the entry",
          "[io][loader][routing]") {
  std::string text = kCore;
  text.replace(text.find("expect:"), 7,
               "routing:\n  policy: longest_weighted_wait\n  priority: [voice]\n"
               "  reservation:\n    - {channel: voice, idle_agents: 2}\n"
               "  weights: {voice: 3}\nexpect:");
  const ccsim::models::Scenario s = parse_scenario(text, "t.yaml").scenario;
  CHECK(s.routing.policy == "longest_weighted_wait");
  CHECK(s.routing.priority == std::vector<std::string>{"voice"});
  REQUIRE(s.routing.reservation.size() == 1);
  CHECK(s.routing.reservation[0].channel == "voice");
  CHECK(s.routing.reservation[0].idle_agents == 2);
  REQUIRE(s.routing.weights.size() == 1);
  CHECK(s.routing.weights[0].weight == 3.0);

  // A misspelt channel in a reservation: models::validate finds it, at the entry's key.
  std::string bad = text;
  bad.replace(bad.find("{channel: voice"), 15, "{channel: voise");
  const auto e = error_of(bad);
  CHECK(e.where.line == 20);
  CHECK(e.where.column == 17);
  CHECK_THAT(e.message, Catch::Contains("unknown channel 'voise'"));
  // Parameters the policy does not read are errors, not silently ignored.
  std::string plain = text;
  plain.replace(plain.find("longest_weighted_wait"), 21, "pooled");
  const auto ds = errors_of(plain);
  CHECK(ds.size() == 3);  // priority, reservation, weights
  const auto missing =
      errors_of(core_with(16,
                          "routing: {policy: priority, reservation: [{channel: voice}]}\n"
                          "expect:"));
  CHECK(std::any_of(missing.begin(), missing.end(), [](const Diagnostic& d) {
    return d.message.find("missing required key 'idle_agents'") != std::string::npos;
  }));
}

TEST_CASE(
    "UTC offsets, shift lengths and breaks inside shifts: models::validate's rules at "
    "their YAML positions",
    "[io][loader][errors]") {
  // The loader reads the values; the one rule of each lives in models::validate.
  auto d = error_of(core_with(15, "  main: {agents: 70, skills: [voice], utc_offset: \"+03:10\"}"));
  CHECK(d.where.line == 15);
  CHECK(d.where.column == 51);
  CHECK(d.message ==
        "sites.main.utc_offset: UTC offset must be a multiple of 15 minutes in "
        "[-12:00, +14:00], got +03:10");
  d = error_of(core_with(15, "  main: {agents: 70, skills: [voice], utc_offset: -13}"));
  CHECK_THAT(d.message, Catch::EndsWith("got -13:00"));
  d = error_of(core_with(1,
                         "name: x\nregions:\n  a: {utc_offset: 15, share: 0.5}\n"
                         "  b: {utc_offset: 5, share: 0.5}"));
  CHECK(d.where.line == 3);
  CHECK(d.where.column == 19);
  CHECK_THAT(d.message, Catch::StartsWith("regions.a.utc_offset: UTC offset must be"));
  const std::string shifted =
      "  main:\n    groups:\n      g:\n        skills: [voice]\n        shifts:\n"
      "          day: {start: \"08:00\", length: LEN, agents: 5,\n"
      "                breaks: [{after: 450m, length: 1h}]}";
  d = error_of(core_with(15, std::regex_replace(shifted, std::regex("LEN"), "25h")));
  CHECK(d.where.line == 20);
  CHECK(d.message == "sites.main.groups.g.shifts.day.length: must be in (0, 24h], got 25h");
  d = error_of(core_with(15, std::regex_replace(shifted, std::regex("LEN"), "8h")));
  CHECK(d.where.line == 21);
  CHECK(d.where.column == 26);
  CHECK(d.message ==
        "sites.main.groups.g.shifts.day.breaks[0]: a break must end within its "
        "shift (450m + 1h > 8h)");
  // Within the shift it loads.
  CHECK_NOTHROW(parse_scenario(
      core_with(15, std::regex_replace(shifted, std::regex("LEN"), "510m")), "t.yaml"));
}
