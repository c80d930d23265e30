// Issue-4 targets of a trace-mode run, measured on the kvbench binary itself:
//  1. --clock virtual, llama3.1-8b, 2,000 users, gpu 0 / cpu 0, generation none: trace rows/s to
//     plain CSV and to .zst. Peer, same run: the zstd CLI (level 3) compressing that same CSV,
//     and cp copying it — the floor of "just moving these bytes".
//  2. --clock wall, 2,000 users, default templates, generation none, 60 s: arrivals offered vs
//     served, peak RSS (wait4), start-up time (process spawn → timed phase start).
//     With --baseline PATH (e.g. the previous build), run 2 is repeated in three alternating
//     pairs with that binary and the median peak RSS compared: the peer for the memory target.
//  3. With --baseline PATH: run 1 (.zst) in --rounds alternating rounds (default 5) with this
//     build and the baseline, the load average printed with each; the medians of rows/s (wall)
//     and rows per CPU-second, whose ratio is the one to trust on a busy machine.
// Usage: trace_mode_bench [--kvbench PATH] [--baseline PATH] [--virtual-seconds N]
//                         [--wall-seconds N] [--rounds N] [--dir DIR]
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/child_process.h"
#include "support/rounds.h"

namespace {

using kvbench::bench::ChildRun;
using kvbench::bench::run_child;

nlohmann::json load(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

void require(const ChildRun& c, const char* what) {
  if (c.exit_code != 0) {
    std::fprintf(stderr, "%s failed with exit code %d\n", what, c.exit_code);
    std::exit(1);
  }
}

// Run 1 (.zst) with both builds in alternating rounds; prints each round and the medians.
void compare_rows_per_second(std::vector<std::string> args, const std::string& baseline, int virtual_seconds,
                             int rounds, const std::string& work) {
  using kvbench::bench::load_average;
  using kvbench::bench::median;
  std::printf("\n== 3. run 1 (.zst) against the baseline, %d alternating rounds ==\n", rounds);
  args.insert(args.end(), {"--clock", "virtual", "--duration", std::to_string(virtual_seconds), "--quiet",
                           "--io-trace-log", work + "/trace.csv.zst", "--output", work + "/v.json"});
  const std::string self = args[0];
  std::vector<double> wall[2], cpu[2];
  for (int r = 0; r < rounds; ++r) {
    for (int side = 0; side < 2; ++side) {
      args[0] = side == 0 ? self : baseline;
      // The baseline may predate --quiet: it then writes no progress lines anyway (not a terminal).
      auto run_args = args;
      if (side == 1) run_args.erase(std::find(run_args.begin(), run_args.end(), "--quiet"));
      const ChildRun c = run_child(run_args);
      require(c, side == 0 ? "kvbench virtual run" : "baseline virtual run");
      const auto rows = load(work + "/v.json")["kvbench"]["trace"]["rows"].get<double>();
      wall[side].push_back(rows / c.wall_s);
      cpu[side].push_back(rows / c.cpu_s);
    }
    std::printf("  round %d: this %10.0f rows/s (%10.0f rows/CPU-s), baseline %10.0f (%10.0f)  load %s\n", r + 1,
                wall[0].back(), cpu[0].back(), wall[1].back(), cpu[1].back(), load_average().c_str());
  }
  std::printf("  medians: this %.0f rows/s, baseline %.0f -> ratio %.3f (wall); per CPU-s ratio %.3f\n",
              median(wall[0]), median(wall[1]), median(wall[0]) / median(wall[1]),
              median(cpu[0]) / median(cpu[1]));
}

}  // namespace

int main(int argc, char** argv) {
  std::string kvbench = KVBENCH_BINARY_PATH;
  std::string baseline;
  std::string dir = std::filesystem::temp_directory_path().string();
  int virtual_seconds = 300, wall_seconds = 60, rounds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--kvbench") kvbench = argv[i + 1];
    else if (a == "--baseline") baseline = argv[i + 1];
    else if (a == "--virtual-seconds") virtual_seconds = std::atoi(argv[i + 1]);
    else if (a == "--wall-seconds") wall_seconds = std::atoi(argv[i + 1]);
    else if (a == "--rounds") rounds = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--dir") dir = argv[i + 1];
  }
  const std::string work = dir + "/kvbench_trace_bench_" + std::to_string(getpid());
  std::filesystem::create_directories(work);
  const std::vector<std::string> base = {kvbench, "--model", "llama3.1-8b", "--num-users", "2000",
                                         "--gpu-mem-gb", "0", "--cpu-mem-gb", "0",
                                         "--generation-mode", "none", "--seed", "42"};

  std::printf("== 1. virtual clock, 2000 users, every op on Tier-2, %d simulated s ==\n", virtual_seconds);
  double zstd_peer_rows_s = 0;
  for (const std::string ext : {".csv", ".csv.zst"}) {
    auto args = base;
    args.insert(args.end(), {"--clock", "virtual", "--duration", std::to_string(virtual_seconds),
                             "--io-trace-log", work + "/trace" + ext, "--output", work + "/v.json"});
    const ChildRun c = run_child(args);
    require(c, "kvbench virtual run");
    const auto rows = load(work + "/v.json")["kvbench"]["trace"]["rows"].get<double>();
    std::printf("  kvbench -> %-8s %12.0f rows in %6.2f s = %10.0f rows/s  (peak RSS %ld MiB)\n",
                ext.c_str(), rows, c.wall_s, rows / c.wall_s, c.max_rss_kib / 1024);
    if (ext == ".csv") {
      const ChildRun z = run_child({"zstd", "-3", "-q", "-f", work + "/trace.csv", "-o", work + "/peer.zst"});
      const ChildRun cp = run_child({"cp", work + "/trace.csv", work + "/peer.csv"});
      if (z.exit_code == 0)
        std::printf("  peer: zstd -3 of that CSV   %10.0f rows/s  -> kvbench simulating + writing .zst is "
                    "compared below\n", rows / z.wall_s);
      std::printf("  peer: cp of that CSV        %10.0f rows/s  (kvbench/cp = %.2f)\n", rows / cp.wall_s,
                  (rows / c.wall_s) / (rows / cp.wall_s));
      std::filesystem::remove(work + "/peer.csv");
      std::printf("  target: >= 1,000,000 rows/s to CSV: %s\n", rows / c.wall_s >= 1e6 ? "MET" : "NOT MET");
      if (z.exit_code == 0) zstd_peer_rows_s = rows / z.wall_s;
    } else {
      if (zstd_peer_rows_s > 0)
        std::printf("  kvbench .zst / zstd CLI on the same rows = %.2f\n", (rows / c.wall_s) / zstd_peer_rows_s);
      std::printf("  target: >= 500,000 rows/s to .zst: %s\n", rows / c.wall_s >= 5e5 ? "MET" : "NOT MET");
    }
  }

  std::printf("\n== 2. wall clock, 2000 users, default templates, generation none, %d s ==\n", wall_seconds);
  const auto wall_args = [&](const std::string& binary) {
    auto args = base;
    args[0] = binary;
    args.insert(args.end(), {"--duration", std::to_string(wall_seconds), "--gpu-mem-gb", "16",
                             "--cpu-mem-gb", "32", "--io-trace-log", work + "/wall.csv.zst",
                             "--output", work + "/w.json"});
    return args;
  };
  const ChildRun w = run_child(wall_args(kvbench));
  require(w, "kvbench wall run");
  const auto j = load(work + "/w.json");
  const double offered = j["kvbench"]["arrivals_offered"].get<double>();
  const double served = j["requests_completed"].get<double>();
  // Spawn (measured here) to the start of the timed phase (stamped by kvbench).
  const double startup_ms =
      (j["kvbench"]["started_at_epoch_us"].get<double>() - static_cast<double>(w.spawned_epoch_us)) / 1000.0;
  std::printf("  arrivals offered %.0f, served %.0f (%.2f %%), dropped %.0f, abandoned at stop %.0f\n",
              offered, served, 100.0 * served / offered, j["kvbench"]["arrivals_dropped_queue_full"].get<double>(),
              j["kvbench"]["requests_abandoned_at_stop"].get<double>());
  std::printf("  trace rows %.0f, peak RSS %.1f MiB, start-up to timed phase %.1f ms\n",
              j["kvbench"]["trace"]["rows"].get<double>(), w.max_rss_kib / 1024.0, startup_ms);
  std::printf("  reference (spec, same shape): peak RSS 1.4-1.6 GB, start-up ~5 s -> RSS ratio %.3f, start-up ratio %.4f\n",
              (w.max_rss_kib * 1024.0) / 1.5e9, startup_ms / 5000.0);
  std::printf("  targets: served >= 99 %%: %s; peak RSS <= 64 MiB: %s; start-up < 100 ms: %s\n",
              served >= 0.99 * offered ? "MET" : "NOT MET", w.max_rss_kib <= 64 * 1024 ? "MET" : "NOT MET",
              startup_ms < 100 ? "MET" : "NOT MET");
  if (!baseline.empty()) {
    // Peak RSS of a multi-threaded run moves by a few hundred KiB from run to run (malloc
    // arenas, thread timing): three alternating pairs, the first this build's run above.
    std::vector<double> ours = {w.max_rss_kib / 1024.0}, theirs;
    for (int pair = 0; pair < 3; ++pair) {
      if (pair > 0) {
        const ChildRun again = run_child(wall_args(kvbench));
        require(again, "kvbench wall run");
        ours.push_back(again.max_rss_kib / 1024.0);
      }
      const ChildRun b = run_child(wall_args(baseline));
      require(b, "baseline wall run");
      theirs.push_back(b.max_rss_kib / 1024.0);
      const auto bj = load(work + "/w.json");
      std::printf("  pair %d: this %.1f MiB, baseline %s %.1f MiB (served %.0f of %.0f)  load %s\n",
                  pair + 1, ours.back(), baseline.c_str(), theirs.back(),
                  bj["requests_completed"].get<double>(), bj["kvbench"]["arrivals_offered"].get<double>(),
                  kvbench::bench::load_average().c_str());
    }
    const double a = kvbench::bench::median(ours), b = kvbench::bench::median(theirs);
    std::printf("  peak RSS medians: this %.1f MiB, baseline %.1f MiB -> this/baseline RSS ratio %.3f\n",
                a, b, a / b);
  }
  if (!baseline.empty()) compare_rows_per_second(base, baseline, virtual_seconds, rounds, work);
  std::filesystem::remove_all(work);
  return 0;
}
