#pragma once
// The check every net staffing JSON block (`ccsim staff`, `ccsim roster`) must pass.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace ccsim::test {

/// Checks the net_staffing block of a staff or roster JSON: every row's net is scheduled -
/// required and its flag follows; each site's summary equals a recount over the rows.
inline void check_net_block(const nlohmann::json& net) {
  std::map<std::string, std::map<int, std::pair<double, double>>> per_site;  // short, over
  for (const auto& row : net.at("intervals")) {
    const double req = row.at("required"), sch = row.at("scheduled"), n = row.at("net");
    CHECK(n == Approx(sch - req).margin(1e-9));
    const std::string flag = row.at("flag");
    CHECK(flag == (n < -1e-6 ? "short" : n > 1e-6 ? "over" : ""));
    auto& cell = per_site[row.at("site").get<std::string>()][row.at("index").get<int>()];
    if (n < -1e-6) cell.first -= n;
    if (n > 1e-6) cell.second += n;
  }
  for (const auto& [site, cells] : per_site) {
    const auto& s = net.at("sites").at(site);
    int short_n = 0, over_n = 0;
    double worst = 0;
    for (const auto& [i, c] : cells) {
      short_n += c.first > 0;
      over_n += c.first == 0 && c.second > 0;
      worst = std::max(worst, c.first);
    }
    CAPTURE(site);
    CHECK(s.at("intervals") == cells.size());
    CHECK(s.at("intervals_short") == short_n);
    CHECK(s.at("intervals_over") == over_n);
    CHECK(s.at("worst_shortfall").get<double>() == Approx(worst));
  }
}

}  // namespace ccsim::test
