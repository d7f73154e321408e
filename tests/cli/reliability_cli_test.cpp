// Reliability through the command line, one section per class of the adversarial campaign
// (issue 22): crashes on accepted input, lost output, silent clamps, resources. Each case
// states the general rule and tries more than one instance of it.

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include <cstdlib>

#include "cli/process.hpp"

using ccsim::test::quoted_source;
using ccsim::test::run_ccsim;
using ccsim::test::shell_quote;
using ccsim::test::source_path;
namespace fs = std::filesystem;

namespace {

const std::string kSingle = quoted_source("scenarios/examples/single-pool.yaml");

// A scratch scenario file holding `text`; removed at exit of the test.
struct TempFile {
  fs::path path;
  explicit TempFile(const std::string& text, const std::string& name = "scenario.yaml") {
    static int n = 0;
    path = fs::temp_directory_path() /
           ("ccsim-reliab-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + "-" + name);
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { fs::remove(path); }
  std::string arg() const { return shell_quote(path.string()); }
};

std::string shift_scenario(const std::string& shifts) {
  return "name: s\nhorizon: {days: 1}\nchannels:\n  voice:\n    kind: call\n"
         "    volume: {per_hour: 100}\n    handle_time: {dist: exponential, mean: 120s}\n"
         "sites:\n  main:\n    skills: [voice]\n    shifts:\n" +
         shifts;
}

// Exit 2 with a one-line-per-problem message containing `needle`, no crash, no exit 3.
void require_bad_input(const std::string& args, const std::string& needle) {
  const auto r = run_ccsim(args);
  INFO(args << "\nstdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains(needle));
  CHECK(r.err.find("internal error") == std::string::npos);
  CHECK(r.err.find("bad_alloc") == std::string::npos);
}

}  // namespace

// ---- class 1: input validate accepts must not crash the model --------------------------------

TEST_CASE("overlapping or identical breaks are rejected at their line, never simulated",
          "[cli][reliability]") {
  for (const std::string& breaks :
       {std::string("          - {after: 2h, length: 30m}\n          - {after: 2h, length: 30m}\n"),
        std::string(
            "          - {after: 2h, length: 1h}\n          - {after: 2.5h, length: 15m}\n"),
        std::string("          - {after: 4h, length: 30m}\n          - {after: 1h, length: 1h}\n"
                    "          - {after: 250m, length: 5m}\n")}) {
    const TempFile f(
        shift_scenario("      day:\n        start: \"08:00\"\n        length: 8h\n"
                       "        agents: 10\n        breaks:\n" +
                       breaks));
    for (const char* cmd : {"validate", "run", "staff"}) {
      const auto r = run_ccsim(std::string(cmd) + " " + f.arg());
      INFO(cmd << " " << breaks << r.err);
      CHECK(r.exit_code == 2);
      CHECK_THAT(r.err, Catch::Contains("overlaps break"));
      CHECK_THAT(r.err, Catch::Contains(f.path.string() + ":1"));  // a line in the file
    }
  }
  // Touching breaks are fine.
  const TempFile ok(
      shift_scenario("      day:\n        start: \"08:00\"\n        length: 8h\n"
                     "        agents: 10\n        breaks:\n"
                     "          - {after: 2h, length: 30m}\n"
                     "          - {after: 2.5h, length: 30m}\n"));
  CHECK(run_ccsim("run " + ok.arg() + " -r 1").exit_code == 0);
}

TEST_CASE("agents summing past the limit (and past INT_MAX) are an error, not a negative total",
          "[cli][reliability]") {
  std::string shifts;
  for (int i = 0; i < 300; ++i)
    shifts +=
        "      s" + std::to_string(i) + ": {start: \"08:00\", length: 8h, agents: 10000000}\n";
  const TempFile f(shift_scenario(shifts));
  require_bad_input("validate " + f.arg(), "more than the limit of 10000000");
  // Two groups of a site under the per-group limit but over it together.
  const TempFile g(
      "name: s\nchannels:\n  voice: {kind: call, volume: {per_hour: 1}, handle_time: {dist: "
      "exponential, mean: 60}}\nsites:\n  main:\n    groups:\n      a: {skills: [voice], agents: "
      "9000000}\n      b: {skills: [voice], agents: 9000000}\n");
  require_bad_input("validate " + g.arg(), "schedule more than 10000000 agents");
}

// ---- class 2: every write to stdout is checked ------------------------------------------------

TEST_CASE("output that cannot be written is an error in every command", "[cli][reliability]") {
  const std::string cmds[] = {
      "run " + kSingle + " -r 1 --format json",
      "run " + kSingle + " -r 1",
      "validate " + kSingle,
      "staff " + kSingle + " --analytic-only",
      "erlang c --calls-per-hour 100 --aht 120 --agents 5",
      "check " + kSingle + " -r 2",
      "--help",
  };
  for (const std::string& args : cmds) {
    for (const char* redirect : {" >/dev/full", " >&-"}) {
      const int status = std::system(
          (std::string("'") + CCSIM_EXE + "' " + args + redirect + " 2>/dev/null").c_str());
      INFO(args << redirect);
      CHECK(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) != 0);
    }
  }
  // The message names the cause.
  const int status =
      std::system((std::string("'") + CCSIM_EXE + "' validate " + kSingle + " >/dev/full 2>" +
                   (fs::temp_directory_path() / "ccsim-full-err").string())
                      .c_str());
  CHECK(WEXITSTATUS(status) == 2);
  const std::string err = ccsim::test::read_file(fs::temp_directory_path() / "ccsim-full-err");
  CHECK_THAT(err, Catch::Contains("cannot write to standard output"));
  CHECK_THAT(err, Catch::Contains("No space left on device"));
}

// ---- class 4: no silent clamp or wrap ---------------------------------------------------------

TEST_CASE("staff reports a load no staffing up to the solver's limit meets, never clamps it",
          "[cli][reliability]") {
  // 1e9 calls an hour at 120 s need about 33 million agents: erlang refuses it; staff reports
  // every interval as infeasible (warning, JSON list, targets NOT met) instead of clamping.
  require_bad_input("erlang c --calls-per-hour 1e9 --aht 120 --target-sl 0.8", "cannot be met");
  const auto r =
      run_ccsim("staff " + kSingle +
                " --analytic-only --format json --set channels.voice.volume.per_hour=1e9");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("voice: 48 interval(s) need more than 100000 agents"));
  CHECK(r.err.find("internal error") == std::string::npos);
  CHECK_THAT(r.out, Catch::Contains("\"analytic_infeasible_intervals\": 48"));
  // A service-level target of 1 is a user error at the channel's targets line, not a crash.
  require_bad_input(
      "staff " + kSingle + " --analytic-only --set channels.voice.targets.service_level=1",
      "single-pool.yaml:17:14: error: channels.voice.targets");
}

TEST_CASE("the --seed option takes exactly the 64-bit range the YAML takes", "[cli][reliability]") {
  for (const char* seed :
       {"-1", "18446744073709551616", "1e3", "0x10", "", "+5", "99999999999999999999999"})
    require_bad_input("run " + kSingle + " -r 1 --seed '" + seed + "'", "--seed");
  CHECK(run_ccsim("run " + kSingle + " -r 1 --seed 18446744073709551615").exit_code == 0);
  CHECK(run_ccsim("run " + kSingle + " -r 1 --seed 0").exit_code == 0);
}

// ---- class 5: resources are bounded up front --------------------------------------------------

TEST_CASE("the --replications and --threads options have the YAML's (and the model's) ranges",
          "[cli][reliability]") {
  for (const char* r : {"0", "-3", "1000001", "50000000", "1e9"})
    for (const char* cmd : {"run", "staff", "check"})
      require_bad_input(std::string(cmd) + " " + kSingle + " -r " + r, "--replications");
  for (const char* t : {"-1", "257", "1000", "100000000"})
    require_bad_input("run " + kSingle + " -r 1 --threads " + t, "--threads");
}

TEST_CASE("runs beyond the event or memory cap are refused with the cap's name, quickly",
          "[cli][reliability]") {
  // 1e12 contacts a month, 1e20 an hour: events.
  require_bad_input("run " + kSingle + " --set channels.voice.volume='{per_month: 1e12}'",
                    "--max-events");
  require_bad_input("run " + kSingle + " --set channels.voice.volume.per_hour=99999999999999999999",
                    "--max-events");
  // staff: the analytic step reports the load infeasible, the simulated passes hit the cap.
  require_bad_input("staff " + kSingle + " --set channels.voice.volume.per_hour=1e15",
                    "--max-events");
  // A month of 1-second intervals kept for every replication: memory.
  require_bad_input("run " + kSingle + " -r 20 --set interval=1 --set horizon.days=31",
                    "--max-memory");
  // 8 groups of 1e7 agents: memory.
  std::string groups;
  for (int i = 0; i < 8; ++i)
    groups += "      g" + std::to_string(i) + ": {skills: [voice], agents: 9999999}\n";
  const TempFile many(
      "name: s\nchannels:\n  voice: {kind: call, volume: {per_hour: 1}, "
      "handle_time: {dist: exponential, mean: 60}}\nsites:\n" +
      [&] {
        std::string sites;
        for (int i = 0; i < 8; ++i)
          sites += "  s" + std::to_string(i) +
                   ":\n    groups:\n      g: {skills: [voice], agents: 9999999}\n";
        return sites;
      }());
  require_bad_input("run " + many.arg() + " -r 8 --threads 8", "--max-memory");
  // A huge drain limit would lay out agent supply for the whole drain: out of range.
  require_bad_input("run " + kSingle + " -r 1 --set drain_limit=1e12",
                    "drain_limit: must be at most 366d");
  require_bad_input("run " + kSingle + " -r 1 --set drain_limit=367d",
                    "--set drain_limit=367d: error");
  // The caps are documented and can be lowered (or raised).
  require_bad_input("run " + kSingle + " -r 2 --max-events 1000", "more than the cap of 1000");
  require_bad_input("run " + kSingle + " -r 2 --max-memory 0.001", "--max-memory");
  CHECK(run_ccsim("run " + kSingle + " -r 1 --max-events 1e9").exit_code == 0);
}

// ---- classes 7 and 10: paths that are not what they should be -------------------------------

TEST_CASE("a directory given as the scenario or intervals file, and --out '', are clear errors",
          "[cli][reliability]") {
  const std::string dir = shell_quote(fs::temp_directory_path().string());
  for (const char* cmd : {"run", "validate", "staff", "check"})
    require_bad_input(std::string(cmd) + " " + dir, "is a directory");
  require_bad_input("erlang c --intervals " + dir + " --agents 3", "is a directory");
  for (const char* cmd : {"run", "staff"})
    require_bad_input(std::string(cmd) + " " + kSingle + " -r 1 --out ''", "--out");
}
