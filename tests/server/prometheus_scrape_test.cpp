// A real Prometheus server (Debian package prometheus) scrapes a running kvbench every second;
// its query API must then return kvbench's series. Skipped only where prometheus is not
// installed (CI installs it: scripts/install-deps.sh).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/server_test_support.h"
#include "support/http_get.h"
#include "support/promtool.h"
#include "support/run_binary.h"

namespace kvbench {
namespace {

using testing_support::http_get;
using testing_support::read_file;
using testing_support::TempDir;

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// Starts `argv` with stdout+stderr to `log`; returns the pid.
int spawn(const std::vector<std::string>& argv, const std::string& log) {
  std::vector<char*> args;  // built before fork: the child may only make async-signal-safe calls
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

// The value of a one-sample instant-vector query, or -1 when there is none (yet).
double query_value(int port, const std::string& promql) {
  std::string path = "/api/v1/query?query=";
  for (char c : promql) {  // percent-encode everything but unreserved characters
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.') {
      path += c;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      path += buf;
    }
  }
  const auto reply = http_get(port, path);
  if (reply.status != 200) return -1;
  const auto doc = nlohmann::json::parse(reply.body, nullptr, false);
  if (doc.is_discarded() || doc["status"] != "success") return -1;
  const auto& result = doc["data"]["result"];
  if (!result.is_array() || result.empty()) return -1;
  return std::stod(result[0]["value"][1].get<std::string>());
}

TEST(PrometheusScrape, RealServerSeesKvbenchSeries) {
  const std::string prometheus = testing_support::find_program("prometheus");
  if (prometheus.empty()) GTEST_SKIP() << "prometheus not installed (Debian package prometheus)";
  TempDir dir;
  const int kv_pid = testing_support::spawn_kvbench(
      {"--num-users", "20", "--duration", "20", "--gpu-mem-gb", "1", "--cpu-mem-gb", "2", "--generation-mode",
       "fast", "--io-trace-log", dir.file("trace.csv"), "--output", dir.file("results.json"), "--http-listen",
       "127.0.0.1:0", "--http-linger", "30"},
      dir.file("kv.out"), dir.file("kv.err"));
  testing_support::ChildGuard kv_guard{kv_pid};
  const int kv_port = testing_support::wait_for_http_port(dir.file("kv.err"));
  ASSERT_GT(kv_port, 0) << read_file(dir.file("kv.err"));

  const int prom_port = free_loopback_port();
  std::ofstream(dir.file("prometheus.yml")) << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                                            << "scrape_configs:\n  - job_name: kvbench\n    static_configs:\n"
                                            << "      - targets: ['127.0.0.1:" << kv_port << "']\n";
  const int prom_pid = spawn({prometheus, "--config.file=" + dir.file("prometheus.yml"),
                              "--storage.tsdb.path=" + dir.file("tsdb"),
                              "--web.listen-address=127.0.0.1:" + std::to_string(prom_port)},
                             dir.file("prometheus.log"));
  ASSERT_GT(prom_pid, 0);
  testing_support::ChildGuard prom_guard{prom_pid};

  double bytes = -1, up = -1;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline && !(bytes > 0 && up == 1)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    bytes = query_value(prom_port, "sum(kvbench_io_bytes_total)");
    up = query_value(prom_port, "up{job=\"kvbench\"}");
  }
  const double info = query_value(prom_port, "kvbench_run_info{model=\"llama3.1-8b\",mode=\"trace\"}");
  // Issue 20: every size class of every tier and op, 20 bounds and +Inf each.
  const double size_series = query_value(prom_port, "count(kvbench_io_latency_by_size_seconds_count)");
  const double size_buckets = query_value(
      prom_port, "count(kvbench_io_latency_by_size_seconds_bucket{tier=\"nvme\",op=\"read\",size_class=\"1GiB+\"})");
  ::kill(prom_pid, SIGTERM);
  EXPECT_GE(testing_support::wait_for_exit(prom_pid, 15), 0);
  prom_guard.pid = 0;
  ::kill(kv_pid, SIGTERM);
  EXPECT_EQ(testing_support::wait_for_exit(kv_pid, 15), 0) << read_file(dir.file("kv.err"));
  kv_guard.pid = 0;

  EXPECT_EQ(up, 1) << read_file(dir.file("prometheus.log"));
  EXPECT_GT(bytes, 0) << read_file(dir.file("prometheus.log"));
  EXPECT_EQ(info, 1);
  EXPECT_EQ(size_series, 42);
  EXPECT_EQ(size_buckets, 21);
}

}  // namespace
}  // namespace kvbench
