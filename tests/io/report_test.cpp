// Report writers on synthetic results: the JSON contract's keys, number round-trip,
// determinism, CSV shape and atomic output files.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/io/error.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/writer.hpp"

namespace {

ccsim::models::RunResults synthetic() {
  ccsim::models::RunResults r;
  r.scenario = "synthetic";
  r.seed = 18446744073709551615ull;  // the largest seed must survive JSON
  r.replications = 3;
  r.horizon_days = 1.5;
  r.events = 12345;
  ccsim::models::ChannelSummary voice;
  voice.name = "voice";
  voice.offered = 1000.0 / 3.0;  // not representable in few digits: tests round-trip
  voice.answered = 300.1;
  voice.abandoned = 33.2;
  voice.service_level = {0.8123456789012345, 0.8, 0.82};
  voice.asa_seconds = {12.5, 10.0, 15.0};
  voice.mean_wait_seconds = {13.0, 11.0, 15.0};
  voice.abandon_rate = {0.1, 0.09, 0.11};
  voice.occupancy = {0.9, 0.89, 0.91};
  voice.p_wait = {0.5, 0.4, 0.6};
  ccsim::models::ChannelSummary mail = voice;
  mail.name = "e,mail";  // a comma must be quoted in CSV
  mail.kind = ccsim::models::ChannelKind::email;
  r.channels = {voice, mail};
  ccsim::models::SiteSummary site;
  site.name = "main";
  site.headcount = 70;
  site.occupancy = {0.85, 0.8, 0.9};
  site.handled = 600.2;
  site.handled_by_channel = {300.1, 300.1};
  r.sites = {site};
  ccsim::models::IntervalRow row;
  row.index = 50;
  row.start_seconds = 90000;
  row.channel = "voice";
  row.offered = 10;
  r.intervals = {row};
  return r;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("run JSON has the contract's keys", "[io][report]") {
  const auto j = nlohmann::json::parse(ccsim::io::to_json(synthetic()));
  for (const char* k :
       {"scenario", "seed", "replications", "horizon_days", "channels", "sites", "intervals"})
    CHECK(j.contains(k));
  CHECK(j["scenario"] == "synthetic");
  CHECK(j["replications"] == 3);
  CHECK(j["horizon_days"] == 1.5);
  const auto& v = j["channels"]["voice"];
  for (const char* k : {"offered", "answered", "abandoned"}) CHECK(v[k].is_number());
  for (const char* k :
       {"service_level", "asa_seconds", "mean_wait_seconds", "abandon_rate", "occupancy"}) {
    INFO(k);
    REQUIRE(v[k].is_object());
    CHECK(v[k]["mean"].is_number());
    REQUIRE(v[k]["ci95"].is_array());
    CHECK(v[k]["ci95"].size() == 2);
  }
  CHECK(v["asa_seconds"]["ci95"][0] == 10.0);
  CHECK(v["asa_seconds"]["ci95"][1] == 15.0);
  const auto& s = j["sites"]["main"];
  CHECK(s["headcount"] == 70);
  CHECK(s["handled"] == 600.2);
  CHECK(s["occupancy"]["mean"] == 0.85);
  REQUIRE(j["intervals"].is_array());
  CHECK(j["intervals"][0]["channel"] == "voice");
  CHECK(j["intervals"][0]["start"] == "d1 01:00");
}

TEST_CASE("run JSON numbers round-trip exactly and output is deterministic", "[io][report]") {
  const auto r = synthetic();
  const std::string a = ccsim::io::to_json(r);
  CHECK(a == ccsim::io::to_json(r));
  const auto j = nlohmann::json::parse(a);
  CHECK(j["seed"].get<std::uint64_t>() == r.seed);
  CHECK(j["channels"]["voice"]["offered"].get<double>() == r.channels[0].offered);
  CHECK(j["channels"]["voice"]["service_level"]["mean"].get<double>() ==
        r.channels[0].service_level.mean);
  // Channels keep the scenario's order, not alphabetical order.
  CHECK(a.find("\"voice\"") < a.find("\"e,mail\""));
}

TEST_CASE("CSV reports have one header and one row per item, fields quoted", "[io][report]") {
  const auto r = synthetic();
  const std::string c = ccsim::io::channels_csv(r);
  CHECK(std::count(c.begin(), c.end(), '\n') == 3);
  CHECK(c.rfind("channel,kind,offered,answered,abandoned,", 0) == 0);
  CHECK(c.find("\n\"e,mail\",email,") != std::string::npos);
  CHECK(c.find("service_level_ci95_lo") != std::string::npos);
  const std::string s = ccsim::io::sites_csv(r);
  CHECK(s.rfind("site,headcount,occupancy,occupancy_ci95_lo,occupancy_ci95_hi,handled,"
                "handled_voice,\"handled_e,mail\"\n",
                0) == 0);
  CHECK(s.find("main,70,0.85,0.8,0.9,600.2,300.1,300.1\n") != std::string::npos);
  const std::string i = ccsim::io::intervals_csv(r);
  CHECK(i.find("\n50,90000,d1 01:00,voice,10,") != std::string::npos);
}

TEST_CASE("write_outputs writes the registry's files and no temporaries", "[io][report]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("ccsim-report-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const auto r = synthetic();
  ccsim::io::write_outputs((dir / "sub").string(), r);  // creates missing directories
  CHECK(slurp(dir / "sub" / "summary.json") == ccsim::io::to_json(r));
  CHECK(slurp(dir / "sub" / "channels.csv") == ccsim::io::channels_csv(r));
  CHECK(slurp(dir / "sub" / "sites.csv") == ccsim::io::sites_csv(r));
  CHECK(slurp(dir / "sub" / "intervals.csv") == ccsim::io::intervals_csv(r));
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir / "sub")) {
    (void)e;
    ++n;
  }
  CHECK(n == static_cast<int>(ccsim::io::run_writers().out_files().size()));
  // A destination that is a file is bad input with its path in the message.
  std::ofstream(dir / "file") << "x";
  try {
    ccsim::io::write_outputs((dir / "file").string(), r);
    FAIL("expected an InputError");
  } catch (const ccsim::io::InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains((dir / "file").string()));
    CHECK_THAT(e.what(), Catch::Contains("cannot write output"));
  }
  fs::remove_all(dir);
}

TEST_CASE("writer registry: --format choices and --out files come from the registered writers",
          "[io][report][writer]") {
  using ccsim::io::Writer;
  using ccsim::io::WriterRegistry;
  WriterRegistry<int> reg;
  reg.add(Writer<int>{"plain", "", [](const int& x) { return std::to_string(x); }, {}});
  reg.add(Writer<int>{"twice",
                      "doubled",
                      [](const int& x) { return std::to_string(2 * x); },
                      {{"a.txt", [](const int& x) { return std::to_string(x + 1); }},
                       {"b.txt", [](const int& x) { return std::to_string(x + 2); }}}});
  // A file-only writer is not a --format choice but writes its files.
  reg.add(Writer<int>{"extra", "", {}, {{"c.txt", [](const int&) { return std::string("c"); }}}});
  CHECK(reg.formats() == std::vector<std::string>{"plain", "twice"});
  CHECK(reg.help() == "plain or twice (doubled)");
  CHECK(reg.out_files() == std::vector<std::string>{"a.txt", "b.txt", "c.txt"});
  CHECK(reg.render("twice", 21) == "42");
  CHECK_THROWS_AS(reg.render("extra", 1), std::invalid_argument);
  CHECK_THROWS_AS(reg.render("nope", 1), std::invalid_argument);
  const auto files = reg.render_files(5);
  REQUIRE(files.size() == 3);
  CHECK(files[0] == std::pair<std::string, std::string>{"a.txt", "6"});
  CHECK(files[2].second == "c");
  CHECK_THROWS_AS(reg.add(Writer<int>{"plain", "", {}, {}}), std::logic_error);
  CHECK_THROWS_AS(reg.add(Writer<int>{"other", "", {}, {{"a.txt", {}}}}), std::logic_error);

  // run and staff: the contract's formats and files are all registered.
  const auto& run = ccsim::io::run_writers();
  const auto formats = run.formats();
  for (const char* f : {"table", "csv", "json"})
    CHECK(std::count(formats.begin(), formats.end(), std::string(f)) == 1);
  const auto names = run.out_files();
  for (const char* f : {"summary.json", "channels.csv", "sites.csv", "intervals.csv",
                        "group_intervals.csv", "site_intervals.csv"})
    CHECK(std::count(names.begin(), names.end(), std::string(f)) == 1);
  CHECK(run.render("json", synthetic()) == ccsim::io::to_json(synthetic()));
  CHECK(run.render("csv", synthetic()) == ccsim::io::channels_csv(synthetic()));
}

TEST_CASE("one replication has no interval: ci95 null in JSON, empty in CSV, n/a in the table",
          "[io][report]") {
  auto r = synthetic();
  r.replications = 1;
  for (auto& c : r.channels)
    for (auto* e :
         {&c.service_level, &c.asa_seconds, &c.mean_wait_seconds, &c.abandon_rate, &c.occupancy,
          &c.p_wait, &c.service_level_of_answered, &c.service_level_excluding_abandoned,
          &c.service_level_excluding_short_abandons})
      *e = ccsim::models::make_estimate(e->mean, 0.0, 1, ccsim::models::MetricRange::proportion);
  r.sites[0].occupancy =
      ccsim::models::make_estimate(0.85, 0.0, 1, ccsim::models::MetricRange::proportion);
  const auto j = nlohmann::json::parse(ccsim::io::to_json(r));
  const auto& v = j["channels"]["voice"];
  CHECK(v["service_level"]["mean"] == 0.8123456789012345);
  REQUIRE(v["service_level"]["ci95"].is_array());
  CHECK(v["service_level"]["ci95"][0].is_null());
  CHECK(v["service_level"]["ci95"][1].is_null());
  CHECK_FALSE(v["service_level"].contains("undefined"));
  CHECK(ccsim::io::sites_csv(r).find("main,70,0.85,,,600.2,") != std::string::npos);
  const std::string t = ccsim::io::format_table(r);
  CHECK(t.find("81.2% ±n/a") != std::string::npos);
  CHECK(t.find("±0.0") == std::string::npos);
}

namespace {

// synthetic() with two group rows at a UTC+2 site: one that answered, one that did not.
ccsim::models::RunResults with_groups() {
  auto r = synthetic();
  r.sites[0].utc_offset_hours = 2;
  r.start_date = "2026-03-02";
  ccsim::models::GroupIntervalRow g;
  g.index = 50;
  g.start_seconds = 90000;
  g.site = "main";
  g.group = "all";
  g.agents_on_duty = 5;
  g.occupancy = 0.5;
  g.answered = 12.5;
  g.service_level_of_answered = 0.75;
  g.asa_seconds = 8.25;
  g.answered_ci95 = 1.5;
  g.service_level_of_answered_ci95 = 0.05;
  g.asa_seconds_ci95 = 0.25;
  r.group_intervals.push_back(g);
  g.group = "idle";
  g.answered = 0;
  g.answered_ci95 = 0;
  g.service_level_of_answered = g.asa_seconds = std::numeric_limits<double>::quiet_NaN();
  g.service_level_of_answered_ci95 = g.asa_seconds_ci95 = std::numeric_limits<double>::quiet_NaN();
  r.group_intervals.push_back(g);
  return r;
}

}  // namespace

TEST_CASE("group interval rows carry the service of what the group answered", "[io][report]") {
  const auto r = with_groups();
  const auto j = nlohmann::json::parse(ccsim::io::to_json(r));
  REQUIRE(j["group_intervals"].size() == 2);
  const auto& a = j["group_intervals"][0];
  CHECK(a["local_start"] == "d1 03:00");
  CHECK(a["answered"] == 12.5);
  CHECK(a["service_level_of_answered"] == 0.75);
  CHECK(a["asa_seconds"] == 8.25);
  // Three replications: the half-widths of the per-replication values.
  CHECK(a["ci95_half_width"] == nlohmann::json{{"answered", 1.5},
                                               {"service_level_of_answered", 0.05},
                                               {"asa_seconds", 0.25}});
  const auto& b = j["group_intervals"][1];
  CHECK(b["answered"] == 0);
  CHECK(b["service_level_of_answered"].is_null());  // none answered: undefined, not 0
  CHECK(b["asa_seconds"].is_null());
  CHECK(b["ci95_half_width"]["asa_seconds"].is_null());
  // CSV: the new columns after the original ones, which keep their order.
  const std::string c = ccsim::io::group_intervals_csv(r);
  CHECK(c.rfind("index,start_seconds,start,weekday,date,site,group,local_start,local_weekday,"
                "local_date,agents_on_duty,occupancy,answered,service_level_of_answered,"
                "asa_seconds,answered_ci95,service_level_of_answered_ci95,asa_seconds_ci95\n",
                0) == 0);
  CHECK(c.find("\n50,90000,d1 01:00,Tue,2026-03-03,main,all,d1 03:00,Tue,2026-03-03,5,0.5,12.5,"
               "0.75,8.25,1.5,0.05,0.25\n") != std::string::npos);
  CHECK(c.find(",main,idle,d1 03:00,Tue,2026-03-03,5,0.5,0,,,0,,\n") != std::string::npos);
  // One replication: no half-widths, empty cells (as in intervals.csv).
  auto one = r;
  one.replications = 1;
  CHECK_FALSE(nlohmann::json::parse(ccsim::io::to_json(one))["group_intervals"][0].contains(
      "ci95_half_width"));
  CHECK(ccsim::io::group_intervals_csv(one).find(",12.5,0.75,8.25,,,\n") != std::string::npos);
}

TEST_CASE("site interval rows: JSON keys in order, CSV columns, null where undefined",
          "[io][report]") {
  auto r = with_groups();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ccsim::models::SiteIntervalRow x;
  x.index = 50;
  x.start_seconds = 90000;
  x.site = "main";
  x.channel = "voice";
  x.offered = 10;
  x.answered = 8;
  x.abandoned = 2;
  x.service_level = 0.625;
  x.abandon_rate = 0.2;
  x.asa_seconds = 4.5;
  x.answered_here = 6;
  x.asa_here = 3.5;
  x.offered_ci95 = 2;
  x.service_level_ci95 = 0.125;
  x.asa_seconds_ci95 = 0.5;
  x.abandon_rate_ci95 = 0.0625;
  r.site_intervals.push_back(x);
  x.channel = "e,mail";
  x.offered = x.answered = x.abandoned = 0;
  x.offered_ci95 = 0;
  x.service_level = x.abandon_rate = x.asa_seconds = nan;
  x.service_level_ci95 = x.abandon_rate_ci95 = x.asa_seconds_ci95 = nan;
  x.answered_here = 0;
  x.asa_here = nan;
  r.site_intervals.push_back(x);

  const std::string text = ccsim::io::to_json(r);
  CHECK(text.find("\"group_intervals\"") < text.find("\"site_intervals\""));
  const auto j = nlohmann::ordered_json::parse(text);
  REQUIRE(j["site_intervals"].size() == 2);
  const auto& a = j["site_intervals"][0];
  std::vector<std::string> keys;
  for (const auto& [k, v] : a.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"index", "start_seconds", "start", "weekday", "date",
                                         "site", "channel", "local_start", "local_weekday",
                                         "local_date", "offered", "answered", "abandoned",
                                         "service_level", "abandon_rate", "asa_seconds",
                                         "answered_here", "asa_here", "ci95_half_width"});
  CHECK(a["ci95_half_width"] == nlohmann::ordered_json{{"offered", 2},
                                                       {"service_level", 0.125},
                                                       {"asa_seconds", 0.5},
                                                       {"abandon_rate", 0.0625}});
  CHECK(a["start"] == "d1 01:00");
  CHECK(a["local_start"] == "d1 03:00");  // the site is at UTC+2
  CHECK(a["date"] == "2026-03-03");
  CHECK(a["service_level"] == 0.625);
  CHECK(a["asa_here"] == 3.5);
  const auto& b = j["site_intervals"][1];
  for (const char* k : {"service_level", "abandon_rate", "asa_seconds", "asa_here"}) {
    INFO(k);
    CHECK(b[k].is_null());
  }
  // Without a start date: no date keys.
  r.start_date.clear();
  const auto u = nlohmann::json::parse(ccsim::io::to_json(r));
  CHECK_FALSE(u["site_intervals"][0].contains("date"));
  CHECK_FALSE(u["site_intervals"][0].contains("local_date"));
  r.start_date = "2026-03-02";

  const std::string c = ccsim::io::site_intervals_csv(r);
  CHECK(std::count(c.begin(), c.end(), '\n') == 3);
  CHECK(c.rfind("index,start_seconds,start,weekday,date,site,channel,local_start,local_weekday,"
                "local_date,offered,answered,abandoned,service_level,abandon_rate,asa_seconds,"
                "answered_here,asa_here,offered_ci95,service_level_ci95,asa_seconds_ci95,"
                "abandon_rate_ci95\n",
                0) == 0);
  CHECK(c.find("\n50,90000,d1 01:00,Tue,2026-03-03,main,voice,d1 03:00,Tue,2026-03-03,10,8,2,"
               "0.625,0.2,4.5,6,3.5,2,0.125,0.5,0.0625\n") != std::string::npos);
  CHECK(c.find(",main,\"e,mail\",d1 03:00,Tue,2026-03-03,0,0,0,,,,0,,0,,,\n") != std::string::npos);
  const auto files = ccsim::io::run_writers().render_files(r);
  CHECK(std::count_if(files.begin(), files.end(), [&](const auto& f) {
          return f.first == "site_intervals.csv" && f.second == c;
        }) == 1);
}
