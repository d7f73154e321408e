#pragma once
// Draws from a configured Distribution with Boost.Random (never std:: distributions: their
// algorithms are implementation-defined, so results would differ between standard libraries).

#include <cmath>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>

#include "ccsim/models/scenario.hpp"
#include "ccsim/sim/random.hpp"

namespace ccsim::models::detail {

/// A validated Distribution turned into ready-to-use Boost distribution objects.
class Sampler {
 public:
  Sampler() = default;
  explicit Sampler(const Distribution& d) : kind_(d.kind) {
    switch (d.kind) {
      case Distribution::Kind::exponential:
        exp_ = boost::random::exponential_distribution<double>(1.0 / d.mean);
        break;
      case Distribution::Kind::lognormal: {
        // Moments of the lognormal: sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2 / 2
        // (Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions 1, ch. 14).
        const double s2 = std::log1p(d.cv * d.cv);
        lognormal_ = boost::random::lognormal_distribution<double>(std::log(d.mean) - s2 / 2.0,
                                                                   std::sqrt(s2));
        break;
      }
      case Distribution::Kind::gamma: {
        // Gamma(k, theta): mean = k theta, cv^2 = 1 / k.
        const double k = 1.0 / (d.cv * d.cv);
        gamma_ = boost::random::gamma_distribution<double>(k, d.mean / k);
        break;
      }
      case Distribution::Kind::weibull:
        weibull_ = boost::random::weibull_distribution<double>(d.shape, d.scale);
        break;
      case Distribution::Kind::deterministic:
        value_ = d.value;
        break;
      case Distribution::Kind::empirical:
        values_ = d.values;
        pick_ = boost::random::uniform_int_distribution<std::size_t>(0, d.values.size() - 1);
        break;
    }
  }

  /// One draw, in seconds.
  double operator()(sim::RandomEngine& rng) {
    switch (kind_) {
      case Distribution::Kind::exponential:
        return exp_(rng);
      case Distribution::Kind::lognormal:
        return lognormal_(rng);
      case Distribution::Kind::gamma:
        return gamma_(rng);
      case Distribution::Kind::weibull:
        return weibull_(rng);
      case Distribution::Kind::deterministic:
        return value_;
      case Distribution::Kind::empirical:
        return values_[pick_(rng)];
    }
    return 0.0;
  }

 private:
  Distribution::Kind kind_ = Distribution::Kind::deterministic;
  boost::random::exponential_distribution<double> exp_;
  boost::random::lognormal_distribution<double> lognormal_;
  boost::random::gamma_distribution<double> gamma_;
  boost::random::weibull_distribution<double> weibull_;
  double value_ = 0.0;
  std::vector<double> values_;
  boost::random::uniform_int_distribution<std::size_t> pick_;
};

}  // namespace ccsim::models::detail
