// ccsim run / validate: exit codes, the JSON contract on stdout, --out files, determinism.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/process.hpp"

using ccsim::test::quoted_source;
using ccsim::test::run_ccsim;
using ccsim::test::source_path;

namespace {

const std::string kSingle = quoted_source("scenarios/examples/single-pool.yaml");

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

TEST_CASE("run --out writes the seven files and replaces earlier ones", "[cli][run]") {
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
  CHECK(files == 7);  // no temporaries left behind
  for (const char* f : {"summary.json", "channels.csv", "sites.csv", "intervals.csv", "report.html",
                        "group_intervals.csv", "site_intervals.csv"})
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

TEST_CASE("run --precision adds replications until the half-width is reached, or the cap",
          "[cli][run][precision]") {
  using Json = nlohmann::json;
  // ASA of the single pool: a few seconds, +/- about a second with 3 replications.
  const std::string base = "run " + kSingle + " -r 3 --format json ";
  const auto loose = run_ccsim(base + "--precision channels.voice.asa_seconds=1000");
  REQUIRE(loose.exit_code == 0);
  const Json l = Json::parse(loose.out);
  CHECK(l["replications"] == 3);  // the first batch is enough
  CHECK(l["precision"]["stop_reason"] == "precision_reached");

  const auto tight = run_ccsim(base +
                               "--precision channels.voice.asa_seconds=0.3 "
                               "--precision channels.voice.service_level=0.02");
  REQUIRE(tight.exit_code == 0);
  const Json t = Json::parse(tight.out);
  const Json& p = t["precision"];
  INFO(tight.out.substr(tight.out.find("\"precision\"")));
  CHECK(t["replications"].get<int>() > 3);
  CHECK(p["replications_run"] == t["replications"]);
  CHECK(p["max_replications"] == 30);  // 10 x the first batch
  const auto& asa = t["channels"]["voice"]["asa_seconds"]["ci95"];
  const double hw = (asa[1].get<double>() - asa[0].get<double>()) / 2;
  CHECK(p["metrics"]["channels.voice.asa_seconds"]["half_width"].get<double>() == hw);
  if (p["stop_reason"] == "precision_reached") {
    CHECK(hw <= 0.3);
    CHECK(p["metrics"]["channels.voice.service_level"]["reached"] == true);
  } else {
    CHECK(p["stop_reason"] == "cap");
    CHECK(t["replications"] == 30);
  }
  // Deterministic for any thread count: byte-identical with 1 and 2 threads.
  const std::string args = base + "--precision channels.voice.asa_seconds=0.3 ";
  CHECK(run_ccsim(args + "--threads 1").out == run_ccsim(args + "--threads 2").out);

  // The cap: an unreachable half-width stops at --max-replications, and says so.
  const auto capped =
      run_ccsim(base + "--precision channels.voice.asa_seconds=1e-9 --max-replications 5");
  REQUIRE(capped.exit_code == 0);
  const Json c = Json::parse(capped.out);
  CHECK(c["replications"] == 5);
  CHECK(c["precision"]["stop_reason"] == "cap");
  CHECK(c["precision"]["metrics"]["channels.voice.asa_seconds"]["reached"] == false);
  const auto table = run_ccsim("run " + kSingle +
                               " -r 3 --precision channels.voice.asa_seconds=1e-9 "
                               "--max-replications 4");
  CHECK_THAT(table.out, Catch::Contains("precision: 4 replications run, stopped: cap"));
  // Without --precision the JSON has no precision block (other runs keep their bytes).
  CHECK(Json::parse(run_ccsim("run " + kSingle + " -r 2 --format json").out).count("precision") ==
        0);
}

TEST_CASE("run --precision rejects unknown metrics, plain numbers and bad half-widths",
          "[cli][run][precision]") {
  const std::string base = "run " + kSingle + " -r 3 ";
  for (const auto& [args, needle] :
       {std::pair{"--precision channels.voice.asa_secs=2", "has no key 'asa_secs'"},
        std::pair{"--precision channels.voice.offered=2", "plain number"},
        std::pair{"--precision channels.voice.asa_seconds=0", "number > 0"},
        std::pair{"--precision channels.voice.asa_seconds=abc", "number > 0"},
        std::pair{"--precision asa", "METRIC=HALFWIDTH"},
        std::pair{"--max-replications 9", "needs --precision"}}) {
    const auto r = run_ccsim(base + args);
    INFO(args << "\nstderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains(needle));
  }
  CHECK(run_ccsim("run " + kSingle + " -r 1 --precision channels.voice.asa_seconds=1").exit_code ==
        2);  // a first batch of one has no interval
}

TEST_CASE("a scenario's precision: block drives the replications", "[cli][run][precision]") {
  const auto dir = temp_dir("precision");
  std::filesystem::create_directories(dir);
  std::string text = ccsim::test::read_file(source_path("scenarios/examples/single-pool.yaml"));
  text += "precision:\n  metrics: {channels.voice.asa_seconds: 1e-9}\n  max_replications: 4\n";
  const auto path = dir / "p.yaml";
  std::ofstream(path) << text;
  const auto r = run_ccsim("run '" + path.string() + "' -r 2 --format json");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["replications"] == 4);
  CHECK(j["precision"]["stop_reason"] == "cap");
  // A misspelt metric in the block is reported at its line before anything runs.
  std::ofstream(path) << ccsim::test::read_file(source_path("scenarios/examples/single-pool.yaml"))
                      << "precision:\n  metrics: {channels.voise.asa_seconds: 2}\n";
  const auto bad = run_ccsim("run '" + path.string() + "'");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("p.yaml:"));
  CHECK_THAT(bad.err, Catch::Contains("voise"));
  std::filesystem::remove_all(dir);
}
