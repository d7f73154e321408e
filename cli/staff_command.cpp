// `ccsim staff`: not implemented yet (placeholder until its issue lands).
#include <cstdio>

#include "commands.hpp"

namespace ccsim::cli {

void add_staff_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("staff", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] {
      std::fprintf(stderr, "ccsim staff: not implemented yet\n");
      return kExitInternal;
    };
  });
}

}  // namespace ccsim::cli
