// How fast kvbench's trace writer takes rows, against a peer that writes the way the reference
// does (one mutex, one formatted write per row; spec §7.4), measured in the same run.
// Usage: trace_write_rate [rows=5000000] [dir=$TMPDIR]
#include <stdlib.h>
#include <unistd.h>
#include <zstd.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "trace/trace_writer.h"

namespace {

using kvbench::IoOp;
using kvbench::Phase;
using kvbench::Level;
using kvbench::trace::TraceWriter;

constexpr std::int64_t kStartUs = 1795544098213367;

// Keys as the reference's multi-turn runs name them (~35 chars), prepared up front so neither
// side pays for making them.
std::vector<std::string> make_keys() {
  std::vector<std::string> keys;
  for (int i = 0; i < 4096; ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "conv_user_%04d_1795544098213_turn_%d", i % 1000, i % 17);
    keys.emplace_back(buf);
  }
  return keys;
}

// The row each producer records: same for both writers.
struct RowSource {
  const std::vector<std::string>& keys;
  template <typename Record>
  void operator()(std::uint64_t i, Record& record) const {
    record(kStartUs + static_cast<std::int64_t>(i) * 7, i % 3 ? IoOp::Read : IoOp::Write,
           106561536 + (i % 977) * 4096, static_cast<Level>(i % 3), keys[i % keys.size()],
           static_cast<Phase>(i % 3));
  }
};

const char* phase_name(Phase p) {
  return p == Phase::Prefill ? "Prefill" : p == Phase::Decode ? "Decode" : "Evict";
}

// The reference's plain path: a lock, a formatted row, a line-buffered write = one syscall.
class PeerWriter {
 public:
  explicit PeerWriter(const std::string& path) : zstd_(path.ends_with(".zst")) {
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) throw std::runtime_error("cannot open " + path);
    if (zstd_) {
      cctx_ = ZSTD_createCCtx();
      ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, 3);
      out_.resize(ZSTD_CStreamOutSize());
    }
    emit("Timestamp,Operation,Object_Size_Bytes,Tier,Key,Phase\r\n");
  }

  void record(std::int64_t ts, IoOp op, std::uint64_t size, Level tier, const std::string& key,
              Phase phase) {
    std::lock_guard lock(mu_);
    char line[256];
    std::snprintf(line, sizeof line, "%" PRId64 ".%06" PRId64 ",%s,%" PRIu64 ",Tier-%d,%s,%s\r\n",
                  ts / 1000000, ts % 1000000, op == IoOp::Write ? "Write" : "Read", size,
                  static_cast<int>(tier), key.c_str(), phase_name(phase));
    emit(line);
  }

  void close() {
    if (zstd_) {
      ZSTD_inBuffer in{nullptr, 0, 0};
      std::size_t left;
      do {
        ZSTD_outBuffer ob{out_.data(), out_.size(), 0};
        left = ZSTD_compressStream2(cctx_, &ob, &in, ZSTD_e_end);
        std::fwrite(out_.data(), 1, ob.pos, file_);
      } while (left != 0);
      ZSTD_freeCCtx(cctx_);
    }
    std::fflush(file_);
    fsync(fileno(file_));
    std::fclose(file_);
  }

 private:
  // python-zstandard's stream writer: every write() is one ZSTD_compressStream2 call.
  void emit(const char* text) {
    if (!zstd_) {
      std::fputs(text, file_);
      std::fflush(file_);
      return;
    }
    ZSTD_inBuffer in{text, std::strlen(text), 0};
    while (in.pos < in.size) {
      ZSTD_outBuffer ob{out_.data(), out_.size(), 0};
      ZSTD_compressStream2(cctx_, &ob, &in, ZSTD_e_continue);
      if (ob.pos) std::fwrite(out_.data(), 1, ob.pos, file_);
    }
  }

  std::mutex mu_;
  std::FILE* file_ = nullptr;
  bool zstd_;
  ZSTD_CCtx* cctx_ = nullptr;
  std::vector<char> out_;
};

struct Result {
  double rows_per_s;
  std::uintmax_t file_bytes;
};

template <typename Record, typename Close>
Result run(std::uint64_t rows, int threads, const std::string& path, const RowSource& src,
           Record record, Close close) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (std::uint64_t i = t; i < rows; i += threads) src(i, record);
    });
  }
  for (auto& th : pool) th.join();
  close();  // included: the rows are not written until the file is closed
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {static_cast<double>(rows) / s, std::filesystem::file_size(path)};
}

Result run_kvbench(std::uint64_t rows, int threads, const std::string& path, const RowSource& src) {
  auto w = TraceWriter::open(path);
  Result r = run(
      rows, threads, path, src,
      [&](std::int64_t ts, IoOp op, std::uint64_t size, Level tier, const std::string& key,
          Phase phase) { w->record(ts, op, size, tier, key, phase); },
      [&] { w->close(); });
  if (w->rows_recorded() != rows) {
    std::fprintf(stderr, "kvbench wrote %" PRIu64 " rows, expected %" PRIu64 "\n",
                 w->rows_recorded(), rows);
    std::exit(1);
  }
  return r;
}

Result run_peer(std::uint64_t rows, int threads, const std::string& path, const RowSource& src) {
  PeerWriter w(path);
  return run(
      rows, threads, path, src,
      [&](std::int64_t ts, IoOp op, std::uint64_t size, Level tier, const std::string& key,
          Phase phase) { w.record(ts, op, size, tier, key, phase); },
      [&] { w.close(); });
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t rows = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 5'000'000;
  std::string dir =
      argc > 2 ? argv[2]
               : (std::filesystem::temp_directory_path() / "kvbench-trace-bench-XXXXXX").string();
  if (argc <= 2 && !mkdtemp(dir.data())) return 1;
  std::filesystem::create_directories(dir);
  const auto keys = make_keys();
  const RowSource src{keys};

  std::printf("trace_write_rate: %" PRIu64 " rows, key %zu chars, dir %s, %u CPUs\n", rows,
              keys[0].size(), dir.c_str(), std::thread::hardware_concurrency());
  std::printf("%-8s %-6s %8s %14s %14s %10s %14s\n", "format", "thr", "", "kvbench rows/s",
              "peer rows/s", "ratio", "kvbench bytes");
  for (const int threads : {1, 2}) {
    for (const char* ext : {".csv", ".csv.zst"}) {
      const std::string ours = dir + "/kvbench" + ext;
      const std::string peer = dir + "/peer" + ext;
      const Result k = run_kvbench(rows, threads, ours, src);
      const Result p = run_peer(rows, threads, peer, src);
      std::printf("%-8s %-6d %8s %14.0f %14.0f %9.1fx %14ju\n", ext + 1, threads, "", k.rows_per_s,
                  p.rows_per_s, k.rows_per_s / p.rows_per_s, k.file_bytes);
      if (k.file_bytes == 0) return 1;
      std::filesystem::remove(ours);
      std::filesystem::remove(peer);
    }
  }
  std::printf(
      "peer = one mutex + formatted row + one write per row (plain: fputs+fflush, one "
      "syscall per row; zst: one ZSTD_compressStream2 per row), as kv-cache.py does\n");
  if (argc <= 2) std::filesystem::remove_all(dir);
  return 0;
}
