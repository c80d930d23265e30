// Output paths (issue 15 item 6): what stands at --output, --xlsx-output or --io-trace-log decides
// how it is written (common/output_target.h), and two outputs naming one file are refused before
// the run. Before, the results were renamed over whatever stood at the path: a device node, a
// FIFO, a symlink.
#include "common/output_target.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "config/output_preflight.h"
#include "support/run_binary.h"

namespace kvbench {
namespace {

namespace fs = std::filesystem;
using testing_support::TempDir;

void make_socket(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
  ::close(fd);
}

TEST(OutputTarget, EachKindOfPath) {
  TempDir dir;
  EXPECT_EQ(resolve_output(dir.file("new.json")).kind, OutputKind::Absent);
  std::ofstream(dir.file("r.json")) << "{}";
  EXPECT_EQ(resolve_output(dir.file("r.json")).kind, OutputKind::RegularFile);
  EXPECT_EQ(resolve_output("/dev/null").kind, OutputKind::CharacterDevice);
  EXPECT_EQ(resolve_output("/dev/null").path, "/dev/null");
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
  EXPECT_EQ(resolve_output(dir.file("fifo")).kind, OutputKind::Fifo);
  make_socket(dir.file("sock"));
  EXPECT_EQ(resolve_output(dir.file("sock")).kind, OutputKind::Refused);
  EXPECT_NE(resolve_output(dir.file("sock")).refusal.find("is a socket"), std::string::npos);
  EXPECT_EQ(resolve_output(dir.path()).kind, OutputKind::Refused);
}

TEST(OutputTarget, SymlinkIsFollowedToTheFileItNames) {
  TempDir dir;
  fs::create_directory(dir.file("real"));
  std::ofstream(dir.file("real/r.json")) << "{}";
  fs::create_symlink(dir.file("real/r.json"), dir.file("link.json"));
  const OutputTarget t = resolve_output(dir.file("link.json"));
  EXPECT_EQ(t.kind, OutputKind::RegularFile);
  EXPECT_EQ(t.path, fs::canonical(dir.file("real/r.json")).string());
  fs::create_symlink(dir.file("nowhere.json"), dir.file("dangling.json"));
  const OutputTarget d = resolve_output(dir.file("dangling.json"));
  EXPECT_EQ(d.kind, OutputKind::Refused);
  EXPECT_NE(d.refusal.find("which does not exist"), std::string::npos) << d.refusal;
}

TEST(OutputPreflight, DevicesAndFifosPassSocketsAndDanglingLinksDoNot) {
  TempDir dir;
  EXPECT_FALSE(config::unwritable_output("--output", "/dev/null"));
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
  EXPECT_FALSE(config::unwritable_output("--io-trace-log", dir.file("fifo")));
  make_socket(dir.file("sock"));
  const auto why = config::unwritable_output("--output", dir.file("sock"));
  ASSERT_TRUE(why);
  EXPECT_EQ(why->rfind("--output '" + dir.file("sock") + "': is a socket", 0), 0u) << *why;
  fs::create_symlink(dir.file("nowhere"), dir.file("dangling"));
  EXPECT_TRUE(config::unwritable_output("--output", dir.file("dangling")));
}

TEST(OutputPreflight, TwoOutputsNamingOneFileAreRefused) {
  TempDir dir;
  config::RunConfig cfg;
  cfg.output = dir.file("r.json");
  cfg.io_trace_log = dir.file("sub/../r.json");  // another spelling, through a folder that does not exist
  fs::create_directory(dir.file("sub"));
  auto why = config::shared_output_path(cfg);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("--output '" + cfg.output + "' and --io-trace-log"), std::string::npos) << *why;
  EXPECT_NE(why->find("are the same file"), std::string::npos) << *why;

  std::ofstream(dir.file("r.json")) << "{}";
  fs::create_symlink(dir.file("r.json"), dir.file("trace.csv"));  // through a symlink
  cfg.io_trace_log = dir.file("trace.csv");
  EXPECT_TRUE(config::shared_output_path(cfg));
  EXPECT_FALSE(config::preflight_errors(cfg).empty());

  cfg.io_trace_log = dir.file("other.csv");
  EXPECT_FALSE(config::shared_output_path(cfg));
  cfg.xlsx_output = dir.file("r.xlsx");  // its CSV fallback is r.csv
  cfg.output = dir.file("r.csv");
  why = config::shared_output_path(cfg);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("--xlsx-output"), std::string::npos) << *why;
}

TEST(OutputPreflight, OneCharacterDeviceForEveryOutputIsFine) {
  config::RunConfig cfg;
  cfg.output = "/dev/null";
  cfg.io_trace_log = "/dev/null";
  cfg.xlsx_output = "/dev/null";
  EXPECT_FALSE(config::shared_output_path(cfg));
  EXPECT_FALSE(same_output_file("/dev/null", "/dev/null"));
}

}  // namespace
}  // namespace kvbench
