// first_reply on chat channels through the command line: it loads, shows as
// first_response_seconds in the JSON, CSV and table, `ccsim check` and `ccsim calibrate` take
// the metric, and misplaced or malformed values exit 2 with file:line:col.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/process.hpp"
#include "cli/temp_dir.hpp"

using ccsim::test::run_ccsim;
using ccsim::test::TempDir;
using Json = nlohmann::json;

namespace {

// Line numbers matter: the voice channel's extra lines start at line 10, the chat's
// first_reply is line 15 + the voice lines.
std::string scenario(const std::string& voice_extra = "",
                     const std::string& reply = "{dist: deterministic, value: 15s}") {
  return "name: reply\n"
         "horizon: {days: 0.25, warmup: 30m}\n"
         "seed: 5\n"
         "replications: 3\n"
         "channels:\n"
         "  voice:\n"
         "    kind: call\n"
         "    volume: {per_hour: 300}\n"
         "    handle_time: {dist: exponential, mean: 150s}\n" +
         voice_extra +
         "  webchat:\n"
         "    kind: chat\n"
         "    volume: {per_hour: 120}\n"
         "    handle_time: {dist: deterministic, value: 10m}\n"
         "    concurrency: 2\n"
         "    first_reply: " +
         reply +
         "\n"
         "sites:\n"
         "  main:\n"
         "    groups:\n"
         "      phone: {agents: 14, skills: [voice]}\n"
         "      web: {agents: 40, skills: [webchat]}\n";
}

void bad_input(const std::string& text, int line, const std::string& what) {
  const TempDir dir("reply-cli-bad");
  const std::string f = dir.write("bad.yaml", text);
  const auto r = run_ccsim("run " + ccsim::test::shell_quote(f) + " -r 1");
  INFO(text << "\nstderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains(f + ":" + std::to_string(line) + ":"));
  CHECK_THAT(r.err, Catch::Contains(": error: "));
  CHECK_THAT(r.err, Catch::Contains(what));
}

}  // namespace

TEST_CASE("first_reply shows as first_response_seconds in the JSON, CSV and table",
          "[cli][reply]") {
  const TempDir dir("reply-cli-run");
  const std::string f = dir.write_arg("s.yaml", scenario());
  const auto json = run_ccsim("run " + f + " --format json -j 1");
  INFO(json.err);
  REQUIRE(json.exit_code == 0);
  const Json j = Json::parse(json.out);
  const Json& chat = j["channels"]["webchat"];
  const Json& voice = j["channels"]["voice"];
  // The chats never wait (20 of 80 slots busy on average): first response = the 15 s reply.
  CHECK(chat["asa_seconds"]["mean"].get<double>() == 0.0);
  CHECK(chat["first_response_seconds"]["mean"].get<double>() == Approx(15.0).epsilon(1e-9));
  REQUIRE(chat["first_response_seconds"]["ci95"].size() == 2);
  // Calls wait (12.5 Erlangs on 14 agents) and have no reply time: the same as the ASA.
  CHECK(voice["asa_seconds"]["mean"].get<double>() > 1.0);
  CHECK(voice["first_response_seconds"] == voice["asa_seconds"]);

  const auto csv = run_ccsim("run " + f + " --format csv -j 1");
  REQUIRE(csv.exit_code == 0);
  CHECK_THAT(csv.out, Catch::Contains(",first_response_seconds,first_response_seconds_ci95_lo,"
                                      "first_response_seconds_ci95_hi\n"));
  const auto table = run_ccsim("run " + f + " -j 1");
  REQUIRE(table.exit_code == 0);
  CHECK_THAT(table.out, Catch::Contains("first response 15.0 s"));
  CHECK_THAT(table.out, !Catch::Contains("voice          first response"));
}

TEST_CASE("first_reply on a call channel, or with a negative mean, exits 2", "[cli][reply]") {
  bad_input(scenario("    first_reply: {dist: exponential, mean: 20s}\n"), 10,
            "only chat and messenger channels have first_reply");
  bad_input(scenario("", "{dist: exponential, mean: -5s}"), 15, "first_reply");
  bad_input(scenario("", "{dist: gamma, mean: 20s}"), 15, "first_reply");
}

TEST_CASE("check and calibrate take channels.<chat>.first_response_seconds", "[cli][reply]") {
  const TempDir dir("reply-cli-check");
  const auto pass = dir.write_arg(
      "pass.yaml", scenario() +
                       "expect:\n"
                       "  - {metric: channels.webchat.first_response_seconds, value: 15, "
                       "tolerance: 0.001}\n");
  const auto miss = dir.write_arg(
      "miss.yaml", scenario() +
                       "expect:\n"
                       "  - {metric: channels.webchat.first_response_seconds, value: 5, "
                       "tolerance: 1}\n");
  const auto ok = run_ccsim("check " + pass + " -j 1");
  INFO(ok.out << ok.err);
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("1 passed, 0 failed"));
  const auto fail = run_ccsim("check " + miss + " -j 1");
  CHECK(fail.exit_code == 1);
  CHECK_THAT(fail.out, Catch::Contains("0 passed, 1 failed"));

  // The reply time that gives a 20 s first response is 20 s (the chats do not wait).
  const auto fit = run_ccsim("calibrate " + dir.write_arg("fit.yaml", scenario()) +
                             " --param channels.webchat.first_reply.value"
                             " --metric channels.webchat.first_response_seconds"
                             " --target 20 --range 1,60 -r 2 -j 1 --format json");
  INFO(fit.err);
  REQUIRE(fit.exit_code == 0);
  const Json c = Json::parse(fit.out);
  CHECK(std::fabs(c["value"].get<double>() - 20.0) < 0.05);
}
