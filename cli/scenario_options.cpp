#include "scenario_options.hpp"

#include <charconv>
#include <string>

#include <fmt/format.h>

namespace ccsim::cli {

namespace {

// --seed as the YAML reads it: decimal digits only, within 64 bits. CLI11's own conversion
// wraps "-1" to 2^64 - 1 and saturates 2^64, both silently.
std::string parse_seed(const std::string& text, std::optional<std::uint64_t>& out) {
  std::uint64_t v = 0;
  const char* end = text.data() + text.size();
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (!digits || (ec != std::errc() && ec != std::errc::result_out_of_range) || ptr != end)
    return fmt::format("--seed: expected a whole number in [0, 2^64 - 1], got '{}'", text);
  if (ec == std::errc::result_out_of_range)
    return fmt::format("--seed: '{}' does not fit in 64 bits (at most 18446744073709551615)", text);
  out = v;
  return {};
}

}  // namespace

void add_scenario_run_options(CLI::App& cmd, ScenarioRunArgs& args,
                              const std::string& replications_help, const std::string& set_help) {
  cmd.add_option("--replications,-r", args.replications, replications_help)
      ->check(CLI::Range(1, models::kMaxReplications));
  cmd.add_option_function<std::string>(
      "--seed",
      [&args](const std::string& text) {
        if (const std::string why = parse_seed(text, args.seed); !why.empty())
          throw CLI::ValidationError(why);
      },
      "Base random seed, 0 to 2^64 - 1 (default: the scenario's)");
  cmd.add_option(
         "--threads,-j", args.threads,
         fmt::format("Worker threads, 0 to {}; 0 = all cores (default)", models::kMaxThreads))
      ->check(CLI::Range(0, models::kMaxThreads));
  cmd.add_option("--set", args.sets, set_help)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("--max-events", args.limits.max_events,
                 fmt::format("Refuse a run estimated to process more events (default {:g})",
                             args.limits.max_events))
      ->check(CLI::PositiveNumber);
  cmd.add_option("--max-memory", args.limits.max_memory_mb,
                 fmt::format("Refuse a run estimated to need more memory, MiB (default {:g})",
                             args.limits.max_memory_mb))
      ->check(CLI::PositiveNumber);
  cmd.add_option("--unset", args.unsets,
                 "Remove a key, a channel or a site of the scenario (repeatable), e.g. "
                 "--unset sites.irkutsk")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("--scale", args.scales,
                 "Multiply the numbers at key.path by a factor; '*' matches every key "
                 "(repeatable), e.g. --scale 'channels.*.volume=1.1'")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

io::ScenarioEdits scenario_edits(const ScenarioRunArgs& args) {
  io::ScenarioEdits e;
  e.sets = args.sets;
  e.unsets = args.unsets;
  e.scales = args.scales;
  return e;
}

}  // namespace ccsim::cli
