#include "report/console_report.h"

#include <gtest/gtest.h>

#include <sstream>

#include "app/report_options.h"
#include "report/text_format.h"
#include "run_result_fixture.h"

namespace kvbench::report {
namespace {

using testing::RunFixture;

bool has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

std::string banner(const config::RunConfig& cfg, const BannerInfo& info = {}) {
  std::ostringstream os;
  print_banner(os, app::report_options_for(cfg), info);
  return os.str();
}

std::string report(const RunResult& r) {
  std::ostringstream os;
  print_report(os, r);
  return os.str();
}

TEST(ReportConsoleBanner, SingleGpuBanner) {
  config::RunConfig cfg;
  cfg.seed = 7;
  const std::string b = banner(cfg);
  EXPECT_TRUE(has(b, "Integrated Multi-User KV Cache Benchmark - MLPerf Edition\n"));
  EXPECT_TRUE(has(b, "Model: Llama 3.1 8B\n"));
  EXPECT_TRUE(has(b, "GPU Memory: 16 GB\n"));
  EXPECT_TRUE(has(b, "Users: 100\n"));
  EXPECT_TRUE(has(b, "Duration: 60s\n"));
  EXPECT_TRUE(has(b, "Seed: 7\n"));
  EXPECT_TRUE(has(b, "Generation Mode: realistic (30.0ms/token)\n"));
  EXPECT_TRUE(has(b, "  - Multi-turn Conversations: Enabled\n"));
  EXPECT_TRUE(has(b, "  - RAG Workload: Disabled\n"));
  EXPECT_FALSE(has(b, "I/O TRACE MODE"));
  EXPECT_FALSE(has(b, "System:"));
  EXPECT_TRUE(has(b, std::string(80, '=') + "\n"));
}

// Spec §7.5: multi-GPU / TP form of the GPU line.
TEST(ReportConsoleBanner, MultiGpuTensorParallelLine) {
  config::RunConfig cfg;
  cfg.num_gpus = 8;
  cfg.tensor_parallel = 8;
  cfg.gpu_mem_gb = 80;
  const std::string b = banner(cfg);
  EXPECT_TRUE(has(b, "System: 8\u00d7 80 GB GPU  (total 640 GB HBM)  \u2502  TP=8\n")) << b;
  EXPECT_FALSE(has(b, "GPU Memory:"));
  EXPECT_FALSE(has(b, "Seed:"));
}

// Spec §7.1 trace-mode lines, BurstGPT replay lines.
TEST(ReportConsoleBanner, TraceModeAndBurstLines) {
  config::RunConfig cfg;
  cfg.io_trace_log = "/tmp/trace.csv.zst";
  cfg.use_burst_trace = true;
  cfg.trace_speedup = 0;
  cfg.generation_mode = config::GenerationMode::None;
  cfg.max_concurrent_allocs = 16;
  BannerInfo info;
  info.burst_trace_files = 2;
  const std::string b = banner(cfg, info);
  EXPECT_TRUE(has(b, "  - I/O TRACE MODE: ACTIVE \u2014 writing trace to /tmp/trace.csv.zst\n"));
  EXPECT_TRUE(has(b, "    (No real GPU/CPU/NVMe I/O will be performed)\n"));
  EXPECT_TRUE(has(b, "    Trace files: 2\n"));
  EXPECT_TRUE(has(b, "    Trace speedup: 0.0x (no delay)\n"));
  EXPECT_TRUE(has(b, "    Replay cycles: infinite\n"));
  EXPECT_TRUE(has(b, "Generation Mode: none (0.0ms/token)\n"));
  EXPECT_TRUE(has(b, "  - Max Concurrent Allocations: 16 (bounds RAM usage)\n"));
}

TEST(ReportConsoleBanner, UserDistributionPerRankWithTp) {
  config::RunConfig cfg;  // llama3.1-8b: 131,072 B/token
  cfg.tensor_parallel = 2;
  std::ostringstream os;
  print_user_distribution(os, app::report_options_for(cfg), {1024, 2048, 3072}, {1, 2, 0});
  const std::string t = os.str();
  EXPECT_TRUE(has(t, "User Context Length Distribution:\n"));
  EXPECT_TRUE(has(t, "  Min: 1024 tokens (64.00MiB per TP rank (full=128.00MiB))\n")) << t;
  EXPECT_TRUE(has(t, "  Max: 3072 tokens (192.00MiB)\n")) << t;
  EXPECT_TRUE(has(t, "  Mean: 2048 tokens (128.00MiB)\n")) << t;
  EXPECT_TRUE(has(t, "  (sizes shown are per-rank 1/2 shard; TP=2)\n"));
  EXPECT_TRUE(has(
      t, "QoS Distribution:\n  interactive: 1 users\n  responsive: 2 users\n  batch: 0 users\n"));
}

TEST(ReportConsoleBanner, StartLineNamesDisaggregatedMode) {
  config::RunConfig cfg;
  std::ostringstream a, b;
  print_start_line(a, app::report_options_for(cfg));
  EXPECT_TRUE(has(a.str(), "Starting benchmark... Mode: standard (prefill+decode)\n"));
  cfg.prefill_only = true;
  print_start_line(b, app::report_options_for(cfg));
  EXPECT_TRUE(has(b.str(), "PREFILL-ONLY (write-heavy, disaggregated prefill node)"));
}

TEST(ConsoleReport, SectionsInReferenceOrder) {
  RunFixture f;
  const std::string t = report(f.result);
  const char* sections[] = {
      "BENCHMARK RESULTS - MLPerf KV Cache Storage Benchmark",
      "Generation Mode: realistic (30.0ms/token)",
      "Model KV bytes/token: 131,072 bytes (128.0KiB)",
      "### STORAGE PERFORMANCE ASSESSMENT: ",
      "### OVERALL PERFORMANCE ###",
      "### END-TO-END LATENCY (Queue Wait + Storage I/O + Generation) ###",
      "### PER-REQUEST STORAGE LATENCY (All I/O ops for one request) ###",
      "### TOKEN GENERATION LATENCY (Simulated @ 30.0ms/token) ###",
      "### STORAGE PERFORMANCE ###",
      "### CACHE TIER DISTRIBUTION ###",
      "### TIER-SPECIFIC KV BYTES ###",
      "### STORAGE KV BANDWIDTH ###",
      "### TIER-SPECIFIC LATENCIES (Total = Host + Device) ###",
      "### STORAGE TIER LATENCY BREAKDOWN (Device = Disk I/O, Host = Serialization) ###",
      "### CACHE TYPE BREAKDOWNS ###",
      "### PREFIX CACHING ###",
      "### MULTI-TURN CONVERSATIONS ###",
      "### QOS LATENCY METRICS (Informational - includes simulated generation) ###",
      "### KVBENCH ###",
      "NOTES:",
  };
  std::size_t pos = 0;
  for (const char* s : sections) {
    const std::size_t at = t.find(s, pos);
    ASSERT_NE(at, std::string::npos) << "missing or out of order: " << s << "\n" << t;
    pos = at;
  }
  EXPECT_TRUE(has(t, "Requests Completed: 20\n"));
  EXPECT_TRUE(has(t, "Total Tokens Generated: 2000\n"));
  EXPECT_TRUE(has(t, "Throughput (wall-clock): 200.00 tokens/sec\n"));
  EXPECT_TRUE(has(t, "  P95:  190.50 ms\n"));
  EXPECT_TRUE(has(t, "  Entries in cache: 3\n"));
  EXPECT_TRUE(has(t, "  Block size max:   4.0MiB\n"));
  EXPECT_TRUE(has(t, "  Storage KV Write Bandwidth: 0.50 GiB/s\n"));
  EXPECT_TRUE(has(t, "  Read/Write Ratio: 2.00\n"));
  EXPECT_TRUE(has(t, "  Storage Read:\n    - Device P95 (Disk I/O): "));
  EXPECT_TRUE(has(t, "  INTERACTIVE:\n    Requests: 10\n"));
  EXPECT_TRUE(has(t, "    SLA Met: [X] (compliance: 30.0%)\n"));
  EXPECT_FALSE(has(t, "RESPONSIVE:"));  // no data ⇒ skipped
  EXPECT_TRUE(has(t, "  Arrivals Offered: 25\n"));
  EXPECT_TRUE(has(t, "  Requests Served: 20\n"));
  EXPECT_TRUE(has(t, "  Dropped (queue full): 3\n"));
  EXPECT_TRUE(has(t, "End-to-end latency includes simulated GPU inference"));
}

TEST(ConsoleReport, PassAndFailVerdicts) {
  RunFixture pass;  // all latencies tiny, hit rate 60 %
  const std::string p = report(pass.result);
  EXPECT_TRUE(has(p, "### STORAGE PERFORMANCE ASSESSMENT: PASS [OK] ###\n")) << p;
  EXPECT_TRUE(has(p, "  Criteria Passed: 4/4\n"));
  EXPECT_TRUE(has(p, "  [OK] Cache Hit Rate > 30%: 60.0% (target: 30.0%)\n"));
  EXPECT_TRUE(has(p, "  [OK] Storage Tier Write Device P95 < 500ms: "));
  EXPECT_TRUE(has(p, "ms (target: 500.00ms)\n"));

  RunFixture fail;
  stats::CacheCounters::add(fail.cache.cache_misses, 1000);
  const std::string t = report(fail.result);
  EXPECT_TRUE(has(t, "### STORAGE PERFORMANCE ASSESSMENT: FAIL [X] ###\n"));
  EXPECT_TRUE(has(t, "  [X] Cache Hit Rate > 30%: "));
}

TEST(ConsoleReport, ThroughputProfileCriteriaAndNoQosSection) {
  RunFixture f;
  f.cfg.performance_profile = PerformanceProfile::Throughput;
  f.cfg.generation_mode = GenerationMode::None;
  const std::string t = report(f.result);
  EXPECT_TRUE(has(t, "  [OK] Storage KV Read Bandwidth: 0.20GiB/s (target: >0GiB/s)\n")) << t;
  EXPECT_FALSE(has(t, "QOS LATENCY METRICS"));
  EXPECT_FALSE(has(t, "TOKEN GENERATION LATENCY"));
  EXPECT_TRUE(has(t, "Pure storage I/O benchmark (no generation simulation)"));
}

TEST(ConsoleReport, ZeroBytesTiersAreNotListed) {
  RunFixture f;
  f.cache.tier(Level::Gpu).kv_bytes_read.store(0);
  f.cache.tier(Level::Gpu).kv_bytes_written.store(0);
  const std::string t = report(f.result);
  EXPECT_FALSE(has(t, "GPU KV Bytes Written"));
  EXPECT_FALSE(has(t, "GPU KV Read Bandwidth"));
  EXPECT_TRUE(has(t, "CPU KV Bytes Written: 1.00GiB"));
}

TEST(ConsoleReport, TraceRowsAndInterruption) {
  RunFixture f;
  f.result.mode = "trace";
  f.result.trace_rows = 1234567;
  f.result.trace_path = "/tmp/x.csv";
  f.result.interrupted = true;
  const std::string t = report(f.result);
  EXPECT_TRUE(has(t, "  Trace Rows: 1,234,567 -> /tmp/x.csv\n"));
  EXPECT_TRUE(has(t, "interrupted"));
}

TEST(ConsoleReport, NoRequestsPrintsWarningOnly) {
  RunFixture f(/*with_requests=*/false);
  const std::string t = report(f.result);
  EXPECT_TRUE(has(t, "No requests completed during benchmark!"));
  EXPECT_FALSE(has(t, "OVERALL PERFORMANCE"));
  EXPECT_TRUE(has(t, "  Arrivals Offered: 25\n"));
}

TEST(ReportTextFormat, PythonLikeFormatting) {
  EXPECT_EQ(text::thousands(0), "0");
  EXPECT_EQ(text::thousands(999), "999");
  EXPECT_EQ(text::thousands(1000), "1,000");
  EXPECT_EQ(text::thousands(131072), "131,072");
  EXPECT_EQ(text::thousands(1234567890), "1,234,567,890");
  EXPECT_EQ(text::py_float(1.0), "1.0");
  EXPECT_EQ(text::py_float(2.5), "2.5");
  EXPECT_EQ(text::py_float(0.1), "0.1");
  EXPECT_EQ(text::percent(0.3), "30.0%");
  EXPECT_EQ(text::fixed(9.555, 2), "9.55");  // binary 9.555 is below the tie, as in Python
}

}  // namespace
}  // namespace kvbench::report
