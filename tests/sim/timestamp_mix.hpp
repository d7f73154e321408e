#pragma once
// Timestamp mixes for the event-calendar tests and bench/calendar_bench.cpp (hold model).
// Each mix gives the time of a new event scheduled at `now`. The first five are the classic
// hold-model increment distributions (Rönngren & Ayani 1997 use the same families) plus the
// shape of a contact-center month; equal_timestamps stresses ties.

#include <array>
#include <chrono>
#include <cmath>
#include <string_view>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include "ccsim/sim/time.hpp"

namespace ccsim::sim::testing {

enum class TimestampMix {
  exponential,       ///< increment ~ Exp(mean 1 s)
  uniform,           ///< increment ~ U[0, 2 s)
  bimodal,           ///< 90% U[0, 0.2 s), 10% U[9 s, 11 s): two far-apart modes
  triangular,        ///< density rising linearly on [0, 1.5 s] (mean 1 s)
  mixed_scale,       ///< 99% Exp(1 s), 0.99% exactly 24 h (deadlines), 0.01% U[0, 30 days)
  equal_timestamps,  ///< 70% at one of the next four 30-min boundaries, 30% Exp(60 s)
};

inline constexpr std::array<TimestampMix, 5> kHoldMixes{
    TimestampMix::exponential, TimestampMix::uniform, TimestampMix::bimodal,
    TimestampMix::triangular, TimestampMix::mixed_scale};

inline constexpr std::array<TimestampMix, 6> kAllMixes{
    TimestampMix::exponential, TimestampMix::uniform,     TimestampMix::bimodal,
    TimestampMix::triangular,  TimestampMix::mixed_scale, TimestampMix::equal_timestamps};

inline std::string_view to_string(TimestampMix m) {
  switch (m) {
    case TimestampMix::exponential:
      return "exponential";
    case TimestampMix::uniform:
      return "uniform";
    case TimestampMix::bimodal:
      return "bimodal";
    case TimestampMix::triangular:
      return "triangular";
    case TimestampMix::mixed_scale:
      return "mixed_scale";
    case TimestampMix::equal_timestamps:
      return "equal_timestamps";
  }
  return "?";
}

/// The time of an event scheduled at `now` under mix `m`.
template <class Engine>
TimePoint next_time(TimestampMix m, TimePoint now, Engine& rng) {
  boost::random::uniform_01<double> u01;
  boost::random::exponential_distribution<double> expo(1.0);
  switch (m) {
    case TimestampMix::exponential:
      return now + from_seconds(expo(rng));
    case TimestampMix::uniform:
      return now + from_seconds(2.0 * u01(rng));
    case TimestampMix::bimodal:
      return now + from_seconds(u01(rng) < 0.9 ? 0.2 * u01(rng) : 9.0 + 2.0 * u01(rng));
    case TimestampMix::triangular:
      return now + from_seconds(1.5 * std::sqrt(u01(rng)));
    case TimestampMix::mixed_scale: {
      const double p = u01(rng);
      if (p < 0.99) return now + from_seconds(expo(rng));
      if (p < 0.9999) return now + std::chrono::hours{24};
      return now + from_seconds(30.0 * 86400.0 * u01(rng));
    }
    case TimestampMix::equal_timestamps: {
      if (u01(rng) < 0.3) return now + from_seconds(60.0 * expo(rng));
      const Duration half_hour = std::chrono::minutes{30};
      const auto k = 1 + static_cast<std::int64_t>(4.0 * u01(rng));
      return TimePoint{(now.time_since_epoch() / half_hour + k) * half_hour};
    }
  }
  return now;
}

}  // namespace ccsim::sim::testing
