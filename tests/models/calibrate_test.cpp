// Calibration root search: exact roots of known functions, the delta-method interval, an
// unbracketed target reported as an outcome, and a simulated fit against Erlang A.
#include <catch2/catch.hpp>

#include <cmath>

#include "ccsim/models/calibrate.hpp"
#include "ccsim/models/erlang.hpp"
#include "ccsim/models/simulation.hpp"
#include "scenario_builders.hpp"

using namespace ccsim;

namespace {

models::Estimate exact(double v) { return {v, v, v}; }

}  // namespace

TEST_CASE("calibration finds the root of a smooth monotone function", "[models][calibrate]") {
  int calls = 0;
  const auto cube = [&calls](double x) {
    ++calls;
    return exact(x * x * x);
  };
  const auto r = models::calibrate(cube, 10.0, 0.0, 5.0);
  REQUIRE(r.bracketed);
  REQUIRE(r.converged);
  CHECK(r.value == Approx(std::cbrt(10.0)).epsilon(1e-4));
  CHECK(calls == static_cast<int>(r.evaluations.size()));
  CHECK(calls <= 20);
}

TEST_CASE("calibration works on decreasing functions too", "[models][calibrate]") {
  const auto r =
      models::calibrate([](double x) { return exact(100.0 / (1.0 + x)); }, 20.0, 0.0, 50.0);
  REQUIRE(r.bracketed);
  CHECK(r.value == Approx(4.0).epsilon(1e-3));
}

TEST_CASE("the fitted value's interval is the metric's half-width over the slope",
          "[models][calibrate]") {
  // Metric 3x + 1 with a +-0.6 interval everywhere: the root of 3x + 1 = 10 is 3, and the
  // metric is indistinguishable from 10 within +-0.6 / 3 = +-0.2 of it.
  const auto r = models::calibrate(
      [](double x) {
        const double m = 3.0 * x + 1.0;
        return models::Estimate{m, m - 0.6, m + 0.6};
      },
      10.0, 0.0, 10.0, {.max_evaluations = 30, .x_tolerance = 1e-9, .noise_share = 0.0});
  REQUIRE(r.bracketed);
  CHECK(r.value == Approx(3.0).epsilon(1e-6));
  CHECK(r.lower == Approx(2.8).epsilon(1e-6));
  CHECK(r.upper == Approx(3.2).epsilon(1e-6));
}

TEST_CASE("a target outside the range is reported, not fitted", "[models][calibrate]") {
  const auto r = models::calibrate([](double x) { return exact(x); }, 50.0, 0.0, 10.0);
  CHECK_FALSE(r.bracketed);
  CHECK_FALSE(r.converged);
  CHECK(r.evaluations.size() == 2);
  CHECK(r.stop_reason.find("not between") != std::string::npos);
}

TEST_CASE("the evaluation budget stops the search", "[models][calibrate]") {
  const auto r =
      models::calibrate([](double x) { return exact(std::pow(x, 9.0)); }, 2.0, 0.0, 100.0,
                        {.max_evaluations = 4, .x_tolerance = 1e-12, .noise_share = 0.0});
  CHECK(r.bracketed);
  CHECK_FALSE(r.converged);
  CHECK(r.evaluations.size() == 4);
}

TEST_CASE("calibrating patience to the Erlang A wait recovers the true patience",
          "[models][calibrate]") {
  // M/M/22+M with 600 calls/h and AHT 120 s (20 erlangs). Erlang A gives the ASA at a true
  // mean patience of 300 s; fitting the patience of the simulation to that ASA must give back
  // about 300 s (common random numbers at every point).
  const double true_patience = 300.0;
  models::QueueInput q;
  q.arrival_rate = 600.0 / 3600.0;
  q.mean_service_seconds = 120.0;
  q.mean_patience_seconds = true_patience;
  q.agents = 22;
  const double target = models::erlang_a(q).asa_seconds;

  const auto objective = [](double patience) {
    const auto s = test::single_pool(600.0, test::exponential(120.0), 22,
                                     test::exponential(patience), 4.0, 3600.0);
    models::RunOptions options;
    options.replications = 8;
    options.seed = 2024;
    options.threads = 1;
    return models::simulate(s, options).channels[0].asa_seconds;
  };
  const auto r = models::calibrate(objective, target, 60.0, 3000.0, {.max_evaluations = 12});
  REQUIRE(r.bracketed);
  INFO("fitted " << r.value << " in [" << r.lower << ", " << r.upper << "], target ASA " << target);
  // The interval is a 95% one; allow twice its half-width so the check is not a coin flip.
  const double half = 0.5 * (r.upper - r.lower);
  CHECK(half > 0.0);
  CHECK(std::abs(r.value - true_patience) <= 2.0 * half);
  CHECK(half < 0.5 * true_patience);  // the fit is informative, not the whole range
}
