#include "output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "ccsim/io/error.hpp"

namespace ccsim::cli {

namespace {

[[noreturn]] void fail(int err) {
  throw io::InputError(io::SourceLocation{"ccsim", 0, 0},
                       std::string("cannot write to standard output: ") +
                           (err != 0 ? std::strerror(err) : "write error"));
}

}  // namespace

void write_stdout(std::string_view text) {
  errno = 0;
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) fail(errno);
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) fail(errno);
}

void finish_stdout() {
  errno = 0;
  // A stdout that was closed before ccsim started is not an error when nothing was written.
  const bool failed = std::fflush(stdout) != 0 || std::ferror(stdout);
  const int err = errno;
  if (failed) fail(err);
  errno = 0;
  if (std::fclose(stdout) != 0 && errno != EBADF) fail(errno);
}

}  // namespace ccsim::cli
