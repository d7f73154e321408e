// Reports and batch input of `ccsim erlang`.
#include "ccsim/io/erlang_report.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ccsim/io/error.hpp"
#include "text.hpp"

namespace ccsim::io {

namespace {

using Json = nlohmann::ordered_json;

// Adds the keys of the contract, in the contract's order (docs/contract.md): the ten first
// ones, then the other service-level definitions.
void put_metrics(Json& j, const models::QueueMetrics& m) {
  j["model"] = m.model;
  j["agents"] = m.agents;
  j["offered_load_erlangs"] = m.offered_load_erlangs;
  j["p_wait"] = m.p_wait;
  j["service_level"] = m.service_level;
  j["sl_seconds"] = m.sl_seconds;
  j["asa_seconds"] = m.asa_seconds;
  j["mean_wait_seconds"] = m.mean_wait_seconds;
  j["p_abandon"] = m.p_abandon;
  j["occupancy"] = m.occupancy;
  j["service_level_of_answered"] = m.service_level_of_answered;
  j["service_level_excluding_abandoned"] = m.service_level_excluding_abandoned;
  j["service_level_excluding_short_abandons"] = m.service_level_excluding_short_abandons;
  j["short_abandon_seconds"] = m.short_abandon_seconds;
  j["p_abandon_within_sl"] = m.p_abandon_within_sl;
  j["p_abandon_short"] = m.p_abandon_short;
}

std::string model_title(const std::string& model) {
  return model == "erlang-a" ? "Erlang A (M/M/N+M, exponential patience)" : "Erlang C (M/M/N)";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

struct Field {
  std::string_view text;
  int column = 0;  // 1-based column of the field's first character
};

std::vector<Field> split(std::string_view line) {
  std::vector<Field> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    const std::string_view raw = line.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    const std::string_view t = trim(raw);
    const std::size_t lead = t.empty() ? 0 : static_cast<std::size_t>(t.data() - raw.data());
    fields.push_back({t, static_cast<int>(start + lead) + 1});
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::vector<ErlangIntervalRow> read_erlang_intervals(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError({path, 0, 0}, "is a directory; expected an intervals CSV file");
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError({path, 0, 0}, "cannot open the intervals file");
  std::ostringstream buffer;
  buffer << file.rdbuf();
  if (file.bad()) throw InputError({path, 0, 0}, "cannot read the intervals file");
  return parse_erlang_intervals(buffer.str(), path);
}

std::vector<ErlangIntervalRow> parse_erlang_intervals(std::string_view text,
                                                      const std::string& path) {
  // The one UTF-8 check of text input: labels are echoed into tables and JSON.
  if (const auto p = detail::check_utf8(text))
    throw InputError({path, p->line, p->column}, "not a text file: " + p->message);
  std::istringstream in{std::string(text)};
  std::vector<ErlangIntervalRow> rows;
  std::string line;
  int line_no = 0;
  std::size_t columns = 0;  // 0 until the header is read
  auto fail = [&](int column, const std::string& message) -> void {
    throw InputError({path, line_no, column}, message);
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string_view content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    const std::vector<Field> fields = split(line);
    if (columns == 0) {
      static const char* const kNames[] = {"interval", "calls", "aht", "patience"};
      if (fields.size() < 3 || fields.size() > 4)
        fail(1, fmt::format("expected the header 'interval,calls,aht[,patience]', got {} column(s)",
                            fields.size()));
      for (std::size_t i = 0; i < fields.size(); ++i)
        if (lower(fields[i].text) != kNames[i])
          fail(fields[i].column, fmt::format("header column {} must be '{}', got '{}'", i + 1,
                                             kNames[i], fields[i].text));
      columns = fields.size();
      continue;
    }
    if (fields.size() != columns)
      fail(1, fmt::format("expected {} columns as in the header, got {}", columns, fields.size()));
    auto number = [&](const Field& f, const char* name, bool allow_zero) {
      double x = 0.0;
      const auto status = detail::parse_decimal(f.text, x);
      if (status != detail::NumberStatus::ok)
        fail(f.column, fmt::format("{} must be a finite number, got '{}'", name, f.text));
      if (x < 0.0 || (!allow_zero && x == 0.0))
        fail(f.column,
             fmt::format("{} must be {} 0, got {}", name, allow_zero ? ">=" : ">", f.text));
      return x;
    };
    ErlangIntervalRow row;
    row.line = line_no;
    row.interval = std::string(fields[0].text);
    if (row.interval.empty()) fail(1, "the interval label is empty");
    row.calls = number(fields[1], "calls", true);
    row.aht_seconds = number(fields[2], "aht (seconds)", false);
    if (columns == 4) row.patience_seconds = number(fields[3], "patience (seconds)", false);
    rows.push_back(std::move(row));
  }
  if (in.bad()) throw InputError({path, line_no, 0}, "read error");
  if (columns == 0)
    throw InputError({path, 0, 0},
                     "empty file: expected the header 'interval,calls,aht[,patience]'");
  if (rows.empty()) throw InputError({path, line_no, 0}, "no interval rows after the header");
  return rows;
}

std::string erlang_json(const models::QueueMetrics& m) {
  Json j = Json::object();
  put_metrics(j, m);
  return j.dump(2) + "\n";
}

std::string erlang_table(const models::QueueMetrics& m, const std::string& heading) {
  std::string out = heading.empty() ? "" : heading + "\n";
  out += model_title(m.model) + "\n";
  auto row = [&out](std::string_view name, const std::string& value, std::string_view note) {
    std::string line = fmt::format("  {:<15} {:>16}  {}", name, value, note);
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  };
  const std::string t = detail::format_number(m.sl_seconds);
  row("agents", fmt::format("{}", m.agents), "");
  row("offered load", fmt::format("{:.3f}", m.offered_load_erlangs), "Erlangs");
  row("P(wait)", fmt::format("{:.2f} %", m.p_wait * 100), "share of contacts that wait");
  row("service level", fmt::format("{:.2f} %", m.service_level * 100),
      fmt::format("answered within {} s / offered", t));
  row("ASA", fmt::format("{:.2f} s", m.asa_seconds), "mean wait of answered contacts");
  row("mean wait", fmt::format("{:.2f} s", m.mean_wait_seconds), "over all offered contacts");
  row("abandoned", fmt::format("{:.2f} %", m.p_abandon * 100), "of offered contacts");
  row("occupancy", fmt::format("{:.2f} %", m.occupancy * 100), "busy time / staffed time");
  const std::string x = detail::format_number(m.short_abandon_seconds);
  out += fmt::format(
      "  service level within {} s, by definition (numerator: answered within {} s)\n", t, t);
  row("  /offered", fmt::format("{:.2f} %", m.service_level * 100), "(the one above)");
  row("  /answered", fmt::format("{:.2f} %", m.service_level_of_answered * 100),
      "abandons left out");
  row("  /(off-ab<=T)", fmt::format("{:.2f} %", m.service_level_excluding_abandoned * 100),
      fmt::format("abandons within {} s left out ({:.2f} % of offered)", t,
                  m.p_abandon_within_sl * 100));
  row("  /(off-ab<X)", fmt::format("{:.2f} %", m.service_level_excluding_short_abandons * 100),
      fmt::format("abandons shorter than {} s left out ({:.2f} % of offered)", x,
                  m.p_abandon_short * 100));
  return out;
}

std::string erlang_intervals_json(const std::vector<ErlangIntervalResult>& results,
                                  double interval_minutes) {
  Json rows = Json::array();
  for (const auto& r : results) {
    Json j{{"interval", r.row.interval},
           {"calls", r.row.calls},
           {"aht_seconds", r.row.aht_seconds},
           {"patience_seconds", r.row.patience_seconds ? Json(*r.row.patience_seconds) : Json()}};
    put_metrics(j, r.metrics);
    rows.push_back(std::move(j));
  }
  return Json{{"interval_minutes", interval_minutes}, {"intervals", std::move(rows)}}.dump(2) +
         "\n";
}

std::string erlang_intervals_table(const std::vector<ErlangIntervalResult>& results,
                                   double interval_minutes, const std::string& heading) {
  std::string out = heading.empty() ? "" : heading + "\n";
  if (!results.empty())
    out += fmt::format("{}, {}-minute intervals, service level within {} s\n",
                       model_title(results.front().metrics.model),
                       detail::format_number(interval_minutes),
                       detail::format_number(results.front().metrics.sl_seconds));
  out += fmt::format("{:<12} {:>9} {:>8} {:>9} {:>7} {:>9} {:>9} {:>10} {:>10} {:>9} {:>10}\n",
                     "interval", "calls", "aht s", "load Erl", "agents", "P(wait)", "SL", "ASA s",
                     "mean wait", "abandon", "occupancy");
  for (const auto& r : results) {
    const auto& m = r.metrics;
    out += fmt::format(
        "{:<12} {:>9} {:>8} {:>9.2f} {:>7} {:>8.2f}% {:>8.2f}% {:>10.2f} {:>10.2f} {:>8.2f}% "
        "{:>9.2f}%\n",
        r.row.interval, detail::format_number(r.row.calls),
        detail::format_number(r.row.aht_seconds), m.offered_load_erlangs, m.agents, m.p_wait * 100,
        m.service_level * 100, m.asa_seconds, m.mean_wait_seconds, m.p_abandon * 100,
        m.occupancy * 100);
  }
  return out;
}

}  // namespace ccsim::io
