#pragma once
/// Simulation time: integer microsecond ticks whose arithmetic saturates.
///
/// Integer time gives exact ties (shift starts, interval boundaries) and no drift over a
/// month-long horizon. Every sampled duration becomes ticks through from_seconds(), the only
/// double-to-tick conversion in ccsim.
///
/// What saturates, and why: a long duration is legal input (a patience of 1e13 s, an infinite
/// redial delay) and from_seconds() turns it into Duration::max(), which means "never". Adding
/// such a duration to the clock in int64 arithmetic is signed overflow (undefined behaviour: in
/// practice a wrap to a large negative time). So the representation of Duration is Ticks, an
/// int64 whose every operation saturates at +/- Duration::max():
///   - `+`, `-` (binary and unary), `*` by a tick count or an integer, `/` and `%` by one, and
///     their compound forms, on Duration and TimePoint alike, through std::chrono's own operators
///     (they compute on the rep). Hence kNever + d == kNever for d >= 0,
///     Duration::max() + Duration::max() == Duration::max(), t - kNever == -(kNever - t) and
///     -Duration::max() - 1 tick == -Duration::max(), for every caller, by the type.
///   - The range is symmetric: [-Duration::max(), Duration::max()], and
///     Duration::min() == -Duration::max(). int64's lowest value is not a Ticks value: building
///     a Ticks from it gives -Duration::max() (so -x never overflows and x / -1 is exact).
///   - Saturation is not absorption: kNever - 1 s is a finite time one second before "never",
///     as with any large number. Code that means "never" compares with kNever (or
///     Duration::max()) before subtracting from it.
///   - Division by zero gives +/- Duration::max() by the sign of the dividend (0 / 0 == 0), as a
///     double's division would saturate through from_seconds(); `x % 0` is 0.
/// The cost is one predictable branch per operation on the overflow flag. Comparisons are
/// plain int64 comparisons. Ticks converts implicitly from integers (so Duration{5} works) but
/// never to them: ticks() or .count().value() gives the int64, and there is no conversion from
/// floating point at all (use from_seconds()), so `d * 0.5` does not compile instead of
/// silently truncating.

#include <chrono>
#include <compare>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace ccsim::sim {

/// A tick count: int64 arithmetic saturating at +/- the largest int64 (see the file comment).
class Ticks {
  // (The helpers come first: clang 14 rejects calls, in constant expressions, to member
  // templates defined after their caller.)
  static constexpr std::int64_t kLowest = std::numeric_limits<std::int64_t>::lowest();
  static constexpr Ticks raw(std::int64_t v) noexcept {
    Ticks t;
    t.v_ = v;
    return t;
  }
  template <std::integral I>
  static constexpr std::int64_t clamp(I v) noexcept {
    if constexpr (std::is_signed_v<I>) {
      if constexpr (sizeof(I) < sizeof(std::int64_t)) {
        return v;
      } else {
        return v < -kMax ? -kMax : (v > kMax ? kMax : static_cast<std::int64_t>(v));
      }
    } else {
      if constexpr (sizeof(I) < sizeof(std::int64_t)) {
        return static_cast<std::int64_t>(v);
      } else {
        return v > static_cast<std::uint64_t>(kMax) ? kMax : static_cast<std::int64_t>(v);
      }
    }
  }

 public:
  /// The largest value (Duration::max(), "never"); the smallest is -kMax.
  static constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

  constexpr Ticks() noexcept = default;
  /// From an integer; values beyond +/- kMax saturate (int64's lowest gives -kMax).
  template <std::integral I>
  constexpr Ticks(I v) noexcept : v_(clamp(v)) {}  // NOLINT(google-explicit-constructor)

  /// From an int64 known to be in [-kMax, kMax] (a value() read back, a range-checked
  /// conversion): no clamp, for the hot paths that store ticks as int64.
  static constexpr Ticks in_range(std::int64_t v) noexcept { return raw(v); }

  /// The tick count as an int64, in [-kMax, kMax].
  constexpr std::int64_t value() const noexcept { return v_; }

  friend constexpr Ticks operator+(Ticks a) noexcept { return a; }
  friend constexpr Ticks operator-(Ticks a) noexcept { return raw(-a.v_); }  // never overflows
  // Two predictable branches each: the overflow flag, then int64's lowest (one past -kMax).
  // (Written as two ifs: GCC 12 turns `overflow || r == lowest` into setcc + test + jcc.)
  friend constexpr Ticks operator+(Ticks a, Ticks b) noexcept {
    std::int64_t r;
    if (__builtin_add_overflow(a.v_, b.v_, &r)) [[unlikely]]
      return raw(a.v_ < 0 ? -kMax : kMax);  // both operands have this sign
    if (r == kLowest) [[unlikely]]
      return raw(-kMax);
    return raw(r);
  }
  friend constexpr Ticks operator-(Ticks a, Ticks b) noexcept {
    std::int64_t r;
    if (__builtin_sub_overflow(a.v_, b.v_, &r)) [[unlikely]]
      return raw(a.v_ < 0 ? -kMax : kMax);  // a and -b have this sign
    if (r == kLowest) [[unlikely]]
      return raw(-kMax);
    return raw(r);
  }
  friend constexpr Ticks operator*(Ticks a, Ticks b) noexcept {
    std::int64_t r;
    if (__builtin_mul_overflow(a.v_, b.v_, &r)) [[unlikely]]
      return raw((a.v_ < 0) != (b.v_ < 0) ? -kMax : kMax);
    if (r == kLowest) [[unlikely]]
      return raw(-kMax);
    return raw(r);
  }
  friend constexpr Ticks operator/(Ticks a, Ticks b) noexcept {
    if (b.v_ == 0) [[unlikely]]
      return raw(a.v_ == 0 ? 0 : (a.v_ < 0 ? -kMax : kMax));
    return raw(a.v_ / b.v_);  // |a| <= kMax, so a / -1 is exact
  }
  friend constexpr Ticks operator%(Ticks a, Ticks b) noexcept {
    return raw(b.v_ == 0 ? 0 : a.v_ % b.v_);
  }
  constexpr Ticks& operator+=(Ticks b) noexcept { return *this = *this + b; }
  constexpr Ticks& operator-=(Ticks b) noexcept { return *this = *this - b; }
  constexpr Ticks& operator*=(Ticks b) noexcept { return *this = *this * b; }
  constexpr Ticks& operator/=(Ticks b) noexcept { return *this = *this / b; }
  constexpr Ticks& operator%=(Ticks b) noexcept { return *this = *this % b; }
  constexpr Ticks& operator++() noexcept { return *this += 1; }
  constexpr Ticks& operator--() noexcept { return *this -= 1; }
  constexpr Ticks operator++(int) noexcept {
    const Ticks old = *this;
    ++*this;
    return old;
  }
  constexpr Ticks operator--(int) noexcept {
    const Ticks old = *this;
    --*this;
    return old;
  }

  /// Writes the tick count (for test diagnostics; a template, so no <ostream> here).
  template <class Stream>
  friend Stream& operator<<(Stream& os, Ticks t) requires requires(Stream& s, std::int64_t v) {
    s << v;
  }
  {
    os << t.v_;
    return os;
  }

  friend constexpr bool operator==(const Ticks&, const Ticks&) noexcept = default;
  friend constexpr std::strong_ordering operator<=>(const Ticks&, const Ticks&) noexcept = default;

  std::int64_t v_ = 0;
};

}  // namespace ccsim::sim

/// Ticks' limits, which std::chrono's duration::max(), min() and zero() read (through
/// duration_values): the range is symmetric, so min() == lowest() == -max().
template <>
struct std::numeric_limits<ccsim::sim::Ticks> {
  using T = ccsim::sim::Ticks;
  static constexpr bool is_specialized = true;
  static constexpr T min() noexcept { return T{-T::kMax}; }
  static constexpr T max() noexcept { return T{T::kMax}; }
  static constexpr T lowest() noexcept { return T{-T::kMax}; }
  static constexpr int digits = 63;
  static constexpr int digits10 = 18;
  static constexpr int max_digits10 = 0;
  static constexpr bool is_signed = true;
  static constexpr bool is_integer = true;
  static constexpr bool is_exact = true;
  static constexpr int radix = 2;
  static constexpr T epsilon() noexcept { return T{0}; }
  static constexpr T round_error() noexcept { return T{0}; }
  static constexpr int min_exponent = 0;
  static constexpr int min_exponent10 = 0;
  static constexpr int max_exponent = 0;
  static constexpr int max_exponent10 = 0;
  static constexpr bool has_infinity = false;
  static constexpr bool has_quiet_NaN = false;
  static constexpr bool has_signaling_NaN = false;
  static constexpr std::float_denorm_style has_denorm = std::denorm_absent;
  static constexpr bool has_denorm_loss = false;
  static constexpr T infinity() noexcept { return T{0}; }
  static constexpr T quiet_NaN() noexcept { return T{0}; }
  static constexpr T signaling_NaN() noexcept { return T{0}; }
  static constexpr T denorm_min() noexcept { return T{0}; }
  static constexpr bool is_iec559 = false;
  static constexpr bool is_bounded = true;
  static constexpr bool is_modulo = false;
  static constexpr bool traps = false;
  static constexpr bool tinyness_before = false;
  static constexpr std::float_round_style round_style = std::round_toward_zero;
};

namespace ccsim::sim {

/// A span of simulated time in microseconds; its arithmetic saturates (see Ticks).
using Duration = std::chrono::duration<Ticks, std::micro>;

/// The clock of a simulation; its epoch is the start of the run (t = 0).
struct SimClock {
  using duration = Duration;
  using rep = Duration::rep;
  using period = Duration::period;
  using time_point = std::chrono::time_point<SimClock, Duration>;
  static constexpr bool is_steady = true;
};

/// A point in simulated time.
using TimePoint = SimClock::time_point;

/// Ticks per second.
inline constexpr std::int64_t kTicksPerSecond = 1'000'000;

/// The largest representable time; used as "never".
inline constexpr TimePoint kNever{Duration::max()};

/// Converts seconds to ticks, rounding to the nearest tick (halves away from zero, as
/// std::round). Saturates at +/- Duration::max() (so infinity means "never"); NaN converts to
/// zero ticks. The only double -> tick conversion.
///
/// Inline and without std::round (a libm call on baseline x86-64, 6 % of a month's
/// instructions): truncate to an integer, then correct by the exactly computed remainder. For
/// |ticks| < 2^52 both the conversion back and the subtraction are exact; from 2^52 on every
/// double is an integer and the remainder is 0. So the result equals std::round's bit for bit
/// (tests/sim/time_test.cpp compares the two).
constexpr Duration from_seconds(double seconds) noexcept {
  const double ticks = seconds * static_cast<double>(kTicksPerSecond);
  // 2^63 is exactly representable; anything at or beyond it saturates.
  constexpr double kLimit = 9223372036854775808.0;
  if (!(ticks < kLimit)) return ticks != ticks ? Duration{0} : Duration::max();  // NaN: 0
  if (ticks <= -kLimit) return -Duration::max();
  auto whole = static_cast<std::int64_t>(ticks);  // truncates toward zero
  const double rest = ticks - static_cast<double>(whole);
  if (rest >= 0.5) {
    ++whole;
  } else if (rest <= -0.5) {
    --whole;
  }
  return Duration{Ticks::in_range(whole)};  // |ticks| < 2^63 - 1023: no clamp needed
}

/// Converts ticks to seconds.
constexpr double to_seconds(Duration d) noexcept {
  return static_cast<double>(d.count().value()) / static_cast<double>(kTicksPerSecond);
}

/// The tick count of a duration as an int64 (in [-Duration::max(), Duration::max()]).
constexpr std::int64_t ticks(Duration d) noexcept { return d.count().value(); }

/// Ticks since the start of the run.
constexpr std::int64_t ticks(TimePoint t) noexcept { return t.time_since_epoch().count().value(); }

/// Seconds since the start of the run.
constexpr double to_seconds(TimePoint t) noexcept { return to_seconds(t.time_since_epoch()); }

/// The time point `seconds` after the start of the run.
constexpr TimePoint at_seconds(double seconds) noexcept { return TimePoint{from_seconds(seconds)}; }

}  // namespace ccsim::sim
