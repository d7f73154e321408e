// libFuzzer target: arbitrary bytes as command-line scenario edits, one per line, applied to a
// fixed scenario that has lists, nested maps, shifts, regions and a YAML anchor with an alias
// (the paths the edits walk). A line "-PATH" is `--unset PATH`, a line "*PATH=FACTOR" is
// `--scale PATH=FACTOR`, any other line is `--set LINE`. Every outcome must be a normal return
// or ccsim::io::InputError; any other exception, crash, hang or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "ccsim/io/error.hpp"
#include "ccsim/io/scenario_file.hpp"

namespace {

constexpr const char* kBase = R"(name: set-fuzz
horizon: {days: 1, warmup: 1h, start_weekday: mon}
interval: 30m
seed: 42
replications: 3
regions:
  west: {utc_offset: 0, share: 0.5, home_site: a}
  east: {utc_offset: "+03:00", share: 0.5}
channels:
  voice:
    kind: call
    volume: {per_hour: 200}
    intraday: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    handle_time: &ht {dist: lognormal, mean: 180s, cv: 0.8}
    patience: {dist: exponential, mean: 120s}
    targets: {service_level: 0.8, asa: 25s}
  chat:
    kind: chat
    volume: {per_day: 900}
    handle_time: *ht
    concurrency: 2
sites:
  a:
    utc_offset: 0
    groups:
      mixed:
        skills: [voice, chat]
        shifts:
          early: {start: "06:00", length: 8h, days: [mon-fri], agents: 10,
                  breaks: [{after: 2h, length: 15m}]}
          late: {start: "14:00", length: 8h, agents: 8}
  b: {agents: 5, skills: [voice]}
routing: {policy: home_first, overflow_delay: 15s}
expect:
  - {metric: channels.voice.service_level, value: 0.8, tolerance: 0.1}
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ccsim::io::ScenarioEdits edits;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.front() == '-') {
      edits.unsets.emplace_back(line.substr(1));
    } else if (!line.empty() && line.front() == '*') {
      edits.scales.emplace_back(line.substr(1));
    } else {
      edits.sets.emplace_back(line);
    }
    start = end + 1;
  }
  try {
    const auto file = ccsim::io::parse_scenario(kBase, "fuzz.yaml", edits);
    (void)ccsim::io::describe(file);
  } catch (const ccsim::io::InputError&) {
    // Bad input, reported as the contract says.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "set fuzz: escaped exception: %s\n", e.what());
    std::abort();
  }
  return 0;
}
