// HTML reports on synthetic results: self-contained, one chart per figure, the data block
// holds one value per interval, targets become lines. (Drawing is checked in a real browser by
// the `browser` ctest label.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "ccsim/io/report.hpp"
#include "ccsim/io/staff_report.hpp"

namespace {

ccsim::models::RunResults two_channels(int intervals) {
  ccsim::models::RunResults r;
  r.scenario = "html <test>";
  r.replications = 2;
  r.horizon_days = intervals / 48.0;
  r.interval_seconds = 1800;
  r.start_weekday = 2;  // Wednesday
  for (const char* name : {"voice", "mail"}) {
    ccsim::models::ChannelSummary c;
    c.name = name;
    c.kind = std::string(name) == "mail" ? ccsim::models::ChannelKind::email
                                         : ccsim::models::ChannelKind::call;
    c.sl_seconds = std::string(name) == "mail" ? 86400 : 20;
    if (c.kind == ccsim::models::ChannelKind::call) c.targets.service_level = 0.8;
    r.channels.push_back(c);
  }
  ccsim::models::SiteSummary s;
  s.name = "main";
  s.utc_offset_hours = 3;
  r.sites = {s};
  for (int i = 0; i < intervals; ++i) {
    for (const auto& c : r.channels) {
      ccsim::models::IntervalRow row;
      row.index = i;
      row.start_seconds = i * 1800.0;
      row.channel = c.name;
      row.offered = 10 + i;
      row.answered = 9;
      row.abandoned = 1;
      row.service_level = 0.75;
      row.asa_seconds = 30;
      row.backlog_end = i;
      r.intervals.push_back(row);
    }
    ccsim::models::GroupIntervalRow g;
    g.index = i;
    g.start_seconds = i * 1800.0;
    g.site = "main";
    g.group = "all";
    g.agents_on_duty = 5;
    g.occupancy = 0.5;
    r.group_intervals.push_back(g);
  }
  return r;
}

nlohmann::json data_block(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"ccsim-data\">";
  const auto a = html.find(open);
  REQUIRE(a != std::string::npos);
  const auto b = html.find("</script>", a);
  return nlohmann::json::parse(html.substr(a + open.size(), b - a - open.size()));
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("run HTML report is self-contained and holds one chart per figure", "[io][html]") {
  const auto r = two_channels(96);
  const std::string html = ccsim::io::to_html(r);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("echarts") != std::string::npos);  // the library is inlined
  CHECK(html.find("<script src") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("html &lt;test&gt;") != std::string::npos);  // names are escaped
  const auto data = data_block(html);
  REQUIRE(data["time"].size() == 96);
  CHECK(data["time"][0] == "Wed d0 00:00");
  CHECK(data["time"][48] == "Thu d1 00:00");
  // voice: offered, SL, ASA, abandon; mail: offered, SL, ASA, backlog; site: on duty, heat map.
  REQUIRE(data["charts"].size() == 10);
  CHECK(count(html, "<figure>") == data["charts"].size());
  for (const auto& c : data["charts"]) {
    CHECK(html.find("id=\"" + c["id"].get<std::string>() + "\"") != std::string::npos);
    if (c["option"]["xAxis"]["data"] == "$time")
      for (const auto& s : c["option"]["series"]) CHECK(s["data"].size() == 96);
  }
  // The voice service-level chart carries the 0.8 target; the mail one has none.
  CHECK(data["charts"][1]["option"]["series"][0]["markLine"]["data"][0]["yAxis"] == 0.8);
  CHECK_FALSE(data["charts"][5]["option"]["series"][0].contains("markLine"));
  // Email backlog per interval end is drawn as given.
  CHECK(data["charts"][7]["option"]["series"][0]["data"][10] == 10.0);
  // Heat map: occupancy 0.5 everywhere the site had agents, at local hours (UTC+3).
  const auto& heat = data["charts"][9]["option"];
  REQUIRE(heat["series"][0]["type"] == "heatmap");
  CHECK(heat["series"][0]["data"].size() == 48);  // 2 days x 24 hours
  for (const auto& cell : heat["series"][0]["data"]) CHECK(cell[2] == 0.5);
  CHECK(ccsim::io::to_html(r) == html);  // deterministic

  // With site interval rows: one more chart per site, a line per channel of its rows.
  auto with_sites = r;
  for (int i = 0; i < 96; ++i) {
    ccsim::models::SiteIntervalRow x;
    x.index = i;
    x.start_seconds = i * 1800.0;
    x.site = "main";
    x.channel = r.channels[0].name;
    x.offered = 10;
    x.service_level = i == 5 ? std::numeric_limits<double>::quiet_NaN() : 0.9;
    with_sites.site_intervals.push_back(x);
  }
  const auto d2 = data_block(ccsim::io::to_html(with_sites));
  REQUIRE(d2["charts"].size() == 11);
  const auto& sl = d2["charts"][10]["option"]["series"];
  REQUIRE(sl.size() == 1);
  CHECK(sl[0]["name"] == r.channels[0].name);
  CHECK(sl[0]["data"][0] == 0.9);
  CHECK(sl[0]["data"][5].is_null());  // undefined: a gap, not 0
}

TEST_CASE("HTML formats are registered for run and staff and written by --out", "[io][html]") {
  const auto formats = ccsim::io::run_writers().formats();
  CHECK(std::find(formats.begin(), formats.end(), "html") != formats.end());
  const auto files = ccsim::io::run_writers().out_files();
  CHECK(std::find(files.begin(), files.end(), "report.html") != files.end());
  const auto sfiles = ccsim::io::staff_writers().out_files();
  CHECK(std::find(sfiles.begin(), sfiles.end(), "report.html") != sfiles.end());
}

TEST_CASE("staff HTML report sets the requirement against the schedule", "[io][html]") {
  ccsim::models::StaffingPlan p;
  p.scenario = "s";
  p.interval_seconds = 1800;
  p.horizon_days = 1;
  ccsim::models::SiteStaffing site;
  site.name = "main";
  p.sites = {site};
  ccsim::models::ChannelStaffing ch;
  ch.name = "voice";
  p.channels = {ch};
  for (int i = 0; i < 48; ++i) p.rows.push_back({i, i * 1800.0, 0, 0, 10 + i % 3, std::nullopt});
  // The net staffing view as plan_staffing() fills it: required 10, 11, 12, ... vs 11 on duty.
  p.net.interval_seconds = 1800;
  p.net.intervals = 48;
  ccsim::models::NetStaffingSite ns;
  ns.name = "main";
  ns.groups = {"agents"};
  ns.intervals = 48;
  p.net.sites = {ns};
  for (int i = 0; i < 48; ++i)
    p.net.rows.push_back({i, i * 1800.0, 1800.0, 0, 0, 10.0 + i % 3, 11.0});
  const auto data = data_block(ccsim::io::to_html(p));
  REQUIRE(data["charts"].size() == 3);  // required vs scheduled, net, per channel
  const auto& series = data["charts"][0]["option"]["series"];
  REQUIRE(series.size() == 2);  // requirement, scheduled
  CHECK(series[0]["data"][2] == 12.0);
  CHECK(series[1]["data"][2] == 11.0);
  const auto& net = data["charts"][1]["option"]["series"];
  REQUIRE(net.size() == 2);          // short, over
  CHECK(net[0]["data"][0] == 0.0);   // 11 - 10: not short
  CHECK(net[1]["data"][0] == 1.0);   // over by one
  CHECK(net[0]["data"][2] == -1.0);  // 11 - 12: short by one
  CHECK(net[1]["data"][2] == 0.0);
}

TEST_CASE("run HTML report sets each site's agents on duty against the requirement", "[io][html]") {
  auto r = two_channels(96);
  r.required_note = "no targets";
  CHECK(ccsim::io::to_html(r).find("vs required (no targets)") != std::string::npos);
  r.required_note.clear();
  r.site_required = {std::vector<double>(96, 4.0)};
  r.site_required[0][5] = 7.0;
  const auto data = data_block(ccsim::io::to_html(r));
  REQUIRE(data["charts"].size() == 10);
  const auto& series = data["charts"][8]["option"]["series"];  // the site's on-duty chart
  REQUIRE(series.size() >= 2);
  CHECK(series.back()["name"] == "required (Erlang, all groups)");
  CHECK(series.back()["data"][0] == 4.0);
  CHECK(series.back()["data"][5] == 7.0);
}
