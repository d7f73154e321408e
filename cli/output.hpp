#pragma once
// Standard output of the ccsim executable. Every byte a command prints goes through
// write_stdout(), and main() ends with finish_stdout(): a write that fails (a full disk, a
// closed pipe or descriptor) is an error with a message and a non-zero exit, never lost output.

#include <string_view>

namespace ccsim::cli {

/// Writes all of `text` to stdout and flushes it; throws io::InputError naming the cause
/// ("cannot write to standard output: No space left on device") when any part fails.
void write_stdout(std::string_view text);

/// Flushes and closes stdout at exit; throws io::InputError when buffered output is lost.
void finish_stdout();

}  // namespace ccsim::cli
