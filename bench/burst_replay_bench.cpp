// Issue-8 figure: BurstGPT replay at --trace-speedup 0 in trace mode. Generates a BurstGPT-
// format CSV of N rows, replays it once with kvbench (--clock virtual, then --clock wall) and
// reports rows/s (= requests served/s), trace rows, peak RSS (wait4) and that every row was
// served. Peer measured in the same run: Python's csv.DictReader doing only the reference's
// per-row parsing of the same file (kv-cache.py's replay loop cannot be faster than that; the
// reference itself stops after a few requests at speedup 0, or queues until OOM at cycles 0).
// Usage: burst_replay_bench [--rows N] [--kvbench PATH] [--dir DIR] [--no-wall]
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/child_process.h"

namespace {

using kvbench::bench::ChildRun;
using kvbench::bench::run_child;

// Rows like the public BurstGPT trace: bursty arrivals, request tokens up to a few thousand,
// some zero-token responses (failed requests).
void write_csv(const std::string& path, long rows) {
  std::ofstream f(path);
  f << "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n";
  std::uint64_t x = 88172645463325252ull;
  double t = 0;
  for (long i = 0; i < rows; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    t += static_cast<double>(x % 1000) / 400.0;
    const unsigned req = 20 + static_cast<unsigned>((x >> 12) % 3000);
    const unsigned resp = static_cast<unsigned>((x >> 28) % 10) == 0 ? 0 : static_cast<unsigned>((x >> 32) % 600);
    f << static_cast<long>(t) << (i % 2 ? ",GPT-4," : ",ChatGPT,") << req << "," << resp << "," << req + resp
      << (i % 5 ? ",Conversation log\n" : ",API log\n");
  }
}

std::string self_dir() {
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/self/exe", ec).parent_path().string();
}

}  // namespace

int main(int argc, char** argv) {
  long rows = 1000000;
  std::string kvbench = self_dir() + "/../kvbench";
  std::string dir = std::filesystem::temp_directory_path().string();
  bool wall = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--no-wall") wall = false;
    else if (i + 1 < argc && a == "--rows") rows = std::atol(argv[++i]);
    else if (i + 1 < argc && a == "--kvbench") kvbench = argv[++i];
    else if (i + 1 < argc && a == "--dir") dir = argv[++i];
  }
  const std::string work = dir + "/kvbench_burst_bench_" + std::to_string(getpid());
  std::filesystem::create_directories(work);
  const std::string csv = work + "/BurstGPT_bench.csv";
  write_csv(csv, rows);
  std::printf("== BurstGPT replay, %ld rows (%.1f MiB), --trace-speedup 0 --replay-cycles 1, trace mode, "
              "llama3.1-8b, gpu 0 / cpu 0 / NVMe limit 100 GiB, generation none ==\n",
              rows, static_cast<double>(std::filesystem::file_size(csv)) / (1 << 20));

  double kv_rows_s = 0;
  for (const std::string clock : {"virtual", "wall"}) {
    if (clock == "wall" && !wall) continue;
    const ChildRun c = run_child({kvbench, "--model", "llama3.1-8b", "--num-users", "100", "--duration", "86400",
                         "--gpu-mem-gb", "0", "--cpu-mem-gb", "0", "--storage-capacity-gb", "100",
                         "--generation-mode", "none", "--seed", "42", "--clock", clock, "--use-burst-trace",
                         "--burst-trace-path", csv, "--trace-speedup", "0", "--replay-cycles", "1",
                         "--io-trace-log", work + "/trace.csv.zst", "--output", work + "/r.json"});
    if (c.exit_code != 0) {
      std::fprintf(stderr, "kvbench (%s) failed with exit code %d\n", clock.c_str(), c.exit_code);
      return 1;
    }
    std::ifstream in(work + "/r.json");
    const auto j = nlohmann::json::parse(in);
    const double served = j["requests_completed"].get<double>();
    const double trace_rows = j["kvbench"]["trace"]["rows"].get<double>();
    std::printf("  kvbench --clock %-7s served %.0f / %ld rows (%s) in %.2f s = %9.0f rows/s = requests/s; "
                "%.0f trace rows (%.0f/s); peak RSS %.1f MiB; dropped %d\n",
                clock.c_str(), served, rows, served == static_cast<double>(rows) ? "all" : "NOT ALL", c.wall_s,
                served / c.wall_s, trace_rows, trace_rows / c.wall_s, c.max_rss_kib / 1024.0,
                j["kvbench"]["arrivals_dropped_queue_full"].get<int>());
    if (clock == "virtual") kv_rows_s = served / c.wall_s;
  }

  // The reference's reader: csv.DictReader plus the per-row conversions of
  // _burst_trace_iterator, nothing else (no request objects, no queue, no workers).
  const std::string py = work + "/reader.py";
  std::ofstream(py) << "import csv, sys\n"
                       "n = 0\n"
                       "with open(sys.argv[1], 'r', encoding='utf-8') as f:\n"
                       "    for row in csv.DictReader(f):\n"
                       "        ts = float(row.get('Timestamp', 0)); c = int(row['Request tokens'])\n"
                       "        g = int(row['Response tokens']); t = int(row.get('Total tokens', c + g)); n += 1\n"
                       "print(n)\n";
  const ChildRun p = run_child({"python3", py, csv});
  if (p.exit_code == 0) {
    std::printf("  peer: python3 csv.DictReader, parsing only (kv-cache.py's reader)  %9.0f rows/s\n",
                static_cast<double>(rows) / p.wall_s);
    std::printf("  kvbench virtual (parse + simulate + serve + trace) / python parse only = %.2f\n",
                kv_rows_s / (static_cast<double>(rows) / p.wall_s));
  } else {
    std::printf("  peer: python3 not available\n");
  }
  std::printf("  reference kv-cache.py on the same replay (spec issue 8): stops after ~3 requests at\n"
              "  --trace-speedup 0 --replay-cycles 1 (stop set once the file was read); with\n"
              "  --replay-cycles 0 its unbounded queue grew to 24 GB and was OOM-killed.\n");
  std::filesystem::remove_all(work);
  return 0;
}
