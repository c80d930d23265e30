// The results file and what stands at --output (issue 15 item 6): a device or a FIFO is written
// in place and stays what it was, a symlink is followed and stays a link, a block device is
// refused. Before, a temp file was renamed over each of them (it replaced /dev/full).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "report/results_json.h"
#include "support/run_binary.h"

namespace kvbench::report {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using testing_support::TempDir;

mode_t type_of(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0 ? (st.st_mode & S_IFMT) : 0;
}

TEST(ResultsFileTarget, FifoWithAReaderGetsTheResults) {
  TempDir dir;
  const std::string fifo = dir.file("results.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // The reader, open before the writer (non-blocking, so no thread is needed): a small document
  // fits in the pipe's buffer, read once the writer has closed.
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  write_results_file(fifo, json{{"x", 1}});
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(reader, buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(reader);
  EXPECT_EQ(json::parse(text, nullptr, false), json({{"x", 1}})) << text;
  EXPECT_EQ(type_of(fifo), static_cast<mode_t>(S_IFIFO));
}

TEST(ResultsFileTarget, FifoWithoutAReaderFailsAtOnceAndStays) {
  TempDir dir;
  const std::string fifo = dir.file("results.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THROW(write_results_file(fifo, json{{"x", 1}}), std::runtime_error);
  EXPECT_EQ(type_of(fifo), static_cast<mode_t>(S_IFIFO));
}

TEST(ResultsFileTarget, SymlinkIsFollowedAndKept) {
  TempDir dir;
  fs::create_directory(dir.file("store"));
  std::ofstream(dir.file("store/results.json")) << "old";
  fs::create_symlink(dir.file("store/results.json"), dir.file("latest.json"));
  write_results_file(dir.file("latest.json"), json{{"x", 2}});
  EXPECT_EQ(type_of(dir.file("latest.json")), static_cast<mode_t>(S_IFLNK));
  std::ifstream in(dir.file("store/results.json"));
  EXPECT_EQ(json::parse(in), json({{"x", 2}}));
  std::size_t files = 0;  // no temp file left beside the target
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.file("store"))) ++files;
  EXPECT_EQ(files, 1u);
}

// /dev/full's own numbers, in the test's folder, so nothing outside it is at stake. Root only.
TEST(ResultsFileTarget, CharacterDeviceIsWrittenInPlaceAndStaysADevice) {
  TempDir dir;
  const std::string full = dir.file("full");
  if (::mknod(full.c_str(), S_IFCHR | 0666, ::makedev(1, 7)) != 0) GTEST_SKIP() << "mknod needs root";
  EXPECT_THROW(write_results_file(full, json{{"x", 1}}), std::runtime_error);  // ENOSPC, as /dev/full says
  EXPECT_EQ(type_of(full), static_cast<mode_t>(S_IFCHR));
  const std::string null = dir.file("null");
  ASSERT_EQ(::mknod(null.c_str(), S_IFCHR | 0666, ::makedev(1, 3)), 0);
  write_results_file(null, json{{"x", 1}});
  EXPECT_EQ(type_of(null), static_cast<mode_t>(S_IFCHR));
}

TEST(ResultsFileTarget, BlockDeviceIsRefusedAndKept) {
  TempDir dir;
  const std::string disk = dir.file("disk");
  if (::mknod(disk.c_str(), S_IFBLK | 0600, ::makedev(7, 250)) != 0) GTEST_SKIP() << "mknod needs root";
  try {
    write_results_file(disk, json{{"x", 1}});
    ADD_FAILURE() << "a block device was written";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("is a block device"), std::string::npos) << e.what();
  }
  EXPECT_EQ(type_of(disk), static_cast<mode_t>(S_IFBLK));
}

}  // namespace
}  // namespace kvbench::report
