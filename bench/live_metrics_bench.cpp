// What --http-listen costs a run.
//  1. Per operation: the MetricsRecorder that feeds /metrics (relaxed atomic adds) against the
//     peer it replaces, prometheus-cpp's own Counter/Histogram children (pre-resolved, so no
//     label lookups), 1 and 4 threads, ns per cache operation.
//  2. Whole run: the kvbench binary, --clock virtual trace run, the same arguments with and
//     without --http-listen 127.0.0.1:0, interleaved pairs; median rows/s (wall and CPU).
// Usage: live_metrics_bench [--kvbench PATH] [--pairs N] [--virtual-seconds N] [--dir DIR]
#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "engine/metrics_recorder.h"
#include "support/child_process.h"

namespace {

using kvbench::IoOp;
using kvbench::Phase;
using kvbench::Level;

// The same work through prometheus-cpp: two counters and a histogram per operation.
class PrometheusCppPeer final : public kvbench::IoObserver {
 public:
  PrometheusCppPeer() {
    auto& bytes = prometheus::BuildCounter().Name("peer_io_bytes_total").Register(registry_);
    auto& ops = prometheus::BuildCounter().Name("peer_io_operations_total").Register(registry_);
    auto& lat = prometheus::BuildHistogram().Name("peer_io_latency_seconds").Register(registry_);
    const prometheus::Histogram::BucketBoundaries bounds(kvbench::stats::kIoLatencyBounds.begin(),
                                                         kvbench::stats::kIoLatencyBounds.end());
    for (int t = 0; t < 3; ++t)
      for (int o = 0; o < 2; ++o) {
        const std::string tier = std::to_string(t), op = std::to_string(o);
        latency_[t][o] = &lat.Add({{"tier", tier}, {"op", op}}, bounds);
        for (int p = 0; p < 3; ++p) {
          bytes_[t][o][p] = &bytes.Add({{"tier", tier}, {"op", op}, {"phase", std::to_string(p)}});
          ops_[t][o][p] = &ops.Add({{"tier", tier}, {"op", op}, {"phase", std::to_string(p)}});
        }
      }
  }
  void on_event(const kvbench::IoEvent& e) override {
    const auto t = static_cast<int>(e.level), o = static_cast<int>(e.op), p = static_cast<int>(e.phase);
    bytes_[t][o][p]->Increment(static_cast<double>(e.bytes));
    ops_[t][o][p]->Increment();
    latency_[t][o]->Observe(e.total_s());
  }

 private:
  prometheus::Registry registry_;
  prometheus::Counter* bytes_[3][2][3]{};
  prometheus::Counter* ops_[3][2][3]{};
  prometheus::Histogram* latency_[3][2]{};
};

double ns_per_op(kvbench::IoObserver& obs, int threads, long ops_per_thread) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&obs, ops_per_thread, t] {
      for (long i = 0; i < ops_per_thread; ++i) {
        kvbench::IoEvent e;
        e.op = i & 1 ? IoOp::Read : IoOp::Write;
        e.level = e.from_level = static_cast<Level>((i + t) % 3);
        e.bytes = static_cast<std::uint64_t>(4096 + i);
        e.key = "k";
        e.phase = i & 1 ? Phase::Decode : Phase::Prefill;
        e.device_s = 1e-3;
        obs.on_event(e);
      }
    });
  for (auto& th : pool) th.join();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return s * 1e9 / static_cast<double>(ops_per_thread);  // as each thread sees it: contention shows
}

// A run of kvbench that must succeed.
kvbench::bench::ChildRun run(const std::vector<std::string>& argv) {
  const kvbench::bench::ChildRun c = kvbench::bench::run_child(argv);
  if (c.exit_code != 0) {
    std::fprintf(stderr, "kvbench run failed\n");
    std::exit(1);
  }
  return c;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string kvbench = KVBENCH_BINARY_PATH;
  std::string dir = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path().string();
  int pairs = 7, virtual_seconds = 150;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--kvbench") kvbench = argv[i + 1];
    else if (a == "--pairs") pairs = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--virtual-seconds") virtual_seconds = std::atoi(argv[i + 1]);
    else if (a == "--dir") dir = argv[i + 1];
  }

  std::printf("== 1. per cache operation (ns, lower is better) ==\n");
  for (int threads : {1, 4}) {
    const long n = 20'000'000 / threads;
    kvbench::stats::LiveMetrics metrics({50, 100, 1000});
    kvbench::engine::MetricsRecorder untimed(metrics, false), timed(metrics, true);
    PrometheusCppPeer peer;
    const double a = ns_per_op(untimed, threads, n), b = ns_per_op(timed, threads, n), c = ns_per_op(peer, threads, n);
    std::printf("  %d thread(s): kvbench trace mode %6.1f | kvbench timed %6.1f | prometheus-cpp peer %6.1f"
                "  (peer/kvbench timed = %.1fx)\n", threads, a, b, c, c / b);
  }

  std::printf("== 2. kvbench --clock virtual, 2000 users, %d simulated s, %d interleaved pairs ==\n",
              virtual_seconds, pairs);
  const std::string work = dir + "/kvbench_live_bench_" + std::to_string(getpid());
  std::filesystem::create_directories(work);
  const std::vector<std::string> base = {
      kvbench, "--model", "llama3.1-8b", "--num-users", "2000", "--gpu-mem-gb", "0", "--cpu-mem-gb", "0",
      "--generation-mode", "none", "--seed", "1", "--clock", "virtual", "--duration", std::to_string(virtual_seconds),
      "--io-trace-log", work + "/t.csv", "--output", work + "/r.json"};
  std::vector<double> wall[2], cpu[2];
  double rows = 0;
  for (int i = 0; i < pairs; ++i)
    for (int on = 0; on < 2; ++on) {
      auto args = base;
      if (on) args.insert(args.end(), {"--http-listen", "127.0.0.1:0"});
      const kvbench::bench::ChildRun t = run(args);
      std::ifstream in(work + "/r.json");
      rows = nlohmann::json::parse(in)["kvbench"]["trace"]["rows"].get<double>();
      wall[on].push_back(rows / t.wall_s);
      cpu[on].push_back(rows / t.cpu_s);
    }
  std::filesystem::remove_all(work);
  std::printf("  %.0f rows per run\n", rows);
  std::printf("  without --http-listen: %10.0f rows/s wall, %10.0f rows/CPU-s\n", median(wall[0]), median(cpu[0]));
  std::printf("  with    --http-listen: %10.0f rows/s wall, %10.0f rows/CPU-s\n", median(wall[1]), median(cpu[1]));
  std::printf("  with/without: %.3f (wall), %.3f (CPU)\n", median(wall[1]) / median(wall[0]),
              median(cpu[1]) / median(cpu[0]));
  return 0;
}
