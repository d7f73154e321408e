// `ccsim check`: not implemented yet (placeholder until its issue lands).
#include <cstdio>

#include "commands.hpp"

namespace ccsim::cli {

void add_check_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("check", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] {
      std::fprintf(stderr, "ccsim check: not implemented yet\n");
      return kExitInternal;
    };
  });
}

}  // namespace ccsim::cli
