// ccsim run / validate: exit codes, the JSON contract on stdout, --out files, determinism.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/process.hpp"

using ccsim::test::run_ccsim;
using ccsim::test::source_path;

namespace {

const std::string kSingle = "'" + source_path("scenarios/examples/single-pool.yaml") + "'";

std::filesystem::path temp_dir(const std::string& name) {
  const auto d = std::filesystem::temp_directory_path() /
                 ("ccsim-run-cli-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  return d;
}

}  // namespace

TEST_CASE("validate accepts a good scenario and summarises it", "[cli][validate]") {
  const auto r = run_ccsim("validate " + kSingle);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("scenario 'single-pool'"));
  CHECK_THAT(r.out, Catch::Contains("48.0k/day"));
  CHECK_THAT(r.out, Catch::Contains("70 agents on duty"));
}

TEST_CASE("validate rejects a bad scenario with file:line:col diagnostics", "[cli][validate]") {
  const auto dir = temp_dir("bad");
  std::filesystem::create_directories(dir);
  const auto file = dir / "bad.yaml";
  std::ofstream(file) << "name: x\nchannels:\n  voice: {kind: call, volume: {per_hour: -1}}\n";
  const auto r = run_ccsim("validate '" + file.string() + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains(file.string() + ":3:"));
  CHECK_THAT(r.err, Catch::Contains(": error: channels.voice.volume.per_hour: must be >= 0"));
  CHECK_THAT(r.err, Catch::Contains("missing required key 'sites'"));
  std::filesystem::remove_all(dir);
  CHECK(run_ccsim("validate /nonexistent/x.yaml").exit_code == 2);
}

TEST_CASE("run --format json prints one JSON document with the contract keys", "[cli][run]") {
  const auto r = run_ccsim("run " + kSingle + " --replications 2 --format json");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);  // throws if anything else is on stdout
  CHECK(j["scenario"] == "single-pool");
  CHECK(j["seed"] == 42);
  CHECK(j["replications"] == 2);
  CHECK(j["horizon_days"] == 1.0);
  const auto& v = j["channels"]["voice"];
  CHECK(v["offered"].get<double>() > 40000);
  for (const char* k :
       {"service_level", "asa_seconds", "mean_wait_seconds", "abandon_rate", "occupancy"})
    CHECK(v[k]["ci95"].size() == 2);
  CHECK(j["sites"]["main"]["headcount"] == 70);
  CHECK(j["intervals"].size() == 48);
}

TEST_CASE("run with set overrides a value and an unknown path is exit 2", "[cli][run]") {
  const auto a =
      run_ccsim("run " + kSingle + " --replications 1 --format json --set sites.main.agents=75");
  REQUIRE(a.exit_code == 0);
  CHECK(nlohmann::json::parse(a.out)["sites"]["main"]["headcount"] == 75);
  const auto b = run_ccsim("run " + kSingle + " --set sites.mian.agents=75");
  CHECK(b.exit_code == 2);
  CHECK_THAT(b.err, Catch::Contains("--set sites.mian.agents=75: error:"));
  CHECK(b.out.empty());
}

TEST_CASE("the thread count does not change the JSON", "[cli][run]") {
  const auto one = run_ccsim("run " + kSingle + " --replications 4 --threads 1 --format json");
  const auto two = run_ccsim("run " + kSingle + " --replications 4 --threads 2 --format json");
  REQUIRE(one.exit_code == 0);
  REQUIRE(two.exit_code == 0);
  CHECK(one.out == two.out);
}

TEST_CASE("run --out writes the six files and replaces earlier ones", "[cli][run]") {
  namespace fs = std::filesystem;
  const auto dir = temp_dir("out");
  const auto r =
      run_ccsim("run " + kSingle + " --replications 1 --format json --out '" + dir.string() + "'");
  REQUIRE(r.exit_code == 0);
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    (void)e;
    ++files;
  }
  CHECK(files == 6);  // no temporaries left behind
  for (const char* f : {"summary.json", "channels.csv", "sites.csv", "intervals.csv", "report.html",
                        "group_intervals.csv"})
    CHECK(fs::file_size(dir / f) > 0);
  CHECK(ccsim::test::read_file(dir / "summary.json") == r.out);
  // A failing run (bad input) leaves the earlier results untouched.
  const auto before = ccsim::test::read_file(dir / "summary.json");
  const auto bad =
      run_ccsim("run " + kSingle + " --set sites.main.agents=-1 --out '" + dir.string() + "'");
  CHECK(bad.exit_code == 2);
  CHECK(ccsim::test::read_file(dir / "summary.json") == before);
  fs::remove_all(dir);
}

TEST_CASE("an unwritable --out is exit 2 with a clear message", "[cli][run]") {
  const auto dir = temp_dir("file");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "plain") << "x";
  const auto r =
      run_ccsim("run " + kSingle + " --replications 1 --out '" + (dir / "plain").string() + "'");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("cannot write output"));
  CHECK(r.out.empty());
  std::filesystem::remove_all(dir);
}

TEST_CASE("run with bad options is exit 2", "[cli][run]") {
  CHECK(run_ccsim("run " + kSingle + " --format xml").exit_code == 2);
  CHECK(run_ccsim("run " + kSingle + " --replications 0").exit_code == 2);
  CHECK(run_ccsim("run").exit_code == 2);
}
