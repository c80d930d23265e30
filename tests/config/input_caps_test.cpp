// Config files that never end or are far too big are refused before they are read whole
// (issue 15 item 11: `--config /dev/zero` grew without bound), and a FIFO before its open()
// blocks the process where no signal reaches it (item 12).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "config/config_loader.h"
#include "config/input_file.h"
#include "support/run_binary.h"

namespace kvbench::config {
namespace {

using testing::HasSubstr;
using testing_support::TempDir;

std::string load_error(const std::string& path) {
  try {
    load_config_file(path);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigInputCaps, ADeviceIsRefusedUnread) {
  EXPECT_EQ(load_error("/dev/zero"), "--config '/dev/zero': is a character device, not a regular file");
}

TEST(ConfigInputCaps, AFifoIsRefusedWithoutOpeningIt) {
  TempDir dir;
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
  EXPECT_EQ(load_error(dir.file("fifo")), "--config '" + dir.file("fifo") + "': is a FIFO, not a regular file");
}

TEST(ConfigInputCaps, AFileAboveTheCapIsRefused) {
  TempDir dir;
  {
    std::ofstream out(dir.file("big.yaml"));
    out << "# " << std::string(kMaxConfigFileBytes, 'x') << "\n";
  }
  EXPECT_THAT(load_error(dir.file("big.yaml")), HasSubstr("is larger than 4 MiB, the cap on config files"));
}

TEST(ConfigInputCaps, AFileAtTheCapIsRead) {
  TempDir dir;
  {
    std::ofstream out(dir.file("ok.yaml"));
    const std::string head = "decode:\n  batch_size: 8\n# ";
    out << head << std::string(kMaxConfigFileBytes - head.size() - 1, 'x') << "\n";
  }
  EXPECT_EQ(load_error(dir.file("ok.yaml")), "");
}

TEST(SpecialFileKind, RegularFilesDirectoriesAndMissingPathsAreNotSpecial) {
  TempDir dir;
  std::ofstream(dir.file("f")) << "x";
  EXPECT_FALSE(special_file_kind(dir.file("f")));
  EXPECT_FALSE(special_file_kind(dir.path()));
  EXPECT_FALSE(special_file_kind(dir.file("absent")));
  EXPECT_EQ(special_file_kind("/dev/null"), "a character device");
}

}  // namespace
}  // namespace kvbench::config
