// All-or-nothing output files (see ccsim/io/output_files.hpp).
//
// The signal handler may run on any thread at any moment, so it touches nothing but a fixed
// array of slots, each a lock-free atomic state and a path buffer: a slot is claimed
// (kClaimed), filled, then published (kFile or kDir); the handler acts only on published
// slots. A set switch (backups, renames, rollback) is bracketed by g_phase: a signal that
// arrives during it is parked in g_pending and acted on when the switch is over, so a signal
// never leaves half a set renamed.

#include "ccsim/io/output_files.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "ccsim/io/error.hpp"

namespace ccsim::io {

namespace {

namespace fs = std::filesystem;

// ---- the registry the signal handler reads ----------------------------------------------

constexpr int kSlots = 256;
constexpr std::size_t kPathBytes = 4096;  // PATH_MAX on Linux: longer paths fail in open()
enum SlotState : int { kFree = 0, kClaimed = 1, kFile = 2, kDir = 3 };

struct Slot {
  std::atomic<int> state{kFree};
  char path[kPathBytes] = {};
};
static_assert(std::atomic<int>::is_always_lock_free);

std::array<Slot, kSlots> g_slots;
// 0: normal; 1: a set is being switched (signals wait); 2: a signal handler is cleaning up.
std::atomic<int> g_phase{0};
std::atomic<int> g_pending{0};
std::atomic<unsigned> g_counter{0};

// Removes every published temporary, then the published directories (deepest first: a
// directory is removed only once it is empty, so a few passes over the slots do it), then
// ends the process. Async-signal-safe.
[[noreturn]] void clean_up_and_exit(int sig) {
  for (Slot& s : g_slots)
    if (s.state.load() == kFile) ::unlink(s.path);
  for (int pass = 0; pass < 8; ++pass)
    for (Slot& s : g_slots)
      if (s.state.load() == kDir) ::rmdir(s.path);
  const char* text = sig == SIGINT   ? "ccsim: interrupted; no output was written\n"
                     : sig == SIGHUP ? "ccsim: hangup; no output was written\n"
                                     : "ccsim: terminated; no output was written\n";
  const ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
  ::_exit(128 + sig);
}

extern "C" void on_signal(int sig) {
  int expected = 0;
  if (g_phase.compare_exchange_strong(expected, 2)) clean_up_and_exit(sig);
  // A set is being switched: it finishes (or rolls back), then acts on the signal.
  if (expected == 1) g_pending.store(sig);
}

// A published registry slot; releasing it (destructor) leaves the file or directory alone.
class Registered {
 public:
  Registered(const fs::path& path, SlotState kind) {
    const std::string& p = path.native();
    if (p.size() >= kPathBytes) return;  // open() and mkdir() fail on it anyway
    for (int i = 0; i < kSlots; ++i) {
      int expected = kFree;
      if (g_slots[i].state.compare_exchange_strong(expected, kClaimed)) {
        std::memcpy(g_slots[i].path, p.c_str(), p.size() + 1);
        g_slots[i].state.store(kind);
        slot_ = i;
        return;
      }
    }
    throw std::length_error("too many output files at once");
  }
  Registered(const Registered&) = delete;
  Registered& operator=(const Registered&) = delete;
  Registered(Registered&& o) noexcept : slot_(o.slot_) { o.slot_ = -1; }
  ~Registered() {
    if (slot_ >= 0) g_slots[slot_].state.store(kFree);
  }

 private:
  int slot_ = -1;
};

// Brackets a set switch: signals that arrive meanwhile are acted on at its end.
class SwitchGuard {
 public:
  SwitchGuard() {
    int expected = 0;
    // Phase 2: a handler is already cleaning up and about to _exit; wait for it.
    while (!g_phase.compare_exchange_weak(expected, 1)) {
      if (expected == 2) ::pause();
      expected = 0;
    }
  }
  SwitchGuard(const SwitchGuard&) = delete;
  SwitchGuard& operator=(const SwitchGuard&) = delete;
  ~SwitchGuard() {
    g_phase.store(0);
    if (const int sig = g_pending.exchange(0); sig != 0) on_signal(sig);
  }
};

// ---- files ----------------------------------------------------------------------------

[[noreturn]] void output_error(const fs::path& shown, const std::string& why) {
  throw InputError(SourceLocation{shown.string(), 0, 0}, "cannot write output: " + why);
}

std::string errno_text(int err) { return err != 0 ? std::strerror(err) : "write error"; }

// A name in `dir` that no file has yet: ".NAME.KIND-PID-N".
fs::path unique_sibling(const fs::path& dir, const std::string& name, const char* kind) {
  return dir / fmt::format(".{}.{}-{}-{}", name, kind, ::getpid(), g_counter.fetch_add(1));
}

// Creates `path`, which must not exist; errors name `shown`.
int create_new_file(const fs::path& path, const fs::path& shown) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) output_error(shown, errno_text(errno));
  return fd;
}

// Writes all of `text` to `fd`; 0 or the errno of the failure.
int write_all(int fd, std::string_view text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : ENOSPC;
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

// Flushes `fd` to the disk (so a full disk shows here rather than after the rename) and
// closes it; `err` is an earlier failure. Errors name `shown`.
void finish_file(int fd, const fs::path& shown, int err) {
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0 && errno != EINTR) err = errno;
  if (err != 0) output_error(shown, errno_text(err));
}

// Creates `path` (which must not exist), writes `text` to it completely and flushes it to the
// disk. Errors name `shown`.
void write_new_file(const fs::path& path, const fs::path& shown, std::string_view text) {
  const int fd = create_new_file(path, shown);
  finish_file(fd, shown, write_all(fd, text));
}

// One temporary of a set: registered for the signal handler from before it exists until it
// is renamed or removed.
struct Temp {
  fs::path path, target;
  Registered registered;
};

// ---- directories ----------------------------------------------------------------------

// The missing directories of `dir`, outermost first, and the nearest existing ancestor (which
// must be a directory). Throws when `dir` exists but is not a directory, or an ancestor is a
// file.
fs::path existing_ancestor(const fs::path& dir, std::vector<fs::path>& missing) {
  fs::path p = dir;
  for (;;) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (fs::exists(st)) {
      if (!fs::is_directory(st))
        output_error(dir, p == dir ? "not a directory" : p.string() + " is not a directory");
      return p;
    }
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
      output_error(dir, p.string() + ": " + ec.message());
    missing.insert(missing.begin(), p);
    const fs::path parent = p.parent_path();
    if (parent.empty() || parent == p) return fs::path(".");
    p = parent;
  }
}

// Checks that `dir` can receive a set: creates and removes a probe (a file when `dir`
// exists, a directory in its nearest ancestor otherwise).
void probe(const std::string& dir) {
  if (dir.empty()) output_error(dir, "expected a directory, got an empty name");
  std::vector<fs::path> missing;
  const fs::path base = existing_ancestor(dir, missing);
  if (missing.empty()) {
    const fs::path p = unique_sibling(base, "ccsim-probe", "tmp");
    Registered r(p, kFile);
    write_new_file(p, dir, "");
    ::unlink(p.c_str());
    return;
  }
  const fs::path p = unique_sibling(base, "ccsim-probe", "dir");
  Registered r(p, kDir);
  if (::mkdir(p.c_str(), 0777) != 0)
    output_error(dir, fmt::format("cannot create a directory in {}: {}", base.string(),
                                  std::strerror(errno)));
  ::rmdir(p.c_str());
}

// The directories write_files() created, removed again (innermost first) unless kept.
class CreatedDirs {
 public:
  void create(const std::string& dir) {
    std::vector<fs::path> missing;
    existing_ancestor(dir, missing);
    for (const fs::path& p : missing) {
      dirs_.push_back({p, Registered(p, kDir)});
      if (::mkdir(p.c_str(), 0777) != 0) {
        const int err = errno;
        dirs_.pop_back();
        if (err == EEXIST && fs::is_directory(p)) continue;  // made by someone else meanwhile
        output_error(dir, fmt::format("cannot create {}: {}", p.string(), std::strerror(err)));
      }
    }
  }
  void keep() { dirs_.clear(); }
  ~CreatedDirs() {
    for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) ::rmdir(it->path.c_str());
  }

 private:
  struct Dir {
    fs::path path;
    Registered registered;
  };
  std::vector<Dir> dirs_;
};

void check_file_name(const fs::path& dir, const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
    output_error(dir / name, "not a file name");
}

// Switches the complete temporaries into place at once. The previous files are hard-linked to
// backups first; if a rename fails, the files already renamed get their backups back (or are
// removed when they are new), so `dir` keeps the previous set.
void switch_set(const fs::path& dir, std::vector<Temp>& temps) {
  SwitchGuard guard;
  std::vector<fs::path> backups(temps.size());
  const auto remove_backups = [&] {
    for (const fs::path& b : backups)
      if (!b.empty()) ::unlink(b.c_str());
  };
  for (std::size_t i = 0; i < temps.size(); ++i) {
    struct stat st {};
    if (::lstat(temps[i].target.c_str(), &st) != 0 || S_ISDIR(st.st_mode)) continue;
    const fs::path b = unique_sibling(dir, temps[i].target.filename().string(), "old");
    // Without hard links (some file systems) that file cannot be put back after a failure.
    if (::link(temps[i].target.c_str(), b.c_str()) == 0) backups[i] = b;
  }
  for (std::size_t i = 0; i < temps.size(); ++i) {
    if (::rename(temps[i].path.c_str(), temps[i].target.c_str()) == 0) continue;
    const int err = errno;
    for (std::size_t j = 0; j < i; ++j) {
      if (!backups[j].empty() && ::rename(backups[j].c_str(), temps[j].target.c_str()) == 0)
        backups[j].clear();
      else if (backups[j].empty())
        ::unlink(temps[j].target.c_str());
    }
    for (std::size_t j = i; j < temps.size(); ++j) ::unlink(temps[j].path.c_str());
    remove_backups();
    output_error(temps[i].target, std::strerror(err));
  }
  remove_backups();
  // The renames themselves reach the disk.
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

void check_output_dir(const std::string& dir) { probe(dir); }

void write_files(const std::string& dir,
                 const std::vector<std::pair<std::string, std::function<std::string()>>>& files) {
  if (dir.empty()) output_error(dir, "expected a directory, got an empty name");
  const fs::path base(dir);
  for (const auto& f : files) check_file_name(base, f.first);
  CreatedDirs created;
  created.create(dir);
  std::vector<Temp> temps;
  temps.reserve(files.size());
  try {
    for (const auto& [name, render] : files) {
      const std::string text = render();
      const fs::path p = unique_sibling(base, name, "tmp");
      temps.push_back({p, base / name, Registered(p, kFile)});
      write_new_file(p, base / name, text);
    }
  } catch (...) {
    for (const Temp& t : temps) ::unlink(t.path.c_str());
    throw;
  }
  switch_set(base, temps);
  created.keep();
}

void write_files(const std::string& dir,
                 const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::pair<std::string, std::function<std::string()>>> lazy;
  lazy.reserve(files.size());
  // A named reference, not a structured binding: clang 14 cannot capture those.
  for (const auto& file : files)
    lazy.emplace_back(file.first, [&text = file.second] { return text; });
  write_files(dir, lazy);
}

void check_output_file(const std::string& path) {
  if (path.empty()) output_error(path, "expected a file name, got an empty one");
  const fs::path p(path);
  std::error_code ec;
  if (!p.has_filename() || p.filename() == "." || p.filename() == ".." || fs::is_directory(p, ec))
    output_error(path, "is a directory; expected a file name");
  probe(p.has_parent_path() ? p.parent_path().string() : std::string("."));
}

void write_output_file(const std::string& path, const std::string& text) {
  check_output_file(path);
  const fs::path p(path);
  write_files(p.has_parent_path() ? p.parent_path().string() : std::string("."),
              {{p.filename().string(), text}});
}

struct StreamedOutputFile::State {
  fs::path dir, target;
  CreatedDirs created;
  std::vector<Temp> temp;  // the one temporary, as switch_set() takes it
  int fd = -1;
};

StreamedOutputFile::StreamedOutputFile(const std::string& path) : state_(new State) {
  check_output_file(path);
  const fs::path p(path);
  State& st = *state_;
  st.dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  st.target = st.dir / p.filename();
  st.created.create(st.dir.string());
  const fs::path tmp = unique_sibling(st.dir, p.filename().string(), "tmp");
  st.temp.push_back({tmp, st.target, Registered(tmp, kFile)});
  st.fd = create_new_file(tmp, st.target);
}

StreamedOutputFile::~StreamedOutputFile() {
  if (state_->fd >= 0) ::close(state_->fd);
  for (const Temp& t : state_->temp) ::unlink(t.path.c_str());
}

void StreamedOutputFile::write(std::string_view bytes) {
  State& st = *state_;
  if (st.fd < 0) output_error(st.target, "written after it was closed");
  if (const int err = write_all(st.fd, bytes); err != 0) output_error(st.target, errno_text(err));
}

void StreamedOutputFile::commit() {
  State& st = *state_;
  const int fd = st.fd;
  st.fd = -1;
  finish_file(fd, st.target, 0);
  switch_set(st.dir, st.temp);
  st.temp.clear();
  st.created.keep();
}

void install_signal_cleanup() {
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    ::sigaction(sig, nullptr, &old);
    if (old.sa_handler == SIG_IGN) continue;  // e.g. nohup: the caller wants it ignored
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(sig, &sa, nullptr);
  }
}

}  // namespace ccsim::io
