#include <catch2/catch.hpp>

#include <barrier>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ccsim/sim/distribution.hpp"

using namespace ccsim::sim;

namespace {

// K "ranks" as K threads of one process: each thread has its own rank, all_gather is a real
// collective (every rank deposits its block, waits for the others, reads all of them).
thread_local int t_rank = 0;

class ThreadDistributor final : public ReplicationDistributor {
 public:
  explicit ThreadDistributor(int size) : size_(size), blocks_(size), sync_(size) {}
  int rank() const override { return t_rank; }
  int size() const override { return size_; }
  std::vector<std::string> all_gather(const std::string& block) override {
    blocks_[static_cast<std::size_t>(t_rank)] = block;
    sync_.arrive_and_wait();
    std::vector<std::string> all = blocks_;
    sync_.arrive_and_wait();  // nobody overwrites a block before everyone has read it
    return all;
  }

 private:
  int size_;
  std::vector<std::string> blocks_;
  std::barrier<> sync_;
};

double work(int r) { return 1.0 / (r + 3) + r * 1e-7; }

const std::function<void(const double&, std::string&)> encode =
    [](const double& x, std::string& out) { ByteWriter(out).put(x); };
const std::function<double(std::string_view)> decode = [](std::string_view b) {
  return ByteReader(b).get<double>();
};

// Runs `fn(rank)` on `size` threads with the distributor installed.
template <class Fn>
void on_ranks(int size, Fn fn) {
  ThreadDistributor d(size);
  set_replication_distributor(&d);
  {
    std::vector<std::jthread> ranks;
    for (int k = 0; k < size; ++k)
      ranks.emplace_back([k, &fn] {
        t_rank = k;
        fn(k);
      });
  }
  set_replication_distributor(nullptr);
}

}  // namespace

TEST_CASE("replication blocks cover every replication once, sizes within one",
          "[sim][distribution]") {
  for (int reps : {0, 1, 5, 8, 13})
    for (int size = 1; size <= 6; ++size) {
      int next = 0;
      for (int k = 0; k < size; ++k) {
        const ReplicationBlock b = replication_block(reps, k, size);
        REQUIRE(b.begin == next);
        REQUIRE(b.end - b.begin >= reps / size);
        REQUIRE(b.end - b.begin <= reps / size + 1);
        next = b.end;
      }
      REQUIRE(next == reps);
    }
  REQUIRE_THROWS_AS(replication_block(4, 2, 2), std::invalid_argument);
}

TEST_CASE("byte records round-trip and reject truncation", "[sim][distribution]") {
  std::string bytes;
  ByteWriter w(bytes);
  w.put(0.1);
  w.put_vector(std::vector<int>{3, -1, 7});
  w.put_string("rank");
  ByteReader r(bytes);
  REQUIRE(r.get<double>() == 0.1);
  REQUIRE(r.get_vector<int>() == std::vector<int>{3, -1, 7});
  REQUIRE(r.get_string() == "rank");
  REQUIRE(r.done());
  ByteReader cut(std::string_view(bytes).substr(0, bytes.size() - 1));
  cut.get<double>();
  cut.get_vector<int>();
  REQUIRE_THROWS_AS(cut.get_string(), std::runtime_error);
}

TEST_CASE("distributed replications equal the single-process ones on every rank",
          "[sim][distribution]") {
  const std::function<double(int)> body = work;
  for (int reps : {1, 2, 7, 12}) {
    const std::vector<double> serial = run_replications(reps, 1, body);
    for (int size = 2; size <= 4; ++size) {
      std::vector<std::vector<double>> got(static_cast<std::size_t>(size));
      on_ranks(size, [&](int k) {
        got[static_cast<std::size_t>(k)] =
            distribute_replications<double>(reps, 2, body, encode, decode);
      });
      for (const auto& g : got) REQUIRE(g == serial);  // bit-identical doubles
    }
  }
}

TEST_CASE("every rank throws the lowest-numbered failure, with its kind and message",
          "[sim][distribution]") {
  // Replications 5 and 9 fail; with 3 ranks over 12 they live on ranks 1 and 2.
  const std::function<double(int)> body = [](int r) -> double {
    if (r == 9) throw std::runtime_error("replication 9");
    if (r == 5) throw std::domain_error("replication 5");
    return r;
  };
  std::vector<std::string> messages(3);
  std::vector<int> domain(3, 0);
  on_ranks(3, [&](int k) {
    try {
      distribute_replications<double>(12, 1, body, encode, decode);
    } catch (const std::domain_error& e) {
      messages[static_cast<std::size_t>(k)] = e.what();
      domain[static_cast<std::size_t>(k)] = 1;
    } catch (const std::exception& e) {
      messages[static_cast<std::size_t>(k)] = e.what();
    }
  });
  for (int k = 0; k < 3; ++k) {
    REQUIRE(messages[static_cast<std::size_t>(k)] == "replication 5");
    REQUIRE(domain[static_cast<std::size_t>(k)] == 1);
  }
}

TEST_CASE("a batch inside a distributed replication runs locally", "[sim][distribution]") {
  // Each outer replication r sums an inner batch of r + 1 replications; only the outer batch
  // is spread over the ranks (an inner collective would deadlock: ranks run different r).
  const std::function<double(int)> inner = work;
  const std::function<double(int)> outer = [&](int r) {
    double sum = 0;
    for (double x : distribute_replications<double>(r + 1, 2, inner, encode, decode)) sum += x;
    return sum;
  };
  const std::vector<double> serial = run_replications(6, 1, outer);
  for (int size = 2; size <= 3; ++size) {
    std::vector<std::vector<double>> got(static_cast<std::size_t>(size));
    on_ranks(size, [&](int k) {
      got[static_cast<std::size_t>(k)] =
          distribute_replications<double>(6, 1, outer, encode, decode);
    });
    for (const auto& g : got) REQUIRE(g == serial);
  }
}
