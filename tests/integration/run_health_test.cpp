// Run health, run identity and live progress, end to end (issue 14 items 3, 5, 8): a run that
// could not store what it was asked to says so at the top of its report, in kvbench.health and,
// with --fail-on, in its exit code; the results name the run and its workload; a run on a
// terminal rewrites one progress line.
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"

namespace kvbench {
namespace {

using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

// tiny-1b entries of 3-6 MiB into a 4 MiB CPU level and a 16 MiB storage level: most writes
// find no room, which is what a saturated storage level looks like.
std::vector<std::string> crowded_run(const TempDir& dir, std::vector<std::string> extra) {
  const char* t = "{context_range: [128, 256], generation_range: [8, 40], think_time_range: [0.02, 0.05]}";
  std::ofstream(dir.file("small.yaml")) << "user_templates:\n  chatbot: " << t << "\n  coding: " << t
                                        << "\n  document: " << t << "\n";
  std::vector<std::string> args = {"--config", dir.file("small.yaml"), "--model", "tiny-1b", "--num-users", "6",
                                   "--duration", "1", "--gpu-mem-gb", "0", "--cpu-mem-gb", "0.004",
                                   "--storage-capacity-gb", "0.016", "--generation-mode", "none", "--seed", "3",
                                   "--io-size", "262144", "--io-depth", "4", "--cache-dir", dir.file("cache"),
                                   "--output", dir.file("results.json")};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(RunHealthEndToEnd, WriteFailuresDegradeTheRunAndTheReportSaysSoFirst) {
  TempDir dir;
  const auto r = run_kvbench(crowded_run(dir, {}));
  ASSERT_EQ(r.exit_code, 0) << r.err;  // degraded, and --fail-on failed is the default
  const auto j = nlohmann::json::parse(read_file(dir.file("results.json")));
  ASSERT_EQ(j["kvbench"]["health"]["status"], "degraded") << j["kvbench"]["health"].dump();
  bool write_reason = false;
  for (const auto& reason : j["kvbench"]["health"]["reasons"]) write_reason |= reason["code"] == "write_failures";
  EXPECT_TRUE(write_reason) << j["kvbench"]["health"].dump();
  const auto report = r.out.find("BENCHMARK RESULTS");
  const auto warning = r.out.find("WARNING: this run is degraded");
  ASSERT_NE(warning, std::string::npos) << r.out;
  EXPECT_LT(warning, report);
  EXPECT_NE(r.err.find("Run health: degraded"), std::string::npos) << r.err;
}

TEST(RunHealthEndToEnd, FailOnDegradedExitsOne) {
  TempDir dir;
  const auto r = run_kvbench(crowded_run(dir, {"--fail-on", "degraded", "--quiet"}));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("--fail-on degraded"), std::string::npos) << r.err;
  // The results are written all the same.
  EXPECT_EQ(nlohmann::json::parse(read_file(dir.file("results.json")))["kvbench"]["health"]["status"], "degraded");
}

TEST(RunIdentityEndToEnd, ResultsNameTheRunAndItsWorkload) {
  TempDir a, b, c;
  ASSERT_EQ(run_kvbench({"--model", "tiny-1b", "--num-users", "3", "--duration", "5", "--clock", "virtual", "--seed",
                         "1", "--io-trace-log", a.file("t.csv"), "--output", a.file("results.json")})
                .exit_code,
            0);
  ASSERT_EQ(run_kvbench({"--model", "tiny-1b", "--num-users", "3", "--duration", "5", "--clock", "virtual", "--seed",
                         "1", "--io-trace-log", b.file("t.csv"), "--output", b.file("results.json")})
                .exit_code,
            0);
  ASSERT_EQ(run_kvbench({"--model", "llama3.1-8b", "--num-users", "3", "--duration", "5", "--clock", "virtual",
                         "--seed", "1", "--io-trace-log", c.file("t.csv"), "--output", c.file("results.json")})
                .exit_code,
            0);
  const auto ja = nlohmann::json::parse(read_file(a.file("results.json")));
  const auto jb = nlohmann::json::parse(read_file(b.file("results.json")));
  const auto jc = nlohmann::json::parse(read_file(c.file("results.json")));
  const auto& run = ja["kvbench"]["run"];
  EXPECT_EQ(run["effective_config"]["num_users"], 3);
  EXPECT_EQ(run["effective_config"]["model"], "tiny-1b");
  EXPECT_EQ(run["command_line"][0], "kvbench");
  EXPECT_FALSE(run["host"]["kernel"].get<std::string>().empty());
  EXPECT_NE(run["run_id"], jb["kvbench"]["run"]["run_id"]);
  EXPECT_EQ(run["workload_fingerprint"], jb["kvbench"]["run"]["workload_fingerprint"]);  // outputs differ only
  EXPECT_NE(run["workload_fingerprint"], jc["kvbench"]["run"]["workload_fingerprint"]);
  EXPECT_TRUE(ja["kvbench"]["health"]["status"].is_string());

  // aggregate refuses to add up different workloads, unless told to.
  const auto refused = run_kvbench({"aggregate", a.file("results.json"), c.file("results.json")});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("workload fingerprint"), std::string::npos) << refused.err;
  EXPECT_EQ(run_kvbench({"aggregate", a.file("results.json"), b.file("results.json"), "--output", a.file("m.json")})
                .exit_code,
            0);
  EXPECT_EQ(run_kvbench({"aggregate", "--force", a.file("results.json"), c.file("results.json"), "--output",
                         a.file("f.json")})
                .exit_code,
            0);
}

// A run on a terminal: stderr is a pty, so progress is one line rewritten in place.
TEST(ProgressEndToEnd, ATerminalSeesTheProgressLine) {
  TempDir dir;
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string out = dir.file("results.json"), trace = dir.file("t.csv");
    ::execl(KVBENCH_BINARY, KVBENCH_BINARY, "--model", "tiny-1b", "--num-users", "4", "--duration", "3",
            "--io-trace-log", trace.c_str(), "--output", out.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::string screen;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child has closed the terminal
    screen.append(buf, static_cast<std::size_t>(n));
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(master);
  ASSERT_TRUE(WIFEXITED(status)) << screen;
  EXPECT_EQ(WEXITSTATUS(status), 0) << screen;
  EXPECT_NE(screen.find("\r\x1b[2K["), std::string::npos) << screen;
  EXPECT_NE(screen.find(" elapsed, "), std::string::npos) << screen;
  EXPECT_NE(screen.find("req/s"), std::string::npos) << screen;
}

}  // namespace
}  // namespace kvbench
