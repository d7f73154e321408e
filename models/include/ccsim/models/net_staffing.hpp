#pragma once
/// Net staffing, the "where am I short" view: per counted interval and site x agent group,
/// the seats required set against the seats scheduled, net = scheduled - required (below zero:
/// short), and per site a summary (intervals short, worst shortfall, seat-hours short and
/// over). Built from a staffing plan (required: the simulated seats, else the analytic ones;
/// scheduled: the seats the scenario puts on duty, GroupStaffing::seats_on_duty) or from a
/// roster (required: the staffing requirement the roster covers, RosterCoverage::required;
/// scheduled: the rostered agents on duty and not on break, RosterCoverage::productive).
///
/// Definitions (per site s and counted interval i, length len_i; g runs over the site's groups
/// in the view):
///   short_i = sum_g max(0, -net_{g,i}),  over_i = sum_g max(0, net_{g,i})
///   intervals_short = #{i : short_i > 0}, intervals_over = #{i : over_i > 0 and short_i = 0}
///   worst_shortfall = max_i short_i (its first interval: worst_interval; -1 when never short)
///   seat_hours_short = sum_i short_i x len_i / 3600, seat_hours_over likewise.
/// Seats of one group do not cover another group's shortage (they may lack its skills), so a
/// site is short in an interval when any of its groups is. Nets within kNetTolerance of zero
/// are zero (scheduled seats are time averages: 6 agents for 29 of 30 minutes is 5.8).

#include <string>
#include <vector>

#include "ccsim/models/scenario.hpp"

namespace ccsim::models {

struct StaffingPlan;
struct RosterPlan;

/// |net| at or below this is neither short nor over.
inline constexpr double kNetTolerance = 1e-6;

/// One site x group in one counted interval.
struct NetStaffingRow {
  int interval = 0;           ///< counted interval index from day 0, 00:00 UTC
  double start_seconds = 0;   ///< from day 0, 00:00 UTC
  double length_seconds = 0;  ///< the interval's length (the last one may be partial)
  int site = 0;               ///< index into NetStaffing::sites (= Scenario::sites)
  int group = 0;              ///< index into SiteConfig::groups (and NetStaffingSite::groups)
  double required = 0;        ///< seats required
  double scheduled = 0;       ///< time-average seats on duty (not on break)
  double net() const { return scheduled - required; }
  bool is_short() const { return net() < -kNetTolerance; }
  bool is_over() const { return net() > kNetTolerance; }
};

/// Per site: its names and offset (for local times) and the summary over its rows.
struct NetStaffingSite {
  std::string name;
  double utc_offset_hours = 0;
  std::vector<std::string> groups;  ///< every group of the site, scenario order
  int intervals = 0;
  int intervals_short = 0;
  int intervals_over = 0;
  double worst_shortfall = 0;  ///< seats, >= 0
  int worst_interval = -1;     ///< first interval with the worst shortfall; -1 when never short
  double seat_hours_required = 0, seat_hours_scheduled = 0;
  double seat_hours_short = 0, seat_hours_over = 0;
};

/// The whole view.
struct NetStaffing {
  double interval_seconds = 0;
  int intervals = 0;                   ///< counted intervals
  int start_weekday = 0;               ///< of day 0, 0 = Monday
  std::string start_date;              ///< ISO date of day 0 when the scenario gives one
  std::vector<NetStaffingSite> sites;  ///< every site, scenario order (summaries 0 without rows)
  std::vector<NetStaffingRow> rows;    ///< by interval, then site, then group
};

/// One site x group's seats per counted interval, the input of net_staffing().
struct NetStaffingSeries {
  int site = 0, group = 0;
  std::vector<double> required, scheduled;  ///< horizon_intervals() values each
};

/// The view of `series` (any order; rows come out sorted) on the scenario's intervals. Throws
/// std::invalid_argument when a series has the wrong length or names no group of the scenario.
NetStaffing net_staffing(const Scenario& scenario, const std::vector<NetStaffingSeries>& series);

/// From a staffing plan: every group that serves a channel (StaffingPlan::groups).
NetStaffing net_staffing(const Scenario& scenario, const StaffingPlan& plan);

/// From a roster: every rostered group (one with roster templates, its own or its site's).
NetStaffing net_staffing(const Scenario& scenario, const RosterPlan& plan);

/// Time-average agents on duty per counted interval: [site][interval], sites in scenario order,
/// horizon_intervals() values each (the last interval may be partial). Absences
/// (absence_probability) are not drawn: this is the schedule, not one replication's supply.
std::vector<std::vector<double>> scheduled_agents(const Scenario& scenario);

}  // namespace ccsim::models
