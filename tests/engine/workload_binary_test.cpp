// End-to-end runs of every workload through the binary (trace mode): BurstGPT full-speed
// replay serves every row of every cycle with bounded memory (the reference stopped after 3
// requests, or grew until OOM-killed), ShareGPT replay with and without multi-turn, RAG,
// disaggregated prefill/decode I/O mixes in the trace, autoscaling that changes the load,
// --validation-trace, and bad inputs (exit 2 naming the file; malformed rows counted).
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "support/run_binary.h"

namespace kvbench {
namespace {

using nlohmann::json;
using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

const std::string kData = std::string(KVBENCH_SOURCE_DIR) + "/tests/data/workload/";

std::vector<std::string> trace_run(const TempDir& dir, std::vector<std::string> extra) {
  std::vector<std::string> a = {"--model", "llama3.1-8b", "--num-users", "20", "--duration", "60",
                                "--gpu-mem-gb", "0", "--cpu-mem-gb", "0", "--generation-mode", "none",
                                "--seed", "7", "--io-trace-log", dir.file("trace.csv"),
                                "--output", dir.file("r.json")};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

json results(const TempDir& dir) { return json::parse(read_file(dir.file("r.json"))); }

// A BurstGPT-format file of `rows` rows, one second apart on average.
void write_burst_csv(const std::string& path, int rows) {
  std::ofstream f(path);
  f << "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n";
  // 64-bit products: i × 104729 overflows an int past row 20,504, and that undefined behaviour
  // let the optimiser turn this loop into one that never ends (it filled the disk once).
  for (std::int64_t i = 0; i < rows; ++i) {
    const std::int64_t req = 50 + (i * 7919) % 4000, resp = (i * 104729) % 300;
    f << i << ".5,ChatGPT," << req << "," << resp << "," << req + resp << ",Conversation log\n";
  }
}

struct Measured {
  int exit_code = -1;
  long max_rss_kib = 0;
  double wall_s = 0;
};

// Runs the binary and measures that child alone (wait4), stdout/stderr discarded.
Measured measure(const std::vector<std::string>& args) {
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    std::vector<char*> argv{const_cast<char*>(KVBENCH_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(KVBENCH_BINARY, argv.data());
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  Measured m;
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  m.max_rss_kib = ru.ru_maxrss;
  m.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return m;
}

struct TraceRows {
  std::uint64_t reads = 0, writes = 0, writes_not_prepop = 0;
};

TraceRows count_trace(const std::string& csv) {
  TraceRows t;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (line.find(",Read,") != std::string::npos) ++t.reads;
    if (line.find(",Write,") != std::string::npos) {
      ++t.writes;
      if (line.find(",prepop_") == std::string::npos) ++t.writes_not_prepop;
    }
  }
  return t;
}

TEST(BurstGptReplay, FullSpeedVirtualReplayServesEveryRowWithBoundedMemory) {
  TempDir dir;
  const int rows = 200000;
  write_burst_csv(dir.file("big.csv"), rows);
  // An NVMe limit keeps the cache's own metadata bounded too (an unlimited trace-mode NVMe
  // tier keeps every one of the 200,000 unique entries).
  const auto m = measure(trace_run(dir, {"--use-burst-trace", "--burst-trace-path", dir.file("big.csv"),
                                         "--trace-speedup", "0", "--replay-cycles", "1", "--clock", "virtual",
                                         "--storage-capacity-gb", "100", "--io-trace-log",
                                         dir.file("trace.csv.zst")}));
  ASSERT_EQ(m.exit_code, 0);
  const json r = results(dir);
  EXPECT_EQ(r["requests_completed"], rows);
  EXPECT_EQ(r["kvbench"]["workload"]["rows_replayed"], rows);
  EXPECT_EQ(r["kvbench"]["workload"]["cycles_completed"], 1);
  EXPECT_EQ(r["kvbench"]["workload"]["malformed_rows"], 0);
  EXPECT_EQ(r["kvbench"]["arrivals_dropped_queue_full"], 0);
#ifndef KVBENCH_SANITIZED
  // The plain build's footprint. A sanitized build (tests/CMakeLists.txt defines
  // KVBENCH_SANITIZED) needs ~190 MiB for the same run, all of it ASan's shadow memory and
  // quarantine; there the replay's correctness above is what is checked.
  EXPECT_LT(m.max_rss_kib, 150 * 1024) << "peak RSS " << m.max_rss_kib << " KiB";
#endif
}

TEST(BurstGptReplay, FullSpeedWallClockReplayServesEveryRowOfEveryCycle) {
  TempDir dir;
  write_burst_csv(dir.file("t.csv"), 20000);
  const auto r = run_kvbench(trace_run(dir, {"--use-burst-trace", "--burst-trace-path", dir.file("t.csv"),
                                              "--trace-speedup", "0", "--replay-cycles", "2", "--workers", "8",
                                              "--max-queue-depth", "100"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = results(dir);
  EXPECT_EQ(j["requests_completed"], 40000);
  EXPECT_EQ(j["kvbench"]["arrivals_dropped_queue_full"], 0);  // back-pressure, not drops
  EXPECT_LT(j["kvbench"]["elapsed_s"].get<double>(), 60.0);  // ended when served, not at --duration
}

// Spec §10 TestTraceReplay: a directory of two files (5 + 3 rows); speedup 0 is fast.
TEST(BurstGptReplay, TraceDirectoryCyclesAtSpeedupZero) {
  TempDir dir, traces;
  std::ofstream(traces.file("BurstGPT_1.csv")) << "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n"
                                               "0,ChatGPT,100,20,120,Conversation log\n10,ChatGPT,200,40,240,Conversation log\n"
                                               "20,GPT-4,300,60,360,Conversation log\n30,ChatGPT,400,80,480,Conversation log\n"
                                               "40,ChatGPT,500,100,600,Conversation log\n";
  std::ofstream(traces.file("BurstGPT_2.csv")) << "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n"
                                               "50,GPT-4,150,30,180,Conversation log\n60,ChatGPT,250,50,300,Conversation log\n"
                                               "70,GPT-4,350,70,420,Conversation log\n";
  for (int cycles : {1, 2}) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = run_kvbench(trace_run(dir, {"--use-burst-trace", "--burst-trace-path", traces.path(),
                                                "--trace-speedup", "0", "--replay-cycles", std::to_string(cycles)}));
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = results(dir);
    EXPECT_EQ(j["requests_completed"], 8 * cycles);
    EXPECT_EQ(j["kvbench"]["workload"]["trace_total_tokens"], 2700 * cycles);
    EXPECT_LT(took, 2.0);
    EXPECT_NE(r.out.find("Trace files: 2"), std::string::npos);
  }
}

// The reference queued without bound at --replay-cycles 0 and was OOM-killed; here the source
// waits for room: nothing is dropped and memory stays flat while slow workers serve.
TEST(BurstGptReplay, EndlessReplayWithSlowWorkersStaysBounded) {
  TempDir dir;
  write_burst_csv(dir.file("t.csv"), 50000);
  const auto m = measure({"--num-users", "4", "--workers", "4", "--duration", "3", "--gpu-mem-gb", "0",
                          "--cpu-mem-gb", "0", "--generation-mode", "fast", "--max-queue-depth", "500",
                          "--use-burst-trace", "--burst-trace-path", dir.file("t.csv"), "--trace-speedup", "0",
                          "--replay-cycles", "0", "--io-trace-log", dir.file("trace.csv"), "--output",
                          dir.file("r.json")});
  ASSERT_EQ(m.exit_code, 0);
  const json j = results(dir);
  EXPECT_EQ(j["kvbench"]["arrivals_dropped_queue_full"], 0);
  EXPECT_GT(j["requests_completed"].get<int>(), 0);
  // Only what fits the queue was handed out beyond what workers took.
  EXPECT_LE(j["kvbench"]["workload"]["rows_replayed"].get<int>(),
            j["requests_completed"].get<int>() + 500 + 4 + 1);
#ifndef KVBENCH_SANITIZED
  // The plain build's footprint; under ASan it read 132 MiB, shadow memory and quarantine (the
  // queue bound above is what shows memory stays flat there).
  EXPECT_LT(m.max_rss_kib, 100 * 1024) << "peak RSS " << m.max_rss_kib << " KiB";
#endif
  EXPECT_LT(m.wall_s, 10.0);
}

TEST(BurstGptReplay, MalformedRowsAreCountedInTheResults) {
  TempDir dir;
  std::ofstream(dir.file("t.csv")) << "Timestamp,Model,Request tokens,Response tokens,Total tokens\n"
                                      "0,x,10,5,15\nbad,x,1,1,2\n1,x,,3,3\n2,x,5,5\n3,x,7,7,14\n";
  const auto r = run_kvbench(trace_run(dir, {"--use-burst-trace", "--burst-trace-path", dir.file("t.csv"),
                                              "--trace-speedup", "0", "--replay-cycles", "1"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = results(dir);
  EXPECT_EQ(j["requests_completed"], 2);
  EXPECT_EQ(j["kvbench"]["workload"]["malformed_rows"], 3);
}

TEST(WorkloadInputs, UnusableFilesExitTwoNamingTheFileBeforeAnythingStarts) {
  TempDir dir;
  std::ofstream(dir.file("header_only.csv")) << "Timestamp,Model,Request tokens,Response tokens\n";
  std::ofstream(dir.file("obj.json")) << "{\"conversations\": []}";
  std::ofstream(dir.file("junk.json")) << "[1, 2, {\"id\": \"x\"}]";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--use-burst-trace", "--burst-trace-path", dir.file("missing.csv")}, "missing.csv"},
      {{"--use-burst-trace", "--burst-trace-path", dir.file("*.nothing")}, "*.nothing"},
      {{"--use-burst-trace", "--burst-trace-path", dir.file("header_only.csv")}, "header_only.csv"},
      {{"--dataset-path", dir.file("obj.json")}, "obj.json"},
      {{"--dataset-path", dir.file("junk.json")}, "junk.json"},
      {{"--dataset-path", dir.path()}, dir.path()},
      {{"--validation-trace", dir.file("nope.json")}, "nope.json"},
  };
  for (const auto& [extra, name] : cases) {
    const auto r = run_kvbench(trace_run(dir, extra));
    EXPECT_EQ(r.exit_code, 2) << name << "\n" << r.err;
    EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
    EXPECT_FALSE(std::ifstream(dir.file("trace.csv")).good()) << name << ": started anyway";
  }
}

TEST(ShareGptReplay, RegisteredConversationsReloadEarlierTurns) {
  TempDir dir;
  const auto r = run_kvbench(trace_run(dir, {"--dataset-path", kData + "sharegpt_sample.json", "--replay-cycles", "1",
                                              "--clock", "virtual"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = results(dir);
  EXPECT_EQ(j["requests_completed"], 39);
  EXPECT_GT(j["multi_turn_cache_hits"].get<int>(), 0);
  EXPECT_EQ(j["kvbench"]["workload"]["source"], "sharegpt");
  EXPECT_EQ(j["kvbench"]["workload"]["malformed_records"], 1);
  EXPECT_NE(r.out.find("ShareGPT Dataset Statistics"), std::string::npos);
}

// Spec §11.2.1: the reference crashed every worker here and finished with no results.
TEST(ShareGptReplay, DisableMultiTurnWorks) {
  TempDir dir;
  for (const char* clock : {"virtual", "wall"}) {
    const auto r = run_kvbench(trace_run(dir, {"--dataset-path", kData + "sharegpt_sample.json", "--replay-cycles", "2",
                                                "--disable-multi-turn", "--clock", clock}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = results(dir);
    EXPECT_EQ(j["requests_completed"], 78) << clock;
    EXPECT_EQ(j["multi_turn_cache_hits"].get<int>() + j["multi_turn_cache_misses"].get<int>(), 0) << clock;
  }
}

TEST(ShareGptReplay, MissingDatasetFallsBackToSyntheticUsers) {
  TempDir dir;
  const auto r = run_kvbench(trace_run(dir, {"--dataset-path", dir.file("none.json"), "--clock", "virtual",
                                              "--duration", "5"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Falling back to synthetic workload"), std::string::npos);
  const json j = results(dir);
  EXPECT_EQ(j["kvbench"]["workload"]["source"], "synthetic");
  EXPECT_NE(j["kvbench"]["workload"]["fallback_from_sharegpt"].get<std::string>().find("none.json"), std::string::npos);
}

TEST(ReplayDeterminism, SameSeedSameTraceInVirtualClock) {
  TempDir dir;
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--dataset-path", kData + "sharegpt_sample.json", "--replay-cycles", "3"},
        std::vector<std::string>{"--use-burst-trace", "--burst-trace-path", kData + "burstgpt_sample.csv",
                                 "--trace-speedup", "2", "--replay-cycles", "2"}}) {
    std::vector<std::string> args = extra;
    args.insert(args.end(), {"--clock", "virtual", "--generation-mode", "fast"});
    ASSERT_EQ(run_kvbench(trace_run(dir, args)).exit_code, 0);
    const std::string first = read_file(dir.file("trace.csv"));
    ASSERT_EQ(run_kvbench(trace_run(dir, args)).exit_code, 0);
    EXPECT_EQ(read_file(dir.file("trace.csv")), first);
    EXPECT_GT(first.size(), 1000u);
  }
}

TEST(Disaggregated, PrefillOnlyTraceHasOnlyWrites) {
  TempDir dir;
  const auto r = run_kvbench(trace_run(dir, {"--prefill-only", "--disable-multi-turn", "--disable-prefix-caching",
                                              "--clock", "virtual", "--duration", "20"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const TraceRows t = count_trace(read_file(dir.file("trace.csv")));
  EXPECT_GT(t.writes, 100u);
  EXPECT_EQ(t.reads, 0u);
  EXPECT_NE(r.out.find("PREFILL-ONLY"), std::string::npos);
}

TEST(Disaggregated, DecodeOnlyTimedPhaseHasOnlyReadsOfPrepopulatedEntries) {
  TempDir dir;
  const auto r = run_kvbench(trace_run(dir, {"--decode-only", "--disable-prefix-caching", "--clock", "virtual",
                                              "--duration", "20"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const TraceRows t = count_trace(read_file(dir.file("trace.csv")));
  EXPECT_EQ(t.writes, 200u);  // the 20 x 10 pre-populated entries, before the timed phase
  EXPECT_EQ(t.writes_not_prepop, 0u);
  const json j = results(dir);
  EXPECT_EQ(j["summary"]["cache_stats"]["write_iops"], 0);  // stats reset after pre-population
  EXPECT_EQ(j["summary"]["cache_stats"]["cache_hits"], t.reads);
  EXPECT_GT(t.reads, 100u);
  EXPECT_EQ(j["kvbench"]["workload"]["decode_only_prepopulated_entries"], 200);
  EXPECT_NE(r.out.find("PRE-POPULATING CACHE FOR DECODE-ONLY MODE"), std::string::npos);
}

TEST(Rag, IngestsDocumentsReadsChunksAndEvictsWithMaxDocuments) {
  TempDir dir;
  std::ofstream(dir.file("rag.yaml")) << "rag:\n  max_documents: 2\n  request_probability: 0.5\n";
  const auto r = run_kvbench(trace_run(dir, {"--enable-rag", "--rag-num-docs", "5", "--config", dir.file("rag.yaml"),
                                              "--clock", "virtual", "--duration", "20"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json rag = results(dir)["kvbench"]["workload"]["rag"];
  EXPECT_EQ(rag["documents_ingested"], 5);
  EXPECT_EQ(rag["documents_evicted"], 3);
  EXPECT_EQ(rag["documents_held"], 2);
  EXPECT_GT(rag["entries_removed"].get<int>(), 0);
  const std::string csv = read_file(dir.file("trace.csv"));
  EXPECT_NE(csv.find(",Read,"), std::string::npos);
  EXPECT_NE(csv.find("rag_doc_0004_chunk_"), std::string::npos);
  EXPECT_GT(results(dir)["kvbench"]["workload"]["rag_queries"].get<int>(), 0);
}

// Spec §11.2.6: scaling changes the users that arrive, so the load changes with it.
TEST(Autoscaling, QosModeReallyAddsUsers) {
  TempDir dir;
  ASSERT_EQ(run_kvbench(trace_run(dir, {"--clock", "virtual", "--duration", "120", "--num-users", "10"})).exit_code, 0);
  const int fixed = results(dir)["kvbench"]["arrivals_offered"];
  const auto r = run_kvbench(trace_run(dir, {"--clock", "virtual", "--duration", "120", "--num-users", "10",
                                              "--enable-autoscaling"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = results(dir);
  const auto& s = j["summary"];
  EXPECT_GT(s["autoscaling_stats"].size(), 5u);
  EXPECT_EQ(s["autoscaling_stats"][0]["action"], "scale_up");
  EXPECT_EQ(s["autoscaling_summary"]["initial_users"], 10);
  const int final_users = s["autoscaling_summary"]["final_users"];
  EXPECT_GT(final_users, 20);
  EXPECT_EQ(j["kvbench"]["workload"]["users_final"], final_users);
  EXPECT_EQ(j["throughput_timeline"].size(), 12u);  // every 10 s of simulated time
  EXPECT_GT(j["kvbench"]["arrivals_offered"].get<int>(), 3 * fixed / 2);
}

TEST(Autoscaling, CapacityModeStopsAtThePeak) {
  TempDir dir;
  const auto r = run_kvbench(trace_run(dir, {"--clock", "virtual", "--duration", "600", "--num-users", "10",
                                              "--workers", "10", "--generation-mode", "fast",
                                              "--enable-autoscaling", "--autoscaler-mode", "capacity"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = results(dir);
  const auto& events = j["summary"]["autoscaling_stats"];
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back()["action"], "stop");
  EXPECT_TRUE(events.back().contains("peak_throughput_tokens_per_sec"));
  EXPECT_LT(j["kvbench"]["elapsed_s"].get<double>(), 600.0);
  EXPECT_TRUE(j["summary"]["autoscaling_summary"].contains("peak_user_count"));
}

TEST(ValidationTrace, ComparesTheHitRateWithTheTrace) {
  TempDir dir;
  std::ofstream f(dir.file("v.json"));
  f << "[";
  for (int i = 0; i < 100; ++i) f << (i ? "," : "") << "{\"request_id\":\"r" << i << "\",\"cache_hit\":" << (i < 95 ? "true" : "false") << "}";
  f << ", {\"no_hit_field\": 1}]";
  f.close();
  const auto r = run_kvbench(trace_run(dir, {"--validation-trace", dir.file("v.json"), "--clock", "virtual",
                                              "--duration", "10"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json v = results(dir)["validation"];
  EXPECT_DOUBLE_EQ(v["comparison"]["cache_hit_rate"]["trace"].get<double>(), 0.95);
  EXPECT_EQ(v["trace_stats"]["records_skipped"], 1);
  EXPECT_TRUE(v.contains("passed"));
  EXPECT_NE(r.out.find("### VALIDATION ###"), std::string::npos);
}

// configs/: the three MLPerf v3 submission shapes (spec §9.1) as run: sections.
TEST(MlperfConfigs, EachSubmissionShapeLoadsAndRuns) {
  TempDir dir;
  const std::vector<std::tuple<std::string, std::string, int>> shapes = {
      {"mlperf_v3_stress_8b", "Llama 3.1 8B", 200},
      {"mlperf_v3_throughput_8b", "Llama 3.1 8B", 100},
      {"mlperf_v3_stress_70b", "Llama 3.1 70B Instruct", 70}};
  for (const auto& [name, model, users] : shapes) {
    const auto r = run_kvbench({"--config", std::string(KVBENCH_SOURCE_DIR) + "/configs/" + name + ".yaml",
                                "--duration", "2", "--clock", "virtual", "--io-trace-log", dir.file("t.csv"),
                                "--output", dir.file("r.json"), "--xlsx-output", dir.file("r.csv")});
    ASSERT_EQ(r.exit_code, 0) << name << "\n" << r.err;
    EXPECT_NE(r.out.find("Model: " + model + "\n"), std::string::npos) << name;
    EXPECT_NE(r.out.find("Users: " + std::to_string(users) + "\n"), std::string::npos) << name;
    EXPECT_NE(r.out.find("Generation Mode: none"), std::string::npos) << name;
    EXPECT_EQ(results(dir)["seed"], 42) << name;
  }
}

}  // namespace
}  // namespace kvbench
