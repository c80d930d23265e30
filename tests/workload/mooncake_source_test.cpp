// Mooncake trace input and replay (issue 18): the line format, malformed lines skipped and
// counted, pacing by timestamps (ms) / --trace-speedup, replay cycles, the start-up check.
#include "workload/mooncake_source.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/run_binary.h"
#include "workload/burstgpt_reader.h"  // WorkloadInputError

namespace kvbench::workload {
namespace {

using testing_support::TempDir;

const std::string kSample = std::string(KVBENCH_SOURCE_DIR) + "/tests/data/workload/mooncake_sample.jsonl";

TEST(MooncakeLine, ParsesTheFourFieldsAndIgnoresOthers) {
  const auto row = parse_mooncake_line(R"({"timestamp": 27.5, "input_length": 1100, "output_length": 9, "hash_ids": [4, 18446744073709551615], "x": 1})");
  ASSERT_TRUE(row);
  EXPECT_DOUBLE_EQ(row->timestamp_ms, 27.5);
  EXPECT_EQ(row->input_length, 1100u);
  EXPECT_EQ(row->output_length, 9u);
  ASSERT_EQ(row->hash_ids.size(), 2u);
  EXPECT_EQ(row->hash_ids[1], 18446744073709551615ull);
}

TEST(MooncakeLine, RejectsMalformedLines) {
  for (const char* bad : {
           "not json", "[1, 2]", R"({"input_length": 1, "output_length": 1, "hash_ids": [1]})",
           R"({"timestamp": -1, "input_length": 1, "output_length": 1, "hash_ids": [1]})",
           R"({"timestamp": 0, "input_length": 0, "output_length": 1, "hash_ids": [1]})",
           R"({"timestamp": 0, "input_length": 1.5, "output_length": 1, "hash_ids": [1]})",
           R"({"timestamp": 0, "input_length": 1, "output_length": -2, "hash_ids": [1]})",
           R"({"timestamp": 0, "input_length": 1, "output_length": 1, "hash_ids": []})",
           R"({"timestamp": 0, "input_length": 1, "output_length": 1, "hash_ids": [-1]})",
           R"({"timestamp": 0, "input_length": 1, "output_length": 1, "hash_ids": ["a"]})",
           R"({"timestamp": "0", "input_length": 1, "output_length": 1, "hash_ids": [1]})"})
    EXPECT_FALSE(parse_mooncake_line(bad)) << bad;
}

std::vector<Request> drain(MooncakeSource& s, std::size_t cap = 1000) {
  std::vector<Request> out;
  while (out.size() < cap) {
    const auto at = s.next_at();
    if (!at) break;
    out.push_back(s.take(*at, 0));
  }
  return out;
}

TEST(MooncakeSource, OneCycleHandsOutEveryUsableRowAndCountsTheMalformed) {
  WorkloadOptions o;
  o.replay_cycles = 1;
  o.trace_speedup = 0;
  MooncakeSource s(o, kSample);
  const auto reqs = drain(s);
  ASSERT_EQ(reqs.size(), 10u);
  EXPECT_EQ(reqs[0].context_tokens, 1500u);
  EXPECT_EQ(reqs[0].generate_tokens, 40u);
  EXPECT_EQ(reqs[0].block_hashes, (std::vector<std::uint64_t>{0, 1, 2}));
  EXPECT_EQ(reqs[0].prefix_index, -1);
  EXPECT_EQ(reqs[1].cache_key, "mooncake_req_1");
  const auto d = s.describe();
  EXPECT_EQ(d["malformed_lines"], 2);  // the non-JSON line and the empty hash_ids; blank ignored
  EXPECT_EQ(d["rows_replayed"], 10);
  EXPECT_EQ(d["cycles_completed"], 1);
  EXPECT_EQ(d["exhausted"], true);
}

TEST(MooncakeSource, PacedByMillisecondTimestampsOverTheSpeedup) {
  WorkloadOptions o;
  o.replay_cycles = 2;
  o.trace_speedup = 2;
  MooncakeSource s(o, kSample);
  const auto reqs = drain(s);
  ASSERT_EQ(reqs.size(), 20u);
  EXPECT_NEAR(reqs[1].arrival_s, 0.120 / 2, 1e-12);
  EXPECT_NEAR(reqs[9].arrival_s, 1.100 / 2, 1e-12);
  EXPECT_NEAR(reqs[10].arrival_s, 1.100 / 2, 1e-12);  // the second cycle starts without a gap
  EXPECT_NEAR(reqs[11].arrival_s, (1.100 + 0.120) / 2, 1e-12);
  EXPECT_EQ(s.describe()["malformed_lines_all_passes"], 4);
}

TEST(MooncakeSource, StartUpCheckNamesAnEmptyOrUnusableFile) {
  TempDir dir;
  std::ofstream(dir.file("empty.jsonl")) << "";
  std::ofstream(dir.file("junk.jsonl")) << "junk\n{\"timestamp\": 1}\n";
  for (const std::string name : {"empty.jsonl", "junk.jsonl", "missing.jsonl"}) {
    try {
      check_mooncake_trace_file(dir.file(name));
      ADD_FAILURE() << name;
    } catch (const WorkloadInputError& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
  EXPECT_NO_THROW(check_mooncake_trace_file(kSample));
}

}  // namespace
}  // namespace kvbench::workload
