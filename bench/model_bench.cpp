// ccsim-bench-model: end-to-end timing of the contact-center model on the reference month of
// a single pool (30 days, 3.3M calls, 180 agents, AHT 120 s, patience 180 s, exponential),
// the same model as bench/speed_of_light.cpp. Plain timed main: one replication per run.
//
// Usage: ccsim-bench-model [--reps R] [--calendar calendar_queue|binary_heap] [--lognormal]
//                          [--four-sites]
// --four-sites splits the same agents over four sites (45 each) with four demand regions and
// home_first routing (overflow after 10 s), to time the multi-site path on the same load.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ccsim/models/simulation.hpp"

using namespace ccsim;

int main(int argc, char** argv) {
  int reps = 3;
  bool lognormal = false;
  bool four_sites = false;
  sim::CalendarKind calendar = sim::CalendarKind::calendar_queue;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) {
      reps = std::atoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--calendar") && i + 1 < argc) {
      ++i;
      calendar = std::strcmp(argv[i], "binary_heap") == 0 ? sim::CalendarKind::binary_heap
                                                          : sim::CalendarKind::calendar_queue;
    } else if (!std::strcmp(argv[i], "--lognormal")) {
      lognormal = true;
    } else if (!std::strcmp(argv[i], "--four-sites")) {
      four_sites = true;
    } else {
      std::fprintf(stderr,
                   "usage: %s [--reps R] [--calendar calendar_queue|binary_heap] [--lognormal] "
                   "[--four-sites]\n",
                   argv[0]);
      return 2;
    }
  }

  models::Scenario s;
  s.name = "reference-month-single-pool";
  s.horizon_days = 30;
  s.warmup_seconds = 0;
  s.interval_seconds = 1800;
  s.calendar = calendar;
  models::ChannelConfig c;
  c.name = "voice";
  c.volume = {models::Volume::Per::month, 3.3e6};
  c.handle_time = lognormal ? models::Distribution(models::Lognormal{120, 1.0})
                            : models::Distribution(models::Exponential{120});
  c.patience = models::Exponential{180};
  s.channels.push_back(c);
  models::SiteConfig site;
  site.name = "main";
  site.groups.push_back({});
  site.groups[0].name = "agents";
  site.groups[0].skills = {"voice"};
  site.groups[0].agents = 180;
  s.sites.push_back(site);
  s.routing.policy = "pooled";
  if (four_sites) {
    s.sites.clear();
    for (int k = 0; k < 4; ++k) {
      const std::string name = "site" + std::to_string(k);
      site.name = name;
      site.groups[0].agents = 45;
      s.sites.push_back(site);
      s.regions.push_back({"region" + std::to_string(k), 0.0, 0.25, name});
    }
    s.routing.policy = "home_first";
    s.routing.overflow_delay_seconds = 10;
  }

  std::vector<double> secs;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const models::ReplicationResult res = models::simulate_replication(s, 12345, r);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    secs.push_back(wall);
    const models::ChannelKpis& k = res.channels[0];
    fmt::print(
        "rep={} calendar={} wall_s={:.4f} events={} events_per_s={:.0f} contacts_per_s={:.0f} "
        "offered={} abandon_rate={:.5f} asa={:.3f} occupancy={:.5f}\n",
        r, sim::to_string(calendar), wall, res.events, static_cast<double>(res.events) / wall,
        k.offered / wall, k.offered, k.abandon_rate(), k.asa_seconds(), k.occupancy());
  }
  std::sort(secs.begin(), secs.end());
  fmt::print("median wall_s={:.4f}\n", secs[secs.size() / 2]);
  return 0;
}
