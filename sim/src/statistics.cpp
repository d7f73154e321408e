#include "ccsim/sim/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

namespace ccsim::sim {

void Tally::add(double x) noexcept {
  ++n_;
  if (n_ == 1) {
    min_ = max_ = x;
  } else {
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  const double d = x - mean_;
  mean_ += d / static_cast<double>(n_);
  m2_ += d * (x - mean_);
}

void Tally::merge(const Tally& o) noexcept {
  if (o.n_ == 0) return;
  if (n_ == 0) {
    *this = o;
    return;
  }
  const double n = static_cast<double>(n_ + o.n_);
  const double d = o.mean_ - mean_;
  mean_ += d * static_cast<double>(o.n_) / n;
  m2_ += o.m2_ + d * d * static_cast<double>(n_) * static_cast<double>(o.n_) / n;
  n_ += o.n_;
  min_ = std::min(min_, o.min_);
  max_ = std::max(max_, o.max_);
}

double Tally::variance() const noexcept {
  return n_ < 2 ? 0.0 : std::max(0.0, m2_ / static_cast<double>(n_ - 1));
}

double Tally::stddev() const noexcept { return std::sqrt(variance()); }

void TimeWeighted::update(TimePoint t, double value) noexcept {
  if (t > last_) {
    area_ += value_ * to_seconds(t - last_);
    last_ = t;
  }
  value_ = value;
}

double TimeWeighted::integral(TimePoint until) const noexcept {
  return area_ + (until > last_ ? value_ * to_seconds(until - last_) : 0.0);
}

double TimeWeighted::mean(TimePoint until) const noexcept {
  const double span = to_seconds(until - start_);
  return span > 0.0 ? integral(until) / span : value_;
}

IntervalAccumulator::IntervalAccumulator(TimePoint origin, Duration width, std::size_t intervals,
                                         TimePoint end)
    : origin_(origin),
      width_(width),
      sums_(intervals, 0.0),
      hint_start_(origin),
      hint_end_(origin + width) {
  if (width <= Duration::zero())
    throw std::invalid_argument("IntervalAccumulator: width must be positive");
  end_ = std::min(end, origin_ + width_ * static_cast<std::int64_t>(intervals));
}

std::ptrdiff_t IntervalAccumulator::index_of(TimePoint t) const noexcept {
  if (t < origin_ || t >= end_) return -1;
  return static_cast<std::ptrdiff_t>(bucket_of(t));
}

bool IntervalAccumulator::add(TimePoint t, double x) noexcept {
  const std::ptrdiff_t i = index_of(t);
  if (i < 0) return false;
  sums_[static_cast<std::size_t>(i)] += x;
  return true;
}

double IntervalAccumulator::add_span(TimePoint from, TimePoint to, double value) noexcept {
  from = std::max(from, origin_);
  to = std::min(to, end_);
  double total = 0.0;
  while (from < to) {
    const std::size_t i = bucket_of(from);
    const TimePoint stop = std::min(hint_end_, to);
    const double x = value * to_seconds(stop - from);
    sums_[i] += x;
    total += x;
    from = stop;
  }
  return total;
}

ConfidenceInterval student_t_interval(std::span<const double> values, double level) {
  if (!(level > 0.0 && level < 1.0))
    throw std::invalid_argument("student_t_interval: level must be in (0, 1)");
  Tally t;
  for (double v : values) t.add(v);
  ConfidenceInterval ci;
  ci.n = t.count();
  ci.mean = t.mean();
  if (ci.n >= 2) {
    const boost::math::students_t dist(static_cast<double>(ci.n - 1));
    const double q = boost::math::quantile(dist, 0.5 + level / 2.0);
    ci.half_width = q * t.stddev() / std::sqrt(static_cast<double>(ci.n));
  }
  ci.lower = ci.mean - ci.half_width;
  ci.upper = ci.mean + ci.half_width;
  return ci;
}

}  // namespace ccsim::sim
