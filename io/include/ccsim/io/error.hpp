#pragma once
/// Errors about user input (scenario files, numbers on the command line).

#include <stdexcept>
#include <string>
#include <vector>

#include "ccsim/models/error.hpp"

namespace ccsim::io {

/// A position in an input file; line and column are 1-based, 0 = unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// One diagnostic: where and what.
struct Diagnostic {
  SourceLocation where;
  std::string message;
  /// "file:line:col: error: message" (parts that are unknown are left out).
  std::string format() const;
};

/// Bad user input with its positions. Carries every problem found, not only the first. The CLI
/// prints each on its own line and exits with code 2. It is the io face of models::UserError
/// (the one type for user-caused problems).
class InputError : public models::UserError {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  InputError(SourceLocation where, std::string message);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace ccsim::io
