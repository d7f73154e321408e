#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <boost/random/uniform_01.hpp>

#include "ccsim/sim/random.hpp"

using namespace ccsim::sim;

namespace {
std::vector<std::uint64_t> draws(RandomEngine e, int n = 16) {
  std::vector<std::uint64_t> v(static_cast<std::size_t>(n));
  for (auto& x : v) x = e();
  return v;
}
}  // namespace

TEST_CASE("random: the mixing functions match their published test vectors", "[sim][random]") {
  // SplitMix64 (Steele, Lea & Flood 2014) from state 0: first output 0xe220a8397b1dcdaf.
  REQUIRE(detail::splitmix64(0) == 0xe220a8397b1dcdafULL);
  // FNV-1a 64 (Fowler, Noll, Vo; test vectors of the reference implementation).
  REQUIRE(detail::fnv1a64("") == 0xcbf29ce484222325ULL);
  REQUIRE(detail::fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  REQUIRE(detail::fnv1a64("foobar") == 0x85944171f73967e8ULL);
  // mt19937_64 with the default seed: the 10000th output is fixed by the C++ standard
  // ([rand.predef]); Boost's engine is the same algorithm.
  RandomEngine e{5489u};
  e.discard(9999);
  REQUIRE(e() == 9981545732273789042ULL);
}

TEST_CASE("random: stream seeds follow the documented derivation", "[sim][random]") {
  const StreamFactory f(42, 3);
  const std::uint64_t base = detail::splitmix64(42 ^ detail::splitmix64(3 + 1));
  REQUIRE(f.stream_seed("arrivals/voice") ==
          detail::splitmix64(base ^ detail::fnv1a64("arrivals/voice")));
  REQUIRE(draws(f.engine("x")) == draws(RandomEngine{f.stream_seed("x")}));
}

TEST_CASE("random: same name gives the same sequence, other names and replications differ",
          "[sim][random]") {
  const StreamFactory f(7, 0);
  REQUIRE(draws(f.engine("arrivals")) == draws(f.engine("arrivals")));
  REQUIRE(draws(StreamFactory(7, 0).engine("arrivals")) == draws(f.engine("arrivals")));
  REQUIRE(draws(f.engine("arrivals")) != draws(f.engine("handle_time")));
  REQUIRE(draws(f.engine("arrivals")) != draws(StreamFactory(7, 1).engine("arrivals")));
  REQUIRE(draws(f.engine("arrivals")) != draws(StreamFactory(8, 0).engine("arrivals")));
  // (seed, replication) pairs must not alias: (a, b) vs (b, a) and neighbours.
  REQUIRE(StreamFactory(1, 2).stream_seed("s") != StreamFactory(2, 1).stream_seed("s"));
  REQUIRE(StreamFactory(0, 0).stream_seed("s") != StreamFactory(0, 1).stream_seed("s"));
}

TEST_CASE("random: adding a stream does not shift the others", "[sim][random]") {
  // Run 1 uses streams a, b; run 2 adds c and d, created first and drawn from in between.
  const StreamFactory f(99, 5);
  RandomEngine a1 = f.engine("a");
  RandomEngine b1 = f.engine("b");
  const auto a_seq1 = draws(a1, 100);
  const auto b_seq1 = draws(b1, 100);
  RandomEngine c2 = f.engine("c");
  RandomEngine a2 = f.engine("a");
  RandomEngine d2 = f.engine("d");
  RandomEngine b2 = f.engine("b");
  std::vector<std::uint64_t> a_seq2, b_seq2;
  for (int i = 0; i < 100; ++i) {
    c2();
    a_seq2.push_back(a2());
    d2();
    b_seq2.push_back(b2());
  }
  REQUIRE(a_seq1 == a_seq2);
  REQUIRE(b_seq1 == b_seq2);
}

TEST_CASE("random: streams with neighbouring names are uncorrelated", "[sim][random]") {
  // Pearson correlation of 20000 paired U(0,1) draws: sd about 1/sqrt(n) = 0.007 under
  // independence; accept |r| < 5 sd.
  const StreamFactory f(1, 0);
  RandomEngine x = f.engine("group/1");
  RandomEngine y = f.engine("group/2");
  boost::random::uniform_01<double> u;
  const int n = 20000;
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (int i = 0; i < n; ++i) {
    const double a = u(x), b = u(y);
    sx += a;
    sy += b;
    sxx += a * a;
    syy += b * b;
    sxy += a * b;
  }
  const double cov = sxy / n - (sx / n) * (sy / n);
  const double r =
      cov / std::sqrt((sxx / n - (sx / n) * (sx / n)) * (syy / n - (sy / n) * (sy / n)));
  REQUIRE(std::abs(r) < 5.0 / std::sqrt(double(n)));
}
