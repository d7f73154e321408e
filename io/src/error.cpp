#include "ccsim/io/error.hpp"

#include <fmt/format.h>

namespace ccsim::io {

std::string Diagnostic::format() const {
  std::string prefix;
  if (!where.file.empty()) {
    prefix = where.file;
    if (where.line > 0) {
      prefix += fmt::format(":{}", where.line);
      if (where.column > 0) prefix += fmt::format(":{}", where.column);
    }
    prefix += ": ";
  }
  return prefix + "error: " + message;
}

namespace {
std::string join(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) {
    if (!out.empty()) out += '\n';
    out += d.format();
  }
  return out;
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : models::UserError(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(SourceLocation where, std::string message)
    : InputError(std::vector<Diagnostic>{Diagnostic{std::move(where), std::move(message)}}) {}

}  // namespace ccsim::io
