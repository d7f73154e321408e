#pragma once
// The net staffing view in JSON and in HTML charts (private to io: the staff and roster
// writers embed them).

#include <nlohmann/json.hpp>

#include "ccsim/models/net_staffing.hpp"
#include "html.hpp"

namespace ccsim::io::detail {

/// {"sites": {<name>: summary}, "intervals": [rows]}: the keys of net_staffing_csv() per row,
/// per site intervals, intervals_short, intervals_over, worst_shortfall, worst_interval and
/// worst_start (null when never short), worst_local_start, seat_hours_required,
/// seat_hours_scheduled, seat_hours_short, seat_hours_over.
nlohmann::ordered_json net_staffing_json(const models::NetStaffing& net);

/// Per site with rows: required vs scheduled seats (sums over its groups) and the net per
/// interval (sum over groups of max(0, -net) drawn below zero as "short", over above), on the
/// document's time axis (set it to net.intervals intervals first).
void net_staffing_charts(html::Document& doc, const models::NetStaffing& net);

}  // namespace ccsim::io::detail
