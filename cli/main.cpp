// ccsim: command-line front end. Parses arguments, dispatches to a subcommand, and turns
// exceptions into one-line messages and the exit codes of the CLI contract.

#include <cstdio>
#include <exception>
#include <new>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "ccsim/io/error.hpp"
#include "ccsim/io/output_files.hpp"
#include "ccsim/models/error.hpp"
#include "ccsim/version.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "parallel.hpp"

namespace {

// Help and version text is output too: a failed write is an error, not exit 0.
int help_exit(int code) {
  try {
    ccsim::cli::finish_stdout();
  } catch (const ccsim::io::InputError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return ccsim::cli::kExitBadInput;
  }
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ccsim::cli;
  ParallelSession session(argc, argv);
  if (!session.problem().empty()) {
    std::fprintf(stderr, "%s\n", session.problem().c_str());
    return kExitBadInput;
  }
  // Ctrl-C, SIGTERM and SIGHUP remove half-written output files and exit 130, 143, 129.
  ccsim::io::install_signal_cleanup();
  CLI::App app{"ccsim: discrete-event simulator and staffing calculator for contact centers",
               "ccsim"};
  app.set_version_flag("--version", std::string("ccsim ") + ccsim::kVersion);
  app.require_subcommand(1);
  app.fallthrough(false);

  Action action;
  add_run_command(app, action);
  add_staff_command(app, action);
  add_roster_command(app, action);
  add_erlang_command(app, action);
  add_validate_command(app, action);
  add_check_command(app, action);
  add_calibrate_command(app, action);
  add_sweep_command(app, action);

  // CLI11 reports an unknown subcommand as a missing one; name it instead.
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (const auto* sub : app.get_subcommands({})) known = known || sub->check_name(argv[1]);
    if (!known) {
      std::fprintf(stderr, "ccsim: error: unknown subcommand '%s'\nRun 'ccsim --help' for usage.\n",
                   argv[1]);
      return kExitBadInput;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return help_exit(app.exit(e));
  } catch (const CLI::CallForAllHelp& e) {
    return help_exit(app.exit(e));
  } catch (const CLI::CallForVersion& e) {
    return help_exit(app.exit(e));
  } catch (const CLI::ParseError& e) {
    // One line, then exit 2 (bad input) whatever CLI11's own code would be.
    std::fputs(fmt::format("ccsim: error: {}\nRun 'ccsim --help' for usage.\n", e.what()).c_str(),
               stderr);
    return kExitBadInput;
  }

  // In an MPI job every rank runs the same command on the same input, so bad input (and an
  // unusable --out, agreed through on_output_process) is found by every rank at the same point:
  // rank 0 reports it and all ranks exit 2 together. Anything else may have happened on one
  // rank alone while the others wait for it: that rank says so and ends the whole job.
  int code = kExitBadInput;
  try {
    code = action ? action() : kExitBadInput;
    finish_stdout();
  } catch (const ccsim::io::InputError& e) {
    if (is_output_process())
      for (const auto& d : e.diagnostics()) std::fprintf(stderr, "%s\n", d.format().c_str());
    code = kExitBadInput;
  } catch (const ccsim::models::UserError& e) {
    // The one type for user-caused problems from models: exit 2 in every command.
    if (is_output_process())
      std::fprintf(stderr, "ccsim: error: %s%s%s\n", e.path().c_str(), e.path().empty() ? "" : ": ",
                   e.what());
    code = kExitBadInput;
  } catch (const std::bad_alloc&) {
    // The resource caps (ccsim/models/limits.hpp) refuse runs that do not fit up front; this
    // is the last resort when the machine has less memory than the caps allow.
    std::fprintf(stderr,
                 "ccsim: error: out of memory; lower the scenario's size or the --max-memory "
                 "cap\n");
    code = kExitBadInput;
  } catch (const std::exception& e) {
    if (process_count() > 1) {
      std::fprintf(stderr, "ccsim: internal error on MPI rank %d of %d: %s\n", process_rank(),
                   process_count(), e.what());
      session.abort(kExitInternal);
    }
    std::fprintf(stderr, "ccsim: internal error: %s\n", e.what());
    code = kExitInternal;
  }
  return code;
}
