// End-to-end real runs of the binary (no --io-trace-log): real bytes on a temp dir, the device
// and host latency split in the results, --verify, the fallback engine, the cache directory's
// life cycle and a full disk.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "tiers/tier_test_support.h"

namespace kvbench {
namespace {

namespace fs = std::filesystem;
using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

// tiny-1b at 24 KiB per token with contexts of 32-256 tokens: entries of 0.75-6 MiB, so a run
// moves real bytes through every path in a second or two. A 4 MiB CPU tier sends the larger
// entries straight to NVMe and demotes the others there.
std::vector<std::string> real_run(const TempDir& dir, std::vector<std::string> extra) {
  const char* small = "{context_range: [128, 256], generation_range: [8, 40], think_time_range: [0.05, 0.1]}";
  std::ofstream(dir.file("small.yaml")) << "user_templates:\n  chatbot: " << small << "\n  coding: " << small
                                        << "\n  document: " << small << "\n";
  std::vector<std::string> args = {"--config", dir.file("small.yaml"), "--model", "tiny-1b", "--num-users", "4",
                                   "--duration", "1", "--gpu-mem-gb", "0", "--cpu-mem-gb", "0.004",
                                   "--generation-mode", "none", "--seed", "3", "--io-size", "262144",
                                   "--io-depth", "4", "--output", dir.file("results.json")};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

nlohmann::json results(const TempDir& dir) { return nlohmann::json::parse(read_file(dir.file("results.json"))); }

// Runs kvbench as a container's default seccomp profile would: io_uring_setup fails with ENOSYS.
// Returns the exit code; stderr goes to err_path.
int run_without_io_uring(const std::vector<std::string>& args, const std::string& err_path) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(err, 2);
    ::dup2(null, 1);
    sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    sock_fprog prog{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
      ::_exit(126);
    std::vector<char*> argv{const_cast<char*>(KVBENCH_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(KVBENCH_BINARY, argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(RealRun, VerifiedRunReportsDeviceAndHostLatencies) {
  TempDir dir;
  const auto r = run_kvbench(real_run(dir, {"--cache-dir", dir.file("cache"), "--verify"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = results(dir);
  EXPECT_EQ(j["kvbench"]["mode"], "real");
  EXPECT_EQ(j["kvbench"]["verify_mismatches"], 0);
  EXPECT_EQ(j["kvbench"]["read_failures"], 0);
  EXPECT_EQ(j["kvbench"]["storage_io"]["o_direct"].is_boolean(), true);
  EXPECT_EQ(j["kvbench"]["storage_io"]["io_size"], 262144);
  EXPECT_TRUE(j["kvbench"]["trace"].is_null());
  const auto& cs = j["summary"]["cache_stats"];
  ASSERT_GT(cs["tier_storage_kv_bytes_written_gb"].get<double>(), 0);
  for (const char* key : {"storage_write_device_p50_ms", "storage_write_host_p50_ms", "storage_write_p95_ms",
                          "storage_read_device_p50_ms", "storage_read_host_p9999_ms", "cpu_write_p50_ms"})
    EXPECT_TRUE(cs.contains(key)) << key;
  EXPECT_GT(cs["storage_write_device_p50_ms"].get<double>(), 0);
  EXPECT_GT(j["kvbench"]["tier_io"]["nvme"]["write_s"].get<double>(), 0);
  EXPECT_NE(r.err.find("No GPU tier"), std::string::npos);  // said once when there is none
  // The cache dir keeps its entries after the run, as the reference's.
  EXPECT_GT(std::distance(fs::directory_iterator(dir.file("cache")), fs::directory_iterator{}), 0);
}

TEST(RealRun, WithoutCacheDirATempDirIsMadeAndRemoved) {
  TempDir dir;
  TempDir tmp;
  const std::string saved = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "";
  ::setenv("TMPDIR", tmp.path().c_str(), 1);
  const auto r = run_kvbench(real_run(dir, {"--io-engine", "psync"}));
  if (saved.empty()) ::unsetenv("TMPDIR");
  else ::setenv("TMPDIR", saved.c_str(), 1);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = results(dir);
  const std::string made = j["kvbench"]["storage_io"]["cache_dir"];
  EXPECT_EQ(fs::path(made).parent_path(), fs::path(tmp.path()));
  EXPECT_TRUE(j["kvbench"]["storage_io"]["temporary_cache_dir"].get<bool>());
  EXPECT_EQ(j["kvbench"]["storage_io"]["io_engine"], "psync");
  EXPECT_GT(j["summary"]["cache_stats"]["tier_storage_kv_bytes_written_gb"].get<double>(), 0);
  EXPECT_FALSE(fs::exists(made));
}

TEST(RealRun, RefusedIoUringFallsBackToPsyncWithOneWarning) {
  TempDir dir;
  const int rc = run_without_io_uring(real_run(dir, {"--cache-dir", dir.file("cache"), "--verify"}), dir.file("err"));
  ASSERT_NE(rc, 126) << "seccomp filters are not allowed here";
  ASSERT_EQ(rc, 0) << read_file(dir.file("err"));
  const std::string err = read_file(dir.file("err"));
  const auto first = err.find("io_uring is unavailable");
  ASSERT_NE(first, std::string::npos) << err;
  EXPECT_EQ(err.find("io_uring is unavailable", first + 1), std::string::npos) << "warned more than once";
  const auto j = results(dir);
  EXPECT_EQ(j["kvbench"]["storage_io"]["io_engine"], "psync");
  EXPECT_EQ(j["kvbench"]["verify_mismatches"], 0);
  EXPECT_GT(j["kvbench"]["tier_io"]["nvme"]["read_ops"].get<int>() + j["kvbench"]["tier_io"]["nvme"]["write_ops"].get<int>(), 0);
  // Insisting on io_uring where it is refused is a configuration error.
  EXPECT_EQ(run_without_io_uring(real_run(dir, {"--io-engine", "uring"}), dir.file("err2")), 2);
  EXPECT_NE(read_file(dir.file("err2")).find("--io-engine uring"), std::string::npos);
}

TEST(RealRun, PreconditionFillsThenResetsTheStatistics) {
  TempDir dir;
  const auto r = run_kvbench(real_run(dir, {"--cache-dir", dir.file("cache"), "--precondition",
                                            "--precondition-size-gb", "0.1", "--precondition-threads", "2"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Preconditioning: writing"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Preconditioning done"), std::string::npos) << r.out;
  const auto j = results(dir);
  // 0.1 GiB of 2048-token entries (48 MiB each) went in before the timed phase; the counters
  // restarted after it, so the timed phase's writes alone remain.
  std::size_t precond_files = 0;
  for (const auto& e : fs::directory_iterator(dir.file("cache")))
    precond_files += e.path().filename().string().rfind("precond_", 0) == 0 ? 1 : 0;
  EXPECT_GE(precond_files, 1u);
  EXPECT_LT(j["summary"]["cache_stats"]["write_iops"].get<int>(), 1000);
}

TEST(RealRun, UnusableCacheDirExitsTwoNamingIt) {
  TempDir dir;
  std::ofstream(dir.file("file")) << "x";
  const auto r = run_kvbench(real_run(dir, {"--cache-dir", dir.file("file") + "/cache"}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--cache-dir"), std::string::npos) << r.err;
}

TEST(RealRun, OddIoSizeIsAUsageError) {
  TempDir dir;
  const auto r = run_kvbench(real_run(dir, {"--io-size", "5000"}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--io-size"), std::string::npos) << r.err;
}

TEST(RealRun, FullDiskCountsWriteFailuresAndStillWritesResults) {
  TempDir dir;
  tiers::testing::SmallTmpfs small(dir.file("small"), 8 << 20);
  if (!small.ok()) GTEST_SKIP() << "cannot mount a small tmpfs here: " << small.why();
  // A --storage-capacity-gb above the free space is refused before the run (pre-flight), so the
  // disk fills behind kvbench's back instead: once its tiers are set up, another file takes the
  // space its capacity (95 % of the free space) counted on.
  const int pid = testing_support::spawn_kvbench(
      real_run(dir, {"--cache-dir", dir.file("small"), "--cpu-mem-gb", "0", "--verify", "--duration", "3"}),
      dir.file("out"), dir.file("err"));
  for (int i = 0; i < 600 && read_file(dir.file("err")).find("NVMe tier: ") == std::string::npos; ++i) usleep(10000);
  {
    std::ofstream filler(dir.file("small") + "/filler");
    const std::string mib(1 << 20, 'f');
    for (int i = 0; i < 8 && filler; ++i) filler << mib;
  }
  // Nearly every write fails with ENOSPC: device I/O errors, not capacity rejections (issue 14:
  // the health's write_io_errors input), so the run is failed and exits 1, its results written.
  // A few writes may still be refused for room (an entry above what the tier has left before
  // the filler lands): every failure has exactly one cause, and I/O errors are most of them.
  ASSERT_EQ(testing_support::wait_for_exit(pid, 60), 1) << read_file(dir.file("err"));
  const std::string err = read_file(dir.file("err"));
  const auto j = results(dir);
  const auto& k = j["kvbench"];
  EXPECT_GT(k["write_failures"].get<int>(), 0);
  EXPECT_EQ(k["write_io_errors"].get<int>() + k["write_failures_no_room"].get<int>() + k["writes_cancelled"].get<int>(),
            k["write_failures"].get<int>());
  EXPECT_GT(k["write_io_errors"].get<int>(), 10 * k["write_failures_no_room"].get<int>());
  EXPECT_EQ(j["kvbench"]["health"]["status"], "failed");
  EXPECT_EQ(j["kvbench"]["verify_mismatches"], 0);
  EXPECT_NE(err.find("No space left on device"), std::string::npos) << err;
}

}  // namespace
}  // namespace kvbench
