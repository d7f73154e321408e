// Calibration root search (see calibrate.hpp for the method and its interval).
#include "ccsim/models/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace ccsim::models {

namespace {

double half_width(const Estimate& e) {
  const double h = 0.5 * (e.upper - e.lower);
  return std::isfinite(h) ? std::max(h, 0.0) : 0.0;
}

}  // namespace

CalibrationResult calibrate(const std::function<Estimate(double)>& objective, double target,
                            double lower, double upper, const CalibrationOptions& options) {
  CalibrationResult result;
  const int max_evaluations = std::max(options.max_evaluations, 3);
  const double x_tolerance =
      options.x_tolerance > 0.0 ? options.x_tolerance : 1e-4 * (upper - lower);

  auto evaluate = [&](double x) {
    const Estimate e = objective(x);
    result.evaluations.push_back({x, e});
    return e;
  };

  // g(x) = mean(x) - target; a = lower end, b = upper end of the bracket.
  double a = lower, b = upper;
  Estimate ea = evaluate(a), eb = evaluate(b);
  double ga = ea.mean - target, gb = eb.mean - target;
  if (!std::isfinite(ga) || !std::isfinite(gb) || (ga > 0) == (gb > 0)) {
    result.stop_reason = fmt::format(
        "the target {} is not between the metric at the range's ends ({} at {}, {} at {})", target,
        ea.mean, a, eb.mean, b);
    result.value = std::abs(ga) <= std::abs(gb) ? a : b;
    result.metric = std::abs(ga) <= std::abs(gb) ? ea : eb;
    result.lower = result.upper = result.value;
    return result;
  }
  result.bracketed = true;

  // Best point so far: the one closest to the target.
  double best_x = std::abs(ga) <= std::abs(gb) ? a : b;
  Estimate best = std::abs(ga) <= std::abs(gb) ? ea : eb;
  int side = 0;  // Illinois: which end was kept twice in a row (halve its g)
  while (true) {
    if (std::abs(best.mean - target) <= options.noise_share * half_width(best) ||
        best.mean == target) {
      result.converged = true;
      result.stop_reason =
          "the metric at the fitted value is within the simulation's noise of the target";
      break;
    }
    if (b - a <= x_tolerance) {
      result.converged = true;
      result.stop_reason = "the bracket is narrower than the tolerance";
      break;
    }
    if (static_cast<int>(result.evaluations.size()) >= max_evaluations) {
      result.stop_reason = fmt::format("stopped after {} evaluations", max_evaluations);
      break;
    }
    // Regula falsi point, kept away from the ends so the bracket always shrinks.
    double x = b - gb * (b - a) / (gb - ga);
    const double margin = 1e-3 * (b - a);
    if (!std::isfinite(x)) x = 0.5 * (a + b);
    x = std::clamp(x, a + margin, b - margin);
    const Estimate ex = evaluate(x);
    const double gx = ex.mean - target;
    if (!std::isfinite(gx)) {
      result.stop_reason = fmt::format("the metric is undefined at {}", x);
      break;
    }
    if (std::abs(gx) < std::abs(best.mean - target)) {
      best_x = x;
      best = ex;
    }
    if ((gx > 0) == (gb > 0)) {
      b = x;
      gb = gx;
      if (side == -1) ga *= 0.5;
      side = -1;
    } else {
      a = x;
      ga = gx;
      if (side == 1) gb *= 0.5;
      side = 1;
    }
  }

  result.value = best_x;
  result.metric = best;
  // Slope of the metric near the root: the secant over the evaluations closest to it on
  // each side (the unhalved values).
  double left_x = lower, right_x = upper;
  double left_m = result.evaluations[0].metric.mean, right_m = result.evaluations[1].metric.mean;
  const double g_left_sign = left_m - target;
  for (const auto& ev : result.evaluations) {
    const bool same_as_left = (ev.metric.mean - target > 0) == (g_left_sign > 0);
    if (same_as_left && ev.x >= left_x && ev.x <= best_x) {
      left_x = ev.x;
      left_m = ev.metric.mean;
    }
    if (!same_as_left && ev.x <= right_x && ev.x >= best_x) {
      right_x = ev.x;
      right_m = ev.metric.mean;
    }
  }
  const double slope = right_x > left_x ? (right_m - left_m) / (right_x - left_x) : 0.0;
  const double spread =
      slope != 0.0 ? half_width(best) / std::abs(slope) : std::numeric_limits<double>::infinity();
  result.lower = best_x - spread;
  result.upper = best_x + spread;
  return result;
}

}  // namespace ccsim::models
