// The contract every tier backend keeps (tiers/tier.h), run over each of them as RocksDB runs its
// CacheTest over every cache: round trip, ranged reads, a missing key, idempotent removal, a
// failing ByteSource that stores nothing, overwrite, and concurrent readers and writers of
// distinct keys. Instantiated for null (what is meaningful for it), dram, file over io_uring and
// over pread/pwrite, cuda (built only with CUDA, skipped without a device) and s3 against a real
// s3rver (skipped without node).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/cache_dir_marker.h"
#include "support/run_binary.h"
#include "backend_cases.h"
#include "s3_case.h"
#include "tier_test_support.h"
#include "tiers/cpu_tier.h"
#include "tiers/entry_file_name.h"
#include "tiers/file_tier.h"
#include "tiers/gpu_tier.h"
#include "tiers/null_tier.h"

namespace kvbench::tiers {
namespace {

namespace fs = std::filesystem;
using testing::CollectSink;
using testing::backend_cases;
using testing::BackendCase;
using testing::kSeed;
using testing::matches_payload;
using testing::SeededSource;
using testing_support::TempDir;

class TierContract : public ::testing::TestWithParam<BackendCase> {
 protected:
  void SetUp() override {
    std::string why_not;
    tier_ = GetParam().make(dir_.path() + "/entries", why_not);
    if (!tier_) GTEST_SKIP() << GetParam().name << " cannot be made here: " << why_not;
  }
  bool stores() const { return GetParam().stores_bytes; }
  Tier& tier() { return *tier_; }

  void write_payload(const std::string& key, std::uint64_t size, std::uint64_t seed) {
    SeededSource src(seed);
    tier_->write(key, size, src);
    // Each byte asked for exactly once, by a backend that stores them.
    EXPECT_EQ(src.produced(), stores() ? size : 0u) << key;
  }
  // Reads [offset, offset + len) of `key` and checks it against the payload of `seed`.
  bool reads_back(const std::string& key, std::uint64_t offset, std::uint64_t len, std::uint64_t seed) {
    CollectSink sink(offset, len);
    tier_->read(key, offset, len, sink);
    return sink.delivered() == len && matches_payload(seed, offset, sink.bytes());
  }
  bool read_fails(const std::string& key, std::uint64_t len = 1) {
    DiscardSink none;
    try {
      tier_->read(key, 0, len, none);
    } catch (const std::runtime_error&) {
      return true;
    }
    return false;
  }
  // Files a file backend left in its directory (none for other backends).
  std::size_t leftover_files() {
    std::error_code ec;
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir_.path() + "/entries", ec)) n += e.is_regular_file() && e.path().filename() != kCacheDirMarkerName ? 1 : 0;
    return n;
  }

  TempDir dir_;
  std::unique_ptr<Tier> tier_;
};

TEST_P(TierContract, RoundTripOfOddSizes) {
  for (const std::uint64_t size : {1ull, 4095ull, 4096ull, 4097ull, 65536ull, 65537ull, (1ull << 20) + 12345}) {
    const std::string key = "round_" + std::to_string(size);
    write_payload(key, size, kSeed + size);
    if (stores()) {
      EXPECT_TRUE(reads_back(key, 0, size, kSeed + size)) << GetParam().name << " size " << size;
    }
  }
}

TEST_P(TierContract, AnEmptyEntryRoundTrips) {
  write_payload("empty", 0, kSeed);
  DiscardSink none;
  tier().read("empty", 0, 0, none);
  tier().remove("empty");
}

TEST_P(TierContract, RangedReadsDeliverExactlyTheRange) {
  const std::uint64_t size = (3ull << 20) + 7;
  write_payload("ranged", size, kSeed);
  if (!stores()) GTEST_SKIP() << "null moves no bytes";
  const std::pair<std::uint64_t, std::uint64_t> ranges[] = {
      {0, 1}, {4095, 2}, {65535, 65538}, {size / 3, size / 2}, {size - 1, 1}, {0, size}};
  for (const auto& [offset, len] : ranges)
    EXPECT_TRUE(reads_back("ranged", offset, len, kSeed)) << "[" << offset << ", +" << len << ")";
  DiscardSink none;
  EXPECT_THROW(tier().read("ranged", size - 1, 2, none), std::runtime_error) << "a read past the end";
}

TEST_P(TierContract, AMissingKeyFailsToRead) {
  if (!stores()) GTEST_SKIP() << "null remembers nothing, so it cannot tell a missing key";
  EXPECT_TRUE(read_fails("never_written"));
}

TEST_P(TierContract, RemoveIsIdempotent) {
  tier().remove("never_written");  // missing: not an error
  write_payload("gone", 10000, kSeed);
  tier().remove("gone");
  tier().remove("gone");
  if (stores()) {
    EXPECT_TRUE(read_fails("gone"));
  }
  EXPECT_EQ(leftover_files(), 0u);
}

TEST_P(TierContract, AFailingSourceStoresNothing) {
  if (!stores()) GTEST_SKIP() << "null never asks its source";
  const std::uint64_t size = (1ull << 20) + 4096;
  SeededSource failing(kSeed, size / 2);
  EXPECT_THROW(tier().write("half", size, failing), std::runtime_error);
  EXPECT_TRUE(read_fails("half"));
  EXPECT_EQ(leftover_files(), 0u) << "no partial file";
}

TEST_P(TierContract, AFailedRewriteLeavesNothingForTheKey) {
  if (!stores()) GTEST_SKIP() << "null never asks its source";
  write_payload("rewritten", 200000, kSeed);
  SeededSource failing(kSeed + 1, 100000);
  EXPECT_THROW(tier().write("rewritten", 200000, failing), std::runtime_error);
  EXPECT_TRUE(read_fails("rewritten")) << "neither the old entry nor half of the new one";
  EXPECT_EQ(leftover_files(), 0u);
}

TEST_P(TierContract, AWriteReplacesAnEntry) {
  write_payload("replaced", 300000, kSeed);
  write_payload("replaced", 100001, kSeed + 9);
  if (!stores()) return;
  EXPECT_TRUE(reads_back("replaced", 0, 100001, kSeed + 9));
  EXPECT_THROW(
      {
        DiscardSink none;
        tier().read("replaced", 0, 100002, none);
      },
      std::runtime_error)
      << "the new entry is its own size";
  tier().remove("replaced");
  EXPECT_EQ(leftover_files(), 0u);
}

TEST_P(TierContract, ConcurrentReadersAndWritersOfDistinctKeys) {
  constexpr std::uint64_t kShared = (2ull << 20) + 1;
  write_payload("shared", kShared, kSeed);
  std::atomic<int> bad{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (int i = 0; i < 6; ++i) {
          if (t % 2 == 1) {  // readers of one entry, while others write theirs
            if (stores() && !reads_back("shared", static_cast<std::uint64_t>(i) * 4096, kShared / 2, kSeed)) ++bad;
            continue;
          }
          const std::string key = "w" + std::to_string(t) + "_" + std::to_string(i);
          const std::uint64_t size = (1ull << 20) + static_cast<std::uint64_t>(t * 1000 + i);
          const std::uint64_t seed = kSeed + static_cast<std::uint64_t>(t * 100 + i);
          SeededSource src(seed);
          tier().write(key, size, src);
          if (stores() && !reads_back(key, 0, size, seed)) ++bad;
          tier().remove(key);
        }
      } catch (const std::exception&) {
        ++failed;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(bad.load(), 0);
  if (stores()) {
    EXPECT_TRUE(reads_back("shared", 0, kShared, kSeed));
  }
  tier().remove("shared");
  EXPECT_EQ(leftover_files(), 0u);
}

std::vector<BackendCase> contract_cases() {
  std::vector<BackendCase> cases = backend_cases();
  cases.push_back(testing::s3_case());
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Backends, TierContract, ::testing::ValuesIn(contract_cases()),
                         [](const ::testing::TestParamInfo<BackendCase>& info) { return info.param.name; });

}  // namespace
}  // namespace kvbench::tiers
