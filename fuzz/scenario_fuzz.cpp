// libFuzzer target: arbitrary bytes as a scenario file. Every outcome must be a normal return
// or ccsim::io::InputError; any other exception, crash, hang or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "ccsim/io/error.hpp"
#include "ccsim/io/scenario_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    // parse_scenario runs models::validate() itself; describe() walks every loaded field.
    const auto file = ccsim::io::parse_scenario(text, "fuzz.yaml");
    (void)ccsim::io::describe(file);
  } catch (const ccsim::io::InputError&) {
    // Bad input, reported as the contract says.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scenario fuzz: escaped exception: %s\n", e.what());
    std::abort();
  }
  return 0;
}
