#pragma once
/// Calibration: the value of one scenario parameter that makes a simulated mean hit a target.
///
/// The caller supplies the objective: for a parameter value x, the estimate (mean and 95% CI
/// over replications) of the metric with the parameter set to x. Every evaluation must use the
/// same seed and replications (common random numbers), so that the sample-path mean is a
/// deterministic function of x and the search converges on its root instead of chasing noise.
///
/// Method: a bracketing root search (the Illinois variant of regula falsi, which keeps the
/// guaranteed bracket of bisection and converges superlinearly on smooth functions) on
/// g(x) = mean(x) - target over [lower, upper]. The bracket must contain a sign change of g;
/// the metric must be monotone in the parameter over the bracket for the root to be unique.
///
/// The fitted value's 95% interval comes from the metric's own interval at the root, carried
/// through the local slope (delta method): x* +- halfwidth(x*) / |g'(x*)|, the slope taken from
/// the secant of the final bracket. It says how far the parameter could move before the
/// simulated metric would be statistically distinguishable from the target.

#include <functional>
#include <string>
#include <vector>

#include "ccsim/models/results.hpp"

namespace ccsim::models {

/// How long the search may go on.
struct CalibrationOptions {
  int max_evaluations = 20;  ///< objective calls, the two bracket ends included (>= 3)
  /// Stop when the bracket is narrower than this (0: 1e-4 of the initial bracket).
  double x_tolerance = 0.0;
  /// Stop when |mean - target| <= this share of the metric's CI half-width at the point: the
  /// simulation cannot tell the point from the target any better.
  double noise_share = 0.05;
};

/// One objective call.
struct CalibrationEvaluation {
  double x = 0.0;
  Estimate metric;
};

/// The outcome of a search (an outcome, not an error, when the target is not bracketed).
struct CalibrationResult {
  bool bracketed = false;  ///< the target lies between the metric at the bracket's ends
  bool converged = false;  ///< a stopping rule was met before max_evaluations
  std::string stop_reason;
  double value = 0.0;  ///< fitted parameter value
  double lower = 0.0;  ///< 95% interval of the fitted value (see the header)
  double upper = 0.0;
  Estimate metric;                                 ///< the metric at `value`
  std::vector<CalibrationEvaluation> evaluations;  ///< in call order
};

/// Searches [lower, upper] (lower < upper) for the x where objective(x).mean == target.
CalibrationResult calibrate(const std::function<Estimate(double)>& objective, double target,
                            double lower, double upper, const CalibrationOptions& options = {});

}  // namespace ccsim::models
