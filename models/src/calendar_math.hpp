#pragma once
// Integer helpers for days and local times (UTC offsets make times before day 0 negative).

#include <cstdint>

namespace ccsim::models::detail {

inline constexpr std::int64_t kDaySeconds = 86400;

/// Floor of a / b for b > 0 (C++ division truncates toward zero).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/// Weekday (0 = Monday) of day `day` when day 0 is `day0_weekday`.
constexpr int weekday(int day0_weekday, std::int64_t day) {
  return static_cast<int>(((day0_weekday + day) % 7 + 7) % 7);
}

}  // namespace ccsim::models::detail
