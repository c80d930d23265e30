// Issue 17: `kvbench convert --to fio` checked with real fio. A short seeded virtual-clock trace
// is converted and fio replays the job file in a temporary folder: fio's read and write byte
// totals (--output-format=json) equal the trace's storage-level bytes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/run_binary.h"

namespace kvbench {
namespace {

using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

bool have_fio() { return std::system("fio --version > /dev/null 2>&1") == 0; }

struct LevelBytes {
  std::uint64_t read = 0, write = 0, rows = 0;
};

// The storage level's (Tier-2) bytes, padded to 4 KiB as direct I/O moves them.
LevelBytes storage_bytes(const std::string& csv) {
  LevelBytes b;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
    if (f.size() != 6 || f[3] != "Tier-2") continue;
    const std::uint64_t size = (std::stoull(f[2]) + 4095) / 4096 * 4096;
    (f[1] == "Read" ? b.read : b.write) += size;
    ++b.rows;
  }
  return b;
}

TEST(FioConvert, FioReplaysTheStorageLevelBytesOfATrace) {
  if (!have_fio()) GTEST_SKIP() << "fio is not installed (scripts/install-deps.sh installs it)";
  TempDir dir;
  // A model of 4 KiB per token and short contexts: entries of 0.25-1 MiB, ~25 MB in all.
  const char* shape = "{context_range: [64, 256], generation_range: [1, 40], think_time_range: [0, 0]}";
  std::ofstream(dir.file("config.yaml"))
      << "user_templates:\n  chatbot: " << shape << "\n  coding: " << shape << "\n  document: " << shape
      << "\nmodel_configs:\n  tiny-kv:\n    name: tiny kv\n    num_layers: 1\n    hidden_dim: 1024\n"
         "    num_heads: 1\n    kv_heads: 1\n    dtype: float16\n    attention_type: gqa\n";
  const auto run = run_kvbench({"--config", dir.file("config.yaml"), "--model", "tiny-kv", "--num-users", "4",
                                "--duration", "30", "--max-requests", "24", "--gpu-mem-gb", "0",
                                "--cpu-mem-gb", "0.001", "--generation-mode", "none", "--seed", "11",
                                "--clock", "virtual", "--io-trace-log", dir.file("trace.csv"), "--output",
                                dir.file("results.json")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const LevelBytes expected = storage_bytes(read_file(dir.file("trace.csv")));
  ASSERT_GT(expected.rows, 10u);
  ASSERT_GT(expected.read, 0u);
  ASSERT_GT(expected.write, 0u);

  const auto conv = run_kvbench({"convert", dir.file("trace.csv"), "--to", "fio", "--output",
                                 dir.file("fio"), "--speed", "0", "--io-depth", "4"});
  ASSERT_EQ(conv.exit_code, 0) << conv.err;
  const std::string cmd = "fio --output-format=json --output=" + dir.file("fio.json") + " " +
                          dir.file("fio/replay.fio") + " > " + dir.file("fio.log") + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << read_file(dir.file("fio.log"));
  const auto json = nlohmann::json::parse(read_file(dir.file("fio.json")));
  std::uint64_t read = 0, write = 0, setup = 0;
  for (const auto& job : json["jobs"]) {
    EXPECT_EQ(job["error"].get<int>(), 0) << job["jobname"];
    if (job["jobname"] == "setup") {
      setup += job["write"]["io_bytes"].get<std::uint64_t>();
      continue;
    }
    read += job["read"]["io_bytes"].get<std::uint64_t>();
    write += job["write"]["io_bytes"].get<std::uint64_t>();
  }
  EXPECT_EQ(read, expected.read);
  EXPECT_EQ(write, expected.write);
  EXPECT_NE(conv.out.find("reads " + std::to_string(expected.read) + " B, writes " +
                          std::to_string(expected.write) + " B"),
            std::string::npos)
      << conv.out;
  EXPECT_EQ(setup, 0u) << "a trace from an empty cache reads nothing it did not write";
}

}  // namespace
}  // namespace kvbench
