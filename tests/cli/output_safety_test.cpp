// --out safety: a run killed with SIGKILL mid-run leaves the earlier results byte-identical and
// no temporary files behind; unwritable destinations are exit 2 with a message naming them,
// before any simulating. Tests run as root, so read-only places are /proc, /dev/full and paths
// under a regular file rather than chmod.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "cli/process.hpp"

namespace fs = std::filesystem;
using ccsim::test::read_file;
using ccsim::test::run_ccsim;
using ccsim::test::source_path;

namespace {

const std::string kSingle = source_path("scenarios/examples/single-pool.yaml");

fs::path temp_dir(const std::string& name) {
  const auto d = fs::temp_directory_path() /
                 ("ccsim-output-safety-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

// Every file of `dir` (names, including hidden ones) with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    out[e.path().filename().string()] = read_file(e.path());
  return out;
}

// Starts CCSIM_EXE with `args` (no shell), stdout and stderr to /dev/null; returns its pid.
pid_t spawn_ccsim(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string exe = CCSIM_EXE;
  argv.push_back(exe.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, STDIN_FILENO);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

// Bad destination: exit 2, nothing on stdout, a message naming the path.
void require_unwritable(const std::string& out, const std::string& needle) {
  const auto start = std::chrono::steady_clock::now();
  // 200 replications would take minutes: the check must come before the simulation.
  const auto r = run_ccsim("run '" + kSingle + "' -r 200 --out '" + out + "'");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO("--out " << out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("cannot write output"));
  CHECK_THAT(r.err, Catch::Contains(needle));
  CHECK(r.err.find("internal error") == std::string::npos);
  CHECK(seconds < 30);
}

}  // namespace

TEST_CASE("a run killed with SIGKILL leaves earlier --out results intact", "[cli][output]") {
  const fs::path dir = temp_dir("kill");
  const auto first = run_ccsim("run '" + kSingle + "' -r 1 --out '" + dir.string() + "'");
  REQUIRE(first.exit_code == 0);
  const auto before = snapshot(dir);
  REQUIRE(before.size() == 6);
  for (const char* f : {"summary.json", "channels.csv", "sites.csv", "intervals.csv", "report.html",
                        "group_intervals.csv"}) {
    REQUIRE(before.count(f) == 1);
    CHECK(!before.at(f).empty());
  }

  // A long second run into the same directory (300 days x 4 replications on one thread: tens
  // of seconds), killed while it simulates.
  const pid_t pid = spawn_ccsim({"run", kSingle, "-r", "4", "--threads", "1", "--seed", "7",
                                 "--set", "horizon.days=300", "--out", dir.string()});
  REQUIRE(pid > 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  REQUIRE(::kill(pid, SIGKILL) == 0);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  // It was still running when killed (had it finished, the check below would prove nothing).
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);

  const auto after = snapshot(dir);
  CHECK(after.size() == before.size());  // no temporary or probe files left behind
  for (const auto& [name, bytes] : before) {
    INFO(name);
    REQUIRE(after.count(name) == 1);
    CHECK(after.at(name) == bytes);
  }
  fs::remove_all(dir);
}

TEST_CASE("a finished run replaces the results and leaves no temporary files", "[cli][output]") {
  const fs::path dir = temp_dir("replace");
  REQUIRE(run_ccsim("run '" + kSingle + "' -r 1 --seed 1 --out '" + dir.string() + "'").exit_code ==
          0);
  const auto one = snapshot(dir);
  REQUIRE(run_ccsim("run '" + kSingle + "' -r 1 --seed 2 --out '" + dir.string() + "'").exit_code ==
          0);
  const auto two = snapshot(dir);
  CHECK(two.size() == 6);
  CHECK(one.at("summary.json") != two.at("summary.json"));  // another seed: new results
  fs::remove_all(dir);
}

TEST_CASE("unwritable --out destinations are exit 2 with a clear message", "[cli][output]") {
  SECTION("under /dev/full (a device, not a directory)") {
    require_unwritable("/dev/full/x", "/dev/full/x");
  }
  SECTION("/dev/full itself") { require_unwritable("/dev/full", "/dev/full"); }
  SECTION("a new directory in /proc (refused even to root)") {
    require_unwritable("/proc/ccsim-no-such-dir", "/proc/ccsim-no-such-dir");
  }
  SECTION("an existing read-only directory (/proc/self), where root cannot create files") {
    require_unwritable("/proc/self", "/proc/self");
  }
  SECTION("a path under a regular file") {
    const fs::path dir = temp_dir("file");
    fs::create_directories(dir);
    const fs::path file = dir / "plain.txt";
    std::ofstream(file) << "not a directory\n";
    require_unwritable((file / "results").string(), (file / "results").string());
    require_unwritable(file.string(), file.string());
    CHECK(read_file(file) == "not a directory\n");  // untouched
    fs::remove_all(dir);
  }
}
