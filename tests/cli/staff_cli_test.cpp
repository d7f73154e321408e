// ccsim staff: the JSON contract, determinism across threads, --out files, exit codes.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "cli/net_check.hpp"
#include "cli/process.hpp"

using ccsim::test::quoted_source;
using ccsim::test::run_ccsim;
using ccsim::test::shell_quote;
using ccsim::test::source_path;

namespace {

const std::string kSingle = quoted_source("scenarios/examples/single-pool.yaml");
// A quarter of a day keeps the simulated search well under a second.
std::string quick_args() {
  std::string args = kSingle;
  args += " --set horizon.days=0.25 --replications 2";
  return args;
}
const std::string kQuick = quick_args();

std::filesystem::path temp_dir(const std::string& name) {
  const auto d = std::filesystem::temp_directory_path() /
                 ("ccsim-staff-cli-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  return d;
}

}  // namespace

TEST_CASE("staff --format json follows the contract", "[cli][staff]") {
  const auto r = run_ccsim("staff " + kQuick + " --format json");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  const auto& site = j.at("sites").at("main");
  for (const char* key : {"headcount_available", "headcount_required", "surplus"}) {
    CHECK(site.at(key).is_number_integer());
    CHECK(j.at("total").at(key).is_number_integer());
  }
  CHECK(site.at("surplus").get<int>() ==
        site.at("headcount_available").get<int>() - site.at("headcount_required").get<int>());
  CHECK(j.at("total").at("headcount_available") == site.at("headcount_available"));
  REQUIRE(j.at("intervals").size() == 12);
  for (const auto& row : j.at("intervals")) {
    CHECK(row.at("start").is_string());
    CHECK(row.at("site") == "main");
    CHECK(row.at("channel") == "voice");
    CHECK(row.at("group").is_string());
    CHECK(row.at("agents_required_analytic").get<int>() > 0);
    CHECK(row.at("agents_required_simulated").get<int>() > 0);
  }
  CHECK(j.at("intervals")[0].at("start") == "d0 00:00");
  CHECK(j.at("method") == "simulated");
}

TEST_CASE("staff --analytic-only has null simulated requirements", "[cli][staff]") {
  const auto r = run_ccsim("staff " + kSingle + " --analytic-only --format json");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("method") == "analytic");
  REQUIRE(j.at("intervals").size() == 48);
  CHECK(j.at("intervals")[0].at("agents_required_simulated").is_null());
}

TEST_CASE("staff gives byte-identical JSON for a seed, whatever the threads", "[cli][staff]") {
  const auto a = run_ccsim("staff " + kQuick + " --seed 5 --threads 1 --format json");
  const auto b = run_ccsim("staff " + kQuick + " --seed 5 --threads 2 --format json");
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  CHECK(a.out == b.out);
}

TEST_CASE("staff prints the site table and the sites CSV", "[cli][staff]") {
  const auto t = run_ccsim("staff " + kQuick);
  REQUIRE(t.exit_code == 0);
  CHECK_THAT(t.out, Catch::Contains("available"));
  CHECK_THAT(t.out, Catch::Contains("main"));
  const auto c = run_ccsim("staff " + kQuick + " --format csv");
  REQUIRE(c.exit_code == 0);
  CHECK_THAT(c.out, Catch::StartsWith("site,headcount_available,headcount_required,surplus"));
  CHECK_THAT(c.out, Catch::Contains("\ntotal,"));
}

TEST_CASE("staff --out writes the summary and the CSVs", "[cli][staff]") {
  const auto dir = temp_dir("out");
  const auto r =
      run_ccsim("staff " + kQuick + " --out " + shell_quote(dir.string()) + " --format json");
  REQUIRE(r.exit_code == 0);
  for (const char* f : {"summary.json", "sites.csv", "channels.csv", "intervals.csv",
                        "net_staffing.csv", "report.html"})
    CHECK(std::filesystem::exists(dir / f));
  CHECK(ccsim::test::read_file(dir / "summary.json") == r.out);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
  CHECK(files == 6);  // no temporary left behind
  std::filesystem::remove_all(dir);
}

TEST_CASE("staff exits 2 on bad input", "[cli][staff]") {
  CHECK(run_ccsim("staff /nonexistent/scenario.yaml").exit_code == 2);
  CHECK(run_ccsim("staff " + kSingle + " --format xml").exit_code == 2);
  CHECK(run_ccsim("staff " + kSingle + " --replications 0").exit_code == 2);
  CHECK(
      run_ccsim("staff " + kSingle + " --set channels.voice.targets.service_level=1.5").exit_code ==
      2);
  CHECK(run_ccsim("staff").exit_code == 2);
  const auto r = run_ccsim("staff " + kSingle + " --set channels.voice.targets.asa=0");
  CHECK(r.exit_code == 2);
  CHECK_FALSE(r.err.empty());
}

TEST_CASE("staff without any target is a usage error that says how to add one",
          "[cli][staff][truth]") {
  // single-pool.yaml without its targets line.
  std::ifstream in(source_path("scenarios/examples/single-pool.yaml"));
  std::string yaml, line;
  while (std::getline(in, line))
    if (line.find("targets:") == std::string::npos) yaml += line + "\n";
  const auto dir = temp_dir("no-targets");
  std::filesystem::create_directories(dir);
  const auto file = dir / "no-targets.yaml";
  std::ofstream(file) << yaml;
  const auto r = run_ccsim("staff " + shell_quote(file.string()));
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("error: no channel has a target") != std::string::npos);
  CHECK(r.err.find("--set channels.<name>.targets.service_level=0.8") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("staff reports the per-interval truth and targets_met", "[cli][staff][truth]") {
  const auto r = run_ccsim("staff " + kQuick + " --must-hold interval --format json");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("must_hold") == "interval");
  CHECK(j.at("targets_met").is_boolean());
  const auto& voice = j.at("channels").at("voice");
  CHECK(voice.at("intervals_with_demand") == 12);
  const int met = voice.at("intervals_met").get<int>();
  CHECK(voice.at("share_intervals_met").get<double>() == Approx(met / 12.0));
  CHECK(voice.at("targets_met").get<bool>() == (met == 12));
  CHECK(j.at("targets_met").get<bool>() == voice.at("targets_met").get<bool>());
  CHECK(voice.at("worst_intervals").size() == 5);
  // A miss is said on stderr too.
  CHECK((r.err.find("misses its targets") != std::string::npos) ==
        !j.at("targets_met").get<bool>());
  CHECK(run_ccsim("staff " + kQuick + " --must-hold weekly").exit_code == 2);
}

TEST_CASE("staff marks a single replication's intervals n/a, never +-0", "[cli][staff][truth]") {
  const auto r = run_ccsim("staff " + kSingle +
                           " --set horizon.days=0.25 --replications 1 --max-replications 1 "
                           "--format json");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("channels").at("voice").at("service_level").at("ci95").is_null());
  const auto t = run_ccsim("staff " + kSingle +
                           " --set horizon.days=0.25 --replications 1 --max-replications 1");
  CHECK(t.out.find("n/a") != std::string::npos);
}

TEST_CASE("staff net staffing: scheduled - required per interval, site and group",
          "[cli][staff][net]") {
  const std::string args = shell_quote(source_path("scenarios/examples/two-sites.yaml")) +
                           " --set horizon.days=0.25 --replications 2 --seed 3";
  const auto r = run_ccsim("staff " + args + " --format json");
  CAPTURE(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  const auto& net = j.at("net_staffing");
  // One net row per requirement row, with the requirement the plan reports there.
  REQUIRE(net.at("intervals").size() == j.at("intervals").size());
  std::map<std::string, int> required;
  for (const auto& row : j.at("intervals"))
    required[std::to_string(row.at("index").get<int>()) + "/" + row.at("site").get<std::string>() +
             "/" + row.at("group").get<std::string>()] = row.at("agents_required_simulated");
  bool local_differs = false;
  for (const auto& row : net.at("intervals")) {
    const std::string key = std::to_string(row.at("index").get<int>()) + "/" +
                            row.at("site").get<std::string>() + "/" +
                            row.at("group").get<std::string>();
    REQUIRE(required.count(key) == 1);
    CHECK(row.at("required") == required[key]);
    local_differs = local_differs || row.at("local_start") != row.at("start");
  }
  CHECK(local_differs);  // the sites are at UTC+3 and +7
  CHECK(net.at("sites").size() == 2);
  ccsim::test::check_net_block(net);
  // The CSV (stdout and --out) has the same rows; identical bytes for 1 and 2 threads.
  const auto dir = temp_dir("net");
  const auto a =
      run_ccsim("staff " + args + " --threads 1 --format net --out " + shell_quote(dir.string()));
  const auto b = run_ccsim("staff " + args + " --threads 2 --format net");
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  CHECK(a.out == b.out);
  CHECK(ccsim::test::read_file(dir / "net_staffing.csv") == a.out);
  CHECK_THAT(a.out, Catch::StartsWith("index,start_seconds,start,weekday,date,site,group,"
                                      "local_start,local_weekday,local_date,required,scheduled,"
                                      "net,flag\n"));
  CHECK(static_cast<std::size_t>(std::count(a.out.begin(), a.out.end(), '\n')) ==
        net.at("intervals").size() + 1);
  const auto t = run_ccsim("staff " + args);
  CHECK_THAT(t.out, Catch::Contains("net staffing"));
  std::filesystem::remove_all(dir);
}
