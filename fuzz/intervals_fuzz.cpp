// libFuzzer target: arbitrary bytes as the `ccsim erlang --intervals FILE.csv` file. The rows
// go through the Erlang C and A solvers as `ccsim erlang c|a --intervals` sends them (target
// service level 0.8 in 20 s) and into both reports. Allowed outcomes: a normal return,
// ccsim::io::InputError (bad file), and the solvers' std::invalid_argument / std::domain_error
// for a row no staffing can serve (the CLI turns both into exit 2 at the row's line); anything
// else, a crash, a hang or a sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "ccsim/io/erlang_report.hpp"
#include "ccsim/io/error.hpp"
#include "ccsim/models/erlang.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto rows = ccsim::io::parse_erlang_intervals(text, "fuzz.csv");
    std::vector<ccsim::io::ErlangIntervalResult> results;
    for (const auto& row : rows) {
      const double seconds = 30 * 60.0;
      const ccsim::models::QueueInput in{
          row.calls / seconds, row.aht_seconds, row.patience_seconds, 0, 20.0, 5.0};
      try {
        const auto answer =
            ccsim::models::required_agents(in, ccsim::models::Targets{0.8, {}, {}, {}});
        results.push_back({row, answer.metrics});
      } catch (const std::invalid_argument&) {
      } catch (const std::domain_error&) {
      }
    }
    (void)ccsim::io::erlang_intervals_json(results, 30);
    (void)ccsim::io::erlang_intervals_table(results, 30, "fuzz");
  } catch (const ccsim::io::InputError&) {
    // Bad input, reported as the contract says.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "intervals fuzz: escaped exception: %s\n", e.what());
    std::abort();
  }
  return 0;
}
