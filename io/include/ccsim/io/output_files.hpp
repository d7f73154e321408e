#pragma once
/// All-or-nothing output files: every file a command writes (the `--out DIR` sets, `calibrate
/// --write-scenario`, `check --junit`, `run --trace`) goes through this header, so no command can
/// leave a half-written file or a mix of two runs.
///
/// - Each file is written to a unique temporary sibling (`.NAME.tmp-PID-N`, same directory, so
///   the rename is atomic on POSIX), flushed with fsync, and renamed into place only when every
///   file of the set is complete.
/// - The set switches at once: the previous files are kept as hard-linked backups while the
///   temporaries are renamed; when one rename fails, the ones already renamed are put back
///   (or removed when there was no previous file), so the directory holds the old set.
/// - Directories created for the set are removed again when the set fails.
/// - SIGINT, SIGTERM and SIGHUP (install_signal_cleanup()) remove every registered temporary
///   and directory and end the process with 128 + the signal number (130, 143, 129). A signal
///   that arrives while a set is being switched waits until the switch (or its rollback) is
///   over. The handler only calls unlink(), rmdir(), write() and _exit() on a fixed registry.
///
/// Failures are InputError (exit 2) naming the path and the reason.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ccsim::io {

/// Checks, before a long computation, that `dir` can receive an output set: an empty name, an
/// existing non-directory, a path under a regular file, or a place where no file (or no
/// directory) can be created is an InputError. Creates nothing that stays: missing directories
/// are created only when the set is written.
void check_output_dir(const std::string& dir);

/// Writes each (file name, text) pair into `dir` (created if missing) as one set (see above).
void write_files(const std::string& dir,
                 const std::vector<std::pair<std::string, std::string>>& files);

/// write_files() with each file's text rendered just before it is written (one file's text in
/// memory at a time); an exception from a render fails the set like a failed write.
void write_files(const std::string& dir,
                 const std::vector<std::pair<std::string, std::function<std::string()>>>& files);

/// check_output_dir() for a single output file `path`: it must name a file (not a directory,
/// not empty) in a directory that can receive it.
void check_output_file(const std::string& path);

/// Writes `text` to the file `path` all-or-nothing (a set of one file).
void write_output_file(const std::string& path, const std::string& text);

/// One output file too large to hold in memory (e.g. a contact trace), written as a stream
/// with the same guarantees: the bytes go to the registered temporary as they come, and
/// commit() flushes it to the disk and renames it into place (a set of one file). Destroyed
/// without commit() (an exception, a failed run), the temporary and the directories made for
/// it are removed and `path` is left as it was.
class StreamedOutputFile {
 public:
  /// Checks `path` as check_output_file() does, creates missing directories and opens the
  /// temporary; InputError when it cannot.
  explicit StreamedOutputFile(const std::string& path);
  ~StreamedOutputFile();
  StreamedOutputFile(const StreamedOutputFile&) = delete;
  StreamedOutputFile& operator=(const StreamedOutputFile&) = delete;

  /// Appends `bytes` (unbuffered: callers write large blocks); InputError on a write error.
  void write(std::string_view bytes);
  /// Puts the complete file in place; InputError on failure (the temporary is removed).
  void commit();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Installs the SIGINT/SIGTERM/SIGHUP handler that removes the registered temporaries and
/// exits with 128 + signal. Idempotent; call once at program start.
void install_signal_cleanup();

}  // namespace ccsim::io
