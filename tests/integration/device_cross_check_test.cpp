// The device cross-check of a real run (issue 14 item 4) against a device nothing else uses: a
// small ext4 image on a loop device. With O_DIRECT, kvbench's storage reads (completed, plus
// what reads cut short at the drain had transferred) equal the device's within 5 %; a buffered
// run (KVBENCH_BUFFERED_IO=1, as on a file system that refuses O_DIRECT) is degraded with the
// page-cache reason. Skipped where root, mkfs.ext4 or a loop device is missing.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/loop_image.h"
#include "support/run_binary.h"

namespace kvbench {
namespace {

using testing_support::LoopImage;
using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

// tiny-1b at 24 KiB per token, contexts of 128-256 tokens: entries of 3-6 MiB, all on the NVMe
// tier (no CPU tier), which a 160 MiB capacity makes evict and re-read for two seconds.
std::vector<std::string> loop_run(const TempDir& dir, const std::string& cache_dir) {
  const char* small = "{context_range: [128, 256], generation_range: [8, 40], think_time_range: [0.02, 0.05]}";
  std::ofstream(dir.file("small.yaml")) << "user_templates:\n  chatbot: " << small << "\n  coding: " << small
                                        << "\n  document: " << small << "\n";
  return {"--config", dir.file("small.yaml"), "--model", "tiny-1b", "--num-users", "4", "--duration", "2",
          "--gpu-mem-gb", "0", "--cpu-mem-gb", "0", "--generation-mode", "none", "--seed", "5",
          "--cache-dir", cache_dir, "--storage-capacity-gb", "0.15", "--io-size", "262144", "--io-depth", "4",
          "--quiet", "--output", dir.file("results.json")};
}

bool has_reason(const nlohmann::json& health, const std::string& code) {
  for (const auto& r : health["reasons"])
    if (r["code"] == code) return true;
  return false;
}

TEST(DeviceCrossCheckLoop, ODirectReadsMatchTheDeviceWithinFivePercent) {
  TempDir dir;
  LoopImage img(dir.path(), 256);
  if (!img.mounted()) GTEST_SKIP() << img.why_not();
  const auto r = run_kvbench(loop_run(dir, img.mount_point() + "/cache"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(dir.file("results.json")));
  EXPECT_TRUE(j["kvbench"]["storage_io"]["o_direct"].get<bool>());
  const auto& dev = j["kvbench"]["device"];
  ASSERT_TRUE(dev["measured"].get<bool>()) << dev.dump();
  ASSERT_EQ(dev["disks"].size(), 1u);
  EXPECT_EQ(dev["disks"][0].get<std::string>().rfind("loop", 0), 0u) << dev["disks"];
  EXPECT_EQ(dev["fs_type"], "ext4");
  ASSERT_GT(dev["kvbench_storage_read_bytes"].get<double>(), 0) << "the run read nothing back: no check made";
  ASSERT_TRUE(dev["read_ratio"].is_number()) << dev.dump();
  EXPECT_NEAR(dev["read_ratio"].get<double>(), 1.0, 0.05) << dev.dump();
  // Writes: the data, then journal and metadata on top; never less than kvbench wrote.
  EXPECT_LE(dev["write_ratio"].get<double>(), 1.02) << dev.dump();
  EXPECT_FALSE(dev["reads_served_by_cache"].get<bool>());
  EXPECT_FALSE(has_reason(j["kvbench"]["health"], "device_read_excess")) << j["kvbench"]["health"];
  EXPECT_FALSE(has_reason(j["kvbench"]["health"], "page_cache")) << j["kvbench"]["health"];
}

TEST(DeviceCrossCheckLoop, BufferedRunIsDegradedWithThePageCacheReason) {
  TempDir dir;
  LoopImage img(dir.path(), 256);
  if (!img.mounted()) GTEST_SKIP() << img.why_not();
  const auto r = run_kvbench(loop_run(dir, img.mount_point() + "/cache"), "", {{"KVBENCH_BUFFERED_IO", "1"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;  // degraded, and --fail-on failed (the default) exits 0
  EXPECT_NE(r.err.find("KVBENCH_BUFFERED_IO=1: the NVMe tier uses buffered I/O"), std::string::npos) << r.err;
  const auto j = nlohmann::json::parse(read_file(dir.file("results.json")));
  EXPECT_FALSE(j["kvbench"]["storage_io"]["o_direct"].get<bool>());
  const auto& health = j["kvbench"]["health"];
  EXPECT_EQ(health["status"], "degraded") << health;
  EXPECT_TRUE(has_reason(health, "page_cache")) << health;
  EXPECT_NE(health.dump().find("page cache"), std::string::npos) << health;
}

}  // namespace
}  // namespace kvbench
