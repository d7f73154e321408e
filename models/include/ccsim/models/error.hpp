#pragma once
/// The error policy of ccsim.
///
/// A problem the user caused (a scenario or a number that no model can work with: targets no
/// staffing meets, a load beyond the solvers' range, a run too large for the resource caps)
/// is a UserError. Every layer above raises this one type for such problems (io::InputError
/// derives from it and adds file positions), and the CLI maps it to exit code 2 in every
/// command. A broken invariant (a bug in ccsim) is not a UserError: it is CCSIM_ASSERT, active
/// in the test and sanitizer builds, and anything else escaping a command is exit 3.

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace ccsim::models {

/// A user-caused problem found in models; `path()` is the dotted scenario path it concerns
/// ("channels.voice.targets", empty when none), so io can point at the file position.
class UserError : public std::runtime_error {
 public:
  explicit UserError(const std::string& message, std::string path = {})
      : std::runtime_error(message), path_(std::move(path)) {}
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

}  // namespace ccsim::models

/// Checks an invariant of ccsim's own code (never user input). Active unless CCSIM_NO_ASSERT is
/// defined: the test, sanitizer and fuzz builds keep it; on failure it prints the condition
/// and aborts, so a sanitizer or the test runner reports where.
#if defined(CCSIM_NO_ASSERT)
#define CCSIM_ASSERT(cond) ((void)0)
#else
#define CCSIM_ASSERT(cond)                                                                  \
  ((cond) ? (void)0                                                                         \
          : (std::fprintf(stderr, "%s:%d: ccsim internal assertion failed: %s\n", __FILE__, \
                          __LINE__, #cond),                                                 \
             std::abort()))
#endif
