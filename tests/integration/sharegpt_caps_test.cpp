// ShareGPT under the reference's config.yaml (issue 16 item 1): kv-cache.py ignores the file's
// sharegpt.max_context_tokens (8,192) and caps at 16,384 tokens, so a 12,500-token turn is one
// 12,500-token write; --sharegpt-caps config honours the file and caps it at 8,192.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "support/run_binary.h"

namespace kvbench {
namespace {

using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

constexpr std::uint64_t kTiny1bBytesPerToken = 24576;

// The largest Write in a trace CSV (Object_Size_Bytes, the third column).
std::uint64_t largest_write(const std::string& csv) {
  std::istringstream in(csv);
  std::string line;
  std::uint64_t largest = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string ts, op, size;
    std::getline(fields, ts, ',');
    std::getline(fields, op, ',');
    std::getline(fields, size, ',');
    if (op == "Write") largest = std::max<std::uint64_t>(largest, std::stoull(size));
  }
  return largest;
}

std::uint64_t run_with(const TempDir& dir, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {
      "--model", "tiny-1b", "--config", dir.file("config.yaml"),
      "--dataset-path", dir.file("long.json"), "--replay-cycles", "1", "--num-users", "1",
      "--gpu-mem-gb", "0", "--cpu-mem-gb", "4", "--generation-mode", "fast", "--duration", "30",
      "--clock", "virtual", "--seed", "1", "--io-trace-log", dir.file("t.csv"), "--output", dir.file("r.json")};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = run_kvbench(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return largest_write(read_file(dir.file("t.csv")));
}

TEST(ShareGptCaps, ReferenceConfigKeepsTheReferenceCap) {
  TempDir dir;
  // 50,000 characters = 12,500 tokens at 4 characters a token.
  std::ofstream(dir.file("long.json"))
      << R"([{"id": "a", "conversations": [{"from": "human", "value": ")" << std::string(50000, 'x')
      << R"("}, {"from": "gpt", "value": ")" << std::string(400, 'y') << R"("}]}])";
  // The sharegpt section of the reference's shipped config.yaml.
  std::ofstream(dir.file("config.yaml"))
      << "sharegpt:\n  max_context_tokens: 8192\n  max_generation_tokens: 2048\n  chars_per_token_estimate: 4\n";
  const std::uint64_t reference = run_with(dir, {});
  EXPECT_GT(reference, 8192 * kTiny1bBytesPerToken);
  EXPECT_LE(reference, 16384 * kTiny1bBytesPerToken);
  EXPECT_EQ(run_with(dir, {"--sharegpt-caps", "config"}), 8192 * kTiny1bBytesPerToken);
}

}  // namespace
}  // namespace kvbench
