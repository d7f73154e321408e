// Consumer of the installed package: schedules events on the engine and checks the order.
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
  const bool ok =
      r.fired == std::vector<std::uint64_t>{1, 2} && ccsim::sim::to_seconds(sim.now()) == 2.0;
  std::printf("ccsim %s consumer: %s\n", ccsim::kVersion, ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
