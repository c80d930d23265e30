// SIGHUP (a closed SSH session) and SIGPIPE (stdout piped to a `head` that exited) end a real run
// like SIGTERM: exit 0, the results written and marked interrupted, and the temporary cache
// directory (named in the log, made under $TMPDIR) removed. Before, both killed the process,
// which left no results and leaked the directory with its entries.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <sys/stat.h>
#include <thread>

#include "support/run_binary.h"

namespace kvbench {
namespace {

namespace fs = std::filesystem;
using testing_support::read_file;
using testing_support::TempDir;

// A real run without --cache-dir on tiny-1b (entries of a few MiB), its temp dir under `dir`.
std::vector<std::string> real_run(const TempDir& dir, const std::string& duration) {
  return {"--model", "tiny-1b", "--num-users", "4", "--duration", duration, "--gpu-mem-gb", "0",
          "--cpu-mem-gb", "0.004", "--generation-mode", "none", "--seed", "5", "--io-size", "262144",
          "--output", dir.file("results.json")};
}

// Starts kvbench with TMPDIR=`tmpdir`, stdout on `out_fd` and stderr to `err_path`.
// Returns once the child has exec'd kvbench (a close-on-exec pipe reads EOF then), so that a
// signal sent afterwards reaches kvbench, not the forked test process before its exec.
pid_t spawn(const std::vector<std::string>& args, const std::string& tmpdir, int out_fd, const std::string& err_path) {
  int exec_sync[2];
  if (::pipe2(exec_sync, O_CLOEXEC) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(exec_sync[0]);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out_fd, 1);
    ::dup2(err, 2);
    ::setenv("TMPDIR", tmpdir.c_str(), 1);
    ::signal(SIGPIPE, SIG_DFL);  // as a shell starts it
    std::vector<char*> argv{const_cast<char*>(KVBENCH_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(KVBENCH_BINARY, argv.data());
    ::_exit(127);
  }
  ::close(exec_sync[1]);
  char byte = 0;
  while (::read(exec_sync[0], &byte, 1) > 0) {
  }
  ::close(exec_sync[0]);
  return pid;
}

// The temporary cache directory the log names ("NVMe tier: DIR (temporary), ..."), waiting for
// the line up to `timeout_s`; empty if it never came.
std::string temp_cache_dir(const std::string& err_path, double timeout_s) {
  const std::regex line(R"(NVMe tier: (\S+) \(temporary\))");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const std::string err = read_file(err_path);
    if (std::regex_search(err, m, line)) return m[1];
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "";
}

bool holds_kv_cache_dirs(const std::string& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().starts_with("kv_cache_")) return true;
  return false;
}

TEST(Signals, SighupEndsARealRunWithResultsAndNoTempDir) {
  TempDir dir;
  fs::create_directory(dir.file("tmp"));
  const int out = ::open("/dev/null", O_WRONLY);
  const pid_t pid = spawn(real_run(dir, "60"), dir.file("tmp"), out, dir.file("err"));
  ::close(out);
  const std::string cache = temp_cache_dir(dir.file("err"), 30);
  ASSERT_FALSE(cache.empty()) << read_file(dir.file("err"));
  EXPECT_TRUE(cache.starts_with(dir.file("tmp"))) << cache;
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // into the timed phase
  ASSERT_EQ(::kill(pid, SIGHUP), 0);
  const int code = testing_support::wait_for_exit(pid, 20);
  ASSERT_EQ(code, 0) << read_file(dir.file("err"));
  const auto j = nlohmann::json::parse(read_file(dir.file("results.json")));
  EXPECT_TRUE(j["interrupted"].get<bool>());
  EXPECT_LT(j["summary"]["elapsed_time"].get<double>(), 30.0);
  EXPECT_FALSE(fs::exists(cache)) << cache;
  EXPECT_FALSE(holds_kv_cache_dirs(dir.file("tmp")));
  EXPECT_NE(read_file(dir.file("err")).find("Interrupted by signal 1"), std::string::npos);
}

// The reader is gone before kvbench writes its banner (`kvbench ... | true`): the first write
// raises SIGPIPE, and the run stops there as after SIGTERM.
TEST(Signals, SigpipeOnStdoutEndsTheRunWithResultsAndNoTempDir) {
  TempDir dir;
  fs::create_directory(dir.file("tmp"));
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  const pid_t pid = spawn(real_run(dir, "60"), dir.file("tmp"), fds[1], dir.file("err"));
  ::close(fds[1]);
  const int code = testing_support::wait_for_exit(pid, 30);
  ASSERT_EQ(code, 0) << read_file(dir.file("err"));
  // It stopped before any request completed, so the results hold no "summary" (as kv-cache.py).
  const auto j = nlohmann::json::parse(read_file(dir.file("results.json")));
  EXPECT_TRUE(j["interrupted"].get<bool>());
  EXPECT_TRUE(j.contains("kvbench"));
  EXPECT_FALSE(holds_kv_cache_dirs(dir.file("tmp")));
  EXPECT_NE(read_file(dir.file("err")).find("Interrupted by signal 13"), std::string::npos) << read_file(dir.file("err"));
}

// `kvbench ... | head -1`: head reads the first line and exits while the run goes on; the report
// at the end raises SIGPIPE. The results are still written and the temp dir removed.
TEST(Signals, HeadOneLineStillLeavesResultsAndNoTempDir) {
  TempDir dir;
  fs::create_directory(dir.file("tmp"));
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = spawn(real_run(dir, "2"), dir.file("tmp"), fds[1], dir.file("err"));
  ::close(fds[1]);
  char c = 0;
  while (::read(fds[0], &c, 1) == 1 && c != '\n') {
  }
  ::close(fds[0]);
  const int code = testing_support::wait_for_exit(pid, 60);
  ASSERT_EQ(code, 0) << read_file(dir.file("err"));
  EXPECT_TRUE(nlohmann::json::parse(read_file(dir.file("results.json"))).contains("summary"));
  EXPECT_FALSE(holds_kv_cache_dirs(dir.file("tmp")));
}

// A trace-mode run of a second on the virtual clock: it ends in a few tens of milliseconds.
std::vector<std::string> tiny_run(const TempDir& dir) {
  return {"--clock", "virtual", "--duration", "1", "--num-users", "2", "--generation-mode", "none",
          "--seed", "1", "--io-trace-log", dir.file("trace.csv"), "--output", dir.file("results.json")};
}

// SigBlk in /proc/PID/status: is SIGTERM (bit 15) blocked in its main thread? True also once
// the process is gone, so the caller never waits forever.
bool sigterm_blocked(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("SigBlk:", 0) == 0) return (std::stoull(line.substr(7), nullptr, 16) & (1ull << (SIGTERM - 1))) != 0;
  return true;
}

TEST(Signals, SigtermInTheFirstFiftyMillisecondsNeverKills) {
  std::mt19937 rng(15);
  std::uniform_int_distribution<int> delay_us(0, 50'000);
  int deaths = 0, refused = 0, finished = 0;
  for (int i = 0; i < 100; ++i) {
    TempDir dir;
    const int out = ::open("/dev/null", O_WRONLY);
    const pid_t pid = spawn(tiny_run(dir), dir.path(), out, dir.file("err"));
    ::close(out);
    // From the moment kvbench has blocked SIGTERM (its first action, in a load-time
    // constructor): before it only the dynamic loader runs, a window no program can close.
    for (int polls = 0; polls < 100'000 && !sigterm_blocked(pid); ++polls)
      std::this_thread::sleep_for(std::chrono::microseconds(20));
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    ::kill(pid, SIGTERM);
    const int code = testing_support::wait_for_exit(pid, 30);
    const std::string err = read_file(dir.file("err"));
    if (code == -1) ++deaths;
    ASSERT_NE(code, -2) << "try " << i << ": no exit within 30 s";
    if (code == 1) {
      ++refused;
      EXPECT_NE(err.find("before the run started"), std::string::npos) << err;
    } else if (code == 0) {
      ++finished;  // the signal came during the run, or after it: results either way
      EXPECT_TRUE(nlohmann::json::parse(read_file(dir.file("results.json"))).contains("kvbench"));
    } else {
      EXPECT_EQ(code, -1) << "try " << i << ": exit " << code << "\n" << err;
    }
  }
  EXPECT_EQ(deaths, 0) << refused << " refused before the run, " << finished << " with results";
}

// Signals sent again and again from the moment the results file appears: the process has
// written its results and must keep them, and its exit code, to the end.
TEST(Signals, SigtermRightAtExitKeepsResultsAndExitCode) {
  int deaths = 0;
  for (int i = 0; i < 20; ++i) {
    TempDir dir;
    const int out = ::open("/dev/null", O_WRONLY);
    const pid_t pid = spawn(tiny_run(dir), dir.path(), out, dir.file("err"));
    ::close(out);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!fs::exists(dir.file("results.json")) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
      ::kill(pid, SIGTERM);
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    if (WIFSIGNALED(status)) ++deaths;
    else EXPECT_EQ(WEXITSTATUS(status), 0) << read_file(dir.file("err"));
    EXPECT_TRUE(nlohmann::json::parse(read_file(dir.file("results.json"))).contains("kvbench"));
  }
  EXPECT_EQ(deaths, 0);
}

// open() of a FIFO without a writer blocks; kvbench blocked there with SIGTERM ignored.
TEST(Signals, AFifoAsAnInputFileIsRefusedNotWaitedOn) {
  TempDir dir;
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
  for (const char* flag : {"--dataset-path", "--config", "--validation-trace", "--burst-trace-path"}) {
    std::vector<std::string> args = tiny_run(dir);
    if (std::string(flag) == "--burst-trace-path") args.push_back("--use-burst-trace");
    args.push_back(flag);
    args.push_back(dir.file("fifo"));
    const int out = ::open("/dev/null", O_WRONLY);
    const pid_t pid = spawn(args, dir.path(), out, dir.file("err"));
    ::close(out);
    const int code = testing_support::wait_for_exit(pid, 10);
    EXPECT_EQ(code, 2) << flag;
    EXPECT_NE(read_file(dir.file("err")).find(std::string(flag) + " '" + dir.file("fifo") +
                                              "': is a FIFO, not a regular file"),
              std::string::npos)
        << read_file(dir.file("err"));
  }
}

}  // namespace
}  // namespace kvbench
