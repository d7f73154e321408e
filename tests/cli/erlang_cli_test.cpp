// `ccsim erlang`: exit codes, the JSON contract, table output, batch mode and input errors.

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "ccsim/models/erlang.hpp"
#include "cli/process.hpp"

using ccsim::test::run_ccsim;
using Json = nlohmann::json;

namespace {

const std::set<std::string> kContractKeys = {
    "model", "agents", "offered_load_erlangs", "p_wait", "service_level", "sl_seconds",
    "asa_seconds", "mean_wait_seconds", "p_abandon", "occupancy",
    // The other service-level definitions, added after the first ten.
    "service_level_of_answered", "service_level_excluding_abandoned",
    "service_level_excluding_short_abandons", "short_abandon_seconds", "p_abandon_within_sl",
    "p_abandon_short"};

std::set<std::string> keys(const Json& j) {
  std::set<std::string> out;
  for (const auto& [k, v] : j.items()) out.insert(k);
  return out;
}

// A CSV file in the temporary directory, removed at the end of the test.
struct TempFile {
  std::filesystem::path path;
  explicit TempFile(const std::string& name, const std::string& content)
      : path(std::filesystem::temp_directory_path() / name) {
    std::ofstream(path) << content;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

// Bad input: exit 2, one line on stderr containing `needle`, nothing on stdout.
void require_bad_input(const std::string& args, const std::string& needle) {
  const auto r = run_ccsim(args);
  INFO(args << "\nstderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find(needle) != std::string::npos);
}

}  // namespace

TEST_CASE("erlang c --agents prints the contract JSON with the solver's exact numbers",
          "[cli][erlang]") {
  const auto r = run_ccsim("erlang c --calls-per-hour 200 --aht 180 --agents 14 --format json");
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  const Json j = Json::parse(r.out);  // stdout is one JSON document and nothing else
  CHECK(keys(j) == kContractKeys);
  const auto m = ccsim::models::erlang_c({200.0 / 3600, 180, std::nullopt, 14, 20});
  CHECK(j["model"] == "erlang-c");
  CHECK(j["agents"] == 14);
  CHECK(j["sl_seconds"].get<double>() == 20.0);  // default --sl-seconds
  // Numbers round-trip: the parsed doubles are the solver's doubles bit for bit.
  CHECK(j["p_wait"].get<double>() == m.p_wait);
  CHECK(j["service_level"].get<double>() == m.service_level);
  CHECK(j["asa_seconds"].get<double>() == m.asa_seconds);
  CHECK(j["mean_wait_seconds"].get<double>() == m.mean_wait_seconds);
  CHECK(j["occupancy"].get<double>() == m.occupancy);
  CHECK(j["p_abandon"].get<double>() == 0.0);
  CHECK(j["offered_load_erlangs"].get<double>() == m.offered_load_erlangs);
}

TEST_CASE("erlang a with targets reports the required agents", "[cli][erlang]") {
  const auto r = run_ccsim(
      "erlang a --calls-per-hour 200 --aht 180 --patience 300 --sl-seconds 15 --target-sl 0.85 "
      "--target-abandon 0.02 --format json");
  REQUIRE(r.exit_code == 0);
  const Json j = Json::parse(r.out);
  CHECK(keys(j) == kContractKeys);
  ccsim::models::StaffingTargets t;
  t.service_level = 0.85;
  t.abandon_rate = 0.02;
  const auto ans = ccsim::models::required_agents({200.0 / 3600, 180, 300.0, 0, 15}, t);
  REQUIRE(ans.feasible);
  CHECK(j["model"] == "erlang-a");
  CHECK(j["agents"] == ans.agents);
  CHECK(j["sl_seconds"].get<double>() == 15.0);
  CHECK(j["service_level"].get<double>() >= 0.85);
  CHECK(j["p_abandon"].get<double>() <= 0.02);
  CHECK(j["p_abandon"].get<double>() == ans.metrics.p_abandon);
}

TEST_CASE("erlang prints a readable table by default", "[cli][erlang]") {
  const auto r = run_ccsim("erlang c --calls-per-hour 200 --aht 180 --target-sl 0.8");
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("Erlang C") != std::string::npos);
  CHECK(r.out.find("required agents for service level >= 80 % within 20 s") != std::string::npos);
  CHECK(r.out.find("agents                        14") != std::string::npos);
  CHECK(r.out.find("service level            88.84 %") != std::string::npos);
}

TEST_CASE("erlang --intervals gives one requirement per CSV row", "[cli][erlang]") {
  const TempFile csv("ccsim-erlang-cli-intervals.csv",
                     "interval,calls,aht,patience\n08:00,100,180,300\n# comment\n\n08:30, 250 ,"
                     "200,240\n09:00,0,180,300\n");
  const auto r = run_ccsim("erlang a --intervals '" + csv.path.string() +
                           "' --interval-minutes 15 --target-sl 0.8 --format json");
  REQUIRE(r.exit_code == 0);
  const Json j = Json::parse(r.out);
  CHECK(j["interval_minutes"].get<double>() == 15.0);
  const Json& rows = j["intervals"];
  REQUIRE(rows.size() == 3);
  const double calls[] = {100, 250, 0}, aht[] = {180, 200, 180}, patience[] = {300, 240, 300};
  for (std::size_t i = 0; i < 3; ++i) {
    ccsim::models::StaffingTargets t;
    t.service_level = 0.8;
    const auto ans =
        ccsim::models::required_agents({calls[i] / 900.0, aht[i], patience[i], 0, 20}, t);
    INFO("row " << i);
    CHECK(rows[i]["agents"] == ans.agents);
    CHECK(rows[i]["calls"].get<double>() == calls[i]);
    CHECK(rows[i]["patience_seconds"].get<double>() == patience[i]);
    for (const auto& k : kContractKeys) CHECK(rows[i].contains(k));
  }
  CHECK(rows[0]["interval"] == "08:00");

  const auto table = run_ccsim("erlang c --intervals '" + csv.path.string() + "' --agents 30");
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find("08:30") != std::string::npos);
  CHECK(table.out.find("30-minute intervals") != std::string::npos);
}

TEST_CASE("erlang rejects bad numbers and impossible requests with exit 2", "[cli][erlang]") {
  const std::string base = "erlang c --calls-per-hour 200 --aht 180 ";
  require_bad_input("erlang c --calls-per-hour -1 --aht 180 --agents 14", "--calls-per-hour");
  require_bad_input("erlang c --calls-per-hour 200 --aht 0 --agents 14", "--aht must be");
  require_bad_input("erlang c --calls-per-hour nan --aht 180 --agents 14", "--calls-per-hour");
  require_bad_input("erlang c --calls-per-hour 200 --aht inf --agents 14", "--aht");
  require_bad_input("erlang c --calls-per-hour 200 --aht abc --agents 14", "--aht");
  require_bad_input("erlang a --calls-per-hour 200 --aht 180 --agents 14", "--patience");
  require_bad_input(base + "--agents 10", "unstable");
  require_bad_input(base + "--target-sl 1.0", "--target-sl");
  require_bad_input(base + "--target-sl 80", "fraction");
  require_bad_input(base + "--agents 14 --target-sl 0.8", "not both");
  require_bad_input(base, "--agents N");
  require_bad_input("erlang c --aht 180 --agents 14", "--calls-per-hour is required");
  require_bad_input("erlang b --calls-per-hour 200 --aht 180 --agents 14", "model");
  require_bad_input(base + "--target-asa 0", "--target-asa");
  require_bad_input("erlang a --calls-per-hour 200 --aht 180 --patience 60 --target-abandon 0",
                    "abandon");
  require_bad_input("erlang c --calls-per-hour 1e12 --aht 180 --target-sl 0.8", "cannot be met");
  require_bad_input(base + "--agents 14 --format xml", "format");
  require_bad_input(base + "--agents 14 --short-abandon-seconds -1", "--short-abandon-seconds");
}

TEST_CASE("erlang a gives every service-level definition exactly",
          "[cli][erlang][sl_definitions]") {
  const auto r = run_ccsim(
      "erlang a --calls-per-hour 200 --aht 180 --patience 300 --agents 14 --sl-seconds 20 "
      "--short-abandon-seconds 3 --format json");
  REQUIRE(r.exit_code == 0);
  const Json j = Json::parse(r.out);
  ccsim::models::QueueInput in{200.0 / 3600, 180, 300.0, 14, 20};
  in.short_abandon_seconds = 3;
  const auto m = ccsim::models::erlang_a(in);
  CHECK(j["service_level_of_answered"].get<double>() == m.service_level_of_answered);
  CHECK(j["service_level_excluding_abandoned"].get<double>() ==
        m.service_level_excluding_abandoned);
  CHECK(j["service_level_excluding_short_abandons"].get<double>() ==
        m.service_level_excluding_short_abandons);
  CHECK(j["p_abandon_within_sl"].get<double>() == m.p_abandon_within_sl);
  CHECK(j["p_abandon_short"].get<double>() == m.p_abandon_short);
  CHECK(j["short_abandon_seconds"].get<double>() == 3);
  // Abandons make the definitions differ: dividing by answered only is the most flattering.
  CHECK(m.service_level < m.service_level_excluding_short_abandons);
  CHECK(m.service_level_excluding_short_abandons < m.service_level_excluding_abandoned);
  CHECK(m.service_level_excluding_abandoned < m.service_level_of_answered);
  const auto table =
      run_ccsim("erlang a --calls-per-hour 200 --aht 180 --patience 300 --agents 14");
  CHECK(table.out.find("abandons shorter than 5 s left out") != std::string::npos);
}

TEST_CASE("erlang reports malformed interval files with file:line", "[cli][erlang]") {
  const TempFile bad_number("ccsim-erlang-cli-bad.csv",
                            "interval,calls,aht\n08:00,100,180\n"
                            "08:30,abc,180\n");
  require_bad_input("erlang c --target-sl 0.8 --intervals '" + bad_number.path.string() + "'",
                    bad_number.path.string() + ":3:7: error: calls");
  const TempFile columns("ccsim-erlang-cli-columns.csv", "interval,calls,aht\n08:00,100\n");
  require_bad_input("erlang c --target-sl 0.8 --intervals '" + columns.path.string() + "'",
                    columns.path.string() + ":2:1: error: expected 3 columns");
  const TempFile header("ccsim-erlang-cli-header.csv", "slot,calls,aht\n08:00,100,180\n");
  require_bad_input("erlang c --target-sl 0.8 --intervals '" + header.path.string() + "'",
                    "header column 1 must be 'interval'");
  const TempFile negative("ccsim-erlang-cli-negative.csv", "interval,calls,aht\n08:00,100,-3\n");
  require_bad_input("erlang c --target-sl 0.8 --intervals '" + negative.path.string() + "'",
                    ":2:11: error: aht");
  const TempFile unstable("ccsim-erlang-cli-unstable.csv", "interval,calls,aht\n08:00,100,180\n");
  require_bad_input("erlang c --agents 5 --intervals '" + unstable.path.string() + "'",
                    unstable.path.string() + ":2: error: Erlang C is unstable");
  const TempFile no_patience("ccsim-erlang-cli-nopat.csv", "interval,calls,aht\n08:00,100,180\n");
  require_bad_input("erlang a --agents 15 --intervals '" + no_patience.path.string() + "'",
                    "patience");
  require_bad_input("erlang c --target-sl 0.8 --intervals /nonexistent/x.csv", "cannot open");
  require_bad_input(
      "erlang c --target-sl 0.8 --calls-per-hour 5 --intervals '" + no_patience.path.string() + "'",
      "not used with --intervals");
}
