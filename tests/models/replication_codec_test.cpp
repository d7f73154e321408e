#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ccsim/models/results.hpp"
#include "ccsim/models/simulation.hpp"
#include "scenario_builders.hpp"

using namespace ccsim;

TEST_CASE("a replication's results survive encoding bit for bit", "[models][codec]") {
  models::Scenario s =
      test::single_pool(300, test::exponential(120), 12, test::exponential(200), 0.25, 600);
  std::vector<models::ReplicationResult> reps, decoded;
  for (int r = 0; r < 3; ++r) {
    reps.push_back(models::simulate_replication(s, 7, r));
    std::string bytes;
    models::encode_replication(reps.back(), bytes);
    decoded.push_back(models::decode_replication(bytes));
    const models::ReplicationResult& a = reps.back();
    const models::ReplicationResult& b = decoded.back();
    REQUIRE(b.sites.size() == a.sites.size());
    REQUIRE(b.sites[0].by_channel.size() == a.sites[0].by_channel.size());
    REQUIRE(b.sites[0].by_channel[0].answered == a.sites[0].by_channel[0].answered);
    REQUIRE(a.sites[0].by_channel[0].answered > 0);
    REQUIRE(b.group_intervals.size() == a.group_intervals.size());
    REQUIRE(!a.group_intervals.empty());
    REQUIRE(b.group_intervals[0].size() == a.group_intervals[0].size());
    REQUIRE(b.group_intervals[0].back().busy_seconds == a.group_intervals[0].back().busy_seconds);
    REQUIRE(b.group_intervals[0][3].answered == a.group_intervals[0][3].answered);
    REQUIRE(b.group_intervals[0][3].wait_sum_answered == a.group_intervals[0][3].wait_sum_answered);
    REQUIRE(a.group_intervals[0][3].answered > 0);
    REQUIRE(b.site_intervals.size() == a.site_intervals.size());
    REQUIRE(a.site_intervals.size() == 1);
    REQUIRE(b.site_intervals[0][3].offered == a.site_intervals[0][3].offered);
    REQUIRE(b.site_intervals[0][3].wait_sum_answered_here ==
            a.site_intervals[0][3].wait_sum_answered_here);
    REQUIRE(a.site_intervals[0][3].offered > 0);
    REQUIRE(b.intervals[0].back().queue_max == a.intervals[0].back().queue_max);
    std::string again;
    models::encode_replication(decoded.back(), again);
    REQUIRE(again == bytes);
    REQUIRE_THROWS_AS(models::decode_replication(std::string_view(bytes).substr(1)),
                      std::runtime_error);
    REQUIRE_THROWS_AS(models::decode_replication(bytes + "x"), std::runtime_error);
  }
  REQUIRE(reps[0].channels[0].offered > 0);
  const models::RunResults a = models::aggregate(s, reps);
  const models::RunResults b = models::aggregate(s, decoded);
  REQUIRE(a.channels[0].service_level.mean == b.channels[0].service_level.mean);
  REQUIRE(a.channels[0].asa_seconds.upper == b.channels[0].asa_seconds.upper);
  REQUIRE(a.sites[0].handled == b.sites[0].handled);
  REQUIRE(a.events == b.events);
  // Per-site, per-group and per-interval queue figures travel too.
  REQUIRE(b.sites[0].by_channel.size() == 1);
  REQUIRE(a.sites[0].by_channel[0].service_level.mean ==
          b.sites[0].by_channel[0].service_level.mean);
  REQUIRE(a.sites[0].by_channel[0].offered_home == b.sites[0].by_channel[0].offered_home);
  REQUIRE(b.group_intervals.size() == a.group_intervals.size());
  REQUIRE(!b.group_intervals.empty());
  REQUIRE(a.group_intervals[3].occupancy == b.group_intervals[3].occupancy);
  REQUIRE(a.group_intervals[3].asa_seconds == b.group_intervals[3].asa_seconds);
  REQUIRE(a.site_intervals.size() == b.site_intervals.size());
  REQUIRE(a.site_intervals[3].service_level == b.site_intervals[3].service_level);
  REQUIRE(a.intervals[3].queue_mean == b.intervals[3].queue_mean);
  REQUIRE(a.intervals[3].queue_max == b.intervals[3].queue_max);
}
