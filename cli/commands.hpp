#pragma once
// The subcommands of the ccsim executable. Each add_*_command() registers its subcommand on
// `app` and, through CLI11's callback, stores in `action` what to run once parsing succeeded.
// An action returns the process exit code (0 ok, 1 regression failed, 2 bad input).

#include <functional>

#include <CLI/CLI.hpp>

namespace ccsim::cli {

using Action = std::function<int()>;

void add_run_command(CLI::App& app, Action& action);
void add_validate_command(CLI::App& app, Action& action);
void add_staff_command(CLI::App& app, Action& action);
void add_roster_command(CLI::App& app, Action& action);
void add_erlang_command(CLI::App& app, Action& action);
void add_check_command(CLI::App& app, Action& action);
void add_calibrate_command(CLI::App& app, Action& action);
void add_sweep_command(CLI::App& app, Action& action);

/// Exit codes of the CLI contract.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInternal = 3;

}  // namespace ccsim::cli
