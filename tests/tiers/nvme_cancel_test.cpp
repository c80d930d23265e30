// Cancellation at the end of a run (issue 14): once cancel_io() is called, the file backend
// stops between its batches of in-flight pieces (io_uring: at most --io-depth more; psync: the
// one in flight), fails the write as cancelled and leaves no partial file; later operations
// fail at once.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/run_binary.h"
#include "tier_test_support.h"
#include "tiers/nvme_tier.h"

namespace kvbench::tiers {
namespace {

namespace fs = std::filesystem;
using testing_support::TempDir;

constexpr std::size_t kIoSize = 64 << 10;
constexpr unsigned kDepth = 4;
constexpr std::uint64_t kEntry = 8 << 20;  // 128 pieces

// Produces the payload, and cancels the tier's I/O after `after` bytes (as the engine does
// from another thread when the drain ends).
class CancellingSource final : public ByteSource {
 public:
  CancellingSource(Tier& tier, std::uint64_t after) : tier_(tier), after_(after) {}
  void fill(std::uint64_t offset, std::byte* dst, std::size_t len) override {
    datagen::fill(testing::kSeed, offset, dst, len);
    produced_ += len;
    if (produced_ >= after_) tier_.cancel_io();
  }
  std::uint64_t produced() const { return produced_; }

 private:
  Tier& tier_;
  std::uint64_t after_;
  std::uint64_t produced_ = 0;
};

class NvmeCancel : public ::testing::TestWithParam<IoEngineKind> {};

TEST_P(NvmeCancel, WriteStopsWithinOneBatchAndLeavesNoFile) {
  TempDir dir;
  NvmeOptions o;
  o.dir = dir.path();
  o.engine = GetParam();
  o.io_size = kIoSize;
  o.io_depth = kDepth;
  std::unique_ptr<NvmeTier> tier;
  try {
    tier = std::make_unique<NvmeTier>(o);
  } catch (const NvmeSetupError& e) {
    GTEST_SKIP() << e.what();  // io_uring refused here
  }
  testing::SeededSource whole(testing::kSeed);
  tier->write("kept", kIoSize, whole);  // before the cancel: written

  CancellingSource src(*tier, 3 * kIoSize);
  EXPECT_THROW(tier->write("cut", kEntry, src), IoCancelled);
  EXPECT_FALSE(fs::exists(tier->file_path("cut")));
  EXPECT_LE(src.produced(), 3 * kIoSize + kDepth * kIoSize);  // stopped within one batch

  // Later operations fail at once, as cancelled (not logged as device failures).
  testing::SeededSource again(testing::kSeed);
  EXPECT_THROW(tier->write("late", kIoSize, again), IoCancelled);
  EXPECT_FALSE(fs::exists(tier->file_path("late")));
  testing::CollectSink sink(0, kIoSize);
  EXPECT_THROW(tier->read("kept", 0, kIoSize, sink), IoCancelled);
}

INSTANTIATE_TEST_SUITE_P(Engines, NvmeCancel, ::testing::Values(IoEngineKind::Uring, IoEngineKind::Psync),
                         [](const auto& info) { return info.param == IoEngineKind::Uring ? "uring" : "psync"; });

}  // namespace
}  // namespace kvbench::tiers
