// ccsim check --junit FILE.xml: the XML parses with a strict XML 1.0 parser (Python's expat,
// which rejects malformed markup, undeclared entities, control characters and bad UTF-8), and
// what it holds agrees with the JSON report of the same check: counts, names, the failure
// messages' measured and expected values, undefined-metric reasons. Bad paths exit 2 with
// nothing written; the bytes do not depend on --threads (apart from the wall-clock times).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "ccsim/io/check.hpp"
#include "cli/process.hpp"
#include "cli/temp_dir.hpp"

using ccsim::test::read_file;
using ccsim::test::run_ccsim;
using ccsim::test::shell_quote;
using ccsim::test::TempDir;
using Json = nlohmann::json;

namespace {

// Converts an XML file to JSON ({tag, attrib, text, children}) with Python's strict parser;
// nullopt (with a warning) when python3 is missing, and a test failure when the XML is not
// well-formed.
std::optional<Json> parse_xml(const TempDir& dir, const std::string& xml_path) {
  if (std::system("command -v python3 >/dev/null 2>&1") != 0) {
    WARN("python3 is not installed (scripts/install-deps installs it): XML not parsed");
    return std::nullopt;
  }
  const std::string script = dir.write("to_json.py", R"(import json, sys
import xml.etree.ElementTree as ET
def walk(e):
    return {"tag": e.tag, "attrib": dict(e.attrib), "text": e.text or "",
            "children": [walk(c) for c in e]}
try:
    root = ET.parse(sys.argv[1]).getroot()
except ET.ParseError as err:
    print("not well-formed:", err, file=sys.stderr)
    sys.exit(1)
json.dump(walk(root), sys.stdout)
)");
  const std::string out = dir.path("xml.json"), err = dir.path("xml.err");
  const int status = std::system(("python3 " + shell_quote(script) + " " + shell_quote(xml_path) +
                                  " >" + shell_quote(out) + " 2>" + shell_quote(err))
                                     .c_str());
  INFO(read_file(err));
  REQUIRE(status == 0);
  return Json::parse(read_file(out));
}

std::string g6(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

// The scenario name holds every character XML markup gives a meaning to.
const std::string kScenario = R"(name: "q<u&o\"t'e>s"
horizon: {days: 0.05}
replications: 2
channels:
  voice: {kind: call, volume: {per_hour: 100}, handle_time: {dist: exponential, mean: 60s}}
  chat: {kind: chat, volume: {per_hour: 0}, handle_time: {dist: exponential, mean: 60s}}
sites:
  main: {agents: 5, skills: [voice, chat]}
expect:
  - {metric: channels.voice.abandon_rate, value: 0, tolerance: 0}
  - {metric: channels.voice.offered, value: 1000, rel_tolerance: 0.05}
  - {metric: channels.chat.asa_seconds, value: 5, tolerance: 1}
)";

}  // namespace

TEST_CASE("check --junit writes one testcase per expectation that a strict parser reads back",
          "[cli][check][junit]") {
  const TempDir dir("junit-cli-parse");
  const std::string scenario = dir.write("s.yaml", kScenario);
  const std::string xml = dir.path("report.xml");
  const auto run = run_ccsim("check " + shell_quote(scenario) + " --junit " + shell_quote(xml) +
                             " --format json -j1");
  INFO(run.err);
  REQUIRE(run.exit_code == 1);  // unchanged by --junit: two expectations fail
  const Json report = Json::parse(run.out);
  const auto parsed = parse_xml(dir, xml);
  if (!parsed) return;
  const Json& root = *parsed;

  CHECK(root["tag"] == "testsuites");
  CHECK(root["attrib"]["tests"] == "3");
  CHECK(root["attrib"]["failures"] == std::to_string(report["failed"].get<int>()));
  CHECK(root["attrib"]["errors"] == "0");
  REQUIRE(root["children"].size() == 1);
  const Json& suite = root["children"][0];
  CHECK(suite["tag"] == "testsuite");
  CHECK(suite["attrib"]["name"] == "q<u&o\"t'e>s");  // escaped, and read back unchanged
  CHECK(suite["attrib"]["tests"] == "3");
  CHECK(suite["attrib"]["failures"] == "2");
  CHECK_FALSE(suite["attrib"].contains("time"));
  CHECK(suite["attrib"]["file"] == scenario);

  std::vector<const Json*> cases;
  for (const Json& c : suite["children"])
    if (c["tag"] == "testcase") cases.push_back(&c);
  const Json& expectations = report["files"][0]["expectations"];
  REQUIRE(cases.size() == expectations.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Json& tc = *cases[i];
    const Json& e = expectations[i];
    INFO("expectation " << i);
    CHECK(tc["attrib"]["name"] == e["metric"]);
    CHECK(tc["attrib"]["classname"] == "q<u&o\"t'e>s");
    CHECK(tc["attrib"]["line"] == std::to_string(e["line"].get<int>()));
    const bool failed = !tc["children"].empty();
    CHECK(failed == !e["passed"].get<bool>());
    if (!failed) continue;
    REQUIRE(tc["children"].size() == 1);
    const Json& f = tc["children"][0];
    CHECK(f["tag"] == "failure");
    const std::string message = f["attrib"]["message"];
    CHECK_THAT(message, Catch::StartsWith(e["metric"].get<std::string>()));
    CHECK_THAT(f["text"].get<std::string>(), Catch::Contains(message));
    if (e.contains("undefined")) {
      CHECK(f["attrib"]["type"] == "undefined");
      CHECK_THAT(message, Catch::Contains("is undefined (" + e["undefined"].get<std::string>() +
                                          "); expected 5 ±1"));
    } else {
      CHECK(f["attrib"]["type"] == "out_of_tolerance");
      // Measured value (offered is a plain number: no interval) as the JSON report has it,
      // then expected and tolerance: 5% of 1000.
      REQUIRE(!e.contains("ci95"));
      CHECK_THAT(message, Catch::Contains("= " + g6(e["measured"].get<double>()) + "; "));
      CHECK_THAT(message, Catch::EndsWith("expected 1000 ±5% (±50)"));
    }
  }
}

TEST_CASE("check --junit: a passing set has no failure and exits 0", "[cli][check][junit]") {
  const TempDir dir("junit-cli-pass");
  std::string text = kScenario.substr(0, kScenario.find("expect:"));
  text += "expect:\n  - {metric: sites.main.headcount, value: 5, tolerance: 0}\n";
  const std::string scenario = dir.write("s.yaml", text);
  const std::string xml = dir.path("ok.xml");
  const auto run = run_ccsim("check " + shell_quote(scenario) + " --junit " + shell_quote(xml));
  REQUIRE(run.exit_code == 0);
  const auto parsed = parse_xml(dir, xml);
  if (!parsed) return;
  CHECK((*parsed)["attrib"]["tests"] == "1");
  CHECK((*parsed)["attrib"]["failures"] == "0");
  CHECK((*parsed)["children"][0]["children"].back()["children"].empty());
}

TEST_CASE("check --junit: a path that cannot be written exits 2 before running, writing nothing",
          "[cli][check][junit]") {
  const TempDir dir("junit-cli-bad");
  const std::string scenario = dir.write("s.yaml", kScenario);
  const std::size_t before = dir.entries();
  for (const std::string& bad : {scenario + "/under-a-file.xml", dir.path(""), std::string()}) {
    INFO("--junit '" << bad << "'");
    const auto run = run_ccsim("check " + shell_quote(scenario) + " --junit " + shell_quote(bad));
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());  // nothing was simulated
    CHECK(dir.entries() == before);
  }
}

TEST_CASE("check --junit is byte-identical for any --threads, with no wall-clock times",
          "[cli][check][junit]") {
  const TempDir dir("junit-cli-threads");
  const std::string scenario = dir.write("s.yaml", kScenario);
  const auto junit = [&](const std::string& name, const std::string& threads) {
    run_ccsim("check " + shell_quote(scenario) + " --junit " + shell_quote(dir.path(name)) + " -j" +
              threads);
    const std::string text = read_file(dir.path(name));
    REQUIRE(!text.empty());
    return text;
  };
  const std::string one = junit("j1.xml", "1");
  CHECK(one.find("time=") == std::string::npos);
  CHECK(one == junit("j2.xml", "2"));
}

TEST_CASE("JUnit XML holds what XML 1.0 cannot: control characters and bad UTF-8 become U+FFFD",
          "[cli][check][junit]") {
  const TempDir dir("junit-cli-escape");
  ccsim::io::FileCheck f;
  f.file =
      "dir\tname\r\n/\x01\x1f"
      "bad\xff\xc0\xafutf8\xef\xbf\xbe.yaml";
  f.scenario = "ok \xd0\xb8 \xe2\x82\xac <&>\"'";  // Cyrillic, euro sign: kept as they are
  ccsim::io::CheckOutcome o;
  o.expectation.metric = "channels.voice.service_level";
  o.expectation.value = 0.8;
  o.expectation.tolerance = 0.01;
  o.expectation.where.line = 3;
  o.measured = 0.5;
  f.outcomes.push_back(o);
  const std::string xml = dir.write("x.xml", ccsim::io::check_to_junit({f}));
  const auto parsed = parse_xml(dir, xml);
  if (!parsed) return;
  const Json& suite = (*parsed)["children"][0];
  CHECK(suite["attrib"]["name"] == f.scenario);
  // Tab, CR and LF survive in attributes; each byte XML cannot hold is one U+FFFD.
  const std::string r = "\xef\xbf\xbd";
  CHECK(suite["attrib"]["file"] ==
        "dir\tname\r\n/" + r + r + "bad" + r + r + r + "utf8" + r + ".yaml");
  const Json& failure = suite["children"].back()["children"][0];
  CHECK(failure["attrib"]["message"] == "channels.voice.service_level = 0.5; expected 0.8 ±0.01");
  CHECK_THAT(failure["text"].get<std::string>(), Catch::Contains("\r\n/" + r + r + "bad"));
}
