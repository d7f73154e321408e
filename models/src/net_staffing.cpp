#include "ccsim/models/net_staffing.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "ccsim/models/roster.hpp"
#include "ccsim/models/staffing.hpp"
#include "staffing/staffing_parts.hpp"

namespace ccsim::models {

namespace {

using staffing::at;
using staffing::Index;

}  // namespace

NetStaffing net_staffing(const Scenario& s, const std::vector<NetStaffingSeries>& series) {
  const int n = s.horizon_intervals();
  NetStaffing out;
  out.interval_seconds = s.interval_seconds;
  out.intervals = n;
  out.start_weekday = s.start_weekday;
  out.start_date = s.start_date;
  for (const SiteConfig& site : s.sites) {
    NetStaffingSite ns;
    ns.name = site.name;
    ns.utc_offset_hours = site.utc_offset_hours;
    for (const AgentGroupConfig& g : site.groups) ns.groups.push_back(g.name);
    out.sites.push_back(std::move(ns));
  }
  std::vector<const NetStaffingSeries*> sorted;
  for (const NetStaffingSeries& x : series) {
    if (x.site < 0 || x.site >= static_cast<int>(s.sites.size()) || x.group < 0 ||
        x.group >= static_cast<int>(s.sites[at(x.site)].groups.size()))
      throw std::invalid_argument("net staffing: no such site/group");
    if (x.required.size() != at(n) || x.scheduled.size() != at(n))
      throw std::invalid_argument("net staffing: a series does not have one value per interval");
    sorted.push_back(&x);
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
    return a->site != b->site ? a->site < b->site : a->group < b->group;
  });
  std::vector<bool> has_rows(s.sites.size(), false);
  for (const auto* x : sorted) has_rows[at(x->site)] = true;
  for (Index si = 0; si < s.sites.size(); ++si)
    if (has_rows[si]) out.sites[si].intervals = n;
  out.rows.reserve(sorted.size() * at(n));
  std::vector<double> short_of(s.sites.size()), over_of(s.sites.size());
  for (int i = 0; i < n; ++i) {
    const double len = staffing::interval_length(s, i);
    std::fill(short_of.begin(), short_of.end(), 0.0);
    std::fill(over_of.begin(), over_of.end(), 0.0);
    for (const auto* x : sorted) {
      NetStaffingRow row;
      row.interval = i;
      row.start_seconds = i * s.interval_seconds;
      row.length_seconds = len;
      row.site = x->site;
      row.group = x->group;
      row.required = x->required[at(i)];
      row.scheduled = x->scheduled[at(i)];
      NetStaffingSite& ns = out.sites[at(x->site)];
      ns.seat_hours_required += row.required * len / 3600.0;
      ns.seat_hours_scheduled += row.scheduled * len / 3600.0;
      if (row.is_short()) short_of[at(x->site)] -= row.net();
      if (row.is_over()) over_of[at(x->site)] += row.net();
      out.rows.push_back(row);
    }
    for (Index si = 0; si < s.sites.size(); ++si) {
      NetStaffingSite& ns = out.sites[si];
      ns.seat_hours_short += short_of[si] * len / 3600.0;
      ns.seat_hours_over += over_of[si] * len / 3600.0;
      if (short_of[si] > 0) {
        ++ns.intervals_short;
        if (short_of[si] > ns.worst_shortfall) {
          ns.worst_shortfall = short_of[si];
          ns.worst_interval = i;
        }
      } else if (over_of[si] > 0) {
        ++ns.intervals_over;
      }
    }
  }
  return out;
}

NetStaffing net_staffing(const Scenario& s, const StaffingPlan& plan) {
  std::vector<NetStaffingSeries> series;
  for (const GroupStaffing& g : plan.groups) {
    const std::vector<int>& seats = plan.simulated ? g.seats_simulated : g.seats_analytic;
    NetStaffingSeries x;
    x.site = g.site;
    x.group = g.group;
    x.required.assign(seats.begin(), seats.end());
    x.scheduled = g.seats_on_duty;
    series.push_back(std::move(x));
  }
  return net_staffing(s, series);
}

NetStaffing net_staffing(const Scenario& s, const RosterPlan& plan) {
  std::vector<NetStaffingSeries> series;
  for (const RosterCoverage& c : plan.coverage) {
    if (!roster_rules(s, c.site, c.group)) continue;  // not rostered: not the roster's seats
    NetStaffingSeries x;
    x.site = c.site;
    x.group = c.group;
    x.required.assign(c.required.begin(), c.required.end());
    x.scheduled = c.productive;
    series.push_back(std::move(x));
  }
  return net_staffing(s, series);
}

std::vector<std::vector<double>> scheduled_agents(const Scenario& scenario) {
  std::vector<std::vector<double>> out;
  for (int si = 0; si < static_cast<int>(scenario.sites.size()); ++si)
    out.push_back(staffing::seats_on_duty(scenario, si));
  return out;
}

}  // namespace ccsim::models
