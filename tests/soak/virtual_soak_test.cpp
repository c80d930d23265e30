// Soak: a virtual-clock trace run with 100,000 users completes, its memory stays bounded and no
// row is lost: every row of the trace parses, and rows == the operations the results count.
// The full shape (100,000 users, one simulated hour, ~3 CPU-minutes on this machine kind) is
// bench/soak_bench.cpp, which also reports wall time, rows/s and peak RSS; this test keeps
// the users and shortens the simulated time so that it also fits the sanitizer builds in CI.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "trace/trace_reader.h"

namespace kvbench {
namespace {

using testing_support::read_file;
using testing_support::TempDir;

// Trace rows the results account for: decode reads, successful prefill writes, and a read +
// write per demotion (spec §8.2).
std::uint64_t operations_counted(const nlohmann::json& json) {
  const auto& kv = json["kvbench"];
  const auto& cs = json["summary"]["cache_stats"];
  return cs["read_iops"].get<std::uint64_t>() + cs["write_iops"].get<std::uint64_t>() -
         kv["write_failures"].get<std::uint64_t>() + 2 * kv["demotions"].get<std::uint64_t>();
}

constexpr int kUsers = 100000;
constexpr int kSimulatedSeconds = 120;

TEST(Soak, HundredThousandUsersVirtualClockLoseNoRow) {
  TempDir dir;
  const std::string trace = dir.file("soak.csv.zst");
  const int pid = testing_support::spawn_kvbench(
      {"--clock", "virtual", "--num-users", std::to_string(kUsers), "--duration",
       std::to_string(kSimulatedSeconds), "--seed", "42", "--io-trace-log", trace, "--output",
       dir.file("results.json")},
      dir.file("out"), dir.file("err"));
  ASSERT_GT(pid, 0);
  int status = 0;
  rusage usage{};
  ASSERT_EQ(wait4(pid, &status, 0, &usage), pid);
  ASSERT_TRUE(WIFEXITED(status)) << read_file(dir.file("err"));
  ASSERT_EQ(WEXITSTATUS(status), 0) << read_file(dir.file("err"));

  const auto json = nlohmann::json::parse(read_file(dir.file("results.json")));
  const auto& kv = json["kvbench"];
  EXPECT_FALSE(json["interrupted"].get<bool>());
  EXPECT_DOUBLE_EQ(kv["elapsed_s"].get<double>(), kSimulatedSeconds);
  EXPECT_GT(json["requests_completed"].get<std::uint64_t>(), 1000u);
  // Far more users than workers: arrivals queue up and the bounded queue sheds the excess.
  EXPECT_GT(kv["arrivals_offered"].get<std::uint64_t>(),
            kv["arrivals_dropped_queue_full"].get<std::uint64_t>());
  EXPECT_GT(kv["arrivals_dropped_queue_full"].get<std::uint64_t>(), 0u);

  // Every row reaches the file, in the spec's format, and each is an operation the run counted.
  std::uint64_t rows = 0;
  auto reader = trace::TraceReader::open(trace);
  trace::TraceRow row;
  while (reader->next(row)) ++rows;
  EXPECT_GT(rows, 100000u);
  EXPECT_EQ(rows, kv["trace"]["rows"].get<std::uint64_t>());
  EXPECT_EQ(rows, operations_counted(json));

  // Users are state, not threads or buffers: 100,000 of them fit in a few hundred MiB even
  // with sanitizer overhead (a plain build peaks near 40 MiB).
  EXPECT_LT(usage.ru_maxrss, 1024L * 1024) << "peak RSS " << usage.ru_maxrss << " KiB";
}

// The full soak takes minutes of wall time: a pod stopped during it must still stop within
// its grace period, with a complete trace and results marked interrupted (the signal tests in
// integration/ cover the wall clock; this is the virtual clock's event loop).
TEST(Soak, SigtermStopsAnHourLongVirtualRunQuickly) {
  TempDir dir;
  const std::string trace = dir.file("soak.csv.zst");
  const int pid = testing_support::spawn_kvbench(
      {"--clock", "virtual", "--num-users", std::to_string(kUsers), "--duration", "3600", "--seed",
       "7", "--io-trace-log", trace, "--output", dir.file("results.json")},
      dir.file("out"), dir.file("err"));
  ASSERT_GT(pid, 0);
  // The trace file is opened after the signal handlers are in place: once it exists, SIGTERM
  // is the run's to handle, however slowly a loaded machine started the process.
  for (int i = 0; i < 1000 && !std::filesystem::exists(trace); ++i) usleep(10 * 1000);
  ASSERT_TRUE(std::filesystem::exists(trace)) << read_file(dir.file("err"));
  usleep(1000 * 1000);
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  ASSERT_EQ(testing_support::wait_for_exit(pid, 5.0), 0) << read_file(dir.file("err"));

  const auto json = nlohmann::json::parse(read_file(dir.file("results.json")));
  EXPECT_TRUE(json["interrupted"].get<bool>());
  EXPECT_LT(json["kvbench"]["elapsed_s"].get<double>(), 3600.0);
  std::uint64_t rows = 0;
  auto reader = trace::TraceReader::open(trace);  // throws on a truncated zstd frame
  trace::TraceRow row;
  while (reader->next(row)) ++rows;
  EXPECT_EQ(rows, json["kvbench"]["trace"]["rows"].get<std::uint64_t>());
  EXPECT_EQ(rows, operations_counted(json));
}

}  // namespace
}  // namespace kvbench
