// `ccsim calibrate`: a fitted value in JSON that a second run confirms, and the usage errors.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/process.hpp"

using ccsim::test::quoted_source;
using ccsim::test::run_ccsim;
using ccsim::test::shell_quote;

namespace {

std::string single() { return quoted_source("scenarios/examples/single-pool.yaml"); }

// The calibration every case starts from (a --range is added per case).
std::string fit(const std::string& param = "channels.voice.patience.mean",
                const std::string& metric = "channels.voice.asa_seconds") {
  std::string cmd = "calibrate ";
  cmd += single();
  cmd += " --param ";
  cmd += param;
  cmd += " --metric ";
  cmd += metric;
  cmd += " --target 5 -r 6 -j 1";
  return cmd;
}

}  // namespace

TEST_CASE("calibrate fits a parameter and a run at the fitted value confirms it",
          "[cli][calibrate]") {
  const auto r = run_ccsim(fit() + " --range 30,1000 --format json");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["bracketed"] == true);
  CHECK(j["parameter"] == "channels.voice.patience.mean");
  const double value = j["value"].get<double>();
  CHECK(j["ci95"][0].get<double>() <= value);
  CHECK(j["ci95"][1].get<double>() >= value);
  CHECK(j["evaluations"].size() >= 3);

  // Same seed and replications at the fitted value: the metric is what the search reported.
  const auto check = run_ccsim("run " + single() + " -r 6 -j 1 --format json --set " +
                               "channels.voice.patience.mean=" + std::to_string(value));
  REQUIRE(check.exit_code == 0);
  const double asa = nlohmann::json::parse(check.out)["channels"]["voice"]["asa_seconds"]["mean"];
  CHECK(asa == Approx(j["metric_at_value"]["mean"].get<double>()).epsilon(0.02));
  CHECK(std::abs(asa - 5.0) < 0.5);
}

TEST_CASE("calibrate reports a target outside the range as bad input", "[cli][calibrate]") {
  const auto r = run_ccsim(fit() + " --range 30,40");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("not between") != std::string::npos);
}

TEST_CASE("calibrate rejects a bad range, parameter or metric with exit 2", "[cli][calibrate]") {
  CHECK(run_ccsim(fit() + " --range 100,50").exit_code == 2);
  CHECK(run_ccsim(fit() + " --range 100").exit_code == 2);
  const auto bad_metric = run_ccsim(fit("channels.voice.patience.mean", "channels.voice.asa_secs") +
                                    " --range 30,1000");
  CHECK(bad_metric.exit_code == 2);
  CHECK(bad_metric.err.find("no key 'asa_secs'") != std::string::npos);
  const auto bad_param = run_ccsim(fit("channels.voice.patiense.mean") + " --range 30,1000");
  CHECK(bad_param.exit_code == 2);
}

TEST_CASE("calibrate --write-scenario writes the calibrated scenario, which runs to the target",
          "[cli][calibrate]") {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("ccsim-calibrate-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const fs::path file = dir / "fitted.yaml";
  const std::string quoted = shell_quote(file.string());
  const auto r = run_ccsim(fit() + " --range 30,1000 --format json --write-scenario " + quoted);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(fs::exists(file));
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  // The input's leading comment block is kept, then one line says what was fitted.
  CHECK(text.str().rfind("# The core schema (docs/contract.md", 0) == 0);
  CHECK(text.str().find("# Calibrated by ccsim calibrate: channels.voice.patience.mean = ") !=
        std::string::npos);
  // The written file runs (same seed, replications) to the metric the search reported there.
  const auto check = run_ccsim("run " + quoted + " -r 6 -j 1 --format json");
  REQUIRE(check.exit_code == 0);
  const auto run = nlohmann::json::parse(check.out);
  const double asa = run["channels"]["voice"]["asa_seconds"]["mean"];
  CHECK(std::abs(asa - 5.0) < 0.5);
  CHECK(asa == Approx(j["metric_at_value"]["mean"].get<double>()).epsilon(0.02));
  // No fitted value (target outside the range): nothing is written.
  fs::remove(file);
  CHECK(run_ccsim(fit() + " --range 30,40 --write-scenario " + quoted).exit_code == 2);
  CHECK_FALSE(fs::exists(file));
  fs::remove_all(dir);
}
