#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ccsim/io/error.hpp"
#include "ccsim/io/sweep.hpp"

using namespace ccsim::io;

namespace {
const std::string kSingle = std::string(CCSIM_SOURCE_DIR) + "/scenarios/examples/single-pool.yaml";
}

TEST_CASE("vary lists, ranges and factors expand to --set values", "[io][sweep]") {
  REQUIRE(parse_vary("sites.main.agents=60,65", kSingle, {}).values ==
          std::vector<std::string>{"60", "65"});
  // Ranges include B, without binary noise (0.9 + 3 x 0.05 prints as 1.05).
  REQUIRE(parse_vary("k=0.9..1.2:0.05", kSingle, {}).values ==
          std::vector<std::string>{"0.9", "0.95", "1", "1.05", "1.1", "1.15", "1.2"});
  REQUIRE(parse_vary("k=1..2:0.3", kSingle, {}).values ==
          std::vector<std::string>{"1", "1.3", "1.6", "1.9"});
  // Factors multiply the scenario's value after --set: a whole number stays whole, a duration
  // is multiplied in seconds.
  REQUIRE(parse_vary("sites.main.agents=x1.1,x0.5", kSingle, {}).values ==
          std::vector<std::string>{"77", "35"});
  REQUIRE(parse_vary("sites.main.agents=x1.1", kSingle, {"sites.main.agents=80"}).values ==
          std::vector<std::string>{"88"});
  REQUIRE(parse_vary("channels.voice.handle_time.mean=x1.25", kSingle, {}).values ==
          std::vector<std::string>{"150"});
  REQUIRE(parse_vary("channels.voice.volume.per_hour=x1.05,150s", kSingle, {}).values ==
          std::vector<std::string>{"2100", "150s"});
}

TEST_CASE("bad --vary arguments are InputErrors located at the argument", "[io][sweep]") {
  for (const std::string bad :
       {"novalue", "=1", "k=", "k=1,", "k=1..2", "k=2..1:1", "k=1..2:-1", "k=a..2:1", "k=x",
        "k=xabc", "missing.key=x2", "channels.voice.kind=x2", "k=0..1e6:1"}) {
    INFO(bad);
    try {
      parse_vary(bad, kSingle, {});
      FAIL("accepted");
    } catch (const InputError& e) {
      REQUIRE(e.diagnostics().at(0).where.file == "--vary " + bad);
    }
  }
}

TEST_CASE("the grid is Cartesian, first axis slowest", "[io][sweep]") {
  const std::vector<SweepAxis> axes = {{"a=1,2", "a", {"1", "2"}},
                                       {"b=x,y,z", "b", {"x", "y", "z"}}};
  const auto grid = sweep_grid(axes);
  REQUIRE(grid.size() == 6);
  REQUIRE(grid[0] == std::vector<std::string>{"a=1", "b=x"});
  REQUIRE(grid[2] == std::vector<std::string>{"a=1", "b=z"});
  REQUIRE(grid[3] == std::vector<std::string>{"a=2", "b=x"});
  REQUIRE(grid[5] == std::vector<std::string>{"a=2", "b=z"});
  REQUIRE_THROWS_AS(sweep_grid(axes, 5), InputError);
}

TEST_CASE("scenario_scalar reads the value --set would replace", "[io][sweep]") {
  REQUIRE(scenario_scalar(kSingle, {}, "sites.main.agents") == std::optional<std::string>("70"));
  REQUIRE(scenario_scalar(kSingle, {}, "channels.voice.handle_time.mean") ==
          std::optional<std::string>("120s"));
  REQUIRE(scenario_scalar(kSingle, {"sites.main.agents=9"}, "sites.main.agents") ==
          std::optional<std::string>("9"));
  REQUIRE_FALSE(scenario_scalar(kSingle, {}, "sites.main").has_value());
  REQUIRE_FALSE(scenario_scalar(kSingle, {}, "sites.nope.agents").has_value());
}
