#pragma once
// --format and --out of the subcommands that report results, both derived from the command's
// writer registry in io: a new format registered there is a new --format choice and new files
// in --out DIR without an edit here or in the command.

#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "ccsim/io/report.hpp"
#include "ccsim/io/writer.hpp"
#include "output.hpp"
#include "parallel.hpp"

namespace ccsim::cli {

/// What --format and --out set.
struct OutputArgs {
  std::string format = "table";
  std::string out;  ///< empty: no --out
};

/// The check of an option naming an output path (--out DIR, --write-scenario FILE): an empty
/// name is a usage error (exit 2) rather than "no output".
inline CLI::Validator output_path(const std::string& what) {
  return CLI::Validator(
      [what](std::string& path) {
        return path.empty() ? "expected " + what + ", got an empty name" : std::string();
      },
      what == "a directory" ? "DIR" : "FILE");
}

/// Registers --format (choices: the registry's formats) and --out DIR (help: its file set).
/// `what` names the stdout output in the --format help, e.g. "Output on stdout".
template <class Result>
void add_output_options(CLI::App& cmd, OutputArgs& args, const io::WriterRegistry<Result>& writers,
                        const std::string& what = "Output on stdout") {
  cmd.add_option("--format", args.format, what + ": " + writers.help())
      ->check(CLI::IsMember(writers.formats()));
  std::string files;
  for (const auto& f : writers.out_files()) files += (files.empty() ? "" : ", ") + f;
  cmd.add_option("--out", args.out, "Also write " + files + " into DIR")
      ->check(output_path("a directory"));
}

/// Fails on an unusable --out before a long computation (see io::check_output_dir()). In an
/// MPI job rank 0 checks and every rank agrees on the outcome.
inline void check_output_args(const OutputArgs& args) {
  if (!args.out.empty()) on_output_process([&] { io::check_output_dir(args.out); });
}

/// Writes the --out files (when asked), then prints the --format output on stdout; in an MPI
/// job only rank 0 does.
template <class Result>
void emit_outputs(const OutputArgs& args, const io::WriterRegistry<Result>& writers,
                  const Result& result) {
  if (!is_output_process()) return;
  if (!args.out.empty()) writers.write_out(args.out, result);
  const std::string text = writers.render(args.format, result);
  write_stdout(text);
}

}  // namespace ccsim::cli
