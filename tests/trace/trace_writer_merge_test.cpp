// Issue 17: a trace written by many threads is causal, in non-decreasing timestamp order, with
// no row lost, and the merge neither stalls on an idle thread nor grows without bound.
#include "trace/trace_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "trace/csv_row.h"
#include "trace/trace_reader.h"
#include "trace_test_util.h"

namespace kvbench::trace {
namespace {

using testing::read_file;
using testing::ScratchDir;

// A steady clock in epoch microseconds, as the engine's wall clock stamps rows.
struct SteadyClock final : RowClock {
  std::int64_t epoch_us() const override {
    return 1795544098000000 + std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now().time_since_epoch())
                                  .count() %
                                  1000000000000;
  }
};

struct Readback {
  std::uint64_t rows = 0;
  std::uint64_t backwards = 0;  // rows older than the row before them in file order
  std::vector<int> per_thread;
  bool thread_order_kept = true;
};

// Keys are "t<thread>_<index>": each thread's rows must come back once each, in its order.
Readback read_back(const std::string& path, int threads) {
  Readback r;
  r.per_thread.assign(threads, 0);
  auto reader = TraceReader::open(path);
  TraceRow row;
  std::int64_t last = std::numeric_limits<std::int64_t>::min();
  while (reader->next(row)) {
    if (row.timestamp_us < last) ++r.backwards;
    last = row.timestamp_us;
    ++r.rows;
    int t = -1, i = -1;
    if (std::sscanf(row.key.c_str(), "t%d_%d", &t, &i) != 2 || t < 0 || t >= threads) {
      r.thread_order_kept = false;
      continue;
    }
    if (i != r.per_thread[t]) r.thread_order_kept = false;
    ++r.per_thread[t];
  }
  return r;
}

void record_rows(TraceWriter& w, const RowClock& clock, int thread, int rows, bool pauses) {
  char key[32];
  for (int i = 0; i < rows; ++i) {
    const int n = std::snprintf(key, sizeof key, "t%d_%d", thread, i);
    w.record_now(clock, i % 3 ? IoOp::Read : IoOp::Write, 4096, Level::Storage,
                 std::string_view(key, n), Phase::Decode);
    // Some threads idle now and then, with a half-filled block: the case that made traces
    // non-causal (their blocks reached the file up to a flush interval late).
    if (pauses && i % 500 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
}

// Eight threads, half of them pausing, small blocks and a short queue so that handoffs, waits
// for queue space, partial-block collection and the periodic flush all happen.
TEST(TraceWriterMerge, ManyThreadsWriteATimestampOrderedFileWithEveryRow) {
  ScratchDir dir;
  const SteadyClock clock;
  for (const char* name : {"merged.csv", "merged.csv.zst"}) {
    TraceWriterOptions options;
    options.block_bytes = 4096;
    options.max_pending_blocks = 4;
    options.flush_interval = std::chrono::milliseconds(20);
    options.merge_interval = std::chrono::milliseconds(2);
    auto w = TraceWriter::open(dir.file(name), options);
    constexpr int kThreads = 8, kRows = 6000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] { record_rows(*w, clock, t, kRows, t % 2 == 1); });
    for (auto& th : threads) th.join();
    w->close();
    const Readback r = read_back(dir.file(name), kThreads);
    EXPECT_EQ(r.rows, std::uint64_t{kThreads} * kRows) << name;
    EXPECT_EQ(r.backwards, 0u) << name;
    EXPECT_TRUE(r.thread_order_kept) << name;
    EXPECT_EQ(w->rows_out_of_order(), 0u);
    EXPECT_EQ(w->rows_written(), std::uint64_t{kThreads} * kRows);
  }
}

// Caller-given timestamps, two threads whose stamps interleave: the file interleaves them.
TEST(TraceWriterMerge, InterleavedExplicitTimestampsComeOutSorted) {
  ScratchDir dir;
  TraceWriterOptions options;
  options.block_bytes = 4096;
  auto w = TraceWriter::open(dir.file("two.csv"), options);
  constexpr int kRows = 20000;
  // With caller-given stamps a thread that joins late may bring rows older than ones already
  // out: both threads record their first row before either goes on.
  std::atomic<int> joined{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      char key[32];
      for (int i = 0; i < kRows; ++i) {
        if (i == 1) {
          joined.fetch_add(1);
          while (joined.load() < 2) std::this_thread::yield();
        }
        const int n = std::snprintf(key, sizeof key, "t%d_%d", t, i);
        w->record(1000 + 2 * i + t, IoOp::Write, 1, Level::Cpu, std::string_view(key, n),
                  Phase::Prefill);
      }
    });
  }
  for (auto& th : threads) th.join();
  w->close();
  const Readback r = read_back(dir.file("two.csv"), 2);
  EXPECT_EQ(r.rows, 2u * kRows);
  EXPECT_EQ(r.backwards, 0u);
  EXPECT_TRUE(r.thread_order_kept);
}

// One thread's rows leave exactly as recorded, even out of timestamp order: a virtual-clock
// trace must stay byte-identical.
TEST(TraceWriterMerge, OneThreadKeepsItsOwnOrder) {
  ScratchDir dir;
  auto w = TraceWriter::open(dir.file("one.csv"));
  w->record(5, IoOp::Write, 1, Level::Gpu, "a", Phase::Prefill);
  w->record(3, IoOp::Read, 1, Level::Gpu, "a", Phase::Decode);
  w->record(9, IoOp::Read, 1, Level::Gpu, "a", Phase::Decode);
  w->close();
  EXPECT_EQ(read_file(dir.file("one.csv")),
            std::string(kTraceHeader) + "0.000005,Write,1,Tier-0,a,Prefill\r\n"
                                                "0.000003,Read,1,Tier-0,a,Decode\r\n"
                                                "0.000009,Read,1,Tier-0,a,Decode\r\n");
}

// A thread that recorded once and then idles (a worker in its generation time) holds nobody
// back: the busy thread's rows reach the file long before close.
TEST(TraceWriterMerge, IdleThreadDoesNotHoldRowsBack) {
  ScratchDir dir;
  const SteadyClock clock;
  TraceWriterOptions options;
  options.flush_interval = std::chrono::milliseconds(0);  // only the merge collects partials
  options.merge_interval = std::chrono::milliseconds(2);
  auto w = TraceWriter::open(dir.file("idle.csv"), options);
  std::atomic<bool> done{false};
  std::thread idle([&] {
    w->record_now(clock, IoOp::Write, 1, Level::Cpu, "idle", Phase::Prefill);
    while (!done.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  for (int i = 0; i < 100; ++i)
    w->record_now(clock, IoOp::Write, 1, Level::Cpu, "busy", Phase::Prefill);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (read_file(dir.file("idle.csv")).find("busy") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_NE(read_file(dir.file("idle.csv")).find("busy"), std::string::npos);
  done = true;
  idle.join();
  w->close();
  EXPECT_EQ(read_back(dir.file("idle.csv"), 0).backwards, 0u);
}

// A thread that stamps its own rows and stalls holds the watermark; memory stays bounded: past
// merge_hold_bytes the oldest rows go out, and a late older row is counted out of order.
TEST(TraceWriterMerge, StalledProducerCannotGrowMemoryWithoutBound) {
  ScratchDir dir;
  TraceWriterOptions options;
  options.block_bytes = 4096;
  options.merge_hold_bytes = 64 * 1024;
  options.merge_interval = std::chrono::milliseconds(1);
  auto w = TraceWriter::open(dir.file("stall.csv"), options);
  std::atomic<int> step{0};
  std::thread stalled([&] {
    w->record(10, IoOp::Write, 1, Level::Cpu, "s", Phase::Prefill);
    while (step.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    w->record(11, IoOp::Write, 1, Level::Cpu, "s", Phase::Prefill);
    step = 2;
  });
  for (int i = 0; i < 20000; ++i) w->record(100 + i, IoOp::Read, 1, Level::Cpu, "busy", Phase::Decode);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::filesystem::file_size(dir.file("stall.csv")) < 200 * 1024 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_GE(std::filesystem::file_size(dir.file("stall.csv")), 200u * 1024);
  step = 1;
  stalled.join();
  w->close();
  EXPECT_GT(w->rows_out_of_order(), 0u);
  EXPECT_EQ(w->rows_written(), 20002u);
}

}  // namespace
}  // namespace kvbench::trace
