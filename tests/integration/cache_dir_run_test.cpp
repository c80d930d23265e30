// The cache directory and the outputs of real runs, end to end (issue 15 items 6-8): a run
// killed with SIGKILL leaves its temporary cache directory, and the next run removes it and says
// so; a second run on a cache directory in use is refused with the first one's PID; a folder of
// someone else's files is refused and keeps them; --output and --io-trace-log naming one file are
// refused before the run. Before, the temp dir stayed forever, two runs deleted each other's
// entries, the start-up clean deleted a planted important.kv, and one output overwrote the other.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "support/run_binary.h"

namespace kvbench {
namespace {

namespace fs = std::filesystem;
using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

std::vector<std::string> real_run(const TempDir& dir, const std::string& duration, std::vector<std::string> extra) {
  std::vector<std::string> args = {"--model", "tiny-1b", "--num-users", "2", "--duration", duration,
                                   "--gpu-mem-gb", "0", "--cpu-mem-gb", "0.004", "--generation-mode", "none",
                                   "--seed", "5", "--io-size", "262144", "--output", dir.file("results.json")};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// The NVMe tier's directory the log names ("NVMe tier: DIR ..."), waited for up to 30 s.
std::string logged_cache_dir(const std::string& err_path) {
  const std::regex line(R"(NVMe tier: (/\S+) )");
  for (int i = 0; i < 600; ++i) {
    std::smatch m;
    const std::string err = read_file(err_path);
    if (std::regex_search(err, m, line)) return m[1];
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "";
}

// Starts kvbench with TMPDIR=`tmpdir` (the child inherits the test's environment).
int spawn_with_tmpdir(const std::vector<std::string>& args, const std::string& tmpdir, const TempDir& dir) {
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old != nullptr ? old : "";
  ::setenv("TMPDIR", tmpdir.c_str(), 1);
  const int pid = testing_support::spawn_kvbench(args, dir.file("out"), dir.file("err"));
  if (old != nullptr) ::setenv("TMPDIR", saved.c_str(), 1);
  else ::unsetenv("TMPDIR");
  return pid;
}

TEST(CacheDirRun, TempDirLeftBySigkillIsRemovedByTheNextRun) {
  TempDir dir;
  fs::create_directory(dir.file("tmp"));
  const int pid = spawn_with_tmpdir(real_run(dir, "60", {}), dir.file("tmp"), dir);
  const std::string left = logged_cache_dir(dir.file("err"));
  ASSERT_FALSE(left.empty()) << read_file(dir.file("err"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  testing_support::wait_for_exit(pid, 20);
  ASSERT_TRUE(fs::exists(left));  // nobody could remove it

  const auto r = run_kvbench(real_run(dir, "1", {}), "", {{"TMPDIR", dir.file("tmp")}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(left));
  EXPECT_NE(r.err.find("Removed 1 stale kvbench temporary cache directory ("), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(left + " (PID " + std::to_string(pid) + ")"), std::string::npos) << r.err;
  for (const auto& e : fs::directory_iterator(dir.file("tmp"))) ADD_FAILURE() << "left: " << e.path();
}

TEST(CacheDirRun, SecondRunOnACacheDirInUseIsRefused) {
  TempDir dir;
  const int pid = testing_support::spawn_kvbench(real_run(dir, "60", {"--cache-dir", dir.file("cache")}),
                                                 dir.file("out"), dir.file("err"));
  ASSERT_FALSE(logged_cache_dir(dir.file("err")).empty()) << read_file(dir.file("err"));
  TempDir other;
  const auto r = run_kvbench(real_run(other, "1", {"--cache-dir", dir.file("cache")}));
  ::kill(pid, SIGTERM);
  EXPECT_EQ(testing_support::wait_for_exit(pid, 60), 0) << read_file(dir.file("err"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("kvbench: error: --cache-dir '" + dir.file("cache") + "' is in use by another kvbench run (PID " +
                       std::to_string(pid) + ")"),
            std::string::npos) << r.err;
}

TEST(CacheDirRun, FolderOfSomeoneElsesFilesIsRefusedAndKept) {
  TempDir dir;
  fs::create_directory(dir.file("data"));
  std::ofstream(dir.file("data/important.kv")) << "precious";
  const auto r = run_kvbench(real_run(dir, "1", {"--cache-dir", dir.file("data")}));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("is not empty and not a kvbench cache directory"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(dir.file("data/important.kv")), "precious");
}

TEST(CacheDirRun, OutputAndTraceNamingOneFileAreRefusedBeforeTheRun) {
  TempDir dir;
  std::ofstream(dir.file("results.json")) << "{\"earlier\": true}\n";
  fs::create_symlink(dir.file("results.json"), dir.file("trace.csv"));
  const auto r = run_kvbench({"--clock", "virtual", "--duration", "1", "--num-users", "2", "--output",
                              dir.file("results.json"), "--io-trace-log", dir.file("trace.csv")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--output '" + dir.file("results.json") + "' and --io-trace-log '" + dir.file("trace.csv") +
                       "' are the same file"),
            std::string::npos) << r.err;
  EXPECT_EQ(read_file(dir.file("results.json")), "{\"earlier\": true}\n");  // neither output touched it
}

}  // namespace
}  // namespace kvbench
