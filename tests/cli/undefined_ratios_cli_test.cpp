// Ratios with an empty denominator (issue 22 class 8) are undefined everywhere: JSON null with
// the reason, an empty CSV cell, "n/a" in the table, a dash in the HTML report, and an expect:
// on one fails `ccsim check` with the reason instead of comparing a NaN or a 0.

#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/process.hpp"

namespace fs = std::filesystem;
using ccsim::test::read_file;
using ccsim::test::run_ccsim;

namespace {

// voice: calls from 08:00 to 18:00 only (no contacts in the night intervals); quiet: a chat
// channel that gets nothing at all; site "empty" has no agents.
const std::string kScenario = R"(name: undefined-ratios
horizon: {days: 1}
interval: 1h
seed: 3
replications: 3
channels:
  voice:
    kind: call
    volume: {per_day: 480}
    intraday: [0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0]
    handle_time: {dist: exponential, mean: 120s}
    patience: {dist: exponential, mean: 180s}
    sl_seconds: 20
  quiet:
    kind: chat
    volume: {per_hour: 0}
    handle_time: {dist: exponential, mean: 300s}
sites:
  main: {agents: 5, skills: [voice, quiet]}
  empty: {agents: 0, skills: [voice]}
)";

struct Fixture {
  fs::path dir;
  fs::path file;
  explicit Fixture(const std::string& name, const std::string& extra = "") {
    dir =
        fs::temp_directory_path() / ("ccsim-undefined-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    file = dir / "u.yaml";
    std::ofstream(file) << kScenario << extra;
  }
  ~Fixture() { fs::remove_all(dir); }
  std::string q() const { return ccsim::test::shell_quote(file.string()); }
};

void require_undefined(const nlohmann::json& e, const std::string& reason) {
  INFO(e.dump());
  REQUIRE(e.is_object());
  CHECK(e["mean"].is_null());
  CHECK(e["ci95"] == nlohmann::json::array({nullptr, nullptr}));
  CHECK(e["undefined"] == reason);
}

// The CSV row of `csv` whose first cells are `key` (comma-separated), split into cells.
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream s(line);
  std::string cell;
  while (std::getline(s, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.push_back("");
  return out;
}

std::vector<std::vector<std::string>> rows(const std::string& csv) {
  std::vector<std::vector<std::string>> out;
  std::stringstream s(csv);
  std::string line;
  while (std::getline(s, line)) out.push_back(cells(line));
  return out;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  FAIL("no column " << name);
  return 0;
}

}  // namespace

TEST_CASE("JSON says null with the reason for every ratio with an empty denominator",
          "[cli][undefined]") {
  const Fixture f("json");
  const auto r = run_ccsim("run " + f.q() + " --format json");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  const auto& quiet = j["channels"]["quiet"];
  CHECK(quiet["offered"] == 0);
  require_undefined(quiet["service_level"], "no contacts offered");
  require_undefined(quiet["abandon_rate"], "no contacts offered");
  require_undefined(quiet["p_wait"], "no contacts offered");
  require_undefined(quiet["asa_seconds"], "no contacts answered");
  require_undefined(quiet["mean_wait_seconds"], "no contacts answered or abandoned");
  require_undefined(quiet["service_level_of_answered"], "no contacts answered");
  // Agents are on duty for it (idle): occupancy is a real 0.
  CHECK(quiet["occupancy"]["mean"] == 0);
  // Not busy anywhere: the share of busy intervals with a low service level is undefined.
  CHECK(quiet["busy_intervals"] == 0);
  CHECK(quiet["busy_intervals_low_sl_share"].is_null());

  // The voice channel itself is defined (it has calls).
  CHECK(j["channels"]["voice"]["service_level"]["mean"].is_number());

  // A site with no agents: occupancy undefined, its per-channel service too.
  const auto& empty = j["sites"]["empty"];
  require_undefined(empty["occupancy"], "no agents on duty");
  require_undefined(empty["answering"]["voice"]["service_level"],
                    "no contacts answered at the site");
  CHECK(j["sites"]["main"]["occupancy"]["mean"].is_number());

  // Interval rows: undefined exactly where the denominator is empty.
  int night = 0, day = 0;
  for (const auto& row : j["intervals"]) {
    INFO(row.dump());
    const double offered = row["offered"];
    CHECK(row["service_level"].is_null() == (offered == 0));
    CHECK(row["abandon_rate"].is_null() == (offered == 0));
    CHECK(row["asa_seconds"].is_null() == (row["answered"] == 0));
    if (row["channel"] == "voice") (offered == 0 ? night : day) += 1;
    if (offered == 0) CHECK(row["ci95_half_width"]["service_level"].is_null());
  }
  CHECK(night == 14);  // 00:00-08:00 and 18:00-24:00
  CHECK(day == 10);
  for (const auto& g : j["group_intervals"]) {
    INFO(g.dump());
    CHECK(g["occupancy"].is_null() == (g["agents_on_duty"] == 0));
    if (g["site"] == "empty") CHECK(g["occupancy"].is_null());
    // The service of what the group answered: undefined when it answered nothing.
    CHECK(g["service_level_of_answered"].is_null() == (g["answered"] == 0));
    CHECK(g["asa_seconds"].is_null() == (g["answered"] == 0));
    if (g["site"] == "empty") CHECK(g["answered"] == 0);
  }
}

TEST_CASE("CSV leaves the cell empty, the table says n/a, the HTML report a dash",
          "[cli][undefined]") {
  const Fixture f("files");
  const fs::path out = f.dir / "out";
  const auto r = run_ccsim("run " + f.q() + " --out " + ccsim::test::shell_quote(out.string()));
  REQUIRE(r.exit_code == 0);

  const auto ch = rows(read_file(out / "channels.csv"));
  REQUIRE(ch.size() == 3);
  const auto sl = column(ch[0], "service_level"), lo = column(ch[0], "service_level_ci95_lo");
  const auto occ = column(ch[0], "occupancy");
  CHECK(ch[2][0] == "quiet");
  CHECK(ch[2][sl] == "");
  CHECK(ch[2][lo] == "");
  CHECK(ch[2][occ] == "0");  // defined: idle agents
  CHECK(ch[1][sl] != "");

  const auto st = rows(read_file(out / "sites.csv"));
  REQUIRE(st.size() == 3);
  CHECK(st[2][0] == "empty");
  CHECK(st[2][column(st[0], "occupancy")] == "");
  CHECK(st[1][column(st[0], "occupancy")] != "");

  const auto iv = rows(read_file(out / "intervals.csv"));
  const auto off = column(iv[0], "offered"), isl = column(iv[0], "service_level"),
             iab = column(iv[0], "abandon_rate");
  int empty_cells = 0;
  for (std::size_t i = 1; i < iv.size(); ++i) {
    INFO("intervals.csv row " << i);
    REQUIRE(iv[i].size() > iab);
    const bool none = iv[i][off] == "0";
    CHECK((iv[i][isl] == "") == none);
    CHECK((iv[i][iab] == "") == none);
    empty_cells += none;
  }
  CHECK(empty_cells == 14 + 24);  // voice at night, quiet all day

  const auto gi = rows(read_file(out / "group_intervals.csv"));
  for (std::size_t i = 1; i < gi.size(); ++i)
    CHECK((gi[i][column(gi[0], "occupancy")] == "") == (gi[i][column(gi[0], "site")] == "empty"));
  for (std::size_t i = 1; i < gi.size(); ++i)
    CHECK((gi[i][column(gi[0], "service_level_of_answered")] == "") ==
          (gi[i][column(gi[0], "answered")] == "0"));

  // Table: n/a for the quiet channel's ratios and the empty site's occupancy, never "nan".
  const auto t = run_ccsim("run " + f.q());
  REQUIRE(t.exit_code == 0);
  CHECK(t.out.find("nan") == std::string::npos);
  const auto quiet_line = t.out.substr(t.out.find("\nquiet"), 120);
  CHECK_THAT(quiet_line, Catch::Contains("n/a"));
  const auto empty_line = t.out.substr(t.out.find("\nempty"), 60);
  CHECK_THAT(empty_line, Catch::Contains("n/a"));

  const std::string html = read_file(out / "report.html");
  CHECK(html.find("nan %") == std::string::npos);
  CHECK(html.find(">nan") == std::string::npos);  // (the embedded chart library says NaN)
  CHECK_THAT(html, Catch::Contains("<td>–</td>"));
}

TEST_CASE("check fails an expectation on an undefined metric and says why", "[cli][undefined]") {
  const Fixture f("check",
                  "expect:\n"
                  "  - {metric: channels.quiet.service_level, value: 0, tolerance: 1}\n"
                  "  - {metric: sites.empty.occupancy, value: 0, tolerance: 1}\n"
                  "  - {metric: channels.quiet.asa_seconds, value: 0, tolerance: 1}\n"
                  "  - {metric: channels.voice.offered, value: 480, rel_tolerance: 0.3}\n");
  const auto r = run_ccsim("check " + f.q());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);  // failed, not an error and not a pass
  CHECK_THAT(r.out, Catch::Contains("undefined (no contacts offered)"));
  CHECK_THAT(r.out, Catch::Contains("undefined (no agents on duty)"));
  CHECK_THAT(r.out, Catch::Contains("3 failed"));
  CHECK_THAT(r.out, Catch::Contains("1 passed"));
  const auto j = run_ccsim("check " + f.q() + " --format json");
  REQUIRE(j.exit_code == 1);
  const auto doc = nlohmann::json::parse(j.out);
  const auto& e = doc["files"][0]["expectations"];
  CHECK(e[0]["passed"] == false);
  CHECK(e[0]["undefined"] == "no contacts offered");
  CHECK(e[0]["measured"].is_null());
  CHECK(e[3]["passed"] == true);
  CHECK(!e[3].contains("undefined"));
}

TEST_CASE("zero agents: ASA and mean wait are undefined, not 0, and an expect on them fails",
          "[cli][undefined]") {
  // The issue's case: nobody answers; with no patience nobody abandons either.
  const Fixture f("zero",
                  "expect:\n"
                  "  - {metric: channels.voice.asa_seconds, value: 0, tolerance: 5}\n"
                  "  - {metric: channels.voice.mean_wait_seconds, value: 0, tolerance: 5}\n");
  const auto r =
      run_ccsim("check " + f.q() + " --set sites.main.agents=0 --unset channels.voice.patience");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("undefined (no contacts answered)"));
  CHECK_THAT(r.out, Catch::Contains("undefined (no contacts answered or abandoned)"));
  const auto j = run_ccsim("run " + f.q() +
                           " --set sites.main.agents=0 --unset channels.voice.patience "
                           "--format json");
  REQUIRE(j.exit_code == 0);
  const auto v = nlohmann::json::parse(j.out)["channels"]["voice"];
  CHECK(v["answered"] == 0);
  CHECK(v["unanswered_end"].get<double>() == Approx(v["offered"].get<double>()));
  CHECK(v["asa_seconds"]["mean"].is_null());
  CHECK(v["service_level"]["mean"] == 0);  // defined: calls offered, none answered in time
}
