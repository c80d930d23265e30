// The console output of a run (spec §8.3, §7.5): the banner before the timed phase and the
// results report after it, in the reference's wording and order, plus a few kvbench lines
// (arrivals served vs dropped, trace rows). Writes to any ostream; stdout in production.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <vector>

#include "report/report_options.h"
#include "report/run_result.h"

namespace kvbench::report {

struct BannerInfo {
  std::size_t burst_trace_files = 0;  // resolved BurstGPT CSV files (--use-burst-trace)
};

// Title, model, GPU line (§7.5 multi-GPU/TP form), users, duration, seed, generation mode,
// feature list, trace-mode lines (§7.1); ends with a line of 80 '='.
void print_banner(std::ostream& os, const ReportOptions& cfg, const BannerInfo& info = {});

// Synthetic users: "User Context Length Distribution" (per-rank MiB with TP notes, §7.5) and
// "QoS Distribution" (counts in interactive, responsive, batch order).
void print_user_distribution(std::ostream& os, const ReportOptions& cfg,
                             const std::vector<int>& context_lengths,
                             const std::array<std::uint64_t, 3>& qos_counts);

// ShareGPT replay: "ShareGPT Dataset Statistics".
void print_dataset_stats(std::ostream& os, std::uint64_t conversations, std::uint64_t turns);

// "Starting benchmark... Mode: …" and a line of 80 '-'.
void print_start_line(std::ostream& os, const ReportOptions& cfg);

// The reference's MEMORY SAFETY CHECK block (spec §8.3): its estimate of the process's peak
// memory (workers x 2 x 8,000 tokens x bytes per token + 2.5 GiB) against MemAvailable, with a
// warning above 85 %. kvbench's own footprint is smaller (it streams entries in pieces); the
// block is printed because scripts written for kv-cache.py read it. `available_bytes` 0 =
// unknown. Returns true when the estimate is above 85 % of what is available.
bool print_memory_safety_check(std::ostream& os, const ReportOptions& cfg, std::uint64_t available_bytes);

// The results report. With no completed request it prints only the warning and the kvbench
// lines (the reference prints nothing but a log warning then).
void print_report(std::ostream& os, const RunResult& r);

}  // namespace kvbench::report
