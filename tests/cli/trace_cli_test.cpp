// ccsim run --trace FILE.csv: the trace of one replication agrees with the JSON of the same run
// (one replication, so the JSON's means are that replication's numbers): rows per channel and
// outcome are offered / answered / abandoned / unanswered; the answered rows' mean wait is ASA,
// the answered and abandoned rows' mean wait is mean_wait_seconds, the share answered within
// sl_seconds of offered is the service level, rows answered at a site are its `handled`. The
// bytes do not depend on --threads; bad flag values exit 2 writing nothing.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/process.hpp"
#include "cli/temp_dir.hpp"

using ccsim::test::read_file;
using ccsim::test::run_ccsim;
using ccsim::test::TempDir;
using Json = nlohmann::json;

namespace {

std::string q(const std::string& s) { return ccsim::test::shell_quote(s); }

// One day, two sites in different time zones, two regions, a call channel with patience and
// wrap-up (abandons), a chat channel, and email with a backlog at the end (real-time contacts
// are served first): a few hundred contacts of every outcome.
const std::string kScenario = R"(name: trace
horizon: {days: 1, warmup: 1h, start_date: 2026-03-02}
interval: 1h
seed: 7
replications: 3
regions:
  west: {utc_offset: 3, share: 0.6, home_site: rostov}
  east: {utc_offset: 8, share: 0.4, home_site: irkutsk}
channels:
  voice:
    kind: call
    volume: {per_hour: 20}
    handle_time: {dist: exponential, mean: 300s}
    patience: {dist: exponential, mean: 60s}
    after_call_work: {dist: deterministic, value: 20s}
    sl_seconds: 20
  chat:
    kind: chat
    concurrency: 2
    volume: {per_hour: 6}
    handle_time: {dist: exponential, mean: 600s}
    patience: {dist: exponential, mean: 120s}
  email:
    kind: email
    volume: {per_hour: 4}
    handle_time: {dist: exponential, mean: 1200s}
sites:
  rostov: {utc_offset: 3, agents: 2, skills: [voice, chat]}
  irkutsk: {utc_offset: 8, agents: 2, skills: [voice, chat, email]}
)";

struct Row {
  std::map<std::string, std::string> f;
  double num(const std::string& k) const { return std::stod(f.at(k)); }
};

std::vector<Row> read_csv(const std::string& path) {
  std::istringstream in(read_file(path));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::stringstream h(line); std::getline(h, line, ',');) header.push_back(line);
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    Row r;
    std::stringstream cells(line);
    std::string cell;
    for (const std::string& name : header) {
      std::getline(cells, cell, ',');  // the scenario's names need no quoting
      r.f[name] = cell;
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace

TEST_CASE("run --trace: rows agree with the run's own counts and means", "[cli][trace]") {
  const TempDir dir("trace-cli-agree");
  const std::string scenario = dir.write("s.yaml", kScenario);
  const std::string csv = dir.path("t.csv");
  const auto run = run_ccsim("run " + q(scenario) + " -r 1 --format json --trace " + q(csv));
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const Json j = Json::parse(run.out);
  const std::vector<Row> rows = read_csv(csv);
  REQUIRE(rows.size() > 300);

  std::map<std::string, std::map<std::string, double>> count;
  std::map<std::string, double> wait_answered, wait_all, within_sl;
  std::map<std::string, double> handled_at;
  for (const Row& r : rows) {
    const std::string& ch = r.f.at("channel");
    const std::string& outcome = r.f.at("outcome");
    count[ch][outcome] += 1;
    count[ch]["offered"] += 1;
    const double w = r.num("wait_seconds");
    CHECK(w >= 0);
    if (outcome == "answered") {
      wait_answered[ch] += w;
      wait_all[ch] += w;
      if (ch == "voice" && w <= 20) within_sl[ch] += 1;
      handled_at[r.f.at("site")] += 1;
      CHECK(!r.f.at("group").empty());
      CHECK(r.f.at("local_site") == r.f.at("site"));
      if (ch == "voice") CHECK(r.num("wrap_seconds") == 20);
    } else {
      CHECK(r.f.at("site").empty());
      CHECK(r.num("handle_seconds") == 0);
      if (outcome == "abandoned") wait_all[ch] += w;
    }
    // Local time: the answering (else home) site's clock, UTC+3 or UTC+8.
    const double offset = r.f.at("local_site") == "rostov" ? 3 : 8;
    const double local = r.num("arrival_seconds") + offset * 3600;
    const std::string hhmm = r.f.at("local_time").substr(0, 5);
    char expect[8];
    std::snprintf(expect, sizeof expect, "%02d:%02d",
                  static_cast<int>(std::fmod(local, 86400) / 3600),
                  static_cast<int>(std::fmod(local, 3600) / 60));
    CHECK(hhmm == expect);
    CHECK(r.f.at("local_day") == (local < 86400 ? "2026-03-02" : "2026-03-03"));
    CHECK(r.f.at("local_weekday") == (local < 86400 ? "Mon" : "Tue"));
    CHECK(r.f.at("day") == "2026-03-02");
    CHECK((r.f.at("region") == "west" || r.f.at("region") == "east"));
  }
  for (const char* ch : {"voice", "chat", "email"}) {
    INFO("channel " << ch);
    const Json& c = j["channels"][ch];
    CHECK(count[ch]["offered"] == c["offered"].get<double>());
    CHECK(count[ch]["answered"] == c["answered"].get<double>());
    CHECK(count[ch]["abandoned"] == c["abandoned"].get<double>());
    CHECK(count[ch]["unanswered"] ==
          c["unanswered_end"].get<double>() + c["backlog_end"]["mean"].get<double>());
    CHECK(count[ch]["answered"] > 0);
    CHECK(wait_answered[ch] / count[ch]["answered"] ==
          Approx(c["asa_seconds"]["mean"].get<double>()).epsilon(1e-9));
    CHECK(wait_all[ch] / (count[ch]["answered"] + count[ch]["abandoned"]) ==
          Approx(c["mean_wait_seconds"]["mean"].get<double>()).epsilon(1e-9));
  }
  CHECK(count["voice"]["abandoned"] > 0);
  CHECK(count["email"]["unanswered"] > 0);  // the night's email is still in the backlog
  CHECK(within_sl["voice"] / count["voice"]["offered"] ==
        Approx(j["channels"]["voice"]["service_level"]["mean"].get<double>()).epsilon(1e-12));
  for (const char* site : {"rostov", "irkutsk"})
    CHECK(handled_at[site] == j["sites"][site]["handled"].get<double>());
}

TEST_CASE("run --trace is byte-identical for any --threads and follows --trace-replication",
          "[cli][trace]") {
  const TempDir dir("trace-cli-threads");
  const std::string scenario = dir.write("s.yaml", kScenario);
  const auto trace = [&](const std::string& name, const std::string& extra) {
    const auto run = run_ccsim("run " + q(scenario) + " --format json --trace " +
                               q(dir.path(name)) + " " + extra);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    return read_file(dir.path(name));
  };
  const std::string one = trace("j1.csv", "-j1 --trace-replication 2");
  CHECK(one == trace("j2.csv", "-j2 --trace-replication 2"));
  CHECK(one == trace("j3.csv", "-j3 --trace-replication 2"));
  CHECK(one != trace("r1.csv", "-j2 --trace-replication 1"));
  // The replication's contacts do not depend on how many replications run.
  CHECK(trace("r1only.csv", "-r 1") == read_file(dir.path("r1.csv")));
}

TEST_CASE("run --trace: bad values exit 2 naming the flag, writing nothing", "[cli][trace]") {
  const TempDir dir("trace-cli-bad");
  const std::string scenario = dir.write("s.yaml", kScenario);
  const std::string csv = dir.path("t.csv");
  const std::size_t before = dir.entries();
  struct Case {
    std::string args, says;
  };
  for (const Case& c : std::vector<Case>{
           {"--trace " + q(csv) + " --trace-replication 4", "--trace-replication 4"},
           {"--trace " + q(csv) + " -r 2 --trace-replication 3", "--trace-replication 3"},
           {"--trace " + q(csv) + " --trace-replication 0", "--trace-replication"},
           {"--trace " + q(csv) + " --trace-replication x", "--trace-replication"},
           {"--trace-replication 1", "--trace-replication needs --trace"},
           {"--trace ''", "--trace"},
           {"--trace " + q(dir.path("")), "directory"},
           {"--trace " + q(scenario + "/t.csv"), "not a directory"},
           {"--trace " + q(csv) + " --precision channels.voice.asa_seconds=1", "--precision"},
       }) {
    INFO(c.args);
    const auto run = run_ccsim("run " + q(scenario) + " " + c.args);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains(c.says));
    CHECK(run.out.empty());
    CHECK(dir.entries() == before);
  }
}

TEST_CASE("run --trace does not change the run's results, and names regions with one site",
          "[cli][trace]") {
  const TempDir dir("trace-cli-same");
  const std::string scenario = dir.write("s.yaml", kScenario);
  // One site: contacts are not routed by region, so the run draws no region; the trace does,
  // from the stream that serves nothing else.
  for (const std::string& edit :
       {std::string(), std::string("--unset sites.irkutsk --unset regions.west.home_site "
                                   "--unset regions.east.home_site --unset channels.email")}) {
    INFO(edit);
    const std::string base = "run " + q(scenario) + " " + edit + " -r 2 --format json";
    const auto plain = run_ccsim(base);
    const auto traced = run_ccsim(base + " --trace " + q(dir.path("t.csv")));
    INFO(plain.err << traced.err);
    REQUIRE(plain.exit_code == 0);
    REQUIRE(traced.exit_code == 0);
    CHECK(plain.out == traced.out);
    std::map<std::string, int> regions;
    for (const Row& r : read_csv(dir.path("t.csv"))) regions[r.f.at("region")] += 1;
    CHECK(regions.size() == 2);
    CHECK(regions["west"] > regions["east"]);  // shares 0.6 and 0.4 of a few hundred
  }
}

TEST_CASE("run --trace: a write that fails during the run is exit 2, nothing left behind",
          "[cli][trace]") {
  // A file-size limit (ulimit -f, SIGXFSZ ignored so that write() fails with EFBIG) makes the
  // trace's block writes fail while the traced replication runs on a worker thread (-j2,
  // replication 2): about 48,000 contacts, far past the 1 MiB of one block.
  const TempDir dir("trace-cli-full");
  const std::string scenario = dir.write("s.yaml", kScenario);
  const std::size_t before = dir.entries();
  const std::string out = dir.path("out.txt"), err = dir.path("err.txt");
  const std::string cmd = "sh -c \"trap '' XFSZ; ulimit -f 512; exec '" + std::string(CCSIM_EXE) +
                          "' run " + q(scenario) + " -r 2 -j 2 --format json" +
                          " --set channels.voice.volume.per_hour=2000 --trace " +
                          q(dir.path("t.csv")) + " --trace-replication 2\" </dev/null >" + q(out) +
                          " 2>" + q(err);
  const int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  const std::string message = ccsim::test::read_file(err);
  CHECK_THAT(message, Catch::Contains("cannot write output") && Catch::Contains("too large"));
  CHECK(ccsim::test::read_file(out).empty());  // no half of the results either
  CHECK(dir.entries() == before + 2);          // out.txt and err.txt: no trace, no temporary
}
