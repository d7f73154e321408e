#pragma once
// Small scenario builders shared by the model tests.

#include <string>
#include <utility>

#include "ccsim/models/scenario.hpp"

namespace ccsim::test {

inline models::Distribution exponential(double mean) { return models::Exponential{mean}; }
inline models::Distribution deterministic(double value) { return models::Deterministic{value}; }
inline models::Distribution lognormal(double mean, double cv) {
  return models::Lognormal{mean, cv};
}
inline models::Distribution gamma(double mean, double cv) { return models::Gamma{mean, cv}; }
inline models::Distribution weibull(double shape, double scale) {
  return models::Weibull{shape, scale};
}

/// One channel `voice` (calls per hour, handle time, optional patience) served by one site
/// `main` with `agents` constant agents; flat demand.
inline models::Scenario single_pool(double calls_per_hour, models::Distribution handle, int agents,
                                    std::optional<models::Distribution> patience = std::nullopt,
                                    double days = 1.0, double warmup_seconds = 3600.0) {
  models::Scenario s;
  s.name = "single-pool";
  s.horizon_days = days;
  s.warmup_seconds = warmup_seconds;
  s.interval_seconds = 1800;
  models::ChannelConfig c;
  c.name = "voice";
  c.kind = models::ChannelKind::call;
  c.volume = {models::Volume::Per::hour, calls_per_hour};
  c.handle_time = std::move(handle);
  c.patience = std::move(patience);
  c.sl_seconds = 20;
  s.channels.push_back(c);
  models::SiteConfig site;
  site.name = "main";
  models::AgentGroupConfig g;
  g.name = "agents";
  g.skills = {"voice"};
  g.agents = agents;
  site.groups.push_back(g);
  s.sites.push_back(site);
  s.routing.policy = "pooled";
  return s;
}

}  // namespace ccsim::test
