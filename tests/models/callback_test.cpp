// Callbacks (ChannelConfig::callback, a virtual queue): conservation of contacts in every
// replication, the accept and failure probabilities within binomial intervals, the two
// priorities' semantics, and an infinite threshold giving exactly the run without callbacks.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "ccsim/models/simulation.hpp"
#include "scenario_builders.hpp"

using namespace ccsim;
using namespace ccsim::models;

namespace {

/// 600 calls an hour, AHT 150 s (25 Erlangs) on 26 agents, patience 120 s; callbacks offered
/// at an expected wait of 45 s.
Scenario with_callbacks(CallbackConfig::Priority priority, double days = 1.0) {
  Scenario s =
      test::single_pool(600, test::exponential(150), 26, test::exponential(120), days, 3600.0);
  CallbackConfig cb;
  cb.offer = CallbackConfig::Offer::expected_wait;
  cb.threshold = 45;
  cb.accept_probability = 0.6;
  cb.priority = priority;
  cb.failure_probability = 0.1;
  cb.failed_attempt_seconds = 30;
  s.channels[0].callback = cb;
  return s;
}

void same_figures(const ReplicationResult& a, const ReplicationResult& b) {
  CHECK(a.events == b.events);
  const ChannelKpis& x = a.channels[0];
  const ChannelKpis& y = b.channels[0];
  CHECK(x.offered == y.offered);
  CHECK(x.answered == y.answered);
  CHECK(x.abandoned == y.abandoned);
  CHECK(x.answered_within_sl == y.answered_within_sl);
  CHECK(x.wait_sum_all == y.wait_sum_all);
  CHECK(x.busy_seconds == y.busy_seconds);
  CHECK(x.queue_seconds == y.queue_seconds);
}

}  // namespace

TEST_CASE("callbacks conserve contacts in every replication", "[models][callback]") {
  for (auto priority : {CallbackConfig::Priority::fifo, CallbackConfig::Priority::when_idle}) {
    const Scenario s = with_callbacks(priority);
    REQUIRE(validate(s).empty());
    for (int rep = 0; rep < 3; ++rep) {
      const ReplicationResult r = simulate_replication(s, 21, rep);
      const ChannelKpis& k = r.channels[0];
      INFO("priority " << static_cast<int>(priority) << ", replication " << rep);
      CHECK(k.unanswered_end == 0);  // the drain completes
      // Every counted contact is answered (callbacks reached included), abandoned, or a
      // callback that failed.
      CHECK(k.offered == k.answered + k.abandoned + k.callbacks_failed);
      CHECK(k.callbacks_accepted == k.callbacks_reached + k.callbacks_failed);
      CHECK(k.callbacks_offered <= k.waited);
      CHECK(k.callbacks_accepted <= k.callbacks_offered);
      CHECK(k.callbacks_accepted > 30);  // the feature is exercised
      CHECK(k.callback_wait_sum > 0);
    }
  }
}

TEST_CASE("callbacks are accepted and fail with the configured probabilities",
          "[models][callback]") {
  const Scenario s = with_callbacks(CallbackConfig::Priority::when_idle, 3.0);
  double offered = 0, accepted = 0, failed = 0;
  for (int rep = 0; rep < 4; ++rep) {
    const ChannelKpis k = simulate_replication(s, 22, rep).channels[0];
    offered += k.callbacks_offered;
    accepted += k.callbacks_accepted;
    failed += k.callbacks_failed;
  }
  INFO("offered " << offered << ", accepted " << accepted << ", failed " << failed);
  CHECK(std::fabs(accepted - 0.6 * offered) <= 3 * std::sqrt(offered * 0.6 * 0.4));
  CHECK(std::fabs(failed - 0.1 * accepted) <= 3 * std::sqrt(accepted * 0.1 * 0.9));
}

TEST_CASE("a queue-length threshold of 0 offers a callback to every caller who must wait",
          "[models][callback]") {
  Scenario s = with_callbacks(CallbackConfig::Priority::fifo);
  s.channels[0].callback->offer = CallbackConfig::Offer::queue_length;
  s.channels[0].callback->threshold = 0;
  const ChannelKpis k = simulate_replication(s, 23, 0).channels[0];
  CHECK(k.waited > 100);
  CHECK(k.callbacks_offered == k.waited);
}

TEST_CASE("fifo callbacks of callers without patience are the line itself", "[models][callback]") {
  // Nobody abandons, every caller accepts, no callback fails: keeping its place in the line,
  // a callback is called back exactly when the caller would have been answered.
  Scenario plain = with_callbacks(CallbackConfig::Priority::fifo);
  plain.channels[0].patience.reset();
  plain.channels[0].callback.reset();
  Scenario cb = with_callbacks(CallbackConfig::Priority::fifo);
  cb.channels[0].patience.reset();
  cb.channels[0].callback->accept_probability = 1.0;
  cb.channels[0].callback->failure_probability = 0.0;
  for (int rep = 0; rep < 2; ++rep) {
    const ReplicationResult a = simulate_replication(plain, 24, rep);
    const ReplicationResult b = simulate_replication(cb, 24, rep);
    same_figures(a, b);
    CHECK(b.channels[0].callbacks_reached > 100);
    CHECK(b.channels[0].callbacks_failed == 0);
  }
}

TEST_CASE("when_idle callbacks wait longer than fifo ones", "[models][callback]") {
  double wait_idle = 0, wait_fifo = 0;
  for (int rep = 0; rep < 4; ++rep) {
    // Offer at a fixed queue length, so both priorities offer to the same callers.
    Scenario idle = with_callbacks(CallbackConfig::Priority::when_idle);
    idle.channels[0].callback->offer = CallbackConfig::Offer::queue_length;
    idle.channels[0].callback->threshold = 3;
    Scenario fifo = idle;
    fifo.channels[0].callback->priority = CallbackConfig::Priority::fifo;
    const ChannelKpis a = simulate_replication(idle, 25, rep).channels[0];
    const ChannelKpis b = simulate_replication(fifo, 25, rep).channels[0];
    wait_idle += a.callback_wait_sum / (a.callbacks_reached + a.callbacks_failed);
    wait_fifo += b.callback_wait_sum / (b.callbacks_reached + b.callbacks_failed);
  }
  INFO("time to callback: when_idle " << wait_idle / 4 << " s, fifo " << wait_fifo / 4 << " s");
  // Served only when the line is empty, a when_idle callback lets every later caller pass.
  CHECK(wait_idle > 1.5 * wait_fifo);
}

TEST_CASE("an infinite threshold gives exactly the run without callbacks", "[models][callback]") {
  const Scenario plain = test::single_pool(600, test::exponential(150), 25, test::exponential(120));
  for (auto offer : {CallbackConfig::Offer::expected_wait, CallbackConfig::Offer::queue_length}) {
    Scenario never = plain;
    CallbackConfig cb;
    cb.offer = offer;
    cb.threshold = std::numeric_limits<double>::infinity();
    never.channels[0].callback = cb;
    REQUIRE(validate(never).empty());
    for (int rep = 0; rep < 2; ++rep) {
      const ReplicationResult a = simulate_replication(plain, 26, rep);
      const ReplicationResult b = simulate_replication(never, 26, rep);
      same_figures(a, b);
      CHECK(b.channels[0].callbacks_offered == 0);
    }
    RunOptions o;
    o.replications = 2;
    CHECK_FALSE(simulate(never, o).channels[0].has_callbacks);
  }
}

TEST_CASE("validate checks callbacks with a path", "[models][callback]") {
  const Scenario s = with_callbacks(CallbackConfig::Priority::fifo);
  auto has = [](const Scenario& x, const std::string& path) {
    for (const Problem& p : validate(x))
      if (p.path == path) return true;
    return false;
  };
  Scenario a = s;
  a.channels[0].callback->accept_probability = 1.5;
  CHECK(has(a, "channels.voice.callback.accept_probability"));
  Scenario b = s;
  b.channels[0].callback->threshold = -1;
  CHECK(has(b, "channels.voice.callback.offer_when.expected_wait_seconds"));
  Scenario c = s;
  c.channels[0].kind = ChannelKind::chat;
  CHECK(has(c, "channels.voice.callback"));
  Scenario d = s;
  d.channels[0].callback->failure_probability = -0.1;
  CHECK(has(d, "channels.voice.callback.failure_probability"));
}
