#pragma once
// A scratch directory for one CLI test, removed with everything in it at the end of the test.

#include <unistd.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/process.hpp"

namespace ccsim::test {

class TempDir {
 public:
  /// `<system temp directory>/ccsim-<name>-<pid>`, empty.
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("ccsim-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// The path of `name` in the directory.
  std::string path(const std::string& name) const { return (path_ / name).string(); }
  /// Writes `text` to `name` (bytes as they are); returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return path(name);
  }
  /// write(), quoted for the shell (shell_quote()).
  std::string write_arg(const std::string& name, const std::string& text) const {
    return shell_quote(write(name, text));
  }
  /// Entries in the directory (to see that nothing was left behind).
  std::size_t entries() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(path_)) ++n;
    return n;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace ccsim::test
