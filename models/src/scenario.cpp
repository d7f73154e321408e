#include "ccsim/models/scenario.hpp"

#include <cmath>
#include <cstddef>

namespace ccsim::models {

double Distribution::expected() const {
  switch (kind) {
    case Kind::exponential:
    case Kind::lognormal:
    case Kind::gamma:
      return mean;
    case Kind::weibull:
      return scale * std::tgamma(1.0 + 1.0 / shape);
    case Kind::deterministic:
      return value;
    case Kind::empirical: {
      if (values.empty()) return 0.0;
      double s = 0.0;
      for (double v : values) s += v;
      return s / static_cast<double>(values.size());
    }
  }
  return 0.0;
}

double Distribution::scv() const {
  switch (kind) {
    case Kind::exponential:
      return 1.0;
    case Kind::lognormal:
    case Kind::gamma:
      return cv * cv;
    case Kind::weibull: {
      const double g1 = std::tgamma(1.0 + 1.0 / shape);
      const double g2 = std::tgamma(1.0 + 2.0 / shape);
      return g2 / (g1 * g1) - 1.0;
    }
    case Kind::deterministic:
      return 0.0;
    case Kind::empirical: {
      const double m = expected();
      if (values.empty() || m == 0.0) return 0.0;
      double s2 = 0.0;
      for (double v : values) s2 += v * v;
      return s2 / static_cast<double>(values.size()) / (m * m) - 1.0;
    }
  }
  return 0.0;
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

const char* to_string(Distribution::Kind kind) {
  switch (kind) {
    case Distribution::Kind::exponential:
      return "exponential";
    case Distribution::Kind::lognormal:
      return "lognormal";
    case Distribution::Kind::gamma:
      return "gamma";
    case Distribution::Kind::weibull:
      return "weibull";
    case Distribution::Kind::deterministic:
      return "deterministic";
    case Distribution::Kind::empirical:
      return "empirical";
  }
  return "?";
}

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
