// Soak at full shape: --clock virtual, 100,000 users, one simulated hour (--duration 3600),
// trace to .zst. Prints wall time, trace rows/s, peak RSS (wait4 rusage) and checks that the
// trace holds every operation (rows in the file == rows reported == operations counted).
// Peer, same run: the same binary with a tenth of the users over the same hour, so the ratios
// show whether cost grows with users (RSS, wall time) or with rows.
// tests/soak/virtual_soak_test.cpp asserts the same identities at a shorter simulated time.
// Usage: soak_bench [--kvbench PATH] [--users N] [--duration S] [--dir DIR] [--no-peer]
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/child_process.h"
#include "trace/trace_reader.h"

namespace {

using kvbench::bench::ChildRun;
using kvbench::bench::run_child;

struct Soak {
  ChildRun child;
  std::uint64_t rows_reported = 0, rows_in_file = 0, operations = 0;
  std::uint64_t offered = 0, dropped = 0, completed = 0;
};

Soak soak(const std::string& kvbench, const std::string& work, int users, int duration) {
  const std::string trace = work + "/soak_" + std::to_string(users) + ".csv.zst";
  const std::string results = work + "/soak_" + std::to_string(users) + ".json";
  Soak s;
  s.child =
      run_child({kvbench, "--clock", "virtual", "--num-users", std::to_string(users), "--duration",
           std::to_string(duration), "--seed", "42", "--io-trace-log", trace, "--output", results});
  if (s.child.exit_code != 0) {
    std::fprintf(stderr, "kvbench (%d users) failed with exit code %d\n", users, s.child.exit_code);
    std::exit(1);
  }
  std::ifstream in(results);
  const auto j = nlohmann::json::parse(in);
  const auto& kv = j["kvbench"];
  const auto& cs = j["summary"]["cache_stats"];
  s.rows_reported = kv["trace"]["rows"].get<std::uint64_t>();
  s.operations = cs["read_iops"].get<std::uint64_t>() + cs["write_iops"].get<std::uint64_t>() -
                 kv["write_failures"].get<std::uint64_t>() +
                 2 * kv["demotions"].get<std::uint64_t>();
  s.offered = kv["arrivals_offered"].get<std::uint64_t>();
  s.dropped = kv["arrivals_dropped_queue_full"].get<std::uint64_t>();
  s.completed = j["requests_completed"].get<std::uint64_t>();
  auto reader = kvbench::trace::TraceReader::open(trace);
  kvbench::trace::TraceRow row;
  while (reader->next(row)) ++s.rows_in_file;
  std::filesystem::remove(trace);
  return s;
}

void print(const char* label, const Soak& s, int users) {
  std::printf("%s: %d users\n", label, users);
  std::printf(
      "  wall %.2f s (CPU %.2f s), trace rows %llu -> %.0f rows/s, peak RSS %.1f MiB (%.2f "
      "KiB/user)\n",
      s.child.wall_s, s.child.cpu_s, static_cast<unsigned long long>(s.rows_reported),
      static_cast<double>(s.rows_reported) / s.child.wall_s, s.child.max_rss_kib / 1024.0,
      static_cast<double>(s.child.max_rss_kib) / users);
  std::printf("  arrivals offered %llu, dropped (queue full) %llu, requests completed %llu\n",
              static_cast<unsigned long long>(s.offered),
              static_cast<unsigned long long>(s.dropped),
              static_cast<unsigned long long>(s.completed));
  const bool whole = s.rows_in_file == s.rows_reported && s.rows_reported == s.operations;
  std::printf("  rows in file %llu, reported %llu, operations %llu: %s\n",
              static_cast<unsigned long long>(s.rows_in_file),
              static_cast<unsigned long long>(s.rows_reported),
              static_cast<unsigned long long>(s.operations), whole ? "no row lost" : "MISMATCH");
}

}  // namespace

int main(int argc, char** argv) {
  // Next to the bench programs' folder: build/bench/soak_bench -> build/kvbench.
  std::string kvbench =
      std::filesystem::canonical("/proc/self/exe").parent_path().parent_path() / "kvbench";
  std::string dir = std::filesystem::temp_directory_path().string();
  int users = 100000, duration = 3600;
  bool peer = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--no-peer")
      peer = false;
    else if (a == "--kvbench" && has_value)
      kvbench = argv[++i];
    else if (a == "--users" && has_value)
      users = std::atoi(argv[++i]);
    else if (a == "--duration" && has_value)
      duration = std::atoi(argv[++i]);
    else if (a == "--dir" && has_value)
      dir = argv[++i];
    else {
      std::fprintf(stderr,
                   "usage: soak_bench [--kvbench PATH] [--users N] [--duration S] [--dir DIR] "
                   "[--no-peer]\n");
      return 2;
    }
  }
  const std::string work = dir + "/kvbench_soak_bench_" + std::to_string(getpid());
  std::filesystem::create_directories(work);
  std::printf(
      "== soak: --clock virtual, %d simulated s, llama3.1-8b, default tiers and generation ==\n",
      duration);
  const Soak full = soak(kvbench, work, users, duration);
  print("kvbench", full, users);
  std::printf("  simulated/wall time %.0fx\n", duration / full.child.wall_s);
  bool ok = full.rows_in_file == full.rows_reported && full.rows_reported == full.operations;
  if (peer && users >= 10) {
    const int peer_users = users / 10;
    const Soak tenth = soak(kvbench, work, peer_users, duration);
    print("peer: same binary, a tenth of the users", tenth, peer_users);
    std::printf("  ratios full/tenth: users %.1fx, peak RSS %.2fx, wall %.2fx, rows %.2fx\n",
                static_cast<double>(users) / peer_users,
                static_cast<double>(full.child.max_rss_kib) / tenth.child.max_rss_kib,
                full.child.wall_s / tenth.child.wall_s,
                static_cast<double>(full.rows_reported) / static_cast<double>(tenth.rows_reported));
    ok = ok && tenth.rows_in_file == tenth.rows_reported && tenth.rows_reported == tenth.operations;
  }
  std::filesystem::remove_all(work);
  return ok ? 0 : 1;
}
