// Durations so long that they saturate the clock at "never" (issue 22, class 4): validate
// allows them on purpose, and the simulation must treat them as "never" without overflowing
// int64 (before sim::Ticks, `now() + delay` with a saturated delay was signed overflow: busy
// time lost, redials scheduled into the past).
#include <catch2/catch.hpp>

#include <cmath>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/simulation.hpp"
#include "scenario_builders.hpp"

using namespace ccsim;
using namespace ccsim::models;

namespace {

// M/M/10 at 8 Erlangs, with patience 60 s: abandons happen.
Scenario impatient_pool() {
  return test::single_pool(8.0 * 3600 / 180, test::exponential(180), 10, test::exponential(60), 1.0,
                           3600.0);
}

void require_same_kpis(const ChannelKpis& a, const ChannelKpis& b) {
  CHECK(a.offered == b.offered);
  CHECK(a.answered == b.answered);
  CHECK(a.abandoned == b.abandoned);
  CHECK(a.answered_within_sl == b.answered_within_sl);
  CHECK(a.wait_sum_answered == b.wait_sum_answered);
  CHECK(a.wait_sum_all == b.wait_sum_all);
  CHECK(a.busy_seconds == b.busy_seconds);
  CHECK(a.staffed_seconds == b.staffed_seconds);
  CHECK(a.queue_seconds == b.queue_seconds);
}

}  // namespace

TEST_CASE("a redial delay that saturates at never: nobody returns within the horizon",
          "[models][time]") {
  const Scenario plain = impatient_pool();
  for (const double delay : {1e13, 9.2e12}) {  // saturated; just below saturation
    INFO("redial delay " << delay << " s");
    Scenario s = plain;
    RedialConfig r;
    r.probability = 1.0;
    r.delay = test::deterministic(delay);
    s.channels[0].redial = r;
    REQUIRE(validate(s).empty());
    const ReplicationResult with = simulate_replication(s, 7, 0);
    const ReplicationResult without = simulate_replication(plain, 7, 0);
    const ChannelKpis& v = with.channels[0];
    REQUIRE(v.abandoned > 50);                         // there were abandons to redial
    CHECK(v.abandoned_then_redialled == v.abandoned);  // every one decided to come back...
    CHECK(v.retrial_attempts == 0);                    // ...after the horizon: not simulated
    require_same_kpis(v, without.channels[0]);
  }
}

TEST_CASE("a patience that saturates at never: nobody abandons, as with no patience",
          "[models][time]") {
  // M/M/10 at 8 Erlangs without abandonment: Erlang C's ASA within the CI of 8 replications.
  const Scenario none =
      test::single_pool(8.0 * 3600 / 180, test::exponential(180), 10, std::nullopt, 2.0, 3600.0);
  for (const double patience : {1e13, 9.2e12, 1e300}) {
    INFO("patience " << patience << " s");
    Scenario s = none;
    s.channels[0].patience = test::deterministic(patience);
    REQUIRE(validate(s).empty());
    for (int rep = 0; rep < 2; ++rep) {
      const ReplicationResult a = simulate_replication(s, 3, rep);
      const ReplicationResult b = simulate_replication(none, 3, rep);
      CHECK(a.channels[0].abandoned == 0);
      require_same_kpis(a.channels[0], b.channels[0]);
    }
  }
  QueueInput in;
  in.arrival_rate = 8.0 / 180;
  in.mean_service_seconds = 180;
  in.agents = 10;
  const double asa = erlang_c(in).asa_seconds;
  Scenario s = none;
  s.channels[0].patience = test::deterministic(1e13);
  double sum = 0, sum2 = 0;
  const int n = 8;
  for (int rep = 0; rep < n; ++rep) {
    const double x = simulate_replication(s, 5, rep).channels[0].asa_seconds();
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n, sd = std::sqrt((sum2 - n * mean * mean) / (n - 1));
  CAPTURE(mean, sd, asa);
  CHECK(std::abs(mean - asa) < 3.5 * sd / std::sqrt(n));  // t(7) 0.995 quantile 3.5
}

TEST_CASE("a wrap-up time that saturates at never: the agent stays busy to the end",
          "[models][time]") {
  // One agent; its first call (in the one-hour warm-up) ends in a wrap-up that never ends:
  // busy for the whole counted horizon, occupancy exactly 1, nothing answered after that.
  Scenario s = test::single_pool(60, test::exponential(60), 1, std::nullopt, 1.0, 3600.0);
  s.channels[0].after_call_work = test::deterministic(1e13);
  s.drain_limit_seconds = 600;
  REQUIRE(validate(s).empty());
  const ReplicationResult r = simulate_replication(s, 1, 0);
  const ChannelKpis& v = r.channels[0];
  CHECK(v.staffed_seconds == Approx(86400.0));
  CHECK(v.busy_seconds == Approx(86400.0));
  CHECK(v.occupancy() == Approx(1.0));
  CHECK(v.answered == 0);
  CHECK(v.offered > 1000);
}
