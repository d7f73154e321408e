// Regression checks on synthetic results: the three tolerance kinds, estimates vs plain
// numbers, bad expectations reported at their entry, and the table / JSON reports.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "ccsim/io/check.hpp"
#include "ccsim/io/error.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/scenario_file.hpp"
#include "ccsim/models/simulation.hpp"

using ccsim::io::Expectation;

namespace {

const std::string kScenario = R"(name: tiny
channels:
  voice: {kind: call, volume: {per_hour: 100}, handle_time: {dist: exponential, mean: 60s}}
sites:
  main: {agents: 3, skills: [voice]}
)";

ccsim::io::ScenarioFile file_with(const std::string& expect) {
  return ccsim::io::parse_scenario(kScenario + "expect:\n" + expect, "tiny.yaml");
}

/// Results of `file`'s scenario with service level 0.80 [0.78, 0.82] and 1000 offered.
ccsim::models::RunResults results_for(const ccsim::io::ScenarioFile& file, int replications = 10) {
  auto r = ccsim::models::aggregate(file.scenario, {});
  r.replications = replications;
  r.channels.at(0).offered = 1000;
  r.channels.at(0).service_level = {0.80, 0.78, 0.82};
  r.sites.at(0).occupancy = {0.9, 0.89, 0.91};
  return r;
}

std::vector<bool> passed(const ccsim::io::FileCheck& c) {
  std::vector<bool> out;
  for (const auto& o : c.outcomes) out.push_back(o.passed);
  return out;
}

}  // namespace

TEST_CASE("check: absolute, relative and within_ci tolerances decide pass and fail",
          "[io][check]") {
  const auto file = file_with(R"(
  - {metric: channels.voice.service_level, value: 0.83, tolerance: 0.031}
  - {metric: channels.voice.service_level, value: 0.83, tolerance: 0.029}
  - {metric: channels.voice.service_level, value: 0.84, rel_tolerance: 0.05}
  - {metric: channels.voice.service_level, value: 0.85, rel_tolerance: 0.05}
  - {metric: channels.voice.service_level, value: 0.815, within_ci: true}
  - {metric: channels.voice.service_level, value: 0.825, within_ci: true}
)");
  const auto c = ccsim::io::evaluate(file, results_for(file));
  CHECK(passed(c) == std::vector<bool>{true, false, true, false, true, false});
  CHECK(c.outcomes[0].measured == 0.80);  // an estimate compares through its mean
  REQUIRE(c.outcomes[4].ci_lower);
  CHECK(*c.outcomes[4].ci_lower == 0.78);
  CHECK(*c.outcomes[4].ci_upper == 0.82);
}

TEST_CASE("check: plain numbers, ci95 ends and site metrics resolve in the run JSON",
          "[io][check]") {
  const auto file = file_with(R"(
  - {metric: channels.voice.offered, value: 1000, tolerance: 0}
  - {metric: channels.voice.service_level.ci95.1, value: 0.82, tolerance: 1e-12}
  - {metric: sites.main.occupancy.mean, value: 0.9, tolerance: 1e-12}
  - {metric: sites.main.headcount, value: 3, tolerance: 0}
  - {metric: channels.voice.unanswered_end, value: 0, tolerance: 0}
)");
  const auto c = ccsim::io::evaluate(file, results_for(file));
  CHECK(passed(c) == std::vector<bool>{true, true, true, true, true});
  CHECK_FALSE(c.outcomes[0].ci_lower);  // a plain number has no interval
}

TEST_CASE("check: within_ci on a plain number is bad input at the entry", "[io][check]") {
  const auto file =
      file_with("  - {metric: channels.voice.offered, value: 1000, within_ci: true}\n");
  try {
    ccsim::io::check_expectations(file);
    FAIL("no InputError");
  } catch (const ccsim::io::InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].where.line == 7);
    CHECK(e.diagnostics()[0].where.column == 5);
    CHECK_THAT(e.diagnostics()[0].message, Catch::Contains("without a confidence interval"));
  }
  CHECK_THROWS_AS(ccsim::io::evaluate(file, results_for(file)), ccsim::io::InputError);
}

TEST_CASE("check: a metric missing from the run JSON is an error, never a pass", "[io][check]") {
  auto file = file_with("  - {metric: channels.voice.offered, value: 1000, tolerance: 0}\n");
  // The loader does not check metric names (check_metric_paths does); unknown ones fail here.
  file.expect.push_back(Expectation{
      "channels.voice.handled", 1, Expectation::Kind::absolute, 1, {"tiny.yaml", 9, 3}, {}});
  file.expect.push_back(Expectation{"channels.voice.service_level.ci95.2",
                                    1,
                                    Expectation::Kind::absolute,
                                    1,
                                    {"tiny.yaml", 10, 3},
                                    {}});
  try {
    ccsim::io::evaluate(file, results_for(file));
    FAIL("no InputError");
  } catch (const ccsim::io::InputError& e) {
    REQUIRE(e.diagnostics().size() == 2);
    CHECK(e.diagnostics()[0].format().rfind("tiny.yaml:9:3: error: ", 0) == 0);
    CHECK_THAT(e.diagnostics()[0].message, Catch::Contains("has no key 'handled'"));
    CHECK_THAT(e.diagnostics()[1].message, Catch::Contains("not an index"));
  }
}

TEST_CASE("check: a file without an expect: block is bad input", "[io][check]") {
  const auto file = ccsim::io::parse_scenario(kScenario, "tiny.yaml");
  CHECK_THROWS_AS(ccsim::io::check_expectations(file), ccsim::io::InputError);
}

TEST_CASE("check: within_ci needs two replications; a NaN measurement fails", "[io][check]") {
  const auto file = file_with(R"(
  - {metric: channels.voice.service_level, value: 0.8, within_ci: true}
)");
  CHECK_THROWS_AS(ccsim::io::evaluate(file, results_for(file, 1)), ccsim::io::InputError);

  const auto abs =
      file_with("  - {metric: channels.voice.asa_seconds, value: 0, tolerance: 1e9}\n");
  auto r = results_for(abs);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  r.channels.at(0).asa_seconds = {nan, nan, nan};
  const auto c = ccsim::io::evaluate(abs, r);
  CHECK_FALSE(c.outcomes.at(0).passed);
}

TEST_CASE("check: table has one line per expectation and a summary; JSON the same facts",
          "[io][check]") {
  const auto file = file_with(R"(
  - {metric: channels.voice.service_level, value: 0.8, tolerance: 0.01}
  - {metric: channels.voice.offered, value: 900, rel_tolerance: 0.05}
)");
  const std::vector<ccsim::io::FileCheck> checks{ccsim::io::evaluate(file, results_for(file))};
  CHECK(ccsim::io::count(checks).passed == 1);
  CHECK(ccsim::io::count(checks).failed == 1);

  const std::string table = ccsim::io::format_check_table(checks);
  CHECK_THAT(table, Catch::Contains("tiny.yaml:8"));  // the raw string starts with a newline
  CHECK_THAT(table, Catch::Contains("channels.voice.offered"));
  CHECK_THAT(table, Catch::Contains("FAIL"));
  CHECK_THAT(table, Catch::Contains("2 expectation(s) in 1 file(s): 1 passed, 1 failed"));

  const auto j = nlohmann::json::parse(ccsim::io::check_to_json(checks));
  CHECK(j["passed"] == 1);
  CHECK(j["failed"] == 1);
  const auto& e = j["files"][0]["expectations"];
  REQUIRE(e.size() == 2);
  CHECK(e[0]["passed"] == true);
  CHECK(e[0]["ci95"][0] == 0.78);
  CHECK(e[1]["kind"] == "relative");
  CHECK(e[1]["measured"] == 1000);
  CHECK(e[1]["passed"] == false);
}

TEST_CASE("check: a metric resolves the same in a document with only the arrays it reaches",
          "[io][check]") {
  // A real (short) run, so that every interval array has rows.
  auto file = ccsim::io::parse_scenario(
      "name: two\nhorizon: {days: 1}\ninterval: 1h\nreplications: 2\n"
      "channels:\n  voice: {kind: call, volume: {per_hour: 100}, handle_time: {dist: "
      "exponential, mean: 60s}, patience: {dist: exponential, mean: 120s}}\n"
      "sites:\n  a: {agents: 2, skills: [voice]}\n  b: {agents: 1, skills: [voice]}\n",
      "two.yaml");
  ccsim::models::RunOptions options;
  options.threads = 1;
  const auto r = ccsim::models::simulate(file.scenario, options);
  REQUIRE_FALSE(r.intervals.empty());
  REQUIRE_FALSE(r.group_intervals.empty());
  REQUIRE_FALSE(r.site_intervals.empty());
  const std::string whole = ccsim::io::to_json(r);
  CHECK(ccsim::io::to_json(r, ccsim::io::IntervalArrays{}) == whole);

  // Without rows, the same document with the three arrays empty.
  auto expected = nlohmann::ordered_json::parse(whole);
  for (const char* key : {"intervals", "group_intervals", "site_intervals"})
    expected[key] = nlohmann::ordered_json::array();
  CHECK(nlohmann::ordered_json::parse(ccsim::io::to_json(r, {false, false, false})) == expected);

  for (const std::string path :
       {"channels.voice.offered", "channels.voice.service_level", "sites.b.occupancy.mean",
        "intervals.5.offered", "intervals.23.service_level", "group_intervals.3.agents_on_duty",
        "site_intervals.7.answered_here", "intervalz.0.offered", "intervals.99999.offered",
        "site_intervals.1.nothing", "channels.voice.offerd", "events"}) {
    CAPTURE(path);
    std::string why_whole, why_slim;
    const auto a = ccsim::io::find_metric(whole, path, why_whole);
    const auto b = ccsim::io::find_metric(r, path, why_slim);
    REQUIRE(a.has_value() == b.has_value());
    CHECK(why_slim == why_whole);  // the same "did you mean", the same list sizes
    if (!a) continue;
    CHECK((a->value == b->value || (std::isnan(a->value) && std::isnan(b->value))));
    CHECK(a->lower == b->lower);
    CHECK(a->upper == b->upper);
    CHECK(a->undefined == b->undefined);
  }
}
