#pragma once
/// Statistics: Welford tallies, time-weighted averages, per-interval accumulators and
/// Student-t confidence intervals across replications.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "ccsim/sim/time.hpp"

namespace ccsim::sim {

/// Running count, mean, variance, min and max of observations (Welford's algorithm).
class Tally {
 public:
  void add(double x) noexcept;
  /// Adds another tally's observations (Chan et al. parallel update).
  void merge(const Tally& other) noexcept;
  std::int64_t count() const noexcept { return n_; }
  /// Mean; 0 when empty.
  double mean() const noexcept { return mean_; }
  /// Sample variance (n - 1 denominator); 0 with fewer than two observations.
  double variance() const noexcept;
  double stddev() const noexcept;
  double min() const noexcept { return min_; }
  double max() const noexcept { return max_; }
  double sum() const noexcept { return mean_ * static_cast<double>(n_); }

 private:
  std::int64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
};

/// Time average of a piecewise-constant quantity (queue length, busy agents).
class TimeWeighted {
 public:
  explicit TimeWeighted(TimePoint start = TimePoint{}, double initial = 0.0) noexcept
      : start_(start), last_(start), value_(initial) {}
  /// The quantity changes to `value` at `t` (t >= the previous update).
  void update(TimePoint t, double value) noexcept;
  /// Integral of the quantity from start to `until` (>= last update), in value-seconds.
  double integral(TimePoint until) const noexcept;
  /// Time average from start to `until`; the current value if no time has passed.
  double mean(TimePoint until) const noexcept;
  double current() const noexcept { return value_; }

 private:
  TimePoint start_;
  TimePoint last_;
  double value_;
  double area_ = 0.0;  // value-seconds accumulated up to last_
};

/// Sums per reporting interval: bucket i covers [origin + i*width, origin + (i+1)*width).
/// Times outside the covered range are ignored (returns false). The covered range ends at
/// `end` when that is earlier than the last bucket's end (a partial last interval).
class IntervalAccumulator {
 public:
  IntervalAccumulator() = default;
  IntervalAccumulator(TimePoint origin, Duration width, std::size_t intervals,
                      TimePoint end = kNever);
  /// Adds `x` to the interval containing `t`.
  bool add(TimePoint t, double x) noexcept;
  /// Adds the integral of a constant `value` over [from, to) (clipped to the covered range) to
  /// the intervals it spans, in value-seconds (for busy-agent-seconds, staffed-seconds), and
  /// returns the total added (the sum of the per-interval pieces).
  double add_span(TimePoint from, TimePoint to, double value) noexcept;
  /// Index of the interval containing `t`, or -1 outside the range.
  std::ptrdiff_t index_of(TimePoint t) const noexcept;
  /// Bucket of `t`, which must be in the covered range. Remembers the last bucket, so times
  /// that move forward by less than a bucket cost no division.
  std::size_t bucket_of(TimePoint t) const noexcept {
    if (t < hint_start_ || t >= hint_end_) [[unlikely]] {
      if (t >= hint_end_ && t - hint_end_ < width_) {  // the next bucket: no division
        ++hint_;
        hint_start_ = hint_end_;
      } else {
        hint_ = static_cast<std::size_t>(((t - origin_) / width_).value());
        hint_start_ = origin_ + width_ * static_cast<std::int64_t>(hint_);
      }
      hint_end_ = hint_start_ + width_;
    }
    return hint_;
  }
  std::size_t size() const noexcept { return sums_.size(); }
  double operator[](std::size_t i) const noexcept { return sums_[i]; }
  const std::vector<double>& sums() const noexcept { return sums_; }
  TimePoint origin() const noexcept { return origin_; }
  Duration width() const noexcept { return width_; }

 private:
  TimePoint origin_{};
  Duration width_{1};
  TimePoint end_{};  // end of the covered range
  std::vector<double> sums_;
  mutable std::size_t hint_ = 0;  // see bucket_of()
  mutable TimePoint hint_start_{};
  mutable TimePoint hint_end_{Duration{1}};  // hint_start_ + width_
};

/// A mean and its two-sided confidence interval.
struct ConfidenceInterval {
  double mean = 0.0;
  double half_width = 0.0;  ///< 0 with fewer than two observations or zero variance
  double lower = 0.0;
  double upper = 0.0;
  std::int64_t n = 0;
};

/// Student-t confidence interval of the mean of independent observations (e.g. one value per
/// replication). `level` in (0, 1). NaN observations are not allowed.
ConfidenceInterval student_t_interval(std::span<const double> values, double level = 0.95);

}  // namespace ccsim::sim
