#include <catch2/catch.hpp>

#include <vector>

#include "ccsim/sim/simulator.hpp"

using namespace ccsim::sim;
using namespace std::chrono_literals;

namespace {
struct Recorder : EventHandler {
  std::vector<std::uint64_t> fired;
  void on_event(std::uint32_t, std::uint64_t arg) override { fired.push_back(arg); }
};
}  // namespace

TEST_CASE("events fire in time order and the clock follows them", "[sim][simulator]") {
  Simulator sim;
  Recorder r;
  sim.schedule_after(3s, r, 0, 3);
  sim.schedule_after(1s, r, 0, 1);
  sim.schedule_after(2s, r, 0, 2);
  sim.run();
  REQUIRE(r.fired == std::vector<std::uint64_t>{1, 2, 3});
  REQUIRE(sim.now() == TimePoint{3s});
  REQUIRE(sim.events_fired() == 3);
}
