// Consumer of the package (installed, and the build tree): schedules events on the engine and
// checks the order, and reaches the model and io APIs through the umbrella header alone.
#include <ccsim/ccsim.hpp>

#include <cstdio>
#include <vector>

namespace {
struct Recorder : ccsim::sim::EventHandler {
  std::vector<std::uint64_t> fired;
  void on_event(std::uint32_t, std::uint64_t arg) override { fired.push_back(arg); }
};
}  // namespace

int main() {
  using namespace std::chrono_literals;
  ccsim::sim::Simulator sim;
  Recorder r;
  sim.schedule_after(2s, r, 0, 2);
  sim.schedule_after(1s, r, 0, 1);
  sim.run();
  // Routing is part of the umbrella: the built-in policies are registered and listed.
  const auto policies = ccsim::models::routing_policy_names();
  const bool ok = r.fired == std::vector<std::uint64_t>{1, 2} &&
                  ccsim::sim::to_seconds(sim.now()) == 2.0 && policies.size() >= 2 &&
                  ccsim::models::has_routing_policy("pooled");
  std::printf("ccsim %s consumer: %s\n", ccsim::kVersion, ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
