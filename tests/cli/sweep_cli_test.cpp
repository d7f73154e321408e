// ccsim sweep: the grid (values, ranges, factors), common random numbers (each row is exactly
// the run or staff of that point), --columns resolution, and bad --vary arguments.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/process.hpp"

using ccsim::test::quoted_source;
using ccsim::test::run_ccsim;
using ccsim::test::source_path;
using Json = nlohmann::json;

namespace {
const std::string kSingle = quoted_source("scenarios/examples/single-pool.yaml");
const std::string kTwoSites = quoted_source("scenarios/examples/two-sites.yaml");
}  // namespace

TEST_CASE("sweep rows are exactly the runs of their grid points (same seed)", "[cli][sweep]") {
  // Factor x1.1 of per_hour 2000 is 2200; the range gives 68, 71; the first --vary is slowest.
  const auto r = run_ccsim("sweep " + kSingle +
                           " --vary channels.voice.volume.per_hour=x0.9,2000,x1.1 --vary "
                           "sites.main.agents=68..72:3 -r 3 -j 2 --format json");
  REQUIRE(r.exit_code == 0);
  const Json sweep = Json::parse(r.out);
  const std::vector<std::pair<std::string, std::string>> expected_points = {
      {"1800", "68"}, {"1800", "71"}, {"2000", "68"},
      {"2000", "71"}, {"2200", "68"}, {"2200", "71"}};
  REQUIRE(sweep["points"].size() == expected_points.size());
  REQUIRE(sweep["seed"] == 42);
  REQUIRE(sweep["replications"] == 3);
  for (std::size_t i = 0; i < expected_points.size(); ++i) {
    const Json& p = sweep["points"][i];
    REQUIRE(p["set"]["channels.voice.volume.per_hour"] == expected_points[i].first);
    REQUIRE(p["set"]["sites.main.agents"] == expected_points[i].second);
    const auto one = run_ccsim(
        "run " + kSingle + " --set channels.voice.volume.per_hour=" + expected_points[i].first +
        " --set sites.main.agents=" + expected_points[i].second + " -r 3 -j 1 --format json");
    REQUIRE(one.exit_code == 0);
    const Json run = Json::parse(one.out);
    for (const char* m : {"service_level", "asa_seconds", "abandon_rate", "occupancy"})
      REQUIRE(p["values"][std::string("channels.voice.") + m] == run["channels"]["voice"][m]);
  }
  // Common random numbers: every point sees the same contacts, so the offered count does not
  // depend on the agents (with a seed per point it would differ by Poisson noise).
  const auto offered = run_ccsim("sweep " + kSingle +
                                 " --vary sites.main.agents=60,80 -r 2 --format json --columns "
                                 "channels.voice.offered,channels.voice.answered");
  REQUIRE(offered.exit_code == 0);
  const Json o = Json::parse(offered.out);
  REQUIRE(o["points"][0]["values"]["channels.voice.offered"] ==
          o["points"][1]["values"]["channels.voice.offered"]);
  REQUIRE(o["points"][0]["values"]["channels.voice.answered"] <
          o["points"][1]["values"]["channels.voice.answered"]);
}

TEST_CASE("sweep --command staff gives the heads of ccsim staff at each point", "[cli][sweep]") {
  const auto r = run_ccsim("sweep " + kTwoSites +
                           " --command staff --vary channels.voice.handle_time.mean=135,165 "
                           "--columns sites.moscow.headcount_required,total.headcount_required "
                           "-r 2 --format json");
  REQUIRE(r.exit_code == 0);
  const Json sweep = Json::parse(r.out);
  REQUIRE(sweep["points"].size() == 2);
  for (int i = 0; i < 2; ++i) {
    const std::string aht = i == 0 ? "135" : "165";
    const auto one =
        run_ccsim("staff " + kTwoSites + " --set channels.voice.handle_time.mean=" + aht +
                  " -r 2 --format json");
    REQUIRE(one.exit_code == 0);
    const Json staff = Json::parse(one.out);
    const Json& p = sweep["points"][static_cast<std::size_t>(i)];
    REQUIRE(p["values"]["sites.moscow.headcount_required"] ==
            staff["sites"]["moscow"]["headcount_required"]);
    REQUIRE(p["values"]["total.headcount_required"] == staff["total"]["headcount_required"]);
  }
  // Longer handling needs more heads.
  REQUIRE(sweep["points"][1]["values"]["total.headcount_required"].get<int>() >
          sweep["points"][0]["values"]["total.headcount_required"].get<int>());
}

TEST_CASE("bad --vary and --columns arguments exit 2 naming the argument", "[cli][sweep]") {
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases = {
      {"--vary foo.bar=1,2", "--vary foo.bar=1,2: error: unknown key path 'foo.bar'"},
      {"--vary sites.mian.agents=3", "did you mean 'main'?"},
      {"--vary sites.main.agents=-1", "--vary sites.main.agents=-1: error:"},
      {"--vary sites.main.agents=x1.1,abc", "--vary sites.main.agents=x1.1,abc: error:"},
      {"--vary sites.main.agents=1..5", "needs a step"},
      {"--vary sites.main.agents=5..1:1", "is empty"},
      {"--vary sites.main.agents=1..5:0", "STEP must be > 0"},
      {"--vary sites.main.agents=1,,2", "empty value"},
      {"--vary sites.main.agents", "expected KEY=V1,V2"},
      {"--vary channels.voice.kind=x2", "not a number or a duration"},
      {"--vary sites.main.agents=0..1e9:1", "more than"},
      {"--vary sites.main.agents=70 --columns channels.voice.service_levl",
       "--columns channels.voice.service_levl: error: not in the JSON of ccsim run"},
      {"--vary sites.main.agents=70 --command bogus", "--command"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    const auto r = run_ccsim("sweep " + kSingle + " " + c.args + " -r 2");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(c.message));
    CHECK(r.out.empty());
  }
}

TEST_CASE("sweep --out writes the table as CSV, JSON and an HTML report", "[cli][sweep]") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ccsim-sweep-out-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const auto r = run_ccsim("sweep " + kSingle + " --vary sites.main.agents=64,76 -r 2 --out '" +
                           dir.string() + "' --format csv");
  REQUIRE(r.exit_code == 0);
  REQUIRE(ccsim::test::read_file(dir / "sweep.csv") == r.out);
  const Json j = Json::parse(ccsim::test::read_file(dir / "summary.json"));
  REQUIRE(j["points"].size() == 2);
  const std::string html = ccsim::test::read_file(dir / "report.html");
  REQUIRE_THAT(html, Catch::Contains("sites.main.agents=64"));
  REQUIRE_THAT(html, Catch::Contains("sites.main.agents=76"));
  REQUIRE_THAT(html, Catch::Contains("channels.voice.service_level"));
  // The same page on stdout with --format html.
  const auto h =
      run_ccsim("sweep " + kSingle + " --vary sites.main.agents=64,76 -r 2 --format html");
  REQUIRE(h.exit_code == 0);
  REQUIRE(h.out == html);
  std::filesystem::remove_all(dir);
}

TEST_CASE("sweep --analytic-only rows are the analytic staff of each point", "[cli][sweep]") {
  const auto r = run_ccsim("sweep " + kSingle +
                           " --command staff --analytic-only --vary "
                           "channels.voice.volume.per_hour=1000,2000 --format json");
  REQUIRE(r.exit_code == 0);
  const Json sweep = Json::parse(r.out);
  REQUIRE(sweep["points"].size() == 2);
  std::vector<double> heads;
  for (const char* volume : {"1000", "2000"}) {
    const auto staff = run_ccsim("staff " + kSingle +
                                 " --analytic-only --format json --set "
                                 "channels.voice.volume.per_hour=" +
                                 volume);
    REQUIRE(staff.exit_code == 0);
    heads.push_back(Json::parse(staff.out)["total"]["headcount_required"].get<double>());
  }
  CHECK(sweep["points"][0]["values"]["total.headcount_required"].get<double>() == heads[0]);
  CHECK(sweep["points"][1]["values"]["total.headcount_required"].get<double>() == heads[1]);
  CHECK(heads[1] > heads[0]);
  // A run is a simulation: --analytic-only does not apply.
  const auto bad = run_ccsim("sweep " + kSingle +
                             " --analytic-only --vary channels.voice.volume.per_hour=1000,2000");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--analytic-only") != std::string::npos);
}
