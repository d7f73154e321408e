// The CSV contact trace (see ccsim/io/trace.hpp). Rows are formatted straight into one buffer
// with fmt (format strings compiled: no parsing per row) and written in blocks of about 1 MiB;
// names are CSV-quoted once, up front.

#include "ccsim/io/trace.hpp"

#include <algorithm>
#include <cmath>

#include <string>
#include <string_view>

#include <fmt/compile.h>

#include "text.hpp"

namespace ccsim::io {

namespace {

constexpr long long kFirstDay = -2;  // local clocks run up to a day behind UTC
constexpr std::size_t kFlushBytes = std::size_t{1} << 20;

std::string field(const std::string& name) {
  std::string s = detail::csv_line({name});
  s.pop_back();  // the newline
  return s;
}

const char* outcome_name(models::ContactOutcome o) {
  switch (o) {
    case models::ContactOutcome::answered:
      return "answered";
    case models::ContactOutcome::abandoned:
      return "abandoned";
    case models::ContactOutcome::unanswered:
      return "unanswered";
    case models::ContactOutcome::callback_failed:
      return "callback_failed";
  }
  return "";
}

}  // namespace

TraceCsvWriter::TraceCsvWriter(const models::Scenario& s, const std::string& path)
    : file_(path), start_weekday_(s.start_weekday) {
  for (const models::ChannelConfig& c : s.channels) channels_.push_back(field(c.name));
  for (const models::Region& r : s.regions) regions_.push_back(field(r.name));
  for (const models::SiteConfig& site : s.sites) {
    sites_.push_back(field(site.name));
    site_offset_seconds_.push_back(site.utc_offset_hours * 3600.0);
    std::vector<std::string>& g = groups_.emplace_back();
    for (const models::AgentGroupConfig& group : site.groups) g.push_back(field(group.name));
  }
  const long long last = static_cast<long long>(std::ceil(s.horizon_days)) + 2;
  for (long long d = kFirstDay; d <= last; ++d)
    days_.push_back(s.start_date.empty() ? fmt::format("d{}", d)
                                         : detail::add_days(s.start_date, d));
  const std::string_view header =
      "arrival_seconds,day,weekday,time,local_site,local_day,local_weekday,local_time,channel,"
      "region,home_site,site,group,attempt,outcome,wait_seconds,handle_seconds,wrap_seconds\n";
  buffer_.append(header.data(), header.data() + header.size());
}

const std::string& TraceCsvWriter::day_label(long long day) const {
  const long long i = day - kFirstDay;
  return days_[static_cast<std::size_t>(
      std::min<long long>(std::max<long long>(i, 0), static_cast<long long>(days_.size()) - 1))];
}

void TraceCsvWriter::on_contact(const models::ContactRecord& r) {
  const auto out = fmt::appender(buffer_);  // straight into the buffer (no per-char copy)
  // day, weekday, time of day of `seconds` after day 0 00:00 (UTC or a site's clock).
  const auto when = [&](double seconds) {
    const auto ms = static_cast<long long>(std::floor(seconds * 1000.0));
    const long long day = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    const long long in_day = ms - day * 86400000;
    fmt::format_to(out, FMT_COMPILE(",{},{},{:02}:{:02}:{:02}.{:03}"), day_label(day),
                   detail::weekday_name(day + start_weekday_), in_day / 3600000,
                   (in_day / 60000) % 60, (in_day / 1000) % 60, in_day % 1000);
  };
  const auto name = [&](const std::vector<std::string>& names, int i) -> std::string_view {
    return i >= 0 && static_cast<std::size_t>(i) < names.size() ? names[static_cast<std::size_t>(i)]
                                                                : std::string_view();
  };
  fmt::format_to(out, FMT_COMPILE("{}"), r.arrival_seconds);
  when(r.arrival_seconds);
  const int local = r.site >= 0 ? r.site : r.home_site;
  const double offset = local >= 0 ? site_offset_seconds_[static_cast<std::size_t>(local)] : 0.0;
  fmt::format_to(out, FMT_COMPILE(",{}"), name(sites_, local));
  when(r.arrival_seconds + offset);
  const std::string_view group =
      r.site >= 0 ? name(groups_[static_cast<std::size_t>(r.site)], r.group) : std::string_view();
  fmt::format_to(out, FMT_COMPILE(",{},{},{},{},{},{},{},{},{},{}\n"), name(channels_, r.channel),
                 name(regions_, r.region), name(sites_, r.home_site), name(sites_, r.site), group,
                 r.attempt, outcome_name(r.outcome), r.wait_seconds, r.handle_seconds,
                 r.wrap_seconds);
  ++rows_;
  if (buffer_.size() >= kFlushBytes) flush();
}

void TraceCsvWriter::flush() {
  if (!failed_) {
    try {
      file_.write(std::string_view(buffer_.data(), buffer_.size()));
    } catch (const InputError& e) {
      failed_ = e;  // kept for finish(): this may be a worker thread
    }
  }
  buffer_.clear();
}

void TraceCsvWriter::finish() {
  flush();
  if (failed_) throw *failed_;  // the temporary is removed with file_, nothing is put in place
  file_.commit();
}

}  // namespace ccsim::io
