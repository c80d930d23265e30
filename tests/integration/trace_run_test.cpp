// End-to-end trace-mode runs of the binary: outputs, identities between the trace and the
// results JSON, virtual-clock determinism, clean shutdown on signals.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>
#include <zstd.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "support/run_binary.h"

namespace kvbench {
namespace {

using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

std::vector<std::string> short_run(const TempDir& dir, const std::string& trace, std::vector<std::string> extra) {
  std::vector<std::string> args = {"--model", "llama3.1-8b", "--num-users", "40", "--duration", "30",
                                   "--gpu-mem-gb", "1", "--cpu-mem-gb", "2", "--generation-mode", "fast",
                                   "--seed", "7", "--io-trace-log", dir.file(trace), "--output",
                                   dir.file("results.json")};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::string zstd_decompress(const std::string& compressed) {
  std::string out;
  ZSTD_DStream* ds = ZSTD_createDStream();
  ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
  std::string buf(1 << 16, '\0');
  std::size_t ret = 1;
  while (in.pos < in.size) {
    ZSTD_outBuffer o{buf.data(), buf.size(), 0};
    ret = ZSTD_decompressStream(ds, &o, &in);
    if (ZSTD_isError(ret)) break;
    out.append(buf.data(), o.pos);
  }
  ZSTD_freeDStream(ds);
  EXPECT_EQ(ret, 0u) << "zstd frame incomplete or corrupt";
  return out;
}

struct RowCounts {
  std::uint64_t rows = 0, decode_reads = 0, prefill_writes = 0, evict_reads = 0, evict_writes = 0;
};

RowCounts count_rows(const std::string& csv) {
  RowCounts c;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "Timestamp,Operation,Object_Size_Bytes,Tier,Key,Phase\r");
  while (std::getline(in, line)) {
    EXPECT_FALSE(line.empty());
    EXPECT_EQ(line.back(), '\r');
    ++c.rows;
    const bool read = line.find(",Read,") != std::string::npos;
    if (line.find(",Decode\r") != std::string::npos && read) ++c.decode_reads;
    if (line.find(",Prefill\r") != std::string::npos && !read) ++c.prefill_writes;
    if (line.find(",Evict\r") != std::string::npos) (read ? c.evict_reads : c.evict_writes)++;
  }
  return c;
}

// Spec §8.2 identities: Decode Read rows == cache_hits == read_iops; Prefill Write rows ==
// write_iops (minus failed writes); each demotion is a Read/Write pair.
TEST(TraceRun, VirtualClockRunMatchesItsResults) {
  TempDir dir;
  const auto r = run_kvbench(short_run(dir, "trace.csv", {"--clock", "virtual"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(read_file(dir.file("results.json")));
  const auto& cs = json["summary"]["cache_stats"];
  const RowCounts rows = count_rows(read_file(dir.file("trace.csv")));
  EXPECT_GT(rows.rows, 1000u);
  EXPECT_EQ(rows.decode_reads, cs["cache_hits"].get<std::uint64_t>());
  EXPECT_EQ(rows.decode_reads, cs["read_iops"].get<std::uint64_t>());
  EXPECT_EQ(rows.prefill_writes, cs["write_iops"].get<std::uint64_t>() -
                                     json["kvbench"]["write_failures"].get<std::uint64_t>());
  EXPECT_GT(rows.evict_reads, 0u);
  EXPECT_EQ(rows.evict_reads, rows.evict_writes);
  EXPECT_EQ(rows.rows, json["kvbench"]["trace"]["rows"].get<std::uint64_t>());
  EXPECT_FALSE(json["interrupted"].get<bool>());
  EXPECT_NE(r.out.find("STORAGE PERFORMANCE ASSESSMENT"), std::string::npos);
}

TEST(TraceRun, SeededVirtualClockRunsAreByteIdentical) {
  TempDir dir;
  ASSERT_EQ(run_kvbench(short_run(dir, "a.csv", {"--clock", "virtual"})).exit_code, 0);
  ASSERT_EQ(run_kvbench(short_run(dir, "b.csv", {"--clock", "virtual"})).exit_code, 0);
  ASSERT_EQ(run_kvbench(short_run(dir, "c.csv.zst", {"--clock", "virtual"})).exit_code, 0);
  const std::string a = read_file(dir.file("a.csv"));
  EXPECT_GT(a.size(), 10000u);
  EXPECT_EQ(a, read_file(dir.file("b.csv")));
  EXPECT_EQ(a, zstd_decompress(read_file(dir.file("c.csv.zst"))));
  ASSERT_EQ(run_kvbench(short_run(dir, "d.csv", {"--clock", "virtual", "--seed", "8"})).exit_code, 0);
  EXPECT_NE(a, read_file(dir.file("d.csv")));
}

TEST(TraceRun, WallClockRunServesAndWritesEverything) {
  TempDir dir;
  auto args = short_run(dir, "trace.csv.zst", {"--duration", "2", "--generation-mode", "none"});
  const auto r = run_kvbench(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(read_file(dir.file("results.json")));
  EXPECT_GT(json["requests_completed"].get<std::uint64_t>(), 0u);
  const RowCounts rows = count_rows(zstd_decompress(read_file(dir.file("trace.csv.zst"))));
  EXPECT_EQ(rows.rows, json["kvbench"]["trace"]["rows"].get<std::uint64_t>());
  EXPECT_EQ(rows.decode_reads, json["summary"]["cache_stats"]["cache_hits"].get<std::uint64_t>());
}

// SIGTERM and SIGINT mid-run: exit 0 within 5 s, a complete zstd frame whose rows parse, and
// results marked interrupted.
void interrupt_mid_run(int sig) {
  TempDir dir;
  auto args = short_run(dir, "trace.csv.zst", {"--duration", "120"});
  const int pid = testing_support::spawn_kvbench(args, dir.file("out"), dir.file("err"));
  usleep(1500 * 1000);
  ASSERT_EQ(kill(pid, sig), 0);
  const int code = testing_support::wait_for_exit(pid, 5.0);
  ASSERT_EQ(code, 0) << read_file(dir.file("err"));
  const RowCounts rows = count_rows(zstd_decompress(read_file(dir.file("trace.csv.zst"))));
  const auto json = nlohmann::json::parse(read_file(dir.file("results.json")));
  EXPECT_TRUE(json["interrupted"].get<bool>());
  EXPECT_GT(rows.rows, 0u);
  EXPECT_EQ(rows.rows, json["kvbench"]["trace"]["rows"].get<std::uint64_t>());
  EXPECT_LT(json["summary"]["elapsed_time"].get<double>(), 10.0);
}

TEST(TraceRun, SigtermEndsTheRunCleanly) { interrupt_mid_run(SIGTERM); }
TEST(TraceRun, SigintEndsTheRunCleanly) { interrupt_mid_run(SIGINT); }

TEST(TraceRun, UnwritableTracePathIsRefusedBeforeTheRun) {  // pre-flight (config/output_preflight.h)
  const auto r = run_kvbench({"--io-trace-log", "/proc/kvbench/trace.csv", "--duration", "1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/proc/kvbench/trace.csv"), std::string::npos);
}

}  // namespace
}  // namespace kvbench
