#include "ccsim/sim/time.hpp"

#include <cmath>

namespace ccsim::sim {

Duration from_seconds(double seconds) noexcept {
  if (std::isnan(seconds)) return Duration{0};
  const double ticks = std::round(seconds * static_cast<double>(kTicksPerSecond));
  // 2^63 is exactly representable; anything at or beyond it saturates.
  constexpr double kLimit = 9223372036854775808.0;
  if (ticks >= kLimit) return Duration::max();
  if (ticks <= -kLimit) return -Duration::max();
  return Duration{static_cast<Duration::rep>(ticks)};
}

}  // namespace ccsim::sim
