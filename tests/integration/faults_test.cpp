// Broken storage end to end (issue 15 item 2): a cache directory deleted in the middle of a real
// run under --verify. Today's main exited 0 and kept reporting the vanished entries; the run must
// say failed (exit 1), count its failed reads and writes by cause, and end with figures that
// match what is really stored (nothing).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"

namespace kvbench {
namespace {

namespace fs = std::filesystem;
using testing_support::read_file;
using testing_support::TempDir;

// tiny-1b entries of 3-6 MiB, no CPU level: every entry is a file under --cache-dir.
std::vector<std::string> storage_run(const TempDir& dir, std::vector<std::string> extra) {
  const char* t = "{context_range: [128, 256], generation_range: [8, 40], think_time_range: [0.02, 0.05]}";
  std::ofstream(dir.file("small.yaml")) << "user_templates:\n  chatbot: " << t << "\n  coding: " << t
                                        << "\n  document: " << t << "\n";
  std::vector<std::string> args = {"--config", dir.file("small.yaml"), "--model", "tiny-1b", "--num-users", "4",
                                   "--gpu-mem-gb", "0", "--cpu-mem-gb", "0", "--generation-mode", "none",
                                   "--seed", "3", "--io-size", "262144", "--io-depth", "4", "--quiet",
                                   "--cache-dir", dir.file("cache"), "--output", dir.file("results.json")};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::size_t entry_files(const std::string& dir) {
  std::error_code ec;
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir, ec)) n += e.path().extension() == ".kv" ? 1 : 0;
  return n;
}

TEST(Faults, DeletedCacheDirFailsTheRunAndLeavesNoPhantomEntries) {
  TempDir dir;
  const int pid = testing_support::spawn_kvbench(storage_run(dir, {"--verify", "--duration", "4"}),
                                                 dir.file("out"), dir.file("err"));
  // Wait until entries exist, then take the directory away from under the run.
  for (int i = 0; i < 1000 && entry_files(dir.file("cache")) < 3; ++i) usleep(10000);
  ASSERT_GE(entry_files(dir.file("cache")), 3u) << read_file(dir.file("err"));
  usleep(300000);
  std::error_code ec;
  fs::remove_all(dir.file("cache"), ec);
  ASSERT_FALSE(ec) << ec.message();
  const int code = testing_support::wait_for_exit(pid, 90);
  const std::string err = read_file(dir.file("err"));
  EXPECT_EQ(code, 1) << err;
  const auto j = nlohmann::json::parse(read_file(dir.file("results.json")));
  const auto& k = j["kvbench"];
  EXPECT_EQ(k["health"]["status"], "failed") << k["health"].dump();
  EXPECT_GT(k["write_io_errors"].get<int>(), 0) << "writes into a deleted directory are I/O errors";
  EXPECT_EQ(k["write_failures_no_room"], 0) << "not capacity rejections";
  EXPECT_EQ(j["summary"]["cache_stats"]["storage_entries"], 0) << "no entry is stored any more";
  EXPECT_GT(k["entries_lost"].get<int>(), 0);
  EXPECT_EQ(k["verify_mismatches"], 0);
  EXPECT_TRUE(k["verify_mismatch_reads"].empty());
  // The reference's hit count includes the failed reads; kvbench's does not.
  EXPECT_EQ(k["reference_compatible"]["cache_hits"].get<std::uint64_t>(),
            j["summary"]["cache_stats"]["cache_hits"].get<std::uint64_t>() + k["read_failures"].get<std::uint64_t>());
}

}  // namespace
}  // namespace kvbench
