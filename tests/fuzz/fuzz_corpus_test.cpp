// Replays every seed (tests/fuzz/corpus/<target>/) and every input a fuzzer ever failed on
// (tests/fuzz/regressions/<target>/) through the fuzz harnesses, in the ordinary test build and
// under the sanitizers: a crash found once can never come back unnoticed, also on machines
// that do not build the clang libFuzzer targets. Named regressions for real bugs follow.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "config/config_loader.h"
#include "fuzz/fuzz_harness.h"
#include "workload/validation_trace.h"

namespace kvbench {
namespace {

namespace fs = std::filesystem;
using Harness = void (*)(const std::uint8_t*, std::size_t);

std::vector<fs::path> inputs_of(const std::string& target) {
  std::vector<fs::path> files;
  for (const char* kind : {"corpus", "regressions"}) {
    const fs::path dir = fs::path(KVBENCH_SOURCE_DIR) / "tests/fuzz" / kind / target;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) files.push_back(e.path());
  }
  return files;
}

std::size_t replay(const std::string& target, Harness harness) {
  const auto files = inputs_of(target);
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    std::ifstream in(f, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    harness(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  return files.size();
}

TEST(FuzzCorpus, CliArgsInputsAreHandled) { EXPECT_GE(replay("cli_args", fuzz::run_cli_args), 5u); }
TEST(FuzzCorpus, ConfigYamlInputsAreHandled) {
  EXPECT_GE(replay("config_yaml", fuzz::run_config_yaml), 5u);
}
TEST(FuzzCorpus, TraceReaderInputsAreHandled) {
  EXPECT_GE(replay("trace_reader", fuzz::run_trace_reader), 5u);
}
TEST(FuzzCorpus, BurstGptCsvInputsAreHandled) {
  EXPECT_GE(replay("burstgpt_csv", fuzz::run_burstgpt_csv), 3u);
}
TEST(FuzzCorpus, ShareGptJsonInputsAreHandled) {
  EXPECT_GE(replay("sharegpt_json", fuzz::run_sharegpt_json), 3u);
}
TEST(FuzzCorpus, ValidationTraceInputsAreHandled) {
  EXPECT_GE(replay("validation_trace", fuzz::run_validation_trace), 3u);
}

// config_yaml_fuzz, first minutes: yaml-cpp 0.7's LoadAll never returns on a tag followed by a
// comma ("!,"): it adds empty documents until memory runs out, so `--config` on such a file
// took the machine's memory. config_loader.cpp now counts at most 100 documents itself.
TEST(FuzzRegression, TagFollowedByCommaIsRefusedQuickly) {
  for (const std::string text : {"!,", "!*ead,+", "!t*a,", "decode: {}\n!,\n"}) {
    SCOPED_TRACE(text);
    const auto start = std::chrono::steady_clock::now();
    try {
      config::load_config_text(text, "config.yaml");
      ADD_FAILURE() << "accepted";
    } catch (const config::ConfigError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("config.yaml:", 0), 0u) << e.what();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  }
}

TEST(FuzzRegression, DocumentCountIsStillExact) {
  try {
    config::load_config_text("a: 1\n---\nb: 2\n---\nc: 3\n", "config.yaml");
    ADD_FAILURE() << "accepted";
  } catch (const config::ConfigError& e) {
    EXPECT_STREQ(e.what(), "config.yaml:3: expected one YAML document, found 3");
  }
}

// validation_trace_fuzz, first seconds: a byte count of 2^64 or more in a --validation-trace
// record (1e20, a typo) was converted to uint64_t, which is undefined; it now saturates.
TEST(FuzzRegression, ValidationTraceByteCountBeyondUint64Saturates) {
  const auto t = workload::parse_validation_trace(
      "[{\"cache_hit\":true,\"read_bytes\":1e20,\"write_bytes\":18446744073709551615}]");
  ASSERT_TRUE(t.error.empty()) << t.error;
  EXPECT_EQ(t.total_requests, 1u);
  EXPECT_EQ(t.read_bytes, std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(t.write_bytes, std::numeric_limits<std::uint64_t>::max());
}

}  // namespace
}  // namespace kvbench
