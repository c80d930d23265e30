// Several tensor-parallel groups as one measurement (issue 20), three kvbench groups on
// loopback: the start barrier opens their windows at one instant (skew measured, <= 200 ms),
// `kvbench collect` pools the ranks' /results into what `kvbench aggregate` makes of the same
// files, and a rank killed mid-run leaves a partial aggregate that names it.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "server/server_test_support.h"
#include "support/http_get.h"
#include "support/run_binary.h"

namespace kvbench {
namespace {

using namespace testing_support;
using nlohmann::json;

// A port free now (the system's pick for a socket bound to port 0, then released).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

struct Group {
  TempDir dir;
  std::vector<int> ports;
  std::string peers;
  std::vector<ChildGuard> ranks;

  explicit Group(int n, const std::string& duration) : ranks(static_cast<std::size_t>(n)) {
    for (int i = 0; i < n; ++i) {
      ports.push_back(free_port());
      peers += (i ? "," : "") + std::string("127.0.0.1:") + std::to_string(ports.back());
    }
    for (int i = 0; i < n; ++i) {
      const std::string r = std::to_string(i);
      ranks[static_cast<std::size_t>(i)].pid = spawn_kvbench(
          {"--num-users", "4", "--gpu-mem-gb", "1", "--cpu-mem-gb", "1", "--generation-mode", "none",
           "--seed", std::to_string(7 + i), "--duration", duration, "--io-trace-log", dir.file("trace" + r + ".csv"),
           "--output", dir.file("own" + r + ".json"), "--http-listen", "127.0.0.1:" + std::to_string(ports[i]),
           "--http-linger", "30", "--group-size", std::to_string(n), "--rank", r, "--peers", peers,
           "--barrier-timeout", "20", "--quiet"},
          dir.file("out" + r + ".txt"), dir.file("err" + r + ".txt"));
    }
  }
  std::vector<std::string> collect_args() const {
    return {"collect", "--peers", peers, "--output", dir.file("collected"), "--timeout", "30"};
  }
};

TEST(TpGroup, WindowsOverlapAndTheCollectorPoolsThem) {
  Group g(3, "1");
  const ProcessResult c = run_kvbench(g.collect_args());
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  std::vector<json> docs;
  std::vector<std::string> files;
  for (int i = 0; i < 3; ++i) {
    auto& rank = g.ranks[static_cast<std::size_t>(i)];
    EXPECT_EQ(wait_for_exit(rank.pid, 20), 0) << read_file(g.dir.file("err" + std::to_string(i) + ".txt"));
    rank.pid = 0;
    files.push_back(g.dir.file("collected/rank-" + std::to_string(i) + ".json"));
    docs.push_back(json::parse(read_file(files.back())));
    EXPECT_EQ(docs.back()["kvbench"]["group"]["rank"], i);
  }
  // The windows overlap: every one opened before any closed, and their starts are close.
  std::int64_t first_start = INT64_MAX, last_start = 0, first_end = INT64_MAX;
  for (const json& d : docs) {
    const json& grp = d["kvbench"]["group"];
    EXPECT_EQ(grp["start_at_epoch_us"], docs.front()["kvbench"]["group"]["start_at_epoch_us"]);  // one instant
    first_start = std::min(first_start, grp["window_start_epoch_us"].get<std::int64_t>());
    last_start = std::max(last_start, grp["window_start_epoch_us"].get<std::int64_t>());
    first_end = std::min(first_end, grp["window_end_epoch_us"].get<std::int64_t>());
  }
  const double skew_ms = static_cast<double>(last_start - first_start) / 1e3;
  std::cout << "start skew of 3 groups on loopback: " << skew_ms << " ms\n";
  EXPECT_LE(skew_ms, 200);
  EXPECT_LT(last_start, first_end);
  // The collected aggregate is what `kvbench aggregate` makes of the three files.
  const ProcessResult a = run_kvbench({"aggregate", "--output", g.dir.file("agg.json"), files[0], files[1], files[2]});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const json collected = json::parse(read_file(g.dir.file("collected/aggregate.json")));
  EXPECT_FALSE(collected["kvbench"].contains("partial_failure"));
  EXPECT_EQ(collected, json::parse(read_file(g.dir.file("agg.json"))));
}

TEST(TpGroup, AKilledRankGivesAPartialAggregateNamingIt) {
  Group g(3, "2");
  const int collector = spawn_kvbench(g.collect_args(), g.dir.file("cout.txt"), g.dir.file("cerr.txt"));
  ChildGuard collector_guard{collector};
  // Kill rank 2 once its window is open and the collector has heard from it.
  bool running = false;
  for (int i = 0; i < 200 && !running; ++i) {
    const HttpReply r = http_get(g.ports[2], "/status");
    running = r.status == 200 && json::parse(r.body)["state"] == "running";
    if (!running) ::usleep(50000);
  }
  ASSERT_TRUE(running) << read_file(g.dir.file("err2.txt"));
  ::usleep(500000);
  ::kill(g.ranks[2].pid, SIGKILL);
  EXPECT_EQ(wait_for_exit(collector, 30), 1) << read_file(g.dir.file("cerr.txt"));
  collector_guard.pid = 0;
  const std::string err = read_file(g.dir.file("cerr.txt"));
  EXPECT_NE(err.find("rank 2 at 127.0.0.1:" + std::to_string(g.ports[2])), std::string::npos) << err;
  const json collected = json::parse(read_file(g.dir.file("collected/aggregate.json")));
  ASSERT_TRUE(collected["kvbench"].contains("partial_failure")) << collected["kvbench"].dump();
  const json& failed = collected["kvbench"]["partial_failure"]["ranks"];
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["rank"], 2);
  EXPECT_EQ(collected["kvbench"]["groups"], 2);
}

TEST(TpGroup, AMissingPeerFailsTheBarrierNamingIt) {
  TempDir dir;
  const int port = free_port(), absent = free_port();
  const std::string peers = "127.0.0.1:" + std::to_string(port) + ",127.0.0.1:" + std::to_string(absent);
  const ProcessResult r = run_kvbench({"--num-users", "2", "--gpu-mem-gb", "1", "--cpu-mem-gb", "1", "--duration", "1",
                                       "--io-trace-log", dir.file("t.csv"), "--output", dir.file("r.json"),
                                       "--http-listen", "127.0.0.1:" + std::to_string(port), "--group-size", "2",
                                       "--peers", peers, "--barrier-timeout", "0.5", "--quiet"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("rank 1 at 127.0.0.1:" + std::to_string(absent)), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kvbench
