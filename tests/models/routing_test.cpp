// The routing decision point (ccsim/models/routing.hpp): a plug-in policy that keeps the
// base class's may_take() and pick() must decide exactly as the built-in policies, whose
// decisions the model applies inline.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <memory>

#include "ccsim/models/routing.hpp"
#include "ccsim/models/simulation.hpp"
#include "scenario_builders.hpp"

using namespace ccsim;
using namespace ccsim::models;

namespace {

/// Delegates home_site() and overflow_delay_seconds() to the scenario's built-in policy but
/// keeps the base class's may_take() and pick(), so the model takes its general path.
class GeneralPath final : public RoutingPolicy {
 public:
  explicit GeneralPath(std::unique_ptr<RoutingPolicy> inner) : inner_(std::move(inner)) {}
  int home_site(int region) const override { return inner_->home_site(region); }
  double overflow_delay_seconds() const override { return inner_->overflow_delay_seconds(); }

 private:
  std::unique_ptr<RoutingPolicy> inner_;
};

/// Two sites in different time zones, voice + chat (2 sessions, slowdown) + email, groups
/// with several skills in different orders, shifts with a break, regions homed on the sites.
Scenario mixed(const std::string& policy, double delay) {
  Scenario s = test::single_pool(240, test::exponential(150), 0, test::exponential(90));
  s.horizon_days = 1;
  ChannelConfig chat;
  chat.name = "chat";
  chat.kind = ChannelKind::chat;
  chat.volume = {Volume::Per::hour, 120};
  chat.handle_time = test::lognormal(300, 0.8);
  chat.patience = test::exponential(120);
  chat.concurrency = 2;
  chat.concurrency_slowdown = 0.2;
  s.channels.push_back(chat);
  ChannelConfig email;
  email.name = "email";
  email.kind = ChannelKind::email;
  email.volume = {Volume::Per::hour, 30};
  email.handle_time = test::exponential(400);
  email.sl_seconds = 86400;
  s.channels.push_back(email);

  SiteConfig west = s.sites[0];
  west.name = "west";
  west.utc_offset_hours = 3;
  west.groups.clear();
  AgentGroupConfig g;
  g.name = "voice_chat";
  g.skills = {"voice", "chat"};
  g.agents = 6;
  west.groups.push_back(g);
  g.name = "all";
  g.skills = {"email", "chat", "voice"};
  Shift sh;
  sh.name = "day";
  sh.start_seconds = 6 * 3600.0;
  sh.length_seconds = 12 * 3600.0;
  sh.agents = 5;
  sh.breaks = {{4 * 3600.0, 1800.0}};
  g.shifts = {sh};
  g.agents = 0;
  west.groups.push_back(g);
  SiteConfig east = west;
  east.name = "east";
  east.utc_offset_hours = 5;
  east.groups[0].agents = 4;
  s.sites = {west, east};
  s.regions = {{"r3", 3, 0.6, "west"}, {"r5", 5, 0.4, "east"}};
  s.routing.policy = policy;
  s.routing.overflow_delay_seconds = delay;
  return s;
}

void require_same(const ReplicationResult& a, const ReplicationResult& b) {
  REQUIRE(a.channels.size() == b.channels.size());
  for (std::size_t i = 0; i < a.channels.size(); ++i) {
    const ChannelKpis& x = a.channels[i];
    const ChannelKpis& y = b.channels[i];
    CHECK(x.offered == y.offered);
    CHECK(x.answered == y.answered);
    CHECK(x.abandoned == y.abandoned);
    CHECK(x.answered_within_sl == y.answered_within_sl);
    CHECK(x.wait_sum_answered == y.wait_sum_answered);
    CHECK(x.wait_sum_all == y.wait_sum_all);
    CHECK(x.busy_seconds == y.busy_seconds);
    CHECK(x.staffed_seconds == y.staffed_seconds);
    CHECK(x.backlog_end == y.backlog_end);
    CHECK(x.queue_seconds == y.queue_seconds);
  }
  for (std::size_t i = 0; i < a.sites.size(); ++i) {
    CHECK(a.sites[i].handled == b.sites[i].handled);
    CHECK(a.sites[i].busy_seconds == b.sites[i].busy_seconds);
  }
  CHECK(a.events == b.events);
}

}  // namespace

TEST_CASE("a plug-in keeping the default decisions routes exactly as the built-ins",
          "[models][routing]") {
  register_routing_policy("test_general_path", [](const Scenario& s) {
    Scenario inner = s;
    inner.routing.policy = s.name;  // the built-in to imitate travels in the name
    return std::make_unique<GeneralPath>(make_routing_policy(inner));
  });
  for (const std::string builtin : {"home_first", "pooled"}) {
    for (const double delay : {0.0, 20.0, std::numeric_limits<double>::infinity()}) {
      if (builtin == "pooled" && delay != 0.0) continue;
      INFO(builtin << " overflow_delay " << delay);
      const Scenario fast = mixed(builtin, delay);
      Scenario general = fast;
      general.name = builtin;
      general.routing.policy = "test_general_path";
      const ReplicationResult a = simulate_replication(fast, 7, 0);
      const ReplicationResult b = simulate_replication(general, 7, 0);
      REQUIRE(a.channels[0].answered > 100);  // the scenario does route work
      REQUIRE(a.channels[1].answered > 100);
      require_same(a, b);
    }
  }
}
