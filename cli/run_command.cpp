// `ccsim run`: not implemented yet (placeholder until its issue lands).
#include <cstdio>

#include "commands.hpp"

namespace ccsim::cli {

void add_run_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("run", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] {
      std::fprintf(stderr, "ccsim run: not implemented yet\n");
      return kExitInternal;
    };
  });
}

}  // namespace ccsim::cli
