#pragma once
/// Writers of the net staffing view (models/net_staffing.hpp), shared by `ccsim staff` and
/// `ccsim roster`: the same columns and keys in both.

#include <string>

#include "ccsim/models/net_staffing.hpp"

namespace ccsim::io {

/// net_staffing.csv: one row per counted interval and site x group: index, start_seconds,
/// start (UTC), weekday, date (with horizon.start_date), site, group, local_start,
/// local_weekday, local_date (the site's local time), required, scheduled, net (scheduled -
/// required) and flag ("short", "over" or empty).
std::string net_staffing_csv(const models::NetStaffing& net);

/// The per-site summary as a text table (intervals short and over, worst shortfall and when,
/// seat-hours required, scheduled, short and over), ending with a newline.
std::string net_staffing_table(const models::NetStaffing& net);

}  // namespace ccsim::io
