#pragma once
// Runs the ccsim executable (CCSIM_EXE, set by tests/CMakeLists.txt) in a shell and captures
// its exit code, stdout and stderr. For CLI tests only.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ccsim::test {

struct ProcessResult {
  int exit_code = -1;  ///< -1 if the process did not exit normally (signal)
  std::string out;
  std::string err;
};

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Runs `CCSIM_EXE <args>` through /bin/sh (quote arguments yourself) with stdin from
/// /dev/null, in the current directory.
inline ProcessResult run_ccsim(const std::string& args) {
  namespace fs = std::filesystem;
  static int counter = 0;
  const fs::path dir = fs::temp_directory_path() / ("ccsim-cli-test-" + std::to_string(::getpid()) +
                                                    "-" + std::to_string(counter++));
  fs::create_directories(dir);
  const fs::path out = dir / "out", err = dir / "err";
  const std::string cmd = std::string("'") + CCSIM_EXE + "' " + args + " </dev/null >'" +
                          out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  ProcessResult r;
  if (status != -1 && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  r.out = read_file(out);
  r.err = read_file(err);
  fs::remove_all(dir);
  return r;
}

/// Path of a file in the source tree, e.g. source_path("scenarios/examples/single-pool.yaml").
inline std::string source_path(const std::string& relative) {
  return std::string(CCSIM_SOURCE_DIR) + "/" + relative;
}

/// `text` as one /bin/sh word: in single quotes, each ' inside written as '\''. (Built by
/// appending: "'" + std::string + "'" draws a g++ 12 -Wrestrict false positive.)
inline std::string shell_quote(const std::string& text) {
  std::string quoted(1, '\'');
  for (char c : text) {
    if (c == '\'')
      quoted.append("'\\''");
    else
      quoted.push_back(c);
  }
  quoted.push_back('\'');
  return quoted;
}

/// A source-tree file, quoted for the shell: shell_quote(source_path(relative)).
inline std::string quoted_source(const std::string& relative) {
  return shell_quote(source_path(relative));
}

}  // namespace ccsim::test
