#include "ccsim/models/scenario.hpp"

#include <cmath>
#include <cstddef>
#include <iterator>
#include <utility>
#include <variant>

namespace ccsim::models {

namespace {

// Moments of each alternative: mean and squared coefficient of variation.
double mean_of(const Exponential& x) { return x.mean; }
double mean_of(const Lognormal& x) { return x.mean; }
double mean_of(const Gamma& x) { return x.mean; }
double mean_of(const Weibull& x) { return x.scale * std::tgamma(1.0 + 1.0 / x.shape); }
double mean_of(const Deterministic& x) { return x.value; }
double mean_of(const Empirical& x) {
  if (x.values.empty()) return 0.0;
  double s = 0.0;
  for (double v : x.values) s += v;
  return s / static_cast<double>(x.values.size());
}

double scv_of(const Exponential&) { return 1.0; }
double scv_of(const Lognormal& x) { return x.cv * x.cv; }
double scv_of(const Gamma& x) { return x.cv * x.cv; }
double scv_of(const Weibull& x) {
  const double g1 = std::tgamma(1.0 + 1.0 / x.shape);
  const double g2 = std::tgamma(1.0 + 2.0 / x.shape);
  return g2 / (g1 * g1) - 1.0;
}
double scv_of(const Deterministic&) { return 0.0; }
double scv_of(const Empirical& x) {
  const double m = mean_of(x);
  if (x.values.empty() || m == 0.0) return 0.0;
  double s2 = 0.0;
  for (double v : x.values) s2 += v * v;
  return s2 / static_cast<double>(x.values.size()) / (m * m) - 1.0;
}

/// The alternative at index `i`, default-constructed.
template <std::size_t... I>
Distribution::Alternatives default_alternative(std::size_t i, std::index_sequence<I...>) {
  static const Distribution::Alternatives kDefaults[] = {
      Distribution::Alternatives(std::in_place_index<I>)...};
  return kDefaults[i];
}

}  // namespace

Distribution::Distribution(Kind kind)
    : v_(default_alternative(static_cast<std::size_t>(kind),
                             std::make_index_sequence<std::variant_size_v<Alternatives>>())) {}

double Distribution::expected() const {
  return std::visit([](const auto& x) { return mean_of(x); }, v_);
}

double Distribution::scv() const {
  return std::visit([](const auto& x) { return scv_of(x); }, v_);
}

const DistributionTraits& traits(Distribution::Kind kind) {
  // In the order of Distribution::Kind.
  static constexpr DistributionTraits kTable[] = {
      {"exponential", {"mean", nullptr}},
      {"lognormal", {"mean", "cv"}},
      {"gamma", {"mean", "cv"}},
      {"weibull", {"shape", "scale"}},
      {"deterministic", {"value", nullptr}},
      {"empirical", {"values", nullptr}},
  };
  static_assert(std::size(kTable) == std::variant_size_v<Distribution::Alternatives>);
  return kTable[static_cast<std::size_t>(kind)];
}

int Scenario::intervals_per_day() const {
  return interval_seconds > 0 ? static_cast<int>(std::lround(86400.0 / interval_seconds)) : 0;
}

int Scenario::horizon_intervals() const {
  if (!(interval_seconds > 0) || !(horizon_days > 0)) return 0;
  return static_cast<int>(std::ceil(horizon_days * 86400.0 / interval_seconds - 1e-9));
}

int Scenario::channel_index(const std::string& n) const {
  for (std::size_t i = 0; i < channels.size(); ++i)
    if (channels[i].name == n) return static_cast<int>(i);
  return -1;
}

int Scenario::site_index(const std::string& n) const {
  for (std::size_t i = 0; i < sites.size(); ++i)
    if (sites[i].name == n) return static_cast<int>(i);
  return -1;
}

const ChannelTraits& traits(ChannelKind kind) {
  // Email is measured against 24 hours, real-time channels against 20 s (scenarios/README.md).
  static constexpr ChannelTraits kTable[] = {
      {"call", true, false, false, 20.0},
      {"chat", true, true, false, 20.0},
      {"messenger", true, true, true, 20.0},
      {"email", false, false, false, 86400.0},
  };
  return kTable[static_cast<std::size_t>(kind)];
}

const char* to_string(ChannelKind kind) { return traits(kind).name; }

const char* to_string(MustHold rule) {
  switch (rule) {
    case MustHold::month:
      return "month";
    case MustHold::interval_of_week:
      return "interval_of_week";
    case MustHold::interval:
      return "interval";
  }
  return "?";
}

const char* to_string(Distribution::Kind kind) { return traits(kind).name; }

NameIndex::NameIndex(const Scenario& s) {
  for (std::size_t i = 0; i < s.channels.size(); ++i)
    add_channel(s.channels[i].name, static_cast<int>(i));
  for (std::size_t i = 0; i < s.sites.size(); ++i) add_site(s.sites[i].name, static_cast<int>(i));
}

int NameIndex::channel(const std::string& name) const {
  const auto it = channels_.find(name);
  return it == channels_.end() ? -1 : it->second;
}

int NameIndex::site(const std::string& name) const {
  const auto it = sites_.find(name);
  return it == sites_.end() ? -1 : it->second;
}

}  // namespace ccsim::models
