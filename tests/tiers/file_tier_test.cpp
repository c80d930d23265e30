// The file backend: files really written with O_DIRECT, durable, read back without the page
// cache, by io_uring or by the pread/pwrite fallback; its directory handled as the spec says.
#include "tiers/file_tier.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "support/run_binary.h"
#include "tier_test_support.h"
#include "common/cache_dir_marker.h"
#include "tiers/entry_file_name.h"

namespace kvbench::tiers {
namespace {

namespace fs = std::filesystem;
using testing::CollectSink;
using testing::kSeed;
using testing::matches_payload;
using testing::SeededSource;
using testing_support::TempDir;

FileOptions options(const std::string& dir, IoEngineKind engine, std::size_t io_size = 64 << 10, unsigned depth = 4) {
  FileOptions o;
  o.dir = dir;
  o.engine = engine;
  o.io_size = io_size;
  o.io_depth = depth;
  return o;
}

// Reads a file with plain buffered I/O, as any other program would.
std::vector<std::byte> read_plain(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(raw.size());
  std::memcpy(out.data(), raw.data(), raw.size());
  return out;
}

// Pages of the file resident in the page cache.
std::size_t cached_pages(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  struct stat st {};
  ::fstat(fd, &st);
  const auto size = static_cast<std::size_t>(st.st_size);
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> vec((size + page - 1) / page);
  ::mincore(map, size, vec.data());
  ::munmap(map, size);
  std::size_t resident = 0;
  for (unsigned char v : vec) resident += v & 1;
  return resident;
}

class FileEngines : public ::testing::TestWithParam<IoEngineKind> {};

TEST_P(FileEngines, RoundTripOddSizesThroughManyPieces) {
  TempDir dir;
  FileTier tier(options(dir.path(), GetParam()));
  EXPECT_EQ(tier.engine_name(), GetParam() == IoEngineKind::Psync ? "psync" : "io_uring");
  for (const std::uint64_t size : {1ull, 4095ull, 4096ull, 4097ull, 65536ull, (1ull << 20) + 12345}) {
    const std::string key = "entry_" + std::to_string(size);
    SeededSource src(kSeed + size);
    tier.write(key, size, src);
    EXPECT_EQ(src.produced(), size);
    // The file holds exactly the entry: padding to 4096 for O_DIRECT is truncated away.
    EXPECT_EQ(fs::file_size(tier.file_path(key)), size);
    CollectSink all(0, size);
    const IoTiming r = tier.read(key, 0, size, all);
    EXPECT_EQ(all.delivered(), size);
    EXPECT_TRUE(matches_payload(kSeed + size, 0, all.bytes())) << size;
    EXPECT_GT(r.total_s(), 0);
    EXPECT_GE(r.device_s, 0);
    EXPECT_GE(r.host_s, 0);
  }
}

TEST_P(FileEngines, UnalignedRangesReadBackExactly) {
  TempDir dir;
  FileTier tier(options(dir.path(), GetParam(), 16 << 10, 3));
  const std::uint64_t size = 200001;
  SeededSource src(kSeed);
  tier.write("a", size, src);
  for (const auto& [off, len] : std::vector<std::pair<std::uint64_t, std::uint64_t>>{
           {0, 1}, {1, 4095}, {4095, 2}, {12345, 100000}, {size - 7, 7}, {size - 70000, 70000}}) {
    CollectSink part(off, len);
    tier.read("a", off, len, part);
    EXPECT_EQ(part.delivered(), len) << off;
    EXPECT_TRUE(matches_payload(kSeed, off, part.bytes())) << off << "+" << len;
  }
  DiscardSink none;
  EXPECT_THROW(tier.read("a", size - 10, 20, none), std::runtime_error);  // past the end
}

INSTANTIATE_TEST_SUITE_P(Engines, FileEngines, ::testing::Values(IoEngineKind::Uring, IoEngineKind::Psync),
                         [](const auto& info) { return info.param == IoEngineKind::Uring ? "uring" : "psync"; });

TEST(FileTier, WritesAreODirectDurableAndReadsSkipThePageCache) {
  TempDir dir;
  FileTier tier(options(dir.path(), IoEngineKind::Auto, 1 << 20, 8));
  if (!tier.direct_io() || testing::on_tmpfs(dir.path()))
    GTEST_SKIP() << "the temp dir's file system has no O_DIRECT (or is the page cache itself)";
  const std::uint64_t size = 8 << 20;
  SeededSource src(kSeed);
  tier.write("a", size, src);
  const std::string path = tier.file_path("a");
  // Written with O_DIRECT: nothing of it went through the page cache.
  EXPECT_EQ(cached_pages(path), 0u);
  DiscardSink none;
  tier.read("a", 0, size, none);
  EXPECT_EQ(cached_pages(path), 0u);  // and reading it did not pull it in either
  // What is on disk is the payload (a fresh, ordinary read).
  EXPECT_TRUE(matches_payload(kSeed, 0, read_plain(path)));
}

TEST(FileTier, ManyThreadsEachWithTheirOwnRing) {
  TempDir dir;
  FileTier tier(options(dir.path(), IoEngineKind::Uring, 32 << 10, 4));
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const std::string key = "t" + std::to_string(t) + "_" + std::to_string(i);
        const std::uint64_t size = 100000 + static_cast<std::uint64_t>(t * 1000 + i);
        SeededSource src(kSeed + static_cast<std::uint64_t>(t * 100 + i));
        tier.write(key, size, src);
        CollectSink all(0, size);
        tier.read(key, 0, size, all);
        if (!matches_payload(kSeed + static_cast<std::uint64_t>(t * 100 + i), 0, all.bytes())) ++bad;
        if (i % 2 == 0) tier.remove(key);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) files += e.path().filename() != kCacheDirMarkerName;
  EXPECT_EQ(files, 30u);
}

TEST(FileTier, UnsafeKeysStayInsideTheDirectoryWithDistinctFiles) {
  TempDir dir;
  FileTier tier(options(dir.path(), IoEngineKind::Auto));
  const std::vector<std::string> keys = {"../escape", "a/b/c", ".hidden", "", "sp ace", "50%", "a%2Fb"};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    SeededSource src(kSeed + i);
    tier.write(keys[i], 5000 + i, src);
  }
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    if (e.path().filename() == kCacheDirMarkerName) continue;  // kvbench's own (tiers/cache_dir.h)
    ++files;
    EXPECT_TRUE(e.is_regular_file());
    EXPECT_TRUE(is_entry_file_name(e.path().filename().string())) << e.path();
  }
  EXPECT_EQ(files, keys.size());
  EXPECT_FALSE(fs::exists(fs::path(dir.path()).parent_path() / "escape.kv"));
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CollectSink all(0, 5000 + i);
    tier.read(keys[i], 0, 5000 + i, all);
    EXPECT_TRUE(matches_payload(kSeed + i, 0, all.bytes())) << keys[i];
  }
}

TEST(FileTier, StartCleansOnlyKvbenchFiles) {
  TempDir dir;
  const std::string d = dir.path();
  { FileTier marks(options(d, IoEngineKind::Auto)); }  // only a marked directory is cleaned
  std::ofstream(d + "/old_entry.kv") << "stale";
  std::ofstream(d + "/%2Ehidden.kv") << "stale";
  std::ofstream(d + "/notes.txt") << "keep";
  std::ofstream(d + "/model.npy") << "keep";
  std::ofstream(d + "/x.kv.part") << "keep";
  fs::create_directory(d + "/sub.kv");
  std::ofstream(d + "/sub.kv/inner.kv") << "keep";
  FileTier tier(options(d, IoEngineKind::Auto));
  EXPECT_EQ(tier.files_cleaned_at_start(), 2u);
  EXPECT_FALSE(fs::exists(d + "/old_entry.kv"));
  EXPECT_FALSE(fs::exists(d + "/%2Ehidden.kv"));
  for (const char* kept : {"/notes.txt", "/model.npy", "/x.kv.part", "/sub.kv/inner.kv"}) EXPECT_TRUE(fs::exists(d + kept)) << kept;
}

TEST(FileTier, CreatesAMissingCacheDirAndKeepsItsFiles) {
  TempDir dir;
  const std::string d = dir.path() + "/a/b/cache";
  {
    FileTier tier(options(d, IoEngineKind::Auto));
    EXPECT_FALSE(tier.owns_directory());
    SeededSource src(kSeed);
    tier.write("kept", 100, src);
  }
  EXPECT_TRUE(fs::exists(d + "/kept.kv"));  // a --cache-dir keeps its entries, as the reference's
}

TEST(FileTier, TemporaryDirectoryIsRemovedAtTheEnd) {
  TempDir dir;
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old != nullptr ? old : "";
  ::setenv("TMPDIR", dir.path().c_str(), 1);
  std::string made;
  {
    FileTier tier(options("", IoEngineKind::Auto));
    made = tier.directory();
    EXPECT_TRUE(tier.owns_directory());
    EXPECT_EQ(fs::path(made).parent_path(), fs::path(dir.path()));
    EXPECT_EQ(fs::path(made).filename().string().rfind("kv_cache_", 0), 0u);
    SeededSource src(kSeed);
    tier.write("a", 10000, src);
    EXPECT_TRUE(fs::exists(tier.file_path("a")));
  }
  if (old != nullptr) ::setenv("TMPDIR", saved.c_str(), 1);
  else ::unsetenv("TMPDIR");
  EXPECT_FALSE(fs::exists(made));
}

TEST(FileTier, UnusableDirectoryIsASetupError) {
  TempDir dir;
  std::ofstream(dir.file("plain")) << "x";
  EXPECT_THROW(FileTier(options(dir.file("plain") + "/cache", IoEngineKind::Auto)), FileSetupError);
  EXPECT_THROW(FileTier(options(dir.file("plain"), IoEngineKind::Auto)), FileSetupError);
  FileOptions odd = options(dir.path(), IoEngineKind::Auto);
  odd.io_size = 5000;
  EXPECT_THROW(FileTier{odd}, FileSetupError);
}

TEST(FileTier, FailedWriteLeavesNoFileAndMissingEntryFailsToRead) {
  TempDir dir;
  FileTier tier(options(dir.path(), IoEngineKind::Uring, 16 << 10, 4));
  SeededSource failing(kSeed, 100000);
  EXPECT_THROW(tier.write("a", 500000, failing), std::runtime_error);
  EXPECT_FALSE(fs::exists(tier.file_path("a")));
  DiscardSink none;
  EXPECT_THROW(tier.read("a", 0, 10, none), std::runtime_error);
  tier.remove("a");  // missing: not an error
  SeededSource ok(kSeed);
  tier.write("a", 500000, ok);  // the thread's ring is still usable after the failure
  CollectSink all(0, 500000);
  tier.read("a", 0, 500000, all);
  EXPECT_TRUE(matches_payload(kSeed, 0, all.bytes()));
}

// A full file system (ENOSPC): the write fails cleanly, leaves no partial file, and the tier
// goes on working once there is room.
TEST(FileTier, DiskFullFailsTheWriteCleanly) {
  TempDir dir;
  testing::SmallTmpfs fs_small(dir.file("small"), 4 << 20);
  if (!fs_small.ok()) GTEST_SKIP() << "cannot mount a small tmpfs here: " << fs_small.why();
  FileTier tier(options(dir.file("small"), IoEngineKind::Auto));
  SeededSource a(kSeed);
  tier.write("a", 3 << 20, a);
  SeededSource b(kSeed + 1);
  try {
    tier.write("b", 3 << 20, b);
    ADD_FAILURE() << "a 3 MiB write into 1 MiB of free space succeeded";
  } catch (const IoError& e) {
    EXPECT_EQ(e.error(), ENOSPC) << e.what();
  }
  EXPECT_FALSE(fs::exists(tier.file_path("b")));
  tier.remove("a");
  SeededSource c(kSeed + 2);
  tier.write("c", 3 << 20, c);
  CollectSink all(0, 3 << 20);
  tier.read("c", 0, 3 << 20, all);
  EXPECT_TRUE(matches_payload(kSeed + 2, 0, all.bytes()));
}

}  // namespace
}  // namespace kvbench::tiers
