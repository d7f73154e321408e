#include "text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <system_error>

#include <fmt/format.h>

namespace ccsim::io::detail {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

NumberStatus parse_decimal(std::string_view text, double& out) {
  // Validate the shape first: std::from_chars would also take "inf", "nan" and hex digits
  // after a prefix we strip, and YAML users should not get those by accident.
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const std::size_t mantissa_start = i;
  std::size_t digits = 0;
  while (i < text.size() && is_digit(text[i])) ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && is_digit(text[i])) ++i, ++digits;
  }
  if (digits == 0 || i == mantissa_start) return NumberStatus::malformed;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < text.size() && is_digit(text[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return NumberStatus::malformed;
  }
  if (i != text.size()) return NumberStatus::malformed;
  std::string_view body = text;
  const bool negative = !body.empty() && body.front() == '-';
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) body.remove_prefix(1);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec == std::errc::result_out_of_range) {
    // from_chars also reports underflow (1e-400) as out of range; treat that as zero.
    bool nonzero_digit = false;
    for (char c : body) {
      if (c == 'e' || c == 'E') break;
      nonzero_digit = nonzero_digit || (c >= '1' && c <= '9');
    }
    const auto epos = body.find_first_of("eE");
    const bool negative_exponent =
        epos != std::string_view::npos && epos + 1 < body.size() && body[epos + 1] == '-';
    if (nonzero_digit && negative_exponent) {
      out = 0.0;
      return NumberStatus::ok;
    }
    return NumberStatus::out_of_range;
  }
  if (ec != std::errc{} || end != body.data() + body.size()) return NumberStatus::malformed;
  if (!std::isfinite(value)) return NumberStatus::out_of_range;
  out = negative ? -value : value;
  return NumberStatus::ok;
}

NumberStatus parse_uint64(std::string_view text, unsigned long long& out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || !std::all_of(text.begin(), text.end(), is_digit))
    return NumberStatus::malformed;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec == std::errc::result_out_of_range) return NumberStatus::out_of_range;
  if (ec != std::errc{} || end != text.data() + text.size()) return NumberStatus::malformed;
  return NumberStatus::ok;
}

int edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const int cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  // Short words tolerate one edit, longer ones two or three: "agentz" -> "agents", but
  // "sl" must not suggest "cv".
  const int limit = word.size() <= 4 ? 1 : word.size() <= 8 ? 2 : 3;
  std::optional<std::string> best;
  int best_distance = limit + 1;
  for (const auto& c : candidates) {
    const int dist = edit_distance(word, c);
    if (dist < best_distance) {
      best_distance = dist;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto c = closest(word, candidates);
  return c ? fmt::format("; did you mean '{}'?", *c) : std::string{};
}

std::string format_number(double x) {
  // fmt's default for double is the shortest representation that round-trips.
  return fmt::format("{}", x);
}

std::string format_duration(double seconds) {
  struct Unit {
    double size;
    const char* suffix;
  };
  for (const Unit u : {Unit{86400, "d"}, Unit{3600, "h"}, Unit{60, "m"}}) {
    const double n = seconds / u.size;
    if (seconds >= u.size && std::abs(n * 100 - std::round(n * 100)) < 1e-9)
      return format_number(n) + u.suffix;
  }
  return format_number(seconds) + "s";
}

std::string readable_duration(double seconds) {
  if (!std::isfinite(seconds)) return "-";
  if (seconds < 59.95) return fmt::format("{:.1f} s", seconds);
  if (seconds < 3599.5) {
    const auto s = static_cast<long long>(std::llround(seconds));
    return fmt::format("{} m {:02} s", s / 60, s % 60);
  }
  if (seconds < 86400.0 * 2) return fmt::format("{:.1f} h", seconds / 3600);
  return fmt::format("{:.1f} d", seconds / 86400);
}

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return 1;
  // Lead byte: sequence length and the allowed range of the second byte (RFC 3629 table),
  // which rules out overlong forms (C0, C1, E0 80..9F, F0 80..8F), surrogates (ED A0..BF)
  // and code points above U+10FFFF (F4 90.., F5..FF).
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  }
  if (len == 0 || i + len > text.size()) return 0;
  const auto second = static_cast<unsigned char>(text[i + 1]);
  if (second < lo || second > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  return len;
}

std::string xml_escape(std::string_view text, bool attribute) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      ++i;
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += attribute ? "&quot;" : "\"";
          break;
        case '\'':
          out += attribute ? "&apos;" : "'";
          break;
        // An attribute value's whitespace is normalised to spaces unless it is a reference.
        case '\t':
          out += attribute ? "&#9;" : "\t";
          break;
        case '\n':
          out += attribute ? "&#10;" : "\n";
          break;
        case '\r':  // in text too: a literal CR would be read back as LF
          out += "&#13;";
          break;
        default:
          // XML 1.0 has no way to write other C0 controls, not even as references.
          if (u < 0x20)
            out += kReplacement;
          else
            out += c;
      }
      continue;
    }
    const std::size_t len = utf8_sequence_length(text, i);
    // U+FFFE and U+FFFF (EF BF BE/BF) are not XML characters either.
    const bool nonchar = len == 3 && u == 0xEF && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
                         static_cast<unsigned char>(text[i + 2]) >= 0xBE;
    if (len == 0 || nonchar) {
      out += kReplacement;
      i += len == 0 ? 1 : len;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::optional<TextProblem> check_utf8(std::string_view text) {
  int line = 1, col = 1;
  auto at = [&](std::size_t i, std::string message) {
    return TextProblem{line, col, i, std::move(message)};
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line, col = 1, ++i;
      continue;
    }
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
        return at(i, fmt::format("control character 0x{:02x} is not allowed in text", c));
      ++i, ++col;
      continue;
    }
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0)
      return at(i, fmt::format("byte 0x{:02x} at offset {} is not valid UTF-8 text (a binary or "
                               "Latin-1 file, an overlong form or a UTF-16 surrogate?)",
                               c, i));
    i += len;
    ++col;
  }
  return std::nullopt;
}

const char* weekday_name(long long day) {
  static constexpr const char* kNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return kNames[((day % 7) + 7) % 7];
}

std::optional<long long> parse_iso_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  const auto digits = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) v = v * 10 + (t[i] - '0');
    return v;
  };
  // The C++20 civil calendar (proleptic Gregorian) checks month lengths and leap years.
  const std::chrono::year_month_day ymd{std::chrono::year{digits(0, 4)},
                                        std::chrono::month{static_cast<unsigned>(digits(5, 2))},
                                        std::chrono::day{static_cast<unsigned>(digits(8, 2))}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

const char* weekday_at(double seconds, int start_weekday) {
  return weekday_name(static_cast<long long>(std::floor(seconds / 86400)) + start_weekday);
}

std::string date_at(double seconds, const std::string& start_date) {
  return add_days(start_date, static_cast<long long>(std::floor(seconds / 86400)));
}

std::string add_days(const std::string& date, long long days) {
  const auto base = parse_iso_date(date);
  if (!base) return date;
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{*base + days}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

}  // namespace ccsim::io::detail
