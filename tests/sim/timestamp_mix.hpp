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

/// Adversarial patterns for the calendar queue (issue 21): each gives the increment of an event
/// scheduled at a point `progress` in [0, 1) of a run; `swing` and `quantised_fill` are about
/// the queue size and the initial fill (see bench/calendar_bench.cpp), their increments are
/// Exp(1 s).
enum class Adversarial {
  int_seconds,      ///< whole seconds: floor(Exp(mean 1 s)), so most pending times are equal
  zero90,           ///< 90% zero increments, 10% Exp(1 s)
  drift_gradual,    ///< Exp(mean 1 s x 100^progress): the scale drifts 100x over the run
  drift_step_up,    ///< Exp(1 s) in the first half, Exp(100 s) in the second
  drift_step_down,  ///< Exp(100 s) in the first half, Exp(1 s) in the second
  far_future,       ///< 99.9% Exp(1 s), 0.1% exactly 30 days ahead
  pareto,           ///< Pareto, shape 1.5 (infinite variance), minimum 1/3 s (mean 1 s)
  bimodal_gap,      ///< 90% Exp(1 ms), 10% Exp(1000 s): two modes 1e6 apart
  swing,            ///< Exp(1 s); the size swings between 10 and n and back
  quantised_fill,   ///< Exp(1 s); the initial fill's times are whole milliseconds
};

inline constexpr std::array<Adversarial, 10> kAdversarial{
    Adversarial::int_seconds,   Adversarial::zero90,          Adversarial::drift_gradual,
    Adversarial::drift_step_up, Adversarial::drift_step_down, Adversarial::far_future,
    Adversarial::pareto,        Adversarial::bimodal_gap,     Adversarial::swing,
    Adversarial::quantised_fill};

inline std::string_view to_string(Adversarial a) {
  switch (a) {
    case Adversarial::int_seconds:
      return "int_seconds";
    case Adversarial::zero90:
      return "zero90";
    case Adversarial::drift_gradual:
      return "drift_gradual";
    case Adversarial::drift_step_up:
      return "drift_step_up";
    case Adversarial::drift_step_down:
      return "drift_step_down";
    case Adversarial::far_future:
      return "far_future";
    case Adversarial::pareto:
      return "pareto";
    case Adversarial::bimodal_gap:
      return "bimodal_gap";
    case Adversarial::swing:
      return "swing";
    case Adversarial::quantised_fill:
      return "quantised_fill";
  }
  return "?";
}

/// The increment of an event scheduled at `progress` (0..1) of a run under pattern `a`.
template <class Engine>
Duration adversarial_increment(Adversarial a, double progress, Engine& rng) {
  boost::random::uniform_01<double> u01;
  boost::random::exponential_distribution<double> expo(1.0);
  switch (a) {
    case Adversarial::int_seconds:
      return from_seconds(std::floor(expo(rng)));
    case Adversarial::zero90:
      return u01(rng) < 0.9 ? Duration{0} : from_seconds(expo(rng));
    case Adversarial::drift_gradual:
      return from_seconds(std::pow(100.0, progress) * expo(rng));
    case Adversarial::drift_step_up:
      return from_seconds((progress < 0.5 ? 1.0 : 100.0) * expo(rng));
    case Adversarial::drift_step_down:
      return from_seconds((progress < 0.5 ? 100.0 : 1.0) * expo(rng));
    case Adversarial::far_future:
      return u01(rng) < 0.999 ? from_seconds(expo(rng)) : Duration{std::chrono::hours{24 * 30}};
    case Adversarial::pareto:
      return from_seconds((1.0 / 3.0) * std::pow(1.0 - u01(rng), -1.0 / 1.5));
    case Adversarial::bimodal_gap:
      return from_seconds(u01(rng) < 0.9 ? 1e-3 * expo(rng) : 1e3 * expo(rng));
    case Adversarial::swing:
    case Adversarial::quantised_fill:
      return from_seconds(expo(rng));
  }
  return Duration{0};
}

}  // namespace ccsim::sim::testing
