// Edge cases through the command line: zero volume, zero agents, horizons shorter than one
// interval, intervals that do not divide the day, Erlang at N = 1 and N = 20,000, Erlang A
// with unbounded patience, and (slow) a reference month at ten times its volume.

#include <sys/resource.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/process.hpp"

using ccsim::test::quoted_source;
using ccsim::test::run_ccsim;
using ccsim::test::source_path;
using Json = nlohmann::json;

namespace {

const std::string kSingle = quoted_source("scenarios/examples/single-pool.yaml");

// Runs `args`, requires exit 0 and returns stdout parsed as JSON.
Json run_json(const std::string& args) {
  const auto r = run_ccsim(args);
  INFO(args << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  return Json::parse(r.out);
}

}  // namespace

TEST_CASE("run with zero volume reports its ratios as undefined (null with the reason), not NaN",
          "[cli][edge]") {
  const Json j =
      run_json("run " + kSingle + " -r 2 --format json --set channels.voice.volume.per_hour=0");
  const Json& v = j["channels"]["voice"];
  CHECK(v["offered"] == 0);
  CHECK(v["answered"] == 0);
  // Nothing offered: the ratios over contacts are undefined and say why (issue 22 class 8);
  // occupancy (idle agents on duty) is a real 0.
  for (const char* k : {"service_level", "asa_seconds", "mean_wait_seconds", "abandon_rate"}) {
    INFO(k);
    CHECK(v[k]["mean"].is_null());
    CHECK(v[k]["undefined"].is_string());
  }
  CHECK(v["service_level"]["undefined"] == "no contacts offered");
  CHECK(v["occupancy"]["mean"] == 0);
  CHECK(j["intervals"].size() == 48);
}

TEST_CASE("run with zero agents: callers abandon, the run ends and reports", "[cli][edge]") {
  const Json j = run_json("run " + kSingle + " -r 2 --format json --set sites.main.agents=0");
  const Json& v = j["channels"]["voice"];
  CHECK(v["offered"].get<double>() > 40000);
  CHECK(v["answered"] == 0);
  CHECK(v["abandoned"] == v["offered"]);
  CHECK(v["abandon_rate"]["mean"] == 1.0);
  CHECK(v["service_level"]["mean"] == 0.0);
}

TEST_CASE("run with a horizon shorter than one interval reports one interval", "[cli][edge]") {
  // 0.005 days = 7.2 minutes, intervals of 30 minutes.
  const Json j = run_json("run " + kSingle + " -r 2 --format json --set horizon.days=0.005");
  CHECK(j["horizon_days"] == 0.005);
  CHECK(j["intervals"].size() == 1);
  const double offered = j["channels"]["voice"]["offered"].get<double>();
  CHECK(offered > 150);  // 2000/h for 7.2 min = 240 expected
  CHECK(offered < 330);
}

TEST_CASE("an interval that does not divide the day is exit 2 with a clear message",
          "[cli][edge]") {
  for (const char* interval : {"7m", "25m", "1000s", "5h"}) {
    const auto r = run_ccsim("run " + kSingle + " -r 1 --set interval=" + std::string(interval));
    INFO(interval << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("does not divide a day"));
  }
}

TEST_CASE("erlang at N = 1 prints the M/M/1 numbers", "[cli][edge][erlang]") {
  // rho = 10/h x 180 s = 0.5; M/M/1: P(wait) = rho, ASA = rho / (mu - lambda) = 180 s.
  const Json j = run_json("erlang c --calls-per-hour 10 --aht 180 --agents 1 --format json");
  CHECK(j["agents"] == 1);
  CHECK(j["p_wait"].get<double>() == Approx(0.5).epsilon(1e-12));
  CHECK(j["asa_seconds"].get<double>() == Approx(180.0).epsilon(1e-12));
  CHECK(j["service_level"].get<double>() ==
        Approx(1 - 0.5 * std::exp(-(1.0 / 360.0) * 20)).epsilon(1e-12));
  // Load above one agent: Erlang C is unstable, a clear input error.
  const auto r = run_ccsim("erlang c --calls-per-hour 30 --aht 180 --agents 1");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_FALSE(r.err.empty());
}

TEST_CASE("erlang at N = 20,000: given and required agents", "[cli][edge][erlang]") {
  const auto start = std::chrono::steady_clock::now();
  const Json given = run_json(
      "erlang a --calls-per-hour 399000 --aht 180 --patience 180 --agents 20000 "
      "--format json");
  CHECK(given["agents"] == 20000);
  CHECK(given["offered_load_erlangs"].get<double>() == Approx(19950.0));
  CHECK(given["service_level"].get<double>() > 0);
  CHECK(given["service_level"].get<double>() <= 1);
  // 19,800 Erlangs at 80/20: the required N lies between the load and 20,000.
  const Json req =
      run_json("erlang c --calls-per-hour 396000 --aht 180 --target-sl 0.8 --format json");
  CHECK(req["agents"].get<int>() > 19800);
  CHECK(req["agents"].get<int>() < 20000);
  CHECK(req["service_level"].get<double>() >= 0.8);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 10);  // exact solvers, O(log N) evaluations: milliseconds each in Release
}

TEST_CASE("erlang a with unbounded patience prints Erlang C's numbers", "[cli][edge][erlang]") {
  const Json c = run_json("erlang c --calls-per-hour 200 --aht 180 --agents 11 --format json");
  const Json a =
      run_json("erlang a --calls-per-hour 200 --aht 180 --patience 1e12 --agents 11 --format json");
  for (const char* k : {"p_wait", "service_level", "asa_seconds", "mean_wait_seconds"}) {
    INFO(k);
    CHECK(a[k].get<double>() == Approx(c[k].get<double>()).epsilon(1e-8));
  }
  CHECK(a["p_abandon"].get<double>() < 1e-9);
}

TEST_CASE("a reference month at ten times its volume finishes with bounded memory",
          "[cli][edge][.slow]") {
  // tele2-baseline with every channel's volume x10 and the staffing unchanged: a heavy
  // overload (calls abandon, emails pile up). One replication on one thread must finish and
  // stay within a few GB. Measured (Release, 1 thread, 2026-11-25): 22 s of CPU, 169 MiB peak
  // RSS for ~35M contacts; slow ([.slow]) but well inside the suite's budget.
  const std::string sets =
      " --set channels.voice.volume.per_month=33000000"
      " --set channels.webchat.volume.per_month=450000"
      " --set channels.telegram.volume.per_month=250000"
      " --set channels.email.volume.per_month=1300000";
  const auto start = std::chrono::steady_clock::now();
  const Json j = run_json("run '" + source_path("scenarios/tele2-baseline.yaml") +
                          "' -r 1 --threads 1 --format json" + sets);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage children{};
  ::getrusage(RUSAGE_CHILDREN, &children);
  const double peak_mib = static_cast<double>(children.ru_maxrss) / 1024.0;
  INFO("10x month: " << seconds << " s, peak RSS " << peak_mib << " MiB");
  WARN("10x month: " << seconds << " s, peak RSS " << peak_mib << " MiB");
  const Json& voice = j["channels"]["voice"];
  CHECK(voice["offered"].get<double>() > 30e6);
  CHECK(voice["abandon_rate"]["mean"].get<double>() > 0.5);  // heavily understaffed
  const Json& email = j["channels"]["email"];
  CHECK(email["backlog_end"]["mean"].get<double>() > 0);
  CHECK(peak_mib < 4096);
  CHECK(seconds < 600);
}
