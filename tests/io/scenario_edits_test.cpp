// --unset and --scale what-if edits and horizon.start_date, through the loader.
#include <catch2/catch.hpp>

#include <string>

#include "ccsim/io/error.hpp"
#include "ccsim/io/scenario_file.hpp"

using ccsim::io::InputError;
using ccsim::io::ScenarioEdits;

namespace {

const char* kTwo = R"(name: two
horizon: {days: 1}
regions:
  west: {utc_offset: 3, share: 0.7, home_site: moscow}
  east: {utc_offset: 7, share: 0.3, home_site: novosibirsk}
channels:
  voice:
    kind: call
    volume: {per_hour: 100}
    handle_time: {dist: exponential, mean: 120s}
    patience: {dist: exponential, mean: 180s}
  mail:
    kind: email
    volume: {per_day: 50}
    handle_time: {dist: exponential, mean: 5m}
sites:
  moscow: {utc_offset: 3, agents: 10, skills: [voice, mail]}
  novosibirsk: {utc_offset: 7, agents: 4, skills: [voice]}
)";

ScenarioEdits unset(std::string p) {
  ScenarioEdits e;
  e.unsets = {std::move(p)};
  return e;
}
ScenarioEdits scale(std::string p) {
  ScenarioEdits e;
  e.scales = {std::move(p)};
  return e;
}

std::string error_of(const std::string& text, const ScenarioEdits& e) {
  try {
    ccsim::io::parse_scenario(text, "two.yaml", e);
  } catch (const InputError& err) {
    return err.what();
  }
  FAIL("expected an InputError");
  return "";
}

}  // namespace

TEST_CASE("an --unset removes a channel, a key or a list entry", "[io][edits]") {
  const auto f = ccsim::io::parse_scenario(kTwo, "two.yaml", unset("channels.voice.patience"));
  REQUIRE(f.scenario.channels.size() == 2);
  CHECK_FALSE(f.scenario.channels[0].patience.has_value());
  // Removing the email channel needs its skill gone too: two edits, both applied.
  ScenarioEdits e;
  e.unsets = {"channels.mail"};
  e.sets = {"sites.moscow.skills=[voice]"};
  const auto g = ccsim::io::parse_scenario(kTwo, "two.yaml", e);
  REQUIRE(g.scenario.channels.size() == 1);
  CHECK(g.scenario.channels[0].name == "voice");
}

TEST_CASE("an --unset errors name the edit or point at what still refers to it", "[io][edits]") {
  CHECK_THAT(error_of(kTwo, unset("sites.irkutsk")),
             Catch::Contains("--unset sites.irkutsk") && Catch::Contains("no key 'irkutsk'"));
  CHECK_THAT(error_of(kTwo, unset("sites.moscw")), Catch::Contains("did you mean 'moscow'"));
  // A site that a region still names: the error is at the region's home_site in the file.
  const std::string e = error_of(kTwo, unset("sites.moscow"));
  CHECK_THAT(e, Catch::Contains("two.yaml:4:"));
  CHECK_THAT(e, Catch::Contains("moscow"));
  // The channel still listed as a skill.
  CHECK_THAT(error_of(kTwo, unset("channels.mail")), Catch::Contains("two.yaml:17:"));
}

TEST_CASE("a --scale multiplies numbers, durations, and every number of a matched map",
          "[io][edits]") {
  const auto f = ccsim::io::parse_scenario(kTwo, "two.yaml", scale("channels.*.volume=1.1"));
  CHECK(f.scenario.channels[0].volume.amount == Approx(110));
  CHECK(f.scenario.channels[1].volume.amount == Approx(55));
  const auto g =
      ccsim::io::parse_scenario(kTwo, "two.yaml", scale("channels.voice.handle_time.mean=0.5"));
  CHECK(g.scenario.channels[0].handle_time.expected() == Approx(60));  // "120s" x 0.5
  CHECK(g.scenario.channels[1].handle_time.expected() == Approx(300));
  // Scale after set: the set value is scaled.
  ScenarioEdits e;
  e.sets = {"sites.moscow.agents=20"};
  e.scales = {"sites.*.agents=1.5"};
  const auto h = ccsim::io::parse_scenario(kTwo, "two.yaml", e);
  CHECK(h.scenario.sites[0].groups[0].agents == 30);
  CHECK(h.scenario.sites[1].groups[0].agents == 6);
}

TEST_CASE("a --scale errors name the edit", "[io][edits]") {
  CHECK_THAT(
      error_of(kTwo, scale("channels.*.volum=1.1")),
      Catch::Contains("--scale channels.*.volum=1.1") && Catch::Contains("did you mean 'volume'"));
  CHECK_THAT(error_of(kTwo, scale("channels.*.volume=-1")), Catch::Contains("positive number"));
  CHECK_THAT(error_of(kTwo, scale("channels.*.kind=2")), Catch::Contains("no number to scale"));
  // A result out of range (1.5 agents is not a whole number) names the --scale.
  CHECK_THAT(error_of(kTwo, scale("sites.moscow.agents=1.05")),
             Catch::Contains("--scale sites.moscow.agents=1.05"));
}

TEST_CASE("horizon.start_date gives the weekday of day 0 and must agree with start_weekday",
          "[io][edits]") {
  std::string text = kTwo;
  text.replace(text.find("horizon: {days: 1}"), 18, "horizon: {days: 1, start_date: 2026-03-04}");
  const auto f = ccsim::io::parse_scenario(text, "two.yaml");
  CHECK(f.scenario.start_date == "2026-03-04");
  CHECK(f.scenario.start_weekday == 2);  // a Wednesday
  std::string bad = kTwo;
  bad.replace(bad.find("horizon: {days: 1}"), 18,
              "horizon: {days: 1, start_date: 2026-03-04, start_weekday: mon}");
  CHECK_THAT(error_of(bad, {}), Catch::Contains("is a wed, not a mon"));
  std::string nodate = kTwo;
  nodate.replace(nodate.find("horizon: {days: 1}"), 18,
                 "horizon: {days: 1, start_date: 2026-02-30}");
  CHECK_THAT(error_of(nodate, {}),
             Catch::Contains("two.yaml:2:") && Catch::Contains("expected a date YYYY-MM-DD"));
}
