// Erlang C / A against a customer-level Monte Carlo simulation of M/M/N(+M). Unlike the CTMC
// cross-check in erlang_test.cpp, this does not reuse the tagged-customer model of the solver:
// it follows every contact through a FCFS queue, so it also checks the definitions
// (service level = answered within T / offered, ASA over answered, mean wait over offered).

#include <cmath>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>

#include "ccsim/models/erlang.hpp"
#include "ccsim/sim/random.hpp"
#include "ccsim/sim/statistics.hpp"

namespace {

struct SimTotals {
  double offered = 0, answered = 0, within = 0, abandoned = 0, waited = 0;
  double wait_answered = 0, wait_all = 0;
};

// One replication: contacts arriving in [warmup, warmup + horizon) are counted, and the run
// goes on until each of them is answered or has abandoned. Exponential clocks are memoryless,
// so the next event is drawn from the total rate (arrival, a service end, an abandonment).
SimTotals simulate(double lambda, double mu, std::optional<double> patience, int n, double t,
                   double warmup, double horizon, ccsim::sim::RandomEngine& rng) {
  const double theta = patience ? 1.0 / *patience : 0.0;
  const double end = warmup + horizon;
  std::deque<double> queue;  // arrival times, FCFS
  int busy = 0;
  double now = 0;
  SimTotals s;
  boost::random::uniform_01<double> u01;
  auto counted = [&](double arrival) { return arrival >= warmup && arrival < end; };
  for (;;) {
    if (now >= end && (queue.empty() || queue.front() >= end)) break;
    const double r_arrival = lambda, r_service = busy * mu,
                 r_abandon = static_cast<double>(queue.size()) * theta;
    const double total = r_arrival + r_service + r_abandon;
    now += boost::random::exponential_distribution<double>(total)(rng);
    const double pick = u01(rng) * total;
    if (pick < r_arrival) {
      const bool c = counted(now);
      if (c) s.offered += 1;
      if (busy < n) {
        ++busy;
        if (c) {
          s.answered += 1;
          s.within += 1;
        }
      } else {
        if (c) s.waited += 1;
        queue.push_back(now);
      }
    } else if (pick < r_arrival + r_service) {
      --busy;
      if (!queue.empty()) {
        const double arrival = queue.front();
        queue.pop_front();
        ++busy;
        if (counted(arrival)) {
          const double w = now - arrival;
          s.answered += 1;
          s.within += w <= t ? 1 : 0;
          s.wait_answered += w;
          s.wait_all += w;
        }
      }
    } else {
      // Every waiting contact abandons at rate theta: the one leaving is uniform among them.
      boost::random::uniform_int_distribution<std::size_t> which(0, queue.size() - 1);
      const auto it = queue.begin() + static_cast<std::ptrdiff_t>(which(rng));
      const double arrival = *it;
      queue.erase(it);
      if (counted(arrival)) {
        s.abandoned += 1;
        s.wait_all += now - arrival;
      }
    }
  }
  return s;
}

}  // namespace

TEST_CASE("Erlang C and A agree with a customer-level simulation", "[models][erlang][.slow]") {
  struct Case {
    double calls_per_hour, aht;
    std::optional<double> patience;
    int agents;
    double t;
  };
  const Case cases[] = {
      {200, 180, 300.0, 12, 20},         // A = 10, patient enough that most wait it out
      {200, 180, 60.0, 8, 20},           // overloaded, impatient
      {600, 60, 30.0, 9, 10},            // A = 10, N = 9: short patience
      {200, 180, std::nullopt, 12, 20},  // Erlang C, rho = 0.83
  };
  constexpr int kReplications = 20;
  std::uint64_t case_index = 0;
  for (const auto& c : cases) {
    const double lambda = c.calls_per_hour / 3600.0, mu = 1.0 / c.aht;
    const auto exact = ccsim::models::queue_metrics({lambda, c.aht, c.patience, c.agents, c.t});
    std::vector<double> sl, asa, mean_wait, p_abandon, p_wait;
    for (int rep = 0; rep < kReplications; ++rep) {
      ccsim::sim::StreamFactory streams(20261125 + case_index, static_cast<std::uint64_t>(rep));
      auto rng = streams.engine("erlang-sim");
      // About 200,000 counted contacts per replication after a warm-up of 100 handle times.
      const double horizon = 200'000.0 / lambda;
      const SimTotals s =
          simulate(lambda, mu, c.patience, c.agents, c.t, 100 * c.aht, horizon, rng);
      sl.push_back(s.within / s.offered);
      asa.push_back(s.wait_answered / s.answered);
      mean_wait.push_back(s.wait_all / s.offered);
      p_abandon.push_back(s.abandoned / s.offered);
      p_wait.push_back(s.waited / s.offered);
    }
    ++case_index;
    // 99.9 % intervals: with 5 metrics x 4 cases a 95 % interval would miss by chance too often.
    auto within_ci = [](const std::vector<double>& v, double value) {
      const auto ci = ccsim::sim::student_t_interval(v, 0.999);
      INFO("simulated " << ci.mean << " +- " << ci.half_width << ", exact " << value);
      CHECK(std::abs(ci.mean - value) <= ci.half_width + 1e-12);
    };
    INFO("N=" << c.agents << " calls/h=" << c.calls_per_hour
              << " patience=" << (c.patience ? *c.patience : -1));
    within_ci(sl, exact.service_level);
    within_ci(asa, exact.asa_seconds);
    within_ci(mean_wait, exact.mean_wait_seconds);
    within_ci(p_wait, exact.p_wait);
    if (c.patience) within_ci(p_abandon, exact.p_abandon);
  }
}
