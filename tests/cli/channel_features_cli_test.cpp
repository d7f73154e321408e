// After-call work, redials and callbacks through the command line: the keys load, show in the
// table and the JSON, and malformed values exit 2 with file:line:col.

#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/process.hpp"

using ccsim::test::run_ccsim;
using Json = nlohmann::json;

namespace {

/// A one-day, one-site scenario whose voice channel gets the extra lines `voice_extra`
/// (indented by 4 spaces), written to a temporary file that lives as long as the object.
class Scenario {
 public:
  explicit Scenario(const std::string& voice_extra, const std::string& name = "s") {
    path_ = std::filesystem::temp_directory_path() /
            ("ccsim-channel-cli-" + name + "-" + std::to_string(::getpid()) + ".yaml");
    std::ofstream(path_) << "name: features\n"
                            "horizon: {days: 0.25, warmup: 30m}\n"
                            "seed: 5\n"
                            "replications: 2\n"
                            "channels:\n"
                            "  voice:\n"
                            "    kind: call\n"
                            "    volume: {per_hour: 600}\n"
                            "    handle_time: {dist: exponential, mean: 150s}\n"
                            "    patience: {dist: exponential, mean: 90s}\n"
                         << voice_extra
                         << "  chat:\n"
                            "    kind: chat\n"
                            "    volume: {per_hour: 60}\n"
                            "    handle_time: {dist: exponential, mean: 8m}\n"
                            "    concurrency: 2\n"
                            "sites:\n"
                            "  main:\n"
                            "    groups:\n"
                            "      phone: {agents: 24, skills: [voice]}\n"
                            "      web: {agents: 6, skills: [chat]}\n";
  }
  ~Scenario() { std::filesystem::remove(path_); }
  std::string arg() const { return ccsim::test::shell_quote(path_.string()); }
  std::string file() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

/// Runs `ccsim run` on the scenario with `voice_extra`, expecting exit 2 with an error at
/// line `line` of the file that mentions `what`.
void bad_input(const std::string& voice_extra, int line, const std::string& what) {
  const Scenario s(voice_extra, "bad");
  const auto r = run_ccsim("run " + s.arg() + " -r 1");
  INFO(voice_extra << "\nstderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains(s.file() + ":" + std::to_string(line) + ":"));
  CHECK_THAT(r.err, Catch::Contains(": error: "));
  CHECK_THAT(r.err, Catch::Contains(what));
}

}  // namespace

TEST_CASE("after_call_work loads, shows in the table and the JSON", "[cli][acw]") {
  const Scenario s("    after_call_work: {dist: deterministic, value: 30s}\n");
  const auto table = run_ccsim("run " + s.arg());
  INFO(table.err);
  REQUIRE(table.exit_code == 0);
  CHECK_THAT(table.out, Catch::Contains("after-call work 30.0 s"));
  const auto json = run_ccsim("run " + s.arg() + " --format json");
  REQUIRE(json.exit_code == 0);
  const Json j = Json::parse(json.out);
  CHECK(j["channels"]["voice"]["after_call_work_seconds"]["mean"] == 30.0);
  CHECK_FALSE(j["channels"]["chat"].contains("after_call_work_seconds"));
  const auto valid = run_ccsim("validate " + s.arg());
  CHECK_THAT(valid.out, Catch::Contains("after-call work"));
}

TEST_CASE("malformed after_call_work exits 2 with file:line:col", "[cli][acw]") {
  bad_input("    after_call_work: 30s\n", 11, "after_call_work: expected a distribution");
  bad_input("    after_call_work: {dist: exponential, mean: -5s}\n", 11, "after_call_work.mean");
  bad_input("    after_call_work: {dist: normal, mean: 5s}\n", 11, "after_call_work.dist");
  bad_input("    after_cal_work: {dist: exponential, mean: 5s}\n", 11, "did you mean");
}

TEST_CASE("redial loads, shows in the table and the JSON", "[cli][redial]") {
  const Scenario s(
      "    redial:\n"
      "      probability: 0.5\n"
      "      delay: {dist: exponential, mean: 5m}\n"
      "      to: [{channel: voice, share: 0.7}, {channel: chat, share: 0.3}]\n");
  const auto table = run_ccsim("run " + s.arg());
  INFO(table.err);
  REQUIRE(table.exit_code == 0);
  CHECK_THAT(table.out, Catch::Contains("unique customers"));
  const auto json = run_ccsim("run " + s.arg() + " --format json");
  REQUIRE(json.exit_code == 0);
  const Json j = Json::parse(json.out);
  for (const char* ch : {"voice", "chat"}) {
    const Json& c = j["channels"][ch];
    INFO(ch);
    REQUIRE(c.contains("retrial_attempts"));
    CHECK(c["offered"].get<double>() ==
          Approx(c["fresh_attempts"].get<double>() + c["retrial_attempts"].get<double>()));
    CHECK(c["retrial_attempts"].get<double>() > 0);
    CHECK(c.contains("unique_customers"));
  }
  CHECK(j["channels"]["voice"]["abandoned_then_redialled"].get<double>() > 0);
  CHECK_THAT(run_ccsim("validate " + s.arg()).out, Catch::Contains("of abandons redial"));
}

TEST_CASE("malformed redial exits 2 with file:line:col", "[cli][redial]") {
  const std::string head = "    redial:\n      delay: {dist: exponential, mean: 5m}\n";
  bad_input(head + "      probability: 1.5\n", 13, "redial.probability: must be in [0, 1]");
  bad_input(head + "      probability: 0.5\n      to: [{channel: chta, share: 1}]\n", 14,
            "unknown channel 'chta'");
  bad_input(head +
                "      probability: 0.5\n"
                "      to: [{channel: voice, share: 0.5}, {channel: chat, share: 0.3}]\n",
            14, "shares of the targets must sum to 1");
  bad_input("    redial: {probability: 0.5}\n", 11, "missing required key 'delay'");
  bad_input(head + "      probability: 0.5\n      max_attempts: 0\n", 14, "max_attempts");
}

TEST_CASE("callback loads, shows in the table and the JSON", "[cli][callback]") {
  const Scenario s(
      "    callback:\n"
      "      offer_when: {expected_wait_seconds: 30}\n"
      "      accept_probability: 0.7\n"
      "      priority: when_idle\n"
      "      failure_probability: 0.1\n"
      "      failed_attempt: 20s\n");
  const auto table = run_ccsim("run " + s.arg());
  INFO(table.err);
  REQUIRE(table.exit_code == 0);
  CHECK_THAT(table.out, Catch::Contains("time to callback"));
  const auto json = run_ccsim("run " + s.arg() + " --format json");
  REQUIRE(json.exit_code == 0);
  const Json j = Json::parse(json.out);
  const Json& v = j["channels"]["voice"];
  CHECK(v["callbacks_offered"].get<double>() > 0);
  CHECK(v["callbacks_accepted"].get<double>() ==
        Approx(v["callbacks_reached"].get<double>() + v["callbacks_failed"].get<double>()));
  CHECK(v["callback_wait_seconds"]["mean"].get<double>() > 0);
  CHECK_FALSE(j["channels"]["chat"].contains("callbacks_offered"));
  CHECK_THAT(run_ccsim("validate " + s.arg()).out, Catch::Contains("callback offered at"));
}

TEST_CASE("an infinite callback threshold gives byte-identical JSON", "[cli][callback]") {
  const Scenario plain("", "plain");
  const auto a = run_ccsim("run " + plain.arg() + " --format json");
  REQUIRE(a.exit_code == 0);
  for (const char* when : {"expected_wait_seconds: .inf", "queue_length: .inf"}) {
    const Scenario never(
        "    callback: {offer_when: {" + std::string(when) + "}, accept_probability: 0.9}\n",
        "never");
    const auto b = run_ccsim("run " + never.arg() + " --format json");
    INFO(when << "\n" << b.err);
    REQUIRE(b.exit_code == 0);
    CHECK(a.out == b.out);
  }
}

TEST_CASE("malformed callback exits 2 with file:line:col", "[cli][callback]") {
  bad_input("    callback: {offer_when: {queue_length: 5}, accept_probability: 1.5}\n", 11,
            "callback.accept_probability: must be in [0, 1]");
  bad_input("    callback: {offer_when: {queue_length: 2.5}}\n", 11, "whole number");
  bad_input("    callback: {offer_when: {queue_length: 5, expected_wait_seconds: 10}}\n", 11,
            "exactly one of");
  bad_input("    callback: {offer_when: {queue_length: 5}, priority: first}\n", 11,
            "callback.priority: unknown value 'first'");
  bad_input("    callback: {accept_probability: 0.5}\n", 11, "missing required key 'offer_when'");
  bad_input("    callback: {offer_when: {expected_wait_seconds: -3}}\n", 11, "is negative");
}
