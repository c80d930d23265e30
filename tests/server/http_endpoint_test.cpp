// The live HTTP server of a real run: every endpoint over a socket while the run goes and after
// it is done, promtool on the live /metrics, identities between /metrics and the results,
// --http-linger cut short by SIGTERM, bad addresses, and a run that is unchanged by watching.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "server/server_test_support.h"
#include "support/http_get.h"
#include "support/promtool.h"
#include "support/run_binary.h"

namespace kvbench {
namespace {

using namespace testing_support;

std::vector<std::string> run_args(const TempDir& dir, std::vector<std::string> extra) {
  std::vector<std::string> args = {"--num-users", "10", "--gpu-mem-gb", "1", "--cpu-mem-gb", "2",
                                   "--generation-mode", "none", "--seed", "3",
                                   "--io-trace-log", dir.file("trace.csv"), "--output", dir.file("results.json")};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// Sum of every sample of `family` (label sets included) in an exposition text.
double sum_samples(const std::string& text, const std::string& family) {
  std::istringstream in(text);
  std::string line;
  double total = 0;
  while (std::getline(in, line)) {
    if (line.rfind(family, 0) != 0) continue;
    const char next = line[family.size()];
    if (next != '{' && next != ' ') continue;
    total += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return total;
}

TEST(HttpEndpoints, ServeALiveRunThenItsResults) {
  TempDir dir;
  const int pid = spawn_kvbench(run_args(dir, {"--duration", "3", "--http-listen", "127.0.0.1:0",
                                               "--http-linger", "60"}),
                                dir.file("out.txt"), dir.file("err.txt"));
  ChildGuard guard{pid};
  const int port = wait_for_http_port(dir.file("err.txt"));
  ASSERT_GT(port, 0) << read_file(dir.file("err.txt"));

  // While it runs.
  HttpReply r = http_get(port, "/status");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "application/json");
  auto status = nlohmann::json::parse(r.body);
  EXPECT_TRUE(status["state"] == "running" || status["state"] == "starting") << status["state"];
  EXPECT_EQ(status["model"], "llama3.1-8b");
  EXPECT_EQ(status["mode"], "trace");
  EXPECT_EQ(status["planned_s"], 3.0);
  for (const char* key : {"elapsed_s", "progress", "requests_completed", "tokens_per_sec", "users",
                          "queue_depth", "tiers"})
    EXPECT_TRUE(status.contains(key)) << key;

  r = http_get(port, "/results");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers["content-type"], "application/json");
  EXPECT_TRUE(nlohmann::json::parse(r.body).contains("error"));

  r = http_get(port, "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  const std::string promtool = find_program("promtool");
  if (!promtool.empty()) {
    const auto check = promtool_check_metrics(promtool, r.body, dir.file("live.txt"));
    EXPECT_EQ(check.exit_code, 0) << check.output;
  }
  EXPECT_EQ(http_get(port, "/livez").status, 200);
  EXPECT_EQ(http_get(port, "/readyz").status, 200);
  r = http_get(port, "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(nlohmann::json::parse(r.body).contains("error"));
  r = http_request(port, "POST", "/status");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["allow"], "GET, HEAD");
  EXPECT_EQ(http_request(port, "DELETE", "/results").status, 405);

  // Done, lingering.
  for (int i = 0; i < 200 && status["state"] != "done"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = nlohmann::json::parse(http_get(port, "/status").body);
  }
  ASSERT_EQ(status["state"], "done");
  r = http_get(port, "/results");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "application/json");
  const auto live_results = nlohmann::json::parse(r.body);
  const auto file_results = nlohmann::json::parse(read_file(dir.file("results.json")));
  EXPECT_EQ(live_results["requests_completed"], file_results["requests_completed"]);
  EXPECT_EQ(live_results["summary"]["cache_stats"]["read_iops"], file_results["summary"]["cache_stats"]["read_iops"]);

  // Final metrics agree with the results: one I/O operation per trace row.
  const std::string metrics = http_get(port, "/metrics").body;
  const double rows = file_results["kvbench"]["trace"]["rows"].get<double>();
  EXPECT_GT(rows, 0);
  EXPECT_EQ(sum_samples(metrics, "kvbench_io_operations_total"), rows);
  EXPECT_EQ(sum_samples(metrics, "kvbench_trace_rows_total"), rows);
  EXPECT_EQ(sum_samples(metrics, "kvbench_requests_completed_total"),
            file_results["requests_completed"].get<double>());
  EXPECT_NE(metrics.find("kvbench_run_state{state=\"done\"} 1"), std::string::npos);

  // SIGTERM ends the linger at once, and the run still exits 0.
  const auto t0 = std::chrono::steady_clock::now();
  ::kill(pid, SIGTERM);
  EXPECT_EQ(wait_for_exit(pid, 10), 0) << read_file(dir.file("err.txt"));
  guard.pid = 0;
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5);
}

TEST(HttpEndpoints, BadAddressIsAUsageError) {
  TempDir dir;
  for (const char* bad : {"localhost", "127.0.0.1:70000", "::1:80", "[::1]:9100"}) {
    const auto r = run_kvbench(run_args(dir, {"--duration", "1", "--http-listen", bad}));
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("--http-listen"), std::string::npos) << r.err;
  }
  const auto r = run_kvbench(run_args(dir, {"--duration", "1", "--http-linger", "-1"}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--http-linger"), std::string::npos) << r.err;
}

TEST(HttpEndpoints, BusyPortIsARuntimeError) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const std::string busy = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  TempDir dir;
  const auto r = run_kvbench(run_args(dir, {"--duration", "1", "--http-listen", busy}));
  ::close(fd);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--http-listen: cannot listen on " + busy), std::string::npos) << r.err;
}

// Watching must not change what is measured: a seeded virtual-clock trace is byte-identical
// with and without the server.
TEST(HttpEndpoints, WatchingDoesNotChangeTheRun) {
  TempDir a, b;
  const std::vector<std::string> common = {"--clock", "virtual", "--duration", "60", "--num-users", "30"};
  auto args_a = run_args(a, common);
  auto args_b = run_args(b, common);
  args_b.insert(args_b.end(), {"--http-listen", "127.0.0.1:0"});
  const auto ra = run_kvbench(args_a);
  const auto rb = run_kvbench(args_b);
  ASSERT_EQ(ra.exit_code, 0) << ra.err;
  ASSERT_EQ(rb.exit_code, 0) << rb.err;
  EXPECT_NE(rb.err.find("HTTP server listening on 127.0.0.1:"), std::string::npos);
  const std::string trace = read_file(a.file("trace.csv"));
  EXPECT_GT(trace.size(), 1000u);
  EXPECT_TRUE(trace == read_file(b.file("trace.csv")));
}

}  // namespace
}  // namespace kvbench
