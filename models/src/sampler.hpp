#pragma once
// Draws from a configured Distribution with Boost.Random (never std:: distributions: their
// algorithms are implementation-defined, so results would differ between standard libraries).

#include <cmath>
#include <variant>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>

#include "ccsim/models/scenario.hpp"
#include "ccsim/sim/random.hpp"

namespace ccsim::models::detail {

/// A deterministic duration.
struct FixedDraw {
  double value = 0.0;
};
/// Equally likely observed values.
struct EmpiricalDraw {
  std::vector<double> values;
  boost::random::uniform_int_distribution<std::size_t> pick;
};

/// A validated Distribution turned into a ready-to-use Boost distribution object: one
/// alternative of a closed set, built once at construction (make(): one std::visit over the
/// Distribution's alternative) and drawn from by index. Adding a distribution = one build()
/// overload here, and one Impl alternative with its case in operator() if it needs a new
/// drawing object.
class Sampler {
 public:
  Sampler() = default;
  explicit Sampler(const Distribution& d) : impl_(make(d)) {}

  /// One draw, in seconds. (A switch, not std::visit: GCC stops inlining std::visit once a
  /// translation unit calls it from many places, and this is on the hot path.)
  [[gnu::always_inline]] double operator()(sim::RandomEngine& rng) {
    switch (impl_.index()) {
      case 0:
        return draw(*std::get_if<0>(&impl_), rng);
      case 1:
        return draw(*std::get_if<1>(&impl_), rng);
      case 2:
        return draw(*std::get_if<2>(&impl_), rng);
      case 3:
        return draw(*std::get_if<3>(&impl_), rng);
      case 4:
        return draw(*std::get_if<4>(&impl_), rng);
      default:
        return draw(*std::get_if<5>(&impl_), rng);
    }
  }

 private:
  // The switch in operator() lists every alternative by index.
  using Impl = std::variant<FixedDraw, boost::random::exponential_distribution<double>,
                            boost::random::lognormal_distribution<double>,
                            boost::random::gamma_distribution<double>,
                            boost::random::weibull_distribution<double>, EmpiricalDraw>;
  static_assert(std::variant_size_v<Impl> == 6, "Sampler::operator() switches over 6 kinds");

  static Impl make(const Distribution& d) {
    return std::visit([](const auto& x) { return build(x); }, d.alternative());
  }
  // The Boost distribution of each alternative, built once per Sampler.
  static Impl build(const Exponential& x) {
    return boost::random::exponential_distribution<double>(1.0 / x.mean);
  }
  static Impl build(const Lognormal& x) {
    // Moments of the lognormal: sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2 / 2
    // (Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions 1, ch. 14).
    const double s2 = std::log1p(x.cv * x.cv);
    return boost::random::lognormal_distribution<double>(std::log(x.mean) - s2 / 2.0,
                                                         std::sqrt(s2));
  }
  static Impl build(const Gamma& x) {
    // Gamma(k, theta): mean = k theta, cv^2 = 1 / k.
    const double k = 1.0 / (x.cv * x.cv);
    return boost::random::gamma_distribution<double>(k, x.mean / k);
  }
  static Impl build(const Weibull& x) {
    return boost::random::weibull_distribution<double>(x.shape, x.scale);
  }
  static Impl build(const Deterministic& x) { return FixedDraw{x.value}; }
  static Impl build(const Empirical& x) {
    return EmpiricalDraw{
        x.values, boost::random::uniform_int_distribution<std::size_t>(0, x.values.size() - 1)};
  }
  static double draw(FixedDraw& x, sim::RandomEngine&) { return x.value; }
  static double draw(EmpiricalDraw& x, sim::RandomEngine& rng) { return x.values[x.pick(rng)]; }
  template <class BoostDistribution>
  static double draw(BoostDistribution& x, sim::RandomEngine& rng) {
    return x(rng);
  }

  Impl impl_;
};

}  // namespace ccsim::models::detail
