// A zero think time (user_templates.*.think_time_range: [0, 0]) means back-to-back requests:
// each user's next request arrives when its previous one is done. It was a livelock: every
// arrival of every user fell at t = 0, so the wall-clock scheduler spun through millions of
// arrivals dropped at a full queue, and the virtual clock never advanced, so --duration never
// ended the run. Run through the binary with a timeout, under both clocks.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/run_binary.h"

namespace kvbench {
namespace {

using nlohmann::json;
using testing_support::read_file;
using testing_support::TempDir;

constexpr int kUsers = 4;

// Every template thinks for zero seconds, so every user does.
void write_zero_think_config(const std::string& path) {
  std::ofstream(path) << "user_templates:\n"
                         "  chatbot:\n    think_time_range: [0, 0]\n"
                         "  coding:\n    think_time_range: [0, 0]\n"
                         "  document:\n    think_time_range: [0, 0]\n";
}

struct ZeroThinkRun {
  int exit_code = -2;
  json results;
  std::string err;
};

ZeroThinkRun run_zero_think(const std::string& clock, int duration_s, double timeout_s) {
  TempDir dir;
  write_zero_think_config(dir.file("config.yaml"));
  const std::vector<std::string> args = {
      "--config", dir.file("config.yaml"), "--clock", clock,
      "--duration", std::to_string(duration_s), "--num-users", std::to_string(kUsers),
      "--model", "tiny-1b", "--gpu-mem-gb", "0", "--cpu-mem-gb", "0",
      "--generation-mode", "fast", "--seed", "3",
      "--io-trace-log", dir.file("trace.csv"), "--output", dir.file("r.json")};
  const int pid = testing_support::spawn_kvbench(args, dir.file("out"), dir.file("err"));
  ZeroThinkRun r;
  r.exit_code = testing_support::wait_for_exit(pid, timeout_s);
  r.err = read_file(dir.file("err"));
  if (r.exit_code == 0) r.results = json::parse(read_file(dir.file("r.json")));
  return r;
}

// What back-to-back means, whatever the clock: requests were served, none was dropped, and no
// user ever had more than one request waiting or in service.
void expect_back_to_back(const json& r) {
  const auto completed = r["requests_completed"].get<std::uint64_t>();
  const auto offered = r["kvbench"]["arrivals_offered"].get<std::uint64_t>();
  EXPECT_GT(completed, 0u);
  EXPECT_EQ(r["kvbench"]["arrivals_dropped_queue_full"], 0);
  EXPECT_LE(offered, completed + kUsers) << "a user had several requests outstanding";
}

TEST(ZeroThinkTime, WallClockRunEndsAtDurationWithBackToBackRequests) {
  const ZeroThinkRun r = run_zero_think("wall", 2, 20);
  ASSERT_EQ(r.exit_code, 0) << r.err;  // -2: still running after 20 s
  const double elapsed = r.results["kvbench"]["elapsed_s"].get<double>();
  EXPECT_GE(elapsed, 1.9);
  EXPECT_LT(elapsed, 3.0);
  expect_back_to_back(r.results);
}

TEST(ZeroThinkTime, VirtualClockRunEndsAtDurationWithBackToBackRequests) {
  const ZeroThinkRun r = run_zero_think("virtual", 30, 20);
  ASSERT_EQ(r.exit_code, 0) << r.err;  // -2: simulated time stood still
  EXPECT_DOUBLE_EQ(r.results["kvbench"]["elapsed_s"].get<double>(), 30.0);
  expect_back_to_back(r.results);
  // Simulated time advanced request by request: a fast-mode request of up to a few hundred
  // tokens takes well under a second, so each user served many in 30 s.
  EXPECT_GT(r.results["requests_completed"].get<std::uint64_t>(), 10u * kUsers);
}

}  // namespace
}  // namespace kvbench
