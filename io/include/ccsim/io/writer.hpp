#pragma once
/// The writer registry: every output format of a command is one entry, and the command's
/// `--format` choices and the file set of `--out DIR` are derived from its registry. Adding a
/// format (e.g. HTML) is one add() call next to the other writers, not an edit in every command.
///
/// A registry is per result type (RunResults, StaffingPlan, a roster result, ...):
///
///   WriterRegistry<models::RunResults> r;
///   r.add({"json", "one JSON document", to_json, {{"summary.json", to_json}}});
///   r.formats();              // {"json"}: the --format choices, in registration order
///   r.render("json", res);    // what --format json prints on stdout
///   r.write_out(dir, res);    // summary.json, atomically with the other formats' files

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ccsim/io/output_files.hpp"

namespace ccsim::io {

/// One output format for results of type `Result`.
template <class Result>
struct Writer {
  using Render = std::function<std::string(const Result&)>;
  /// One file this format contributes to `--out DIR`.
  struct File {
    std::string name;  ///< e.g. "summary.json"
    Render render;
  };
  std::string format;       ///< the --format value, e.g. "json"
  std::string description;  ///< one phrase for --help, e.g. "JSON with every interval row"
  Render to_stdout;         ///< what `--format <format>` prints; empty: not a --format choice
  std::vector<File> files;  ///< what `--out DIR` writes for this format (may be empty)
};

/// Formats for one result type, in registration order.
template <class Result>
class WriterRegistry {
 public:
  /// Registers a format; a second format of the same name or a second file of the same name
  /// is a programming error (std::logic_error).
  WriterRegistry& add(Writer<Result> w) {
    for (const auto& e : writers_) {
      if (e.format == w.format) throw std::logic_error("duplicate output format " + w.format);
      for (const auto& f : e.files)
        for (const auto& g : w.files)
          if (f.name == g.name) throw std::logic_error("duplicate output file " + f.name);
    }
    writers_.push_back(std::move(w));
    return *this;
  }

  /// The `--format` choices, in registration order.
  std::vector<std::string> formats() const {
    std::vector<std::string> out;
    for (const auto& w : writers_)
      if (w.to_stdout) out.push_back(w.format);
    return out;
  }

  /// "table, csv (channels) or json": the choices with their descriptions, for --help.
  std::string help() const {
    std::string out;
    const auto names = formats();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
      out += names[i];
      const auto& d = find(names[i]).description;
      if (!d.empty()) out += " (" + d + ")";
    }
    return out;
  }

  /// The file names `--out DIR` writes, in registration order.
  std::vector<std::string> out_files() const {
    std::vector<std::string> out;
    for (const auto& w : writers_)
      for (const auto& f : w.files) out.push_back(f.name);
    return out;
  }

  /// What `--format <format>` prints. Throws std::invalid_argument for an unknown format.
  std::string render(std::string_view format, const Result& r) const {
    const auto& w = find(format);
    if (!w.to_stdout) throw std::invalid_argument("not a --format choice: " + std::string(format));
    return w.to_stdout(r);
  }

  /// Every format's files, rendered.
  std::vector<std::pair<std::string, std::string>> render_files(const Result& r) const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& w : writers_)
      for (const auto& f : w.files) out.emplace_back(f.name, f.render(r));
    return out;
  }

  /// Writes every format's files into `dir`, atomically as a set (see write_files()). Each
  /// file is rendered just before it is written, so one file's text is in memory at a time.
  void write_out(const std::string& dir, const Result& r) const {
    std::vector<std::pair<std::string, std::function<std::string()>>> files;
    for (const auto& w : writers_)
      for (const auto& f : w.files) files.emplace_back(f.name, [&f, &r] { return f.render(r); });
    write_files(dir, files);
  }

  const std::vector<Writer<Result>>& writers() const { return writers_; }

 private:
  const Writer<Result>& find(std::string_view format) const {
    for (const auto& w : writers_)
      if (w.format == format) return w;
    throw std::invalid_argument("unknown output format: " + std::string(format));
  }

  std::vector<Writer<Result>> writers_;
};

}  // namespace ccsim::io
