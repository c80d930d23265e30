// Frame-header inspection (ZSTD_getFrameHeader) is in zstd's advanced API.
#define ZSTD_STATIC_LINKING_ONLY
#include "trace/trace_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sys/resource.h>
#include <unistd.h>
#include <zstd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "trace/byte_sink.h"
#include "trace/csv_row.h"
#include "trace/trace_reader.h"
#include "trace_test_util.h"

namespace kvbench::trace {
namespace {

using testing::read_file;
using testing::ScratchDir;
using testing::zstd_decode;

constexpr std::string_view kHeader = "Timestamp,Operation,Object_Size_Bytes,Tier,Key,Phase\r\n";

// Every '\n' in the output must end a CRLF pair (no key in these tests holds a line break).
void expect_crlf_only(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ASSERT_GT(i, 0u);
      ASSERT_EQ(text[i - 1], '\r') << "bare LF at byte " << i;
    }
  }
}

// Spec §7.1/§7.2: the header is written at open, with CRLF, before any row.
TEST(TraceWriter, HeaderWrittenAtOpenWithCrlf) {
  ScratchDir dir;
  const std::string path = dir.file("sub/dir/trace.csv");  // parent folders are created
  auto w = TraceWriter::open(path);
  EXPECT_EQ(read_file(path), kHeader);  // before close: not buffered
  w->close();
  EXPECT_EQ(read_file(path), kHeader);
  EXPECT_EQ(w->rows_recorded(), 0u);
  EXPECT_EQ(w->bytes_written(), kHeader.size());
  EXPECT_EQ(w->path(), path);
}

TEST(TraceWriter, RowsInRecordOrderWithNamesAndQuoting) {
  ScratchDir dir;
  const std::string path = dir.file("t.csv");
  auto w = TraceWriter::open(path);
  w->record(1795544098213367, IoOp::Write, 106561536, Level::Storage, "k0", Phase::Prefill);
  w->record(5, IoOp::Read, 7, Level::Gpu, "with,comma", Phase::Decode);
  w->record(1795544098000001, IoOp::Read, 8, Level::Cpu, "with\"quote", Phase::Evict);
  w->record(1795544098000002, IoOp::Write, 9, Level::Storage, "plain", Phase::Evict);
  w->close();
  const std::string expected = std::string(kHeader) +
                               "1795544098.213367,Write,106561536,Tier-2,k0,Prefill\r\n"
                               "0.000005,Read,7,Tier-0,\"with,comma\",Decode\r\n"
                               "1795544098.000001,Read,8,Tier-1,\"with\"\"quote\",Evict\r\n"
                               "1795544098.000002,Write,9,Tier-2,plain,Evict\r\n";
  EXPECT_EQ(read_file(path), expected);
  EXPECT_EQ(w->rows_recorded(), 4u);
  EXPECT_EQ(w->bytes_written(), expected.size());
}

// Samples of the reference's own output (spec §7.2/§7.3): replaying their rows through the
// writer reproduces them byte for byte. Copies passed around may have lost their CRs; our
// output must have them regardless.
void expect_reproduces(const std::string& sample_path) {
  const std::string sample = read_file(sample_path);
  std::string sample_crlf;
  for (const char c : sample) {
    if (c == '\r') continue;
    if (c == '\n') sample_crlf += '\r';
    sample_crlf += c;
  }
  ScratchDir dir;
  const std::string path = dir.file("replayed.csv");
  auto w = TraceWriter::open(path);
  auto reader = TraceReader::open(sample_path);
  TraceRow row;
  std::uint64_t rows = 0;
  while (reader->next(row)) {
    w->record(row.timestamp_us, row.op, row.size, row.tier, row.key, row.phase);
    ++rows;
  }
  w->close();
  const std::string ours = read_file(path);
  EXPECT_GT(rows, 10u);
  EXPECT_EQ(w->rows_recorded(), rows);
  EXPECT_EQ(ours, sample_crlf);
  expect_crlf_only(ours);
}

TEST(TraceWriter, ReproducesReferenceSampleByteForByte) {
  expect_reproduces(std::string(KVBENCH_SOURCE_DIR) + "/tests/data/reference/reference-trace-sample.csv");
}

TEST(TraceWriter, ReproducesReferenceNvmeOnlySampleByteForByte) {
  expect_reproduces(std::string(KVBENCH_SOURCE_DIR) +
                    "/tests/data/reference/reference-trace-sample-nvme-only.csv");
}

void record_many(TraceWriter& w, int thread, int rows) {
  char key[64];
  for (int i = 0; i < rows; ++i) {
    const int n =
        std::snprintf(key, sizeof key, "conv_user_%04d_1795544098213_turn_%07d", thread, i);
    w.record(1795544098000000 + i, i % 2 ? IoOp::Read : IoOp::Write, 1000u + i,
             static_cast<Level>(i % 3), std::string_view(key, n), static_cast<Phase>(i % 3));
  }
}

// Reads the trace back and checks each thread's rows are all there, once, in its order.
void expect_all_rows(const std::string& path, int threads, int rows_per_thread) {
  auto reader = TraceReader::open(path);
  std::vector<int> next(threads, 0);
  TraceRow row;
  std::uint64_t total = 0;
  while (reader->next(row)) {
    int t = -1, i = -1;
    ASSERT_EQ(std::sscanf(row.key.c_str(), "conv_user_%d_1795544098213_turn_%d", &t, &i), 2)
        << row.key;
    ASSERT_GE(t, 0);
    ASSERT_LT(t, threads);
    ASSERT_EQ(i, next[t]) << "thread " << t << " row out of order or lost";
    ASSERT_EQ(row.size, 1000u + i);
    ASSERT_EQ(row.timestamp_us, 1795544098000000 + i);
    ++next[t];
    ++total;
  }
  for (int t = 0; t < threads; ++t) EXPECT_EQ(next[t], rows_per_thread) << "thread " << t;
  EXPECT_EQ(total, static_cast<std::uint64_t>(threads) * rows_per_thread);
}

// docs/architecture.md: a row is never lost. 16 threads, small blocks and a short queue so that handoffs,
// waits for queue space and periodic flushes all happen; every thread has exited before close.
TEST(TraceWriter, SixteenThreadsLoseNoRow) {
  ScratchDir dir;
  for (const char* name : {"many.csv", "many.csv.zst"}) {
    const std::string path = dir.file(name);
    TraceWriterOptions options;
    options.block_bytes = 4096;
    options.max_pending_blocks = 4;
    options.flush_interval = std::chrono::milliseconds(2);
    auto w = TraceWriter::open(path, options);
    constexpr int kThreads = 16, kRows = 20000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back([&, t] { record_many(*w, t, kRows); });
    for (auto& th : threads) th.join();
    w->close();
    EXPECT_EQ(w->rows_recorded(), std::uint64_t{kThreads} * kRows) << name;
    EXPECT_EQ(w->rows_dropped(), 0u);
    expect_all_rows(path, kThreads, kRows);
  }
}

// Threads that come and go (a worker pool resizing): their half-filled blocks survive them,
// and the slots they leave are reused.
TEST(TraceWriter, ShortLivedThreadsKeepTheirRows) {
  ScratchDir dir;
  const std::string path = dir.file("churn.csv");
  auto w = TraceWriter::open(path);
  constexpr int kThreads = 300, kRows = 7;
  for (int t = 0; t < kThreads; ++t) std::thread([&, t] { record_many(*w, t, kRows); }).join();
  w->close();
  EXPECT_EQ(w->rows_recorded(), std::uint64_t{kThreads} * kRows);
  expect_all_rows(path, kThreads, kRows);
}

// close() while other threads keep recording: rows either reach the file or are counted as
// dropped, never both, never lost, never a crash.
TEST(TraceWriter, RecordsRacingCloseAreWrittenOrCountedDropped) {
  ScratchDir dir;
  const std::string path = dir.file("race.csv");
  auto w = TraceWriter::open(path);
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> attempts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      while (!stop.load()) {
        w->record(1, IoOp::Read, 1, Level::Cpu, "k", Phase::Decode);
        attempts.fetch_add(1);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  w->close();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop = true;
  for (auto& th : threads) th.join();
  EXPECT_GT(w->rows_dropped(), 0u);
  EXPECT_EQ(w->rows_recorded() + w->rows_dropped(), attempts.load());
  auto reader = TraceReader::open(path);
  TraceRow row;
  std::uint64_t in_file = 0;
  while (reader->next(row)) ++in_file;
  EXPECT_EQ(in_file, w->rows_recorded());
}

TEST(TraceWriter, RecordAfterCloseIsCountedNotWritten) {
  ScratchDir dir;
  const std::string path = dir.file("closed.csv");
  auto w = TraceWriter::open(path);
  w->record(1, IoOp::Write, 1, Level::Gpu, "a", Phase::Prefill);
  w->close();
  w->close();  // idempotent
  w->record(2, IoOp::Write, 1, Level::Gpu, "b", Phase::Prefill);
  std::thread([&] { w->record(3, IoOp::Write, 1, Level::Gpu, "c", Phase::Prefill); }).join();
  EXPECT_EQ(w->rows_recorded(), 1u);
  EXPECT_EQ(w->rows_dropped(), 2u);
  EXPECT_EQ(read_file(path), std::string(kHeader) + "0.000001,Write,1,Tier-0,a,Prefill\r\n");
}

// Several writers in one process and one thread, and a thread that outlives a writer.
TEST(TraceWriter, IndependentWritersInOneProcess) {
  ScratchDir dir;
  auto a = TraceWriter::open(dir.file("a.csv"));
  auto b = TraceWriter::open(dir.file("b.csv.zst"));
  for (int i = 0; i < 1000; ++i) {
    a->record(i, IoOp::Write, i, Level::Gpu, "a", Phase::Prefill);
    b->record(i, IoOp::Read, i, Level::Cpu, "b", Phase::Decode);
  }
  a.reset();  // destroyed without close(): the destructor closes
  auto c = TraceWriter::open(dir.file("c.csv"));
  c->record(7, IoOp::Read, 7, Level::Storage, "c", Phase::Evict);
  b->close();
  c->close();
  std::string expected_a(kHeader);
  for (int i = 0; i < 1000; ++i) {
    char buf[128];
    expected_a.append(buf, format_row(buf, i, IoOp::Write, i, Level::Gpu, "a", Phase::Prefill));
  }
  EXPECT_EQ(read_file(dir.file("a.csv")), expected_a);
  EXPECT_EQ(b->rows_recorded(), 1000u);
  EXPECT_EQ(read_file(dir.file("c.csv")),
            std::string(kHeader) + "0.000007,Read,7,Tier-2,c,Evict\r\n");
}

// A key longer than a block still fits: the writer uses a block of its own for it.
TEST(TraceWriter, KeyLongerThanABlock) {
  ScratchDir dir;
  const std::string path = dir.file("long.csv");
  TraceWriterOptions options;
  options.block_bytes = 256;
  auto w = TraceWriter::open(path, options);
  const std::string key(10000, 'x');
  w->record(1, IoOp::Write, 1, Level::Gpu, "short", Phase::Prefill);
  w->record(2, IoOp::Write, 2, Level::Gpu, key, Phase::Prefill);
  w->record(3, IoOp::Write, 3, Level::Gpu, "short", Phase::Prefill);
  w->close();
  EXPECT_EQ(read_file(path), std::string(kHeader) + "0.000001,Write,1,Tier-0,short,Prefill\r\n" +
                                 "0.000002,Write,2,Tier-0," + key + ",Prefill\r\n" +
                                 "0.000003,Write,3,Tier-0,short,Prefill\r\n");
}

// A live trace keeps growing while a thread idles with a half-filled block.
TEST(TraceWriter, PeriodicFlushMakesRowsVisibleBeforeClose) {
  ScratchDir dir;
  const std::string path = dir.file("live.csv");
  TraceWriterOptions options;
  options.flush_interval = std::chrono::milliseconds(10);
  auto w = TraceWriter::open(path, options);
  w->record(1, IoOp::Write, 1, Level::Gpu, "a", Phase::Prefill);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::filesystem::file_size(path) == kHeader.size() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(read_file(path), std::string(kHeader) + "0.000001,Write,1,Tier-0,a,Prefill\r\n");
  w->record(2, IoOp::Write, 1, Level::Gpu, "b", Phase::Prefill);
  w->close();
  EXPECT_EQ(w->rows_recorded(), 2u);
}

TEST(TraceWriter, OpenFailureNamesThePath) {
  ScratchDir dir;
  const std::string blocker = dir.file("file");
  { std::ofstream(blocker) << "x"; }
  const std::string path = blocker + "/trace.csv";  // parent is a regular file
  try {
    TraceWriter::open(path);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

// ENOSPC while running: no crash, the count stays exact, close() names the path and errno.
TEST(TraceWriter, DiskFullIsReportedByCloseWithPathAndErrno) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  ScratchDir dir;
  const std::string path = dir.file("full.csv.zst");  // zstd: the header stays in the compressor
  std::filesystem::create_symlink("/dev/full", path);
  auto w = TraceWriter::open(path);
  record_many(*w, 0, 50000);
  try {
    w->close();
    FAIL() << "expected close() to throw";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find("No space left on device"), std::string::npos) << what;
  }
  EXPECT_TRUE(w->failed());
  EXPECT_EQ(w->rows_recorded(), 50000u);
  EXPECT_NO_THROW(w->close());  // only the first close reports
  w->record(1, IoOp::Read, 1, Level::Gpu, "late", Phase::Decode);
  EXPECT_EQ(w->rows_dropped(), 1u);
}

// Plain CSV: the header is written at open, so a full disk is reported by open() itself.
TEST(TraceWriter, DiskFullAtOpenNamesThePath) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  ScratchDir dir;
  const std::string path = dir.file("full.csv");
  std::filesystem::create_symlink("/dev/full", path);
  try {
    TraceWriter::open(path);
    FAIL() << "expected open() to throw";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find("No space left on device"), std::string::npos) << what;
  }
}

// A plain trace that fills the file-size limit midway (EFBIG, as ENOSPC would be): rows keep
// being counted and the writer keeps accepting them without blocking.
TEST(TraceWriter, WriteErrorMidRunStopsWritingKeepsCounting) {
  ScratchDir dir;
  const std::string path = dir.file("limited.csv");
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limited = old;
  limited.rlim_cur = 256 * 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limited), 0);
  TraceWriterOptions options;
  options.max_pending_blocks = 2;  // the producer must not stall once writing stopped
  std::string error;
  std::uint64_t rows = 0;
  std::uint64_t written = 0;
  bool failed = false;
  {
    auto w = TraceWriter::open(path, options);
    record_many(*w, 0, 100000);  // ~6 MB
    try {
      w->close();
    } catch (const std::runtime_error& e) {
      error = e.what();
    }
    rows = w->rows_recorded();
    written = w->rows_written();
    failed = w->failed();
  }
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_TRUE(failed);
  EXPECT_EQ(rows, 100000u);
  EXPECT_NE(error.find(path), std::string::npos) << error;
  EXPECT_NE(error.find("File too large"), std::string::npos) << error;
  EXPECT_LE(std::filesystem::file_size(path), 256u * 1024);
  // Issue 15 item 4: what the results report is what the file holds, and no half row stays.
  const std::string csv = read_file(path);
  EXPECT_EQ(written, static_cast<std::uint64_t>(std::count(csv.begin(), csv.end(), '\n')) - 1);
  EXPECT_GT(written, 0u);
  EXPECT_LT(written, rows);
  EXPECT_TRUE(csv.ends_with("\r\n"));
}

// The same for one zstd frame cut short: the rows reported are those the cut frame decodes to.
TEST(TraceWriter, TruncatedZstdFrameReportsTheRowsItDecodesTo) {
  ScratchDir dir;
  const std::string path = dir.file("limited.csv.zst");
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limited = old;
  limited.rlim_cur = 128 * 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limited), 0);
  std::uint64_t written = 0;
  {
    auto w = TraceWriter::open(path);
    record_many(*w, 0, 300000);
    EXPECT_THROW(w->close(), std::runtime_error);
    written = w->rows_written();
  }
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  // Decode what is there, as far as it goes.
  const std::string packed = read_file(path);
  ZSTD_DCtx* d = ZSTD_createDCtx();
  std::string out(1 << 20, '\0');
  ZSTD_inBuffer in{packed.data(), packed.size(), 0};
  std::uint64_t lines = 0;
  while (in.pos < in.size) {
    ZSTD_outBuffer o{out.data(), out.size(), 0};
    if (ZSTD_isError(ZSTD_decompressStream(d, &o, &in))) break;
    lines += static_cast<std::uint64_t>(std::count(out.data(), out.data() + o.pos, '\n'));
    if (o.pos == 0 && in.pos == in.size) break;
  }
  ZSTD_freeDCtx(d);
  ASSERT_GT(lines, 1u);
  EXPECT_EQ(written, lines - 1);
  EXPECT_LT(written, 300000u);
}

// Spec §7.4: one zstd frame, level 3, no checksum, no content size, 2 MiB window; complete
// after close (what `zstd -t` checks), and decoding to exactly the plain CSV.
TEST(TraceWriter, ZstdFrameIsCompleteAndDecodesToTheCsv) {
  ScratchDir dir;
  const std::string plain = dir.file("t.csv");
  const std::string zst = dir.file("t.csv.zst");
  {
    auto p = TraceWriter::open(plain);
    auto z = TraceWriter::open(zst);
    record_many(*p, 3, 100000);
    record_many(*z, 3, 100000);
    p->close();
    z->close();
    EXPECT_EQ(z->bytes_written(), p->bytes_written());
    EXPECT_EQ(p->bytes_written(), std::filesystem::file_size(plain));
  }
  const std::string compressed = read_file(zst);
  ASSERT_GE(compressed.size(), 4u);
  EXPECT_EQ(ZSTD_findFrameCompressedSize(compressed.data(), compressed.size()), compressed.size())
      << "not exactly one complete frame";
  ZSTD_frameHeader header{};
  ASSERT_EQ(ZSTD_getFrameHeader(&header, compressed.data(), compressed.size()), 0u);
  EXPECT_EQ(header.checksumFlag, 0u);
  EXPECT_EQ(header.frameContentSize, ZSTD_CONTENTSIZE_UNKNOWN);
  EXPECT_EQ(header.windowSize, 2u * 1024 * 1024);
  const std::string decoded = zstd_decode(compressed);
  EXPECT_EQ(decoded, read_file(plain));
  EXPECT_LT(compressed.size() * 5, decoded.size());  // it did compress
  if (std::system("command -v zstd >/dev/null 2>&1") == 0) {
    EXPECT_EQ(std::system(("zstd -tq '" + zst + "'").c_str()), 0);
  }
}

// Header alone: the frame still opens and ends properly.
TEST(TraceWriter, EmptyZstdTraceHoldsTheHeader) {
  ScratchDir dir;
  const std::string zst = dir.file("empty.zst");
  TraceWriter::open(zst)->close();
  EXPECT_EQ(zstd_decode(read_file(zst)), kHeader);
}

TEST(TraceWriter, ZstdSuffixIsTheLastSuffixOnly) {
  EXPECT_TRUE(has_zstd_suffix("trace.csv.zst"));
  EXPECT_TRUE(has_zstd_suffix("/a/b/trace.zst"));
  EXPECT_FALSE(has_zstd_suffix("trace.zst.csv"));
  EXPECT_FALSE(has_zstd_suffix("trace.csv"));
  EXPECT_FALSE(has_zstd_suffix("trace.ZST"));
  EXPECT_FALSE(has_zstd_suffix("/a/.zst"));
}

}  // namespace
}  // namespace kvbench::trace
