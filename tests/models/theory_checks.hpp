#pragma once
// Comparisons of simulated estimates with theory, shared by the model's validation tests.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

#include "ccsim/models/results.hpp"
#include "ccsim/models/simulation.hpp"

namespace ccsim::test {

inline double half_width(const models::Estimate& e) { return (e.upper - e.lower) / 2.0; }

/// Simulated estimate agrees with theory within 3 CI half-widths, and the CI is tighter than
/// `max_half` (an absolute bound chosen per metric so that a wrong model would fail).
inline void agree(const char* what, const models::Estimate& e, double theory, double max_half) {
  const double h = half_width(e);
  INFO(what << ": simulated " << e.mean << " +/- " << h << ", theory " << theory);
  CHECK(h <= max_half);
  CHECK(std::fabs(e.mean - theory) <= 3.0 * h + 1e-12);
}

/// `replications` replications of `s` from `seed` on one thread.
inline models::RunResults run(const models::Scenario& s, int replications, std::uint64_t seed) {
  models::RunOptions o;
  o.replications = replications;
  o.seed = seed;
  o.threads = 1;
  return models::simulate(s, o);
}

}  // namespace ccsim::test
