#pragma once
// Small text helpers of the io layer: strict number parsing and "did you mean" suggestions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsim::io::detail {

/// Outcome of parsing a decimal number.
enum class NumberStatus { ok, malformed, out_of_range };

/// Parses a whole string as a finite decimal number ([+-]digits[.digits][e[+-]digits]);
/// rejects hex, inf, nan and trailing text.
NumberStatus parse_decimal(std::string_view text, double& out);

/// Parses a whole string as an unsigned 64-bit integer.
NumberStatus parse_uint64(std::string_view text, unsigned long long& out);

/// Where a text input stops being text: 1-based line and column (in characters), byte offset.
struct TextProblem {
  int line = 1;
  int column = 1;
  std::size_t offset = 0;
  std::string message;  ///< e.g. "byte 0xed starts a UTF-16 surrogate, which is not valid UTF-8"
};

/// The one UTF-8 check of every text input (scenario YAML, --set values, CSV files): the first
/// byte that is not well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates U+D800..DFFF,
/// nothing above U+10FFFF, no truncated sequence) or a control character other than tab, CR
/// and LF; nullopt when the text is clean.
std::optional<TextProblem> check_utf8(std::string_view text);

/// Bytes in the well-formed UTF-8 sequence (RFC 3629, as check_utf8() reads it) that starts at
/// text[i]: 1 for ASCII, 2..4 otherwise, 0 when the byte does not start one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

/// `text` as XML 1.0 character data (attribute = false) or an attribute value in double or
/// single quotes (attribute = true): & < > (and " ' in attributes) as entities, tab/LF in
/// attributes and every CR as character references (so they survive normalisation), and what
/// XML 1.0 cannot hold at all (C0 controls but tab/LF/CR, malformed UTF-8, U+FFFE/U+FFFF) as
/// U+FFFD.
std::string xml_escape(std::string_view text, bool attribute);

/// Optimal-string-alignment edit distance (a transposition counts 1), case-insensitive.
int edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is close enough to be a plausible typo.
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

/// Shortest decimal text that reads back as `x` ("120", "1.5", "0.1").
std::string format_number(double x);

/// "90s", "30m", "1.5h", "2d": the largest unit that gives a short exact number.
std::string format_duration(double seconds);

/// For people: "12.5 s", "2 m 05 s", "12.9 h", "3.2 d" (tables and HTML; JSON stays seconds).
std::string readable_duration(double seconds);

/// "Mon".."Sun" for day index `day` where 0 = Monday (any integer, taken mod 7).
const char* weekday_name(long long day);

/// The ISO date `days` days after the ISO date `date` ("2026-03-02" + 1 = "2026-03-03").
/// `date` must be a valid YYYY-MM-DD (see parse_iso_date()).
std::string add_days(const std::string& date, long long days);

/// Days since 1970-01-01 of a YYYY-MM-DD date (proleptic Gregorian); nullopt when the text is
/// not such a date (wrong shape, month 13, February 30, ...).
std::optional<long long> parse_iso_date(std::string_view text);

/// Weekday ("Mon") of the day holding `seconds` after day 0, 00:00 (day 0 is `start_weekday`).
const char* weekday_at(double seconds, int start_weekday);
/// The ISO date of that day, `start_date` (ISO) being day 0's.
std::string date_at(double seconds, const std::string& start_date);

/// "d3 08:30" for an interval starting 3 days and 8.5 hours after day 0, 00:00 UTC.
std::string interval_start(double seconds);

/// One CSV record (RFC 4180 quoting where needed), ending with a newline.
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace ccsim::io::detail
