#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include <boost/random/exponential_distribution.hpp>

#include "ccsim/sim/random.hpp"
#include "ccsim/sim/replication.hpp"
#include "ccsim/sim/statistics.hpp"

using namespace ccsim::sim;

namespace {
// A replication with real random work: the mean of 20000 exponential draws from its stream.
double replication_mean(int r) {
  RandomEngine e = StreamFactory(123, static_cast<std::uint64_t>(r)).engine("work");
  boost::random::exponential_distribution<double> expo(2.0);
  Tally t;
  for (int i = 0; i < 20000; ++i) t.add(expo(e));
  return t.mean();
}
}  // namespace

TEST_CASE("replications: results in replication order, identical for any thread count",
          "[sim][replication]") {
  const std::function<double(int)> body = replication_mean;
  const std::vector<double> serial = run_replications(12, 1, body);
  REQUIRE(serial.size() == 12);
  for (int r = 0; r < 12; ++r) REQUIRE(serial[static_cast<std::size_t>(r)] == replication_mean(r));
  for (int threads : {2, 3, 4, 0}) {
    CAPTURE(threads);
    REQUIRE(run_replications(12, threads, body) == serial);  // bit-identical doubles
  }
  REQUIRE(serial[0] != serial[1]);  // replications use different streams
}

TEST_CASE("replications: progress is reported once per replication", "[sim][replication]") {
  for (int threads : {1, 4}) {
    std::vector<int> done_values;
    int totals_ok = 0;
    const std::function<int(int)> body = [](int r) { return r * r; };
    const std::function<void(int, int)> on_done = [&](int done, int total) {
      done_values.push_back(done);  // serialised by the runner's mutex
      totals_ok += total == 9 ? 1 : 0;
    };
    const std::vector<int> out = run_replications(9, threads, body, on_done);
    REQUIRE(out == std::vector<int>{0, 1, 4, 9, 16, 25, 36, 49, 64});
    REQUIRE(done_values == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9});
    REQUIRE(totals_ok == 9);
  }
}

TEST_CASE("replications: the lowest-numbered failure is rethrown, whatever the threads",
          "[sim][replication]") {
  const std::function<int(int)> body = [](int r) {
    if (r == 3 || r == 5) throw std::runtime_error("replication " + std::to_string(r));
    return r;
  };
  for (int threads : {1, 2, 4}) {
    CAPTURE(threads);
    REQUIRE_THROWS_WITH(run_replications(8, threads, body), "replication 3");
  }
}

TEST_CASE("replications: zero, negative and single counts", "[sim][replication]") {
  const std::function<int(int)> body = [](int r) { return r + 1; };
  REQUIRE(run_replications(0, 4, body).empty());
  REQUIRE(run_replications(1, 8, body) == std::vector<int>{1});
  REQUIRE_THROWS_AS(run_replications(-1, 1, body), std::invalid_argument);
}
