// `kvbench replay` end to end (issue 17 items 2 and 4): a seeded virtual-clock trace replayed at
// --speed 0 against the storage level moves exactly the trace's rows and bytes per operation;
// the reference's sample traces replay (their objects cut by --size-cap, so the test stays
// small); --speed 1 paces a 1 s trace and reports its lag; bad rows are skipped and counted; a
// truncated .zst replays the rows it holds; SIGTERM ends a replay with its results written.
// Rows at Tier-1 go to the DRAM level, so the tests that only check bookkeeping do no disk I/O.
#include <signal.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "trace/byte_sink.h"
#include "trace/trace_reader.h"

namespace {

using kvbench::testing_support::read_file;
using kvbench::testing_support::run_kvbench;
using kvbench::testing_support::TempDir;
using nlohmann::json;

// A small seeded trace: tiny objects (TP 1024), three levels with demotions down to storage.
void record_trace(const TempDir& dir, const std::string& name, int duration_s) {
  const auto r = run_kvbench({"--clock", "virtual", "--model", "tiny-1b", "--num-users", "4", "--duration",
                              std::to_string(duration_s), "--seed", "7", "--generation-mode", "none",
                              "--tensor-parallel", "1024", "--num-gpus", "1024", "--gpu-mem-gb", "0.000002",
                              "--cpu-mem-gb", "0.002", "--io-trace-log", dir.file(name), "--output",
                              dir.file(name + ".run.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

json replay(const TempDir& dir, std::vector<std::string> args, int expect_exit = 0) {
  std::vector<std::string> all = {"replay", "--cache-dir", dir.file("store"), "--output", dir.file("replay.json")};
  all.insert(all.end(), args.begin(), args.end());
  const auto r = run_kvbench(all);
  EXPECT_EQ(r.exit_code, expect_exit) << r.err;
  if (r.exit_code != 0) return json();
  return json::parse(read_file(dir.file("replay.json")));
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

constexpr const char* kHeader = "Timestamp,Operation,Object_Size_Bytes,Tier,Key,Phase\r\n";

TEST(Replay, RoundTripMovesTheTracesRowsAndBytesPerOperation) {
  TempDir dir;
  record_trace(dir, "t.csv", 3);
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> want;  // "read/Decode" -> rows, bytes
  auto reader = kvbench::trace::TraceReader::open(dir.file("t.csv"));
  kvbench::trace::TraceRow row;
  while (reader->next(row)) {
    auto& cell = want[std::string(row.op == kvbench::IoOp::Read ? "read" : "write") + "/" +
                      std::string(kvbench::phase_trace_name(row.phase))];
    ++cell.first;
    cell.second += row.size;
  }
  ASSERT_GE(want.size(), 3u);
  const json doc = replay(dir, {"--speed", "0", "--levels", "storage", "--seed", "1", "--verify", dir.file("t.csv")});
  const json& r = doc["kvbench"]["replay"];
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> got;
  for (const auto& [op, levels] : r["rows"]["by_op"].items())
    for (const auto& [phase, cell] : levels["storage"].items())
      got[op + "/" + phase] = {cell["rows"].get<std::uint64_t>(), cell["bytes"].get<std::uint64_t>()};
  EXPECT_EQ(got, want);
  EXPECT_EQ(r["rows"]["failed"], 0);
  EXPECT_EQ(r["rows_skipped"]["total"], 0);
  EXPECT_EQ(doc["kvbench"]["verify_mismatches"], 0);
  // The run's figures: per-level bytes and latency with the device/host split.
  const json& cs = doc["summary"]["cache_stats"];
  EXPECT_GT(cs["tier_storage_kv_bytes_read_gb"].get<double>(), 0);
  EXPECT_TRUE(cs.contains("storage_read_device_p50_ms"));
  EXPECT_TRUE(doc["kvbench"]["run"].is_object());
  EXPECT_EQ(doc["kvbench"]["run"]["effective_config"]["levels"], "storage");
}

TEST(Replay, ReferenceSamplesReplayWithTheirSetUpObjects) {
  TempDir dir;
  const std::string data = std::string(KVBENCH_SOURCE_DIR) + "/tests/data/reference/";
  const json doc = replay(dir, {"--speed", "0", "--size-cap", "65536", data + "reference-trace-sample.csv",
                                data + "reference-trace-sample-nvme-only.csv"});
  const json& r = doc["kvbench"]["replay"];
  EXPECT_EQ(r["rows"]["total"], 38);
  EXPECT_EQ(r["rows"]["failed"], 0);
  // The first sample starts mid-run: it reads objects it never writes.
  EXPECT_GT(r["setup"]["objects"].get<int>(), 0);
  EXPECT_EQ(r["files"].size(), 2u);
}

TEST(Replay, SpeedOnePacesTheTraceAndReportsItsLag) {
  TempDir dir;
  std::string csv = kHeader;
  for (int i = 0; i < 20; ++i) {  // 20 rows over 0.95 s at the DRAM level
    char line[96];
    std::snprintf(line, sizeof line, "%d.%06d,Write,4096,Tier-1,k%d,Prefill\r\n", 1767225600 + i / 20,
                  i * 50000, i);
    csv += line;
  }
  write_text(dir.file("p.csv"), csv);
  const auto start = std::chrono::steady_clock::now();
  const json doc = replay(dir, {"--speed", "1", dir.file("p.csv")});
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const json& r = doc["kvbench"]["replay"];
  EXPECT_EQ(r["lag_ms"]["count"], 20);
  EXPECT_GE(r["elapsed_s"].get<double>(), 0.9);
  EXPECT_LT(wall, 30.0);  // generous: the machine is shared
  EXPECT_NEAR(r["trace_span_s"].get<double>(), 0.95, 1e-6);
}

TEST(Replay, BadRowsAreSkippedAndCountedInResultsAndHealth) {
  TempDir dir;
  std::string csv = kHeader;
  csv += "1.000000,Write,4096,Tier-1,a,Prefill\r\n";
  csv += "1.000001,Write,4096,Tier-1,b\r\n";             // malformed
  csv += "1.000002,Write,4096,Tier-7,c,Prefill\r\n";     // unknown tier
  csv += "1.000003,Write,4096,Tier-1,d,Warmup\r\n";      // unknown phase
  csv += "1.000004,Write,0,Tier-1,e,Prefill\r\n";        // size 0
  csv += "1.000005,Read,4096,Tier-1,a,Decode\r\n";
  csv += "1.000006,Write,1000000000000000000,Tier-2,f,Prefill\r\n";  // over the storage's capacity
  write_text(dir.file("bad.csv"), csv);
  const json doc = replay(dir, {"--speed", "0", dir.file("bad.csv")});
  const json& s = doc["kvbench"]["replay"]["rows_skipped"];
  EXPECT_EQ(s["total"], 5);
  EXPECT_EQ(s["malformed"], 1);
  EXPECT_EQ(s["unknown_tier"], 1);
  EXPECT_EQ(s["unknown_phase"], 1);
  EXPECT_EQ(s["size_zero"], 1);
  EXPECT_EQ(s["over_capacity"], 1);
  EXPECT_EQ(doc["kvbench"]["replay"]["rows"]["total"], 2);
  EXPECT_EQ(doc["kvbench"]["health"]["status"], "degraded");
  EXPECT_EQ(doc["kvbench"]["health"]["reasons"][0]["code"], "rows_skipped");
}

TEST(Replay, TruncatedZstdReplaysTheRowsItHolds) {
  TempDir dir;
  std::string csv = kHeader;
  const std::string pad(200, 'x');  // over zstd's 128 KiB block in 700 rows: several blocks
  for (int i = 0; i < 700; ++i)
    csv += "2.000000,Write,4096,Tier-1,k" + std::to_string(i) + pad + ",Prefill\r\n";
  {
    auto sink = kvbench::trace::open_sink(dir.file("t.csv.zst"), 3);
    const std::string_view piece = csv;
    sink->write(std::span<const std::string_view>(&piece, 1));
    sink->finish();
  }
  const std::string whole = read_file(dir.file("t.csv.zst"));
  // Cut inside the frame's last block: the blocks before it decode, the cut one does not.
  write_text(dir.file("cut.csv.zst"), whole.substr(0, whole.size() - 8));
  const json doc = replay(dir, {"--speed", "0", dir.file("cut.csv.zst")});
  const json& r = doc["kvbench"]["replay"];
  EXPECT_GT(r["rows"]["total"].get<int>(), 0);
  EXPECT_LT(r["rows"]["total"].get<int>(), 700);
  EXPECT_TRUE(r["files"][0].contains("truncated"));
  EXPECT_EQ(doc["kvbench"]["health"]["status"], "degraded");
}

TEST(Replay, NoUsableRowExitsTwoNamingTheFile) {
  TempDir dir;
  write_text(dir.file("empty.csv"), std::string(kHeader) + "1.0,Write,0,Tier-2,a,Prefill\r\n");
  const auto r = run_kvbench({"replay", "--cache-dir", dir.file("store"), dir.file("empty.csv")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no usable row in " + dir.file("empty.csv")), std::string::npos) << r.err;
}

TEST(Replay, SigtermEndsItLikeARunWithItsResults) {
  TempDir dir;
  std::string csv = kHeader;
  for (int i = 0; i < 30; ++i)  // one row a second for 30 s
    csv += std::to_string(100 + i) + ".000000,Write,4096,Tier-1,k" + std::to_string(i) + ",Prefill\r\n";
  write_text(dir.file("long.csv"), csv);
  const int pid = kvbench::testing_support::spawn_kvbench(
      {"replay", "--cache-dir", dir.file("store"), "--output", dir.file("replay.json"), dir.file("long.csv")},
      dir.file("out.txt"), dir.file("err.txt"));
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  ::kill(pid, SIGTERM);
  EXPECT_EQ(kvbench::testing_support::wait_for_exit(pid, 20), 0) << read_file(dir.file("err.txt"));
  const json doc = json::parse(read_file(dir.file("replay.json")));
  EXPECT_TRUE(doc["interrupted"].get<bool>());
  EXPECT_TRUE(doc["kvbench"]["replay"]["stopped"].get<bool>());
  EXPECT_LT(doc["kvbench"]["replay"]["rows"]["total"].get<int>(), 30);
  EXPECT_GT(doc["kvbench"]["replay"]["rows"]["not_replayed"].get<int>(), 0);
}

}  // namespace
