// A cache directory is kvbench's only when marked (issue 15 items 7 and 8): a non-empty folder
// without the marker is refused and keeps every file, an empty one (or a volume's root with only
// lost+found) is adopted, two runs never share one, and temporary directories of runs that were
// killed are removed by the next run. Before, the start-up clean deleted any *.kv name (a
// planted important.kv), two runs deleted each other's entries, and SIGKILL leaked the temp dir.
#include "tiers/cache_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "common/cache_dir_marker.h"
#include "support/run_binary.h"
#include "tier_test_support.h"
#include "tiers/file_tier.h"

namespace kvbench::tiers {
namespace {

namespace fs = std::filesystem;
using testing::kSeed;
using testing::SeededSource;
using testing_support::read_file;
using testing_support::TempDir;

FileOptions options(const std::string& dir) {
  FileOptions o;
  o.dir = dir;
  o.engine = IoEngineKind::Psync;
  o.io_size = 64 << 10;
  o.io_depth = 1;
  return o;
}

std::string setup_error(const std::string& dir) {
  try {
    FileTier tier(options(dir));
  } catch (const FileSetupError& e) {
    return e.what();
  }
  return "";
}

// TMPDIR set for the scope of one test.
class ScopedTmpdir {
 public:
  explicit ScopedTmpdir(const std::string& dir) {
    if (const char* old = std::getenv("TMPDIR")) saved_ = old;
    ::setenv("TMPDIR", dir.c_str(), 1);
  }
  ~ScopedTmpdir() {
    if (saved_) ::setenv("TMPDIR", saved_->c_str(), 1);
    else ::unsetenv("TMPDIR");
  }

 private:
  std::optional<std::string> saved_;
};

TEST(CacheDir, NonEmptyUnmarkedDirectoryIsRefusedAndKeepsItsFiles) {
  TempDir dir;
  std::ofstream(dir.file("important.kv")) << "precious";
  std::ofstream(dir.file("notes.txt")) << "mine";
  const std::string why = setup_error(dir.path());
  EXPECT_NE(why.find("--cache-dir '" + dir.path() + "' is not empty and not a kvbench cache directory"),
            std::string::npos) << why;
  EXPECT_EQ(read_file(dir.file("important.kv")), "precious");
  EXPECT_FALSE(fs::exists(dir.file(kCacheDirMarkerName)));
}

TEST(CacheDir, EmptyDirectoryIsAdoptedAndMarked) {
  TempDir dir;
  {
    FileTier tier(options(dir.path()));
    EXPECT_TRUE(fs::exists(dir.file(kCacheDirMarkerName)));
    EXPECT_EQ(tier.files_cleaned_at_start(), 0u);
    SeededSource src(kSeed);
    tier.write("a", 1000, src);
  }
  EXPECT_TRUE(fs::exists(dir.file("a.kv")));  // kept after the run, as the reference's
  EXPECT_TRUE(fs::exists(dir.file(kCacheDirMarkerName)));
  const std::string marker = read_file(dir.file(kCacheDirMarkerName));
  EXPECT_NE(marker.find("kind: cache-dir"), std::string::npos) << marker;
  FileTier again(options(dir.path()));  // marked: taken, and its old entries cleaned
  EXPECT_EQ(again.files_cleaned_at_start(), 1u);
  EXPECT_FALSE(fs::exists(dir.file("a.kv")));
}

// A PVC's root (ext4) holds lost+found: the helm chart's volume must still work.
TEST(CacheDir, VolumeRootWithOnlyLostAndFoundIsAdopted) {
  TempDir dir;
  fs::create_directory(dir.file("lost+found"));
  std::ofstream(dir.file("lost+found/#1234")) << "fsck's";
  FileTier tier(options(dir.path()));
  EXPECT_TRUE(fs::exists(dir.file(kCacheDirMarkerName)));
  EXPECT_TRUE(fs::exists(dir.file("lost+found/#1234")));
}

TEST(CacheDir, SecondRunOnOneDirectoryIsRefusedWithTheFirstOnesPid) {
  TempDir dir;
  {
    FileTier first(options(dir.path()));
    SeededSource src(kSeed);
    first.write("live", 1000, src);
    const std::string why = setup_error(dir.path());
    EXPECT_NE(why.find("--cache-dir '" + dir.path() + "' is in use by another kvbench run (PID " +
                       std::to_string(::getpid()) + ")"),
              std::string::npos) << why;
    EXPECT_TRUE(fs::exists(first.file_path("live")));  // the second run deleted nothing
  }
  EXPECT_EQ(setup_error(dir.path()), "");  // released with the first run
}

// A directory whose marker lies half made (a run killed while adopting it) is still adoptable.
TEST(CacheDir, StagedMarkerDoesNotMakeADirectoryForeign) {
  TempDir dir;
  std::ofstream(dir.file(std::string(kCacheDirMarkerName) + ".4242")) << "";
  EXPECT_EQ(setup_error(dir.path()), "");
}

// Writes a marker as a run of `kind` with PID `pid` would have left it.
void plant_marker(const std::string& dir, const std::string& kind, int pid) {
  fs::create_directories(dir);
  std::ofstream(dir + "/" + kCacheDirMarkerName) << "kvbench cache directory\nkind: " << kind << "\npid: " << pid << "\n";
}

TEST(CacheDir, StaleTemporaryDirectoriesOfGoneRunsAreRemoved) {
  TempDir tmp;
  plant_marker(tmp.file("kv_cache_dead"), "temporary", 999999);
  std::ofstream(tmp.file("kv_cache_dead/user_1.kv")) << std::string(4096, 'x');
  plant_marker(tmp.file("kv_cache_live"), "temporary", 1);
  plant_marker(tmp.file("kv_cache_named"), "cache-dir", 999999);  // a --cache-dir of that name
  fs::create_directory(tmp.file("kv_cache_reference"));           // no marker: not kvbench's
  const int held = ::open(tmp.file("kv_cache_live/" + std::string(kCacheDirMarkerName)).c_str(), O_RDONLY);
  ASSERT_EQ(::flock(held, LOCK_EX | LOCK_NB), 0);  // a live run holds its marker
  EXPECT_EQ(remove_stale_temporary_dirs(tmp.path()), 1);
  ::close(held);
  EXPECT_FALSE(fs::exists(tmp.file("kv_cache_dead")));
  for (const char* kept : {"kv_cache_live", "kv_cache_named", "kv_cache_reference"})
    EXPECT_TRUE(fs::exists(tmp.file(kept))) << kept;
}

TEST(CacheDir, RunWithoutCacheDirSweepsStaleOnesAndMarksItsOwn) {
  TempDir tmp;
  ScopedTmpdir env(tmp.path());
  plant_marker(tmp.file("kv_cache_dead"), "temporary", 999999);
  std::string made;
  {
    FileTier tier(options(""));
    made = tier.directory();
    EXPECT_FALSE(fs::exists(tmp.file("kv_cache_dead")));
    const std::string marker = read_file(made + "/" + kCacheDirMarkerName);
    EXPECT_NE(marker.find("kind: temporary"), std::string::npos) << marker;
    EXPECT_NE(marker.find("pid: " + std::to_string(::getpid())), std::string::npos) << marker;
    EXPECT_EQ(remove_stale_temporary_dirs(tmp.path()), 0);  // its own is locked: alive
    EXPECT_TRUE(fs::exists(made));
  }
  EXPECT_FALSE(fs::exists(made));
}

}  // namespace
}  // namespace kvbench::tiers
