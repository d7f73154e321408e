// libFuzzer target: arbitrary bytes as the arguments of `ccsim erlang` (split at whitespace),
// through CLI11 parsing, the command's checks and the Erlang computation. Allowed outcomes:
// a normal return, CLI11's ParseError (exit 2 in main.cpp) or ccsim::io::InputError; anything
// else (another exception, crash, hang, sanitizer report) is a finding.
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ccsim/io/error.hpp"
#include "commands.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // The command prints its report on stdout; keep libFuzzer's log (stderr) readable.
  const int null = ::open("/dev/null", O_WRONLY);
  if (null >= 0) ::dup2(null, STDOUT_FILENO);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> words{"ccsim", "erlang"};
  std::string word;
  for (std::size_t i = 0; i <= size; ++i) {
    const char c = i < size ? static_cast<char>(data[i]) : ' ';
    if (c == ' ' || c == '\n' || c == '\t' || c == '\0') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);

  CLI::App app{"fuzz", "ccsim"};
  app.require_subcommand(1);
  ccsim::cli::Action action;
  ccsim::cli::add_erlang_command(app, action);
  try {
    app.parse(static_cast<int>(words.size()), argv.data());
    if (action) (void)action();
  } catch (const CLI::ParseError&) {
    // Includes --help; main.cpp turns these into usage or exit 2.
  } catch (const ccsim::io::InputError&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "erlang fuzz: escaped exception: %s\n", e.what());
    std::abort();
  }
  return 0;
}
