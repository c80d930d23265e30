// Issue 18 item 5: block mode's cost, with the whole-entry run as the peer in the same rounds.
//  1. --clock virtual trace mode, llama3.1-8b, gpu 0 / cpu 0, generation none: trace rows/s with
//     --block-tokens 16 and with whole entries (0), in --rounds alternating rounds (default 5),
//     each printed with the load average; medians of rows/s and rows per CPU-second.
//     Target: >= 1,000,000 rows/s with --block-tokens 16.
//  2. The cache's metadata per block: resident bytes the cache's entry table (and its index) gains
//     per entry when 1,000,000 block entries ("blk_" + 16 hex digits) are allocated on a null
//     unlimited tier, against whole-entry keys ("conv_user_0033_1795544098213_turn_1") as the
//     peer. Target: <= 100 B per block.
// Usage: block_trace_rate [--kvbench PATH] [--virtual-seconds N] [--rounds N] [--dir DIR]
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cache/multi_tier_cache.h"
#include "support/child_process.h"
#include "support/rounds.h"
#include "tiers/null_tier.h"
#include "workload/entry_keys.h"

namespace {

using kvbench::bench::ChildRun;
using kvbench::bench::load_average;
using kvbench::bench::median;
using kvbench::bench::run_child;

double trace_rows(const std::string& results) {
  std::ifstream in(results);
  return nlohmann::json::parse(in)["kvbench"]["trace"]["rows"].get<double>();
}

// Resident bytes of this process (/proc/self/statm, pages).
double resident_bytes() {
  std::ifstream in("/proc/self/statm");
  double size = 0, resident = 0;
  in >> size >> resident;
  return resident * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

// Bytes of resident memory per entry that `n` entries named by `key_of` add to a cache.
template <class KeyOf>
double metadata_per_entry(std::uint64_t n, KeyOf key_of) {
  using namespace kvbench;
  std::vector<cache::TierSetup> tiers;
  tiers.push_back({std::make_unique<tiers::NullTier>(Level::Gpu), 0});
  tiers.push_back({std::make_unique<tiers::NullTier>(Level::Cpu), 0});
  tiers.push_back({std::make_unique<tiers::NullTier>(Level::Storage), std::numeric_limits<double>::infinity()});
  cache::MultiTierCache cache(std::move(tiers), cache::CacheOptions{}, IoObserverList{});
  const double before = resident_bytes();
  for (std::uint64_t i = 0; i < n; ++i) cache.allocate(key_of(i), 16 * 131072, 16);
  return (resident_bytes() - before) / static_cast<double>(n);
}

}  // namespace

int main(int argc, char** argv) {
  std::string kvbench = KVBENCH_BINARY_PATH;
  std::string dir = std::filesystem::temp_directory_path().string();
  int virtual_seconds = 120, rounds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--kvbench") kvbench = argv[i + 1];
    else if (a == "--virtual-seconds") virtual_seconds = std::atoi(argv[i + 1]);
    else if (a == "--rounds") rounds = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--dir") dir = argv[i + 1];
  }
  const std::string work = dir + "/kvbench_block_rate_" + std::to_string(getpid());
  std::filesystem::create_directories(work);

  std::printf("== 1. virtual clock, 200 users, every op on Tier-2, %d simulated s, %d rounds ==\n", virtual_seconds,
              rounds);
  const std::vector<std::string> sizes = {"16", "0"};
  std::vector<double> wall[2], cpu[2], rows[2];
  for (int r = 0; r < rounds; ++r) {
    for (std::size_t side = 0; side < 2; ++side) {
      const std::string out = work + "/v.json";
      const ChildRun c = run_child({kvbench, "--model", "llama3.1-8b", "--num-users", "200", "--gpu-mem-gb", "0",
                                    "--cpu-mem-gb", "0", "--generation-mode", "none", "--seed", "42", "--clock",
                                    "virtual", "--duration", std::to_string(virtual_seconds), "--quiet",
                                    "--block-tokens", sizes[side], "--io-trace-log", work + "/trace.csv",
                                    "--output", out});
      if (c.exit_code != 0) {
        std::fprintf(stderr, "kvbench --block-tokens %s failed (exit %d)\n", sizes[side].c_str(), c.exit_code);
        return 1;
      }
      rows[side].push_back(trace_rows(out));
      wall[side].push_back(rows[side].back() / c.wall_s);
      cpu[side].push_back(rows[side].back() / c.cpu_s);
    }
    std::printf("  round %d: blocks of 16 %10.0f rows/s (%10.0f rows/CPU-s, %9.0f rows), whole entries %10.0f "
                "(%10.0f, %9.0f)  load %s\n",
                r + 1, wall[0].back(), cpu[0].back(), rows[0].back(), wall[1].back(), cpu[1].back(),
                rows[1].back(), load_average().c_str());
  }
  std::printf("  medians: blocks of 16 %.0f rows/s, whole entries %.0f -> ratio %.3f (wall), %.3f per CPU-s; "
              "rows ratio %.1fx\n",
              median(wall[0]), median(wall[1]), median(wall[0]) / median(wall[1]), median(cpu[0]) / median(cpu[1]),
              median(rows[0]) / median(rows[1]));
  std::printf("  target: >= 1,000,000 rows/s with --block-tokens 16: %s (wall); %s per CPU-second (the figure of "
              "an unshared core, when the load average is above the core count)\n",
              median(wall[0]) >= 1e6 ? "MET" : "NOT MET", median(cpu[0]) >= 1e6 ? "MET" : "NOT MET");
  std::filesystem::remove_all(work);

  std::printf("\n== 2. cache metadata per entry, 1,000,000 entries on an unlimited null tier ==\n");
  const std::uint64_t n = 1000000;
  const double block = metadata_per_entry(n, [](std::uint64_t i) { return kvbench::workload::block_key(i * 0x9e3779b97f4a7c15ull); });
  const double whole = metadata_per_entry(
      n, [](std::uint64_t i) { return kvbench::workload::turn_key("conv_user_0033_" + std::to_string(1795544098213 + i), 1); });
  std::printf("  block keys %.1f B/entry, whole-entry keys %.1f B/entry (ratio %.2f)  load %s\n", block, whole,
              block / whole, load_average().c_str());
  std::printf("  target: <= 100 B per block: %s\n", block <= 100 ? "MET" : "NOT MET");
  return 0;
}
