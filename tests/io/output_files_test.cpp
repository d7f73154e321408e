// All-or-nothing output sets (ccsim/io/output_files.hpp): a failed write, a failed rename, an
// exception while rendering or a signal leave the previous set byte-identical and no temporary,
// backup or created directory behind. Signals are tested in forked children.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ccsim/io/error.hpp"
#include "ccsim/io/output_files.hpp"

namespace fs = std::filesystem;
using ccsim::io::InputError;
using ccsim::io::write_files;

namespace {

using Lazy = std::vector<std::pair<std::string, std::function<std::string()>>>;

fs::path temp_dir(const std::string& name) {
  const auto d =
      fs::temp_directory_path() / ("ccsim-output-files-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every entry of `dir` (hidden ones too) with its bytes ("<dir>" for a directory).
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    out[e.path().filename().string()] = e.is_directory() ? "<dir>" : read(e.path());
  return out;
}

const std::vector<std::pair<std::string, std::string>> kOld = {
    {"a.csv", "old a\n"}, {"b.csv", "old b\n"}, {"c.json", "{\"old\": 1}\n"}};

// Runs `body` in a forked child; returns its wait status.
int in_child(const std::function<void()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    try {
      body();
    } catch (...) {
      ::_exit(99);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

}  // namespace

TEST_CASE("write_files creates missing directories and replaces a set leaving nothing else",
          "[io][output]") {
  const fs::path root = temp_dir("replace");
  const fs::path dir = root / "x" / "y";
  write_files(dir.string(), kOld);
  CHECK(snapshot(dir) == std::map<std::string, std::string>(kOld.begin(), kOld.end()));
  write_files(dir.string(), {{"a.csv", "new a\n"}, {"b.csv", "new b\n"}, {"c.json", "{}\n"}});
  const auto now = snapshot(dir);
  CHECK(now.size() == 3);  // no temporaries or backups
  CHECK(now.at("a.csv") == "new a\n");
  CHECK(now.at("c.json") == "{}\n");
  fs::remove_all(root);
}

TEST_CASE("a render that throws leaves the previous set and removes what it created",
          "[io][output]") {
  const fs::path root = temp_dir("throw");
  write_files(root.string(), kOld);
  const auto before = snapshot(root);
  const Lazy files = {{"a.csv", [] { return std::string("new a\n"); }},
                      {"b.csv", []() -> std::string { throw std::runtime_error("render failed"); }},
                      {"c.json", [] { return std::string("{}\n"); }}};
  CHECK_THROWS_WITH(write_files(root.string(), files), "render failed");
  CHECK(snapshot(root) == before);

  // Into a new nested directory: the directories it created are gone again.
  const fs::path fresh = root / "new" / "deeper";
  CHECK_THROWS(write_files(fresh.string(), files));
  CHECK(!fs::exists(root / "new"));
  CHECK(snapshot(root) == before);
  fs::remove_all(root);
}

TEST_CASE("a rename that fails mid-set puts the files already renamed back", "[io][output]") {
  const fs::path root = temp_dir("rename");
  write_files(root.string(), kOld);
  // c.json becomes a non-empty directory: renaming a file onto it fails after a.csv and b.csv
  // were renamed.
  fs::remove(root / "c.json");
  fs::create_directories(root / "c.json" / "inside");
  const auto before = snapshot(root);
  try {
    write_files(root.string(), {{"a.csv", "new a\n"}, {"b.csv", "new b\n"}, {"c.json", "{}\n"}});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("c.json"));
    CHECK_THAT(e.what(), Catch::Contains("cannot write output"));
  }
  CHECK(snapshot(root) == before);  // old a.csv and b.csv, nothing added

  // A new file of a failed set is removed rather than left next to the old ones.
  fs::remove(root / "a.csv");
  CHECK_THROWS_AS(write_files(root.string(), {{"a.csv", "new a\n"}, {"c.json", "{}\n"}}),
                  InputError);
  CHECK(!fs::exists(root / "a.csv"));
  fs::remove_all(root);
}

TEST_CASE("a full disk is an error naming the file and leaves nothing behind", "[io][output]") {
  // /dev/full as an output directory: not a directory.
  CHECK_THROWS_AS(write_files("/dev/full", kOld), InputError);
  CHECK_THROWS_AS(ccsim::io::write_output_file("/dev/full/x.yaml", "x"), InputError);
}

TEST_CASE("check_output_dir and check_output_file refuse bad places and create nothing",
          "[io][output]") {
  const fs::path root = temp_dir("check");
  fs::create_directories(root);
  std::ofstream(root / "file.txt") << "keep\n";
  CHECK_THROWS_AS(ccsim::io::check_output_dir(""), InputError);
  CHECK_THROWS_AS(ccsim::io::check_output_dir((root / "file.txt").string()), InputError);
  CHECK_THROWS_AS(ccsim::io::check_output_dir((root / "file.txt" / "sub").string()), InputError);
  CHECK_THROWS_AS(ccsim::io::check_output_dir("/proc/ccsim-nowhere/deeper"), InputError);
  // A directory that can be created is accepted but not created yet.
  CHECK_NOTHROW(ccsim::io::check_output_dir((root / "later" / "deeper").string()));
  CHECK(!fs::exists(root / "later"));
  CHECK_NOTHROW(ccsim::io::check_output_dir(root.string()));

  CHECK_THROWS_AS(ccsim::io::check_output_file(""), InputError);
  CHECK_THROWS_AS(ccsim::io::check_output_file(root.string()), InputError);  // a directory
  CHECK_THROWS_AS(ccsim::io::check_output_file((root / "sub/").string()), InputError);
  CHECK_NOTHROW(ccsim::io::check_output_file((root / "new.yaml").string()));
  CHECK(snapshot(root) == std::map<std::string, std::string>{{"file.txt", "keep\n"}});
  fs::remove_all(root);
}

TEST_CASE("SIGTERM or SIGINT during a set write removes the temporaries and exits 143 or 130",
          "[io][output]") {
  const fs::path root = temp_dir("signal");
  write_files(root.string(), kOld);
  const auto before = snapshot(root);
  for (const int sig : {SIGTERM, SIGINT}) {
    INFO("signal " << sig);
    const int status = in_child([&] {
      ::close(STDERR_FILENO);  // the handler's message
      ccsim::io::install_signal_cleanup();
      // a.csv is complete as a temporary when b.csv's render receives the signal.
      write_files(root.string(), Lazy{{"a.csv", [] { return std::string("new a\n"); }},
                                      {"b.csv",
                                       [sig] {
                                         ::raise(sig);
                                         return std::string("new b\n");
                                       }},
                                      {"c.json", [] { return std::string("{}\n"); }}});
    });
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 128 + sig);
    CHECK(snapshot(root) == before);
  }

  // New directories made for the set are removed too.
  const fs::path fresh = root / "n1" / "n2";
  const int status = in_child([&] {
    ::close(STDERR_FILENO);
    ccsim::io::install_signal_cleanup();
    write_files(fresh.string(),
                Lazy{{"a.csv", [] { return std::string("a\n"); }}, {"b.csv", [] {
                                                                      ::raise(SIGTERM);
                                                                      return std::string("b\n");
                                                                    }}});
  });
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 143);
  CHECK(!fs::exists(root / "n1"));
  CHECK(snapshot(root) == before);
  fs::remove_all(root);
}

TEST_CASE("a SIGTERM at any moment of repeated set writes leaves one whole set", "[io][output]") {
  const fs::path root = temp_dir("storm");
  write_files(root.string(), {{"a.csv", "0\n"}, {"b.csv", "0\n"}, {"c.json", "0\n"}});
  for (int trial = 0; trial < 20; ++trial) {
    // The child says when its handler is installed: on a loaded machine a signal sent a few
    // milliseconds after fork() could otherwise arrive before it and kill the child.
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(STDERR_FILENO);
      ::close(ready[0]);
      ccsim::io::install_signal_cleanup();
      const char one = 1;
      if (::write(ready[1], &one, 1) != 1) ::_exit(98);
      ::close(ready[1]);
      for (int i = 1;; ++i) {
        const std::string v = std::to_string(i) + "\n";
        write_files(root.string(), {{"a.csv", v}, {"b.csv", v}, {"c.json", v}});
      }
    }
    ::close(ready[1]);
    char got = 0;
    const auto n = ::read(ready[0], &got, 1);
    ::close(ready[0]);
    REQUIRE(n == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(2 + 5 * trial));
    REQUIRE(::kill(pid, SIGTERM) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    INFO("trial " << trial);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 143);
    const auto now = snapshot(root);
    REQUIRE(now.size() == 3);  // no temporaries or backups
    CHECK(now.at("a.csv") == now.at("b.csv"));
    CHECK(now.at("b.csv") == now.at("c.json"));
  }
  fs::remove_all(root);
}
