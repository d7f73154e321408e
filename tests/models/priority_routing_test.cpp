// Priority and reservation routing ("priority", "longest_weighted_wait"): decisions of the
// policies, the model against the continuous-time Markov chain of a two-class single pool
// solved here with Eigen, and a conservation law for the weighted policy.
#include <catch2/catch.hpp>

#include <Eigen/Sparse>
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <unsupported/Eigen/MatrixFunctions>
#include <vector>

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/routing.hpp"
#include "ccsim/models/simulation.hpp"
#include "scenario_builders.hpp"

using namespace ccsim;
using namespace ccsim::models;

namespace {

double half_width(const Estimate& e) { return (e.upper - e.lower) / 2.0; }

/// Simulated estimate agrees with theory within 3 CI half-widths, and the CI is tighter than
/// `max_half`.
void agree(const char* what, const Estimate& e, double theory, double max_half) {
  const double h = half_width(e);
  INFO(what << ": simulated " << e.mean << " +/- " << h << ", theory " << theory);
  CHECK(h <= max_half);
  CHECK(std::fabs(e.mean - theory) <= 3.0 * h + 1e-12);
}

struct TwoClass {
  int agents = 6;
  double lambda1 = 90.0 / 3600, mean1 = 180, patience1 = 120;  // voice
  double lambda2 = 30.0 / 3600, mean2 = 240, patience2 = 600;  // chat
  int reserve = 0;                                             // idle agents kept for voice
};

/// One pool with skills [voice, chat] (voice a call, chat a chat of concurrency 1), exponential
/// handle times and patience, constant agents, the "priority" policy.
Scenario two_class_scenario(const TwoClass& m, double days) {
  Scenario s = test::single_pool(m.lambda1 * 3600, test::exponential(m.mean1), m.agents,
                                 test::exponential(m.patience1), days, 7200);
  ChannelConfig chat;
  chat.name = "chat";
  chat.kind = ChannelKind::chat;
  chat.volume = {Volume::Per::hour, m.lambda2 * 3600};
  chat.handle_time = test::exponential(m.mean2);
  chat.patience = test::exponential(m.patience2);
  chat.sl_seconds = 20;
  s.channels.push_back(chat);
  s.sites[0].groups[0].skills = {"voice", "chat"};
  s.routing.policy = "priority";
  if (m.reserve > 0) s.routing.reservation.push_back({"voice", m.reserve});
  return s;
}

struct ChainResult {
  double p_wait1 = 0, p_wait2 = 0, abandon1 = 0, abandon2 = 0, wait1 = 0, wait2 = 0;
  double occupancy1 = 0, occupancy2 = 0, service_level1 = 0;
};

/// The CTMC over (busy with voice, busy with chat, voice queue, chat queue), queues truncated
/// at `cap` (mass there is checked to be negligible). Voice is served first; a chat starts only
/// if `reserve` agents stay idle after it starts. Solves pi Q = 0 and derives the KPIs: p_wait
/// and the service level by PASTA, abandons as theta E[queue] / lambda, mean waits by Little's
/// law, occupancy per channel as E[busy] / N. The voice service level uses the tagged voice
/// call's own chain: (agents on voice, calls ahead), since chats never overtake it.
ChainResult solve_chain(const TwoClass& m, int cap, double t) {
  const int n = m.agents, k = m.reserve;
  const double mu1 = 1 / m.mean1, mu2 = 1 / m.mean2, th1 = 1 / m.patience1, th2 = 1 / m.patience2;
  std::map<std::tuple<int, int, int, int>, int> index;
  std::vector<std::tuple<int, int, int, int>> states;
  for (int b1 = 0; b1 <= n; ++b1)
    for (int b2 = 0; b1 + b2 <= n; ++b2)
      for (int q1 = 0; q1 <= cap; ++q1)
        for (int q2 = 0; q2 <= cap; ++q2) {
          const int f = n - b1 - b2;
          if ((q1 > 0 && f > 0) || (q2 > 0 && f > k)) continue;  // not reachable
          index[{b1, b2, q1, q2}] = static_cast<int>(states.size());
          states.emplace_back(b1, b2, q1, q2);
        }
  const int size = static_cast<int>(states.size());
  std::vector<Eigen::Triplet<double>> qt;  // transposed generator, row 0 = normalisation
  std::vector<double> diag(static_cast<std::size_t>(size), 0.0);
  auto rate = [&](int from, std::tuple<int, int, int, int> to, double r) {
    if (r <= 0) return;
    const int j = index.at(to);
    if (j != 0) qt.emplace_back(j, from, r);
    diag[static_cast<std::size_t>(from)] -= r;
  };
  for (int i = 0; i < size; ++i) {
    const auto [b1, b2, q1, q2] = states[static_cast<std::size_t>(i)];
    const int f = n - b1 - b2;
    // Arrivals (one beyond the cap is lost: the mass there is checked below).
    if (f > 0)
      rate(i, {b1 + 1, b2, q1, q2}, m.lambda1);
    else if (q1 < cap)
      rate(i, {b1, b2, q1 + 1, q2}, m.lambda1);
    if (f > k)
      rate(i, {b1, b2 + 1, q1, q2}, m.lambda2);
    else if (q2 < cap)
      rate(i, {b1, b2, q1, q2 + 1}, m.lambda2);
    // A freed agent: a waiting call, else a waiting chat if `k` others stay idle, else idles.
    const auto freed = [&](int nb1, int nb2, double r) {
      if (q1 > 0)
        rate(i, {nb1 + 1, nb2, q1 - 1, q2}, r);
      else if (q2 > 0 && f >= k)
        rate(i, {nb1, nb2 + 1, q1, q2 - 1}, r);
      else
        rate(i, {nb1, nb2, q1, q2}, r);
    };
    if (b1 > 0) freed(b1 - 1, b2, b1 * mu1);
    if (b2 > 0) freed(b1, b2 - 1, b2 * mu2);
    if (q1 > 0) rate(i, {b1, b2, q1 - 1, q2}, q1 * th1);
    if (q2 > 0) rate(i, {b1, b2, q1, q2 - 1}, q2 * th2);
  }
  // Every transition changes the state (no self-loops), so the diagonal is minus the row sums.
  for (int i = 1; i < size; ++i) qt.emplace_back(i, i, diag[static_cast<std::size_t>(i)]);
  for (int i = 0; i < size; ++i) qt.emplace_back(0, i, 1.0);
  Eigen::SparseMatrix<double> a(size, size);
  a.setFromTriplets(qt.begin(), qt.end());
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(size);
  rhs(0) = 1.0;
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu;
  lu.compute(a);
  REQUIRE(lu.info() == Eigen::Success);
  const Eigen::VectorXd pi = lu.solve(rhs);

  ChainResult r;
  double q1 = 0, q2 = 0, b1 = 0, b2 = 0, edge = 0;
  // Tagged voice call: states (agents on voice a, calls ahead j); start by PASTA.
  const int tags = (n + 1) * (cap + 1);
  Eigen::RowVectorXd start = Eigen::RowVectorXd::Zero(tags + 2);
  for (int i = 0; i < size; ++i) {
    const auto [s1, s2, w1, w2] = states[static_cast<std::size_t>(i)];
    const double p = pi(i);
    const int f = n - s1 - s2;
    if (f == 0) r.p_wait1 += p;
    if (f <= k) r.p_wait2 += p;
    q1 += w1 * p;
    q2 += w2 * p;
    b1 += s1 * p;
    b2 += s2 * p;
    if (w1 == cap || w2 == cap) edge += p;
    if (f == 0) start(s1 * (cap + 1) + w1) += p;
  }
  CHECK(edge < 1e-9);
  r.abandon1 = th1 * q1 / m.lambda1;
  r.abandon2 = th2 * q2 / m.lambda2;
  r.wait1 = q1 / m.lambda1;
  r.wait2 = q2 / m.lambda2;
  r.occupancy1 = b1 / n;
  r.occupancy2 = b2 / n;
  // The tagged call waits while all agents are busy: a voice completion moves it up, a chat
  // completion too (the freed agent takes the head call: one more agent on voice), a call
  // ahead abandoning too; its own patience ends it. At j = 0 the next completion serves it.
  const int served = tags, abandoned = tags + 1;
  Eigen::MatrixXd g = Eigen::MatrixXd::Zero(tags + 2, tags + 2);
  for (int s1 = 0; s1 <= n; ++s1)
    for (int j = 0; j <= cap; ++j) {
      const int from = s1 * (cap + 1) + j;
      const double voice_end = s1 * mu1, chat_end = (n - s1) * mu2;
      if (j == 0) {
        g(from, served) += voice_end + chat_end;
      } else {
        g(from, s1 * (cap + 1) + j - 1) += voice_end + j * th1;
        if (s1 < n) g(from, (s1 + 1) * (cap + 1) + j - 1) += chat_end;
      }
      g(from, abandoned) += th1;
      g(from, from) = -(voice_end + chat_end + (j > 0 ? j * th1 : 0.0) + th1);
    }
  r.service_level1 = 1.0 - r.p_wait1 + (start * (g * t).exp())(served);
  return r;
}

void compare_with_chain(const TwoClass& m, std::uint64_t seed) {
  const ChainResult th = solve_chain(m, 45, 20.0);
  RunOptions o;
  o.replications = 30;
  o.seed = seed;
  o.threads = 1;
  const RunResults r = simulate(two_class_scenario(m, 20.0), o);
  const ChannelSummary& v = r.channels.at(0);
  const ChannelSummary& c = r.channels.at(1);
  INFO("reserve " << m.reserve);
  agree("voice p_wait", v.p_wait, th.p_wait1, 0.01);
  agree("chat p_wait", c.p_wait, th.p_wait2, 0.01);
  agree("voice abandon_rate", v.abandon_rate, th.abandon1, 0.01);
  agree("chat abandon_rate", c.abandon_rate, th.abandon2, 0.01);
  agree("voice mean wait", v.mean_wait_seconds, th.wait1, 0.05 * th.wait1);
  agree("chat mean wait", c.mean_wait_seconds, th.wait2, 0.05 * th.wait2);
  agree("voice occupancy", v.occupancy, th.occupancy1, 0.005);
  agree("chat occupancy", c.occupancy, th.occupancy2, 0.005);
  agree("voice service level", v.service_level, th.service_level1, 0.01);
}

RoutingAgent agent(int group, int sessions, int idle_others) {
  return RoutingAgent{0, group, sessions, idle_others};
}
RoutingContact contact(int channel, double waited_seconds) {
  return RoutingContact{channel, RoutingPolicy::kAnySite, sim::from_seconds(waited_seconds)};
}

}  // namespace

TEST_CASE("priority and reservation policies decide by rank, weight and idle agents",
          "[models][routing][priority]") {
  Scenario s = two_class_scenario(TwoClass{}, 1.0);
  ChannelConfig email;
  email.name = "email";
  email.kind = ChannelKind::email;
  email.volume = {Volume::Per::hour, 1};
  email.handle_time = test::exponential(300);
  email.sl_seconds = 86400;
  s.channels.push_back(email);
  s.sites[0].groups[0].skills = {"voice", "chat", "email"};
  REQUIRE(has_routing_policy("priority"));
  REQUIRE(has_routing_policy("longest_weighted_wait"));

  // Skill order: voice, chat, email. A listed priority overrides it.
  s.routing.policy = "priority";
  auto p = make_routing_policy(s);
  const std::vector<RoutingContact> waiting{contact(1, 100), contact(0, 5), contact(2, 900)};
  CHECK(p->pick(agent(0, 0, 0), waiting) == 1);  // voice first
  s.routing.priority = {"email", "chat"};
  p = make_routing_policy(s);
  CHECK(p->pick(agent(0, 0, 0), waiting) == 2);  // email, then chat, then voice (unlisted)
  const std::vector<RoutingContact> two_chats{contact(1, 10), contact(1, 30)};
  CHECK(p->pick(agent(0, 0, 0), two_chats) == 1);  // oldest within a channel

  // Reservation: 2 idle agents kept for voice against chat and email, but not for voice.
  s.routing.priority.clear();
  s.routing.reservation = {{"voice", 2}};
  p = make_routing_policy(s);
  CHECK(p->may_take(agent(0, 0, 0), contact(0, 0)));
  CHECK_FALSE(p->may_take(agent(0, 0, 1), contact(1, 0)));
  CHECK(p->may_take(agent(0, 0, 2), contact(1, 0)));
  CHECK_FALSE(p->may_take(agent(0, 0, 1), contact(2, 0)));
  CHECK(p->may_take(agent(0, 1, 0), contact(1, 0)));  // holds chat sessions: not idle
  // A reservation for chat protects chat (and what ranks below it) only.
  s.routing.reservation = {{"voice", 1}, {"chat", 3}};
  p = make_routing_policy(s);
  CHECK(p->may_take(agent(0, 0, 0), contact(0, 0)));
  CHECK(p->may_take(agent(0, 0, 1), contact(1, 0)));
  CHECK_FALSE(p->may_take(agent(0, 0, 2), contact(2, 0)));  // max(1, 3) = 3 for email
  CHECK(p->may_take(agent(0, 0, 3), contact(2, 0)));

  // Longest weighted wait: weight x wait, ties to the higher priority.
  s.routing.policy = "longest_weighted_wait";
  s.routing.reservation.clear();
  s.routing.weights = {{"voice", 3.0}};
  p = make_routing_policy(s);
  CHECK(p->pick(agent(0, 0, 0), std::vector{contact(1, 100), contact(0, 40)}) == 1);  // 120>100
  CHECK(p->pick(agent(0, 0, 0), std::vector{contact(1, 130), contact(0, 40)}) == 0);  // 130>120
  CHECK(p->pick(agent(0, 0, 0), std::vector{contact(1, 120), contact(0, 40)}) == 1);  // tie
  CHECK_FALSE(p->default_decisions());
}

TEST_CASE("routing parameters are validated against the policy and the channels",
          "[models][routing][priority]") {
  Scenario s = two_class_scenario(TwoClass{}, 1.0);
  const auto paths = [&] {
    std::vector<std::string> out;
    for (const Problem& p : validate(s)) out.push_back(p.path + ": " + p.message);
    return out;
  };
  CHECK(paths().empty());
  s.routing.reservation = {{"voise", 1}, {"chat", -1}};
  s.routing.priority = {"chat", "chat"};
  s.routing.weights = {{"voice", 2.0}};
  const auto problems = paths();
  INFO(Catch::Detail::stringify(problems));
  const auto has = [&](const std::string& prefix) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& p) { return p.rfind(prefix, 0) == 0; });
  };
  CHECK(has("routing.reservation[0].channel: unknown channel 'voise'"));
  CHECK(has("routing.reservation[1].idle_agents"));
  CHECK(has("routing.priority[1]"));
  CHECK(has("routing.weights: only used by policy 'longest_weighted_wait'"));
  s = two_class_scenario(TwoClass{}, 1.0);
  s.routing.policy = "pooled";
  s.routing.reservation = {{"voice", 1}};
  CHECK(paths().size() == 1);
  s.routing.policy = "longest_weighted_wait";
  s.routing.weights = {{"chat", 0.0}};
  CHECK(paths().size() == 1);
}

TEST_CASE("two classes on one pool with priority agree with their Markov chain",
          "[models][routing][priority][ctmc][.slow]") {
  compare_with_chain(TwoClass{}, 4242);
}

TEST_CASE("two classes on one pool with a reservation threshold agree with their Markov chain",
          "[models][routing][priority][ctmc][.slow]") {
  TwoClass m;
  m.reserve = 2;
  compare_with_chain(m, 4343);
}

TEST_CASE("longest weighted wait keeps the M/M/N total wait (conservation)",
          "[models][routing][priority]") {
  // Same exponential handle time for both channels and no abandons: any policy that never
  // idles an agent while a contact waits leaves the number in system an M/M/N birth-death
  // process, so lambda1 W1 + lambda2 W2 = lambda Wq(Erlang C); the weights only move the wait
  // from one channel to the other.
  TwoClass m;
  m.agents = 10;
  m.lambda1 = 150.0 / 3600;
  m.lambda2 = 120.0 / 3600;
  m.mean1 = m.mean2 = 120;
  Scenario s = two_class_scenario(m, 4.0);
  s.channels[0].patience.reset();
  s.channels[1].patience.reset();
  s.routing.policy = "longest_weighted_wait";
  s.routing.weights = {{"voice", 4.0}};
  RunOptions o;
  o.replications = 20;
  o.seed = 99;
  o.threads = 1;
  const RunResults r = simulate(s, o);
  const double lambda = m.lambda1 + m.lambda2;
  const QueueMetrics mmn = erlang_c(QueueInput{lambda, 120.0, std::nullopt, m.agents, 20.0});
  const Estimate& w1 = r.channels[0].mean_wait_seconds;
  const Estimate& w2 = r.channels[1].mean_wait_seconds;
  const double total = (m.lambda1 * w1.mean + m.lambda2 * w2.mean) / lambda;
  const double h = (m.lambda1 * half_width(w1) + m.lambda2 * half_width(w2)) / lambda;
  INFO("weighted mean wait " << total << " +/- " << h << ", Erlang C " << mmn.mean_wait_seconds
                             << "; voice " << w1.mean << ", chat " << w2.mean);
  CHECK(std::fabs(total - mmn.mean_wait_seconds) <= 3 * h);
  CHECK(h < 0.1 * mmn.mean_wait_seconds);
  CHECK(w1.mean < 0.7 * w2.mean);  // the weight favours voice
}
