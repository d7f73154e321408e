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

/// Waits (up to 60 s) until process `pid` catches `sig` (its SigCgt mask in /proc), so a
/// signal sent next reaches ccsim's handler even when a loaded machine starts it slowly.
bool wait_until_catching(pid_t pid, int sig) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
      if (line.rfind("SigCgt:", 0) == 0) {
        const unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
        if ((mask >> (sig - 1)) & 1ULL) return true;
      }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

TEST_CASE("a run killed with SIGKILL leaves earlier --out results intact", "[cli][output]") {
  const fs::path dir = temp_dir("kill");
  const auto first = run_ccsim("run '" + kSingle + "' -r 1 --out '" + dir.string() + "'");
  REQUIRE(first.exit_code == 0);
  const auto before = snapshot(dir);
  REQUIRE(before.size() == 7);
  for (const char* f : {"summary.json", "channels.csv", "sites.csv", "intervals.csv", "report.html",
                        "group_intervals.csv", "site_intervals.csv"}) {
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
  CHECK(two.size() == 7);
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

TEST_CASE("SIGTERM and SIGINT during a run exit 143 and 130 and keep the earlier --out results",
          "[cli][output]") {
  const fs::path dir = temp_dir("signal");
  REQUIRE(run_ccsim("run '" + kSingle + "' -r 1 --out '" + dir.string() + "'").exit_code == 0);
  const auto before = snapshot(dir);
  for (const int sig : {SIGTERM, SIGINT}) {
    INFO("signal " << sig);
    const pid_t pid = spawn_ccsim({"run", kSingle, "-r", "4", "--threads", "1", "--seed", "7",
                                   "--set", "horizon.days=300", "--out", dir.string()});
    REQUIRE(pid > 0);
    REQUIRE(wait_until_catching(pid, sig));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // into the simulation
    REQUIRE(::kill(pid, sig) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));  // the handler exits; it is not killed by the signal
    CHECK(WEXITSTATUS(status) == 128 + sig);
    CHECK(snapshot(dir) == before);
  }
  // Into a directory that did not exist: nothing is created.
  const pid_t pid = spawn_ccsim({"run", kSingle, "-r", "4", "--threads", "1", "--set",
                                 "horizon.days=300", "--out", (dir / "new" / "deeper").string()});
  REQUIRE(pid > 0);
  REQUIRE(wait_until_catching(pid, SIGTERM));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  REQUIRE(::kill(pid, SIGTERM) == 0);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK(!fs::exists(dir / "new"));
  fs::remove_all(dir);
}

TEST_CASE("an --out directory that does not exist is created only when the results are written",
          "[cli][output]") {
  const fs::path dir = temp_dir("late");
  // A bad --set value fails after the --out check: no directory is left behind.
  const auto r = run_ccsim("run '" + kSingle + "' -r 1 --set replications=0 --out '" +
                           (dir / "a" / "b").string() + "'");
  CHECK(r.exit_code == 2);
  CHECK(!fs::exists(dir));
  REQUIRE(run_ccsim("run '" + kSingle + "' -r 1 --out '" + (dir / "a" / "b").string() + "'")
              .exit_code == 0);
  CHECK(snapshot(dir / "a" / "b").size() == 7);
  fs::remove_all(dir);
}

TEST_CASE("empty output names are usage errors in every command that writes files",
          "[cli][output]") {
  const std::string q = "'" + kSingle + "'";
  for (const std::string& args :
       {"run " + q + " -r 1 --out ''", "staff " + q + " --analytic-only --out ''",
        "roster " + q + " --analytic-only --out ''",
        "sweep " + q + " --vary channels.voice.sl_seconds=10,20 -r 1 --out ''",
        "calibrate " + q +
            " --param channels.voice.patience.mean --metric channels.voice.asa_seconds "
            "--target 5 --range 30,1000 -r 2 --write-scenario ''"}) {
    INFO(args);
    const auto r = run_ccsim(args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("empty name"));
  }
}

TEST_CASE("calibrate --write-scenario refuses a directory or an unwritable place before fitting",
          "[cli][output]") {
  const fs::path dir = temp_dir("calibrate");
  fs::create_directories(dir);
  const std::string fit = "calibrate '" + kSingle +
                          "' --param channels.voice.patience.mean --metric "
                          "channels.voice.asa_seconds --target 5 --range 30,1000 -r 200 "
                          "--write-scenario ";
  for (const std::string& target :
       {dir.string(), std::string("/proc/ccsim-none/x.yaml"), std::string("/dev/full/x.yaml")}) {
    INFO(target);
    const auto start = std::chrono::steady_clock::now();
    const auto r = run_ccsim(fit + "'" + target + "'");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("cannot write output"));
    // 200 replications per evaluation would take minutes: refused before the first.
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 30);
  }
  CHECK(fs::is_empty(dir));
  fs::remove_all(dir);
}

TEST_CASE("roster output on a full stdout is an error, not exit 0", "[cli][output]") {
  const fs::path dir = temp_dir("roster-full");
  fs::create_directories(dir);
  std::ofstream(dir / "r.yaml") << R"(name: roster-full
horizon: {days: 1}
interval: 1h
channels:
  voice:
    kind: call
    volume: {per_hour: 60}
    handle_time: {dist: exponential, mean: 180s}
    targets: {service_level: 0.8}
sites:
  a:
    headcount: 30
    roster:
      templates:
        day: {length: 8h, start: {earliest: "00:00", latest: "16:00", step: 4h}, days: {work: 5, off: any}}
    groups:
      voice: {skills: [voice]}
)";
  const fs::path err = dir / "err";
  const std::string cmd = std::string("'") + CCSIM_EXE + "' roster '" + (dir / "r.yaml").string() +
                          "' --analytic-only --max-nodes 50 ";
  REQUIRE(std::system((cmd + ">/dev/null").c_str()) == 0);  // the roster itself is fine
  const int status = std::system((cmd + ">/dev/full 2>'" + err.string() + "'").c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK_THAT(read_file(err), Catch::Contains("No space left on device"));
  fs::remove_all(dir);
}
