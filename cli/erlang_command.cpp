// `ccsim erlang`: not implemented yet (placeholder until its issue lands).
#include <cstdio>

#include "commands.hpp"

namespace ccsim::cli {

void add_erlang_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("erlang", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] {
      std::fprintf(stderr, "ccsim erlang: not implemented yet\n");
      return kExitInternal;
    };
  });
}

}  // namespace ccsim::cli
