// Writes the I/O trace (spec §7): one CSV row per cache operation, byte for byte as the
// reference, optionally as one zstd frame. Rows come from many threads into per-thread blocks;
// one background thread merges them in timestamp order (so the file is causal: no row of a key
// precedes the Write that created it) and does all the writing and compressing.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/io_types.h"

namespace kvbench::trace {

struct TraceWriterOptions {
  // Rows are formatted into blocks of this size; a full block is one handoff to the writer.
  std::size_t block_bytes = 64 * 1024;
  // Producers wait (rather than drop rows or grow memory) once this many blocks are queued.
  std::size_t max_pending_blocks = 64;
  // How often half-filled blocks of idle threads are picked up, so a live trace keeps growing
  // and a crash loses at most this much. Zero: only close() collects them.
  std::chrono::milliseconds flush_interval{1000};
  // How often rows held for the merge are looked at again, and partial blocks that hold them
  // back are asked for: rows reach the file about this late.
  std::chrono::milliseconds merge_interval{10};
  // Bytes of blocks the merge may hold while a producer stalls the watermark; past it, the
  // oldest rows go out anyway (rows_out_of_order counts any that end up out of order).
  std::size_t merge_hold_bytes = 32 * 1024 * 1024;
  // Spec §7.4: the reference's python-zstandard default.
  int zstd_level = 3;
};

// The clock that TraceWriter::record_now stamps rows with, read on the recording thread.
class RowClock {
 public:
  virtual std::int64_t epoch_us() const = 0;

 protected:
  ~RowClock() = default;
};

class TraceWriter {
 public:
  // Opens `path` (parent folders created); a ".zst" suffix means one zstd frame, streamed.
  // The header is written at once. Throws std::runtime_error naming the path on failure.
  static std::unique_ptr<TraceWriter> open(const std::string& path,
                                           const TraceWriterOptions& options = {});

  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;
  // Closes if close() was not called; an error is then only reported on stderr.
  ~TraceWriter();

  // Thread-safe; takes only the calling thread's own lock. timestamp_us = Unix epoch µs.
  void record(std::int64_t timestamp_us, IoOp op, std::uint64_t size, Level tier,
              std::string_view key, Phase phase);

  // As record(), stamped with `clock` read under the thread's own lock. Preferred: an idle
  // thread that records this way never holds other threads' rows back in the merge. The clock
  // must be monotonic per thread and across threads (a steady clock; a one-thread virtual one).
  void record_now(const RowClock& clock, IoOp op, std::uint64_t size, Level tier,
                  std::string_view key, Phase phase);

  // Writes every thread's pending rows, ends the zstd frame, fsyncs and closes. Idempotent; only
  // the first call can throw: std::runtime_error naming the path and the first write error
  // (e.g. ENOSPC), after which nothing more was written. Rows recorded later are dropped.
  void close();

  // Rows accepted before close(). Once closed without an error, exactly the rows in the file.
  std::uint64_t rows_recorded() const;
  // Rows the file really holds: rows_recorded() unless a write failed; then, once closed, the
  // complete rows read back from the file (before that, the rows handed to it).
  std::uint64_t rows_written() const;
  // Rows offered after close() and not written.
  std::uint64_t rows_dropped() const;
  // Rows the merge wrote before an older one (only when merge_hold_bytes forced rows out).
  std::uint64_t rows_out_of_order() const;
  // Uncompressed bytes handed to the file (header included); complete once closed.
  std::uint64_t bytes_written() const;
  // True once a write failed; close() will throw. Lets a run stop early on a full disk.
  bool failed() const;
  const std::string& path() const;

 private:
  class Impl;
  explicit TraceWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kvbench::trace
