#include <catch2/catch.hpp>

#include "ccsim/models/simulation.hpp"
#include "scenario_builders.hpp"

using namespace ccsim;
using namespace ccsim::models;

TEST_CASE("a single-pool day runs and counts every offered contact", "[models][simulation]") {
  const Scenario s = test::single_pool(600, test::exponential(120), 25, test::exponential(180));
  const ReplicationResult r = simulate_replication(s, 42, 0);
  const ChannelKpis& k = r.channels.at(0);
  CHECK(k.offered > 0);
  CHECK(k.offered == k.answered + k.abandoned + k.unanswered_end);
  CHECK(k.service_level() > 0.0);
  CHECK(k.occupancy() > 0.5);
  CHECK(k.occupancy() < 1.0);
}
