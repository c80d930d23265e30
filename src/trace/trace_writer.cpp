#include "trace/trace_writer.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <span>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

#include "trace/block_queue.h"
#include "trace/byte_sink.h"
#include "trace/csv_row.h"
#include "trace/producer_registry.h"
#include "trace/row_count.h"
#include "trace/trace_writer_merge.h"

namespace kvbench::trace {

class TraceWriter::Impl {
 public:
  Impl(std::string path, const TraceWriterOptions& options)
      : path_(std::move(path)),
        options_(options),
        queue_(options.block_bytes, options.max_pending_blocks) {
    sink_ = open_sink(path_, options_.zstd_level);
    const std::string_view header = kTraceHeader;
    try {
      sink_->write(std::span<const std::string_view>(&header, 1));
    } catch (const std::system_error& e) {
      throw std::runtime_error("trace file " + path_ +
                               ": cannot write header: " + e.code().message());
    }
    bytes_.store(header.size(), std::memory_order_relaxed);
    writer_ = std::thread([this] { writer_loop(); });
  }

  ~Impl() {
    try {
      close();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "kvbench: %s\n", e.what());
    }
  }

  void record(std::int64_t timestamp_us, IoOp op, std::uint64_t size, Level tier,
              std::string_view key, Phase phase) {
    ProducerSlot& slot = registry_.local_slot();
    std::lock_guard lock(slot.mu);
    append(slot, timestamp_us, op, size, tier, key, phase);
  }

  void record_now(const RowClock& clock, IoOp op, std::uint64_t size, Level tier,
                  std::string_view key, Phase phase) {
    ProducerSlot& slot = registry_.local_slot();
    std::lock_guard lock(slot.mu);
    if (!slot.stamps_under_lock.load(std::memory_order_relaxed))
      slot.stamps_under_lock.store(true, std::memory_order_relaxed);
    append(slot, clock.epoch_us(), op, size, tier, key, phase);
  }

  void close() {
    std::lock_guard lock(close_mu_);
    if (closed_) return;
    closed_ = true;
    registry_.seal_all([this](ProducerSlot& slot) { hand_over_partial(slot); });
    queue_.stop();
    writer_.join();
    if (failed_.load()) {
      // The file lost rows: say how many it really holds, read back (a truncated zstd frame
      // decodes up to where it was cut); a pipe is credited with what reached it.
      rows_in_file_ = count_complete_rows(path_).value_or(rows_handed_.load());
      std::lock_guard error_lock(error_mu_);
      throw std::runtime_error(error_);
    }
  }

  std::uint64_t rows_recorded() const { return registry_.rows(); }
  std::uint64_t rows_written() const {
    if (!failed_.load()) return rows_recorded();
    std::lock_guard lock(close_mu_);
    return closed_ ? rows_in_file_ : rows_handed_.load();
  }
  std::uint64_t rows_dropped() const { return dropped_.load(std::memory_order_relaxed); }
  std::uint64_t rows_out_of_order() const {
    return out_of_order_.load(std::memory_order_relaxed);
  }
  std::uint64_t bytes_written() const { return bytes_.load(std::memory_order_relaxed); }
  bool failed() const { return failed_.load(); }
  const std::string& path() const { return path_; }

 private:
  // The slot's lock is held by the caller.
  void append(ProducerSlot& slot, std::int64_t timestamp_us, IoOp op, std::uint64_t size,
              Level tier, std::string_view key, Phase phase) {
    if (slot.sealed) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    const std::size_t need = max_row_bytes(key.size());
    if (!slot.block || slot.block->space() < need) {
      slot.block = queue_.exchange(std::move(slot.block), need);
      slot.block->producer = slot.index;
    }
    RowBlock& block = *slot.block;
    char* end = format_row(block.cursor(), timestamp_us, op, size, tier, key, phase);
    block.used = static_cast<std::size_t>(end - block.data.get());
    block.marks.push_back({timestamp_us, static_cast<std::uint32_t>(block.used)});
    // Published after the row is in the block: the watermark reads them without the lock.
    if (block.marks.size() == 1) slot.first_unsent_us.store(timestamp_us, std::memory_order_release);
    slot.latest_us.store(timestamp_us, std::memory_order_release);
    slot.rows.store(slot.rows.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }

  // The slot's lock is held by the caller.
  void hand_over_partial(ProducerSlot& slot) {
    if (slot.block && slot.block->used > 0) queue_.push(std::move(slot.block));
    slot.block.reset();
    slot.first_unsent_us.store(ProducerSlot::kNoRow, std::memory_order_release);
  }

  void writer_loop() {
    using Clock = std::chrono::steady_clock;
    const auto interval = options_.flush_interval;
    const auto tick = std::max(std::chrono::milliseconds(1), options_.merge_interval);
    auto next_flush = Clock::now() + interval;
    auto next_collect = Clock::now() + tick;
    std::vector<RowBlockPtr> batch;
    for (;;) {
      // Rows wait for the watermark, which moves without any block arriving, and partial
      // blocks go stale: look again every tick.
      auto wait = tick;
      if (interval.count() > 0) {
        const auto to_flush = std::max(
            std::chrono::milliseconds(1),
            std::chrono::duration_cast<std::chrono::milliseconds>(next_flush - Clock::now()));
        wait = std::min(wait, to_flush);
      }
      const BlockQueue::Wake wake = queue_.take_all(batch, wait);
      if (wake == BlockQueue::Wake::Stopped) break;
      advance(batch);
      const auto now = Clock::now();
      if (now >= next_collect) {
        collect_stalling_partials();
        next_collect = now + tick;
      }
      if (interval.count() > 0 && now >= next_flush) {
        registry_.for_each_idle([this](ProducerSlot& slot) { hand_over_partial(slot); });
        next_flush = Clock::now() + interval;
      }
    }
    // Every producer is sealed and its rows are here: the rest goes out in order.
    for (auto& block : batch) merger_.add(std::move(block));
    batch.clear();
    write_out(merger_.emit(ProducerSlot::kNoRow, out_));
    finish_sink();
  }

  // Partial blocks hold the watermark at their first row: ask for one that has not changed for
  // a tick (its thread records slowly or idles), or, while rows wait here, one older than them.
  void collect_stalling_partials() {
    const std::int64_t newest = merger_.newest();
    registry_.for_each_idle([&](ProducerSlot& slot) {
      const std::int64_t first = slot.first_unsent_us.load(std::memory_order_relaxed);
      if (first != ProducerSlot::kNoRow && (first == slot.first_seen_by_writer || first <= newest))
        hand_over_partial(slot);
      slot.first_seen_by_writer = slot.first_unsent_us.load(std::memory_order_relaxed);
    });
  }

  // Takes the blocks that arrived, then every row the watermark lets out. The watermark is
  // read before the last take, so a block handed over after it is bounded by it.
  void advance(std::vector<RowBlockPtr>& batch) {
    for (auto& block : batch) merger_.add(std::move(block));
    batch.clear();
    const std::int64_t watermark = read_watermark(registry_);
    queue_.take_ready(batch);
    for (auto& block : batch) merger_.add(std::move(block));
    batch.clear();
    std::uint64_t rows = 0;
    if (watermark != kWatermarkBusy) rows += merger_.emit(watermark, out_);
    // A producer that stalls the watermark must not grow memory without bound: its peers'
    // oldest rows go out anyway (counted in rows_out_of_order if it later records older ones).
    if (merger_.held_bytes() > options_.merge_hold_bytes)
      rows += merger_.emit(ProducerSlot::kNoRow, out_, options_.merge_hold_bytes / 2);
    write_out(rows);
  }

  void write_out(std::uint64_t rows) {
    // After the first error nothing more is written, but blocks still flow so producers never
    // wait forever on a full queue.
    if (!out_.empty() && !failed_.load(std::memory_order_relaxed)) {
      try {
        sink_->write(out_.pieces());
        bytes_.fetch_add(out_.bytes(), std::memory_order_relaxed);
        rows_handed_.fetch_add(rows, std::memory_order_relaxed);
      } catch (const std::system_error& e) {
        fail(e);
      }
    }
    out_.clear();
    out_of_order_.store(merger_.rows_out_of_order(), std::memory_order_relaxed);
    merger_.take_consumed(consumed_);
    queue_.recycle(consumed_);
  }

  void finish_sink() {
    if (!failed_.load()) {
      try {
        sink_->finish();
      } catch (const std::system_error& e) {
        fail(e);
      }
    }
    sink_.reset();  // after a failure: closes the descriptor without finishing the frame
  }

  void fail(const std::system_error& e) {
    {
      std::lock_guard lock(error_mu_);
      error_ = "trace file " + path_ + ": " + e.what();
    }
    failed_.store(true);
  }

  const std::string path_;
  const TraceWriterOptions options_;
  BlockQueue queue_;
  ProducerRegistry registry_;
  std::unique_ptr<ByteSink> sink_;  // the writer thread's alone once it runs
  // The writer thread's alone: rows waiting for the watermark, the merged bytes of one pass,
  // and the blocks done with.
  RowMerger merger_;
  OutputPieces out_;  // views into the merger's blocks until write_out recycles them
  std::vector<RowBlockPtr> consumed_;
  std::atomic<std::uint64_t> out_of_order_{0};
  std::thread writer_;
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<bool> failed_{false};
  std::mutex error_mu_;
  std::string error_;
  mutable std::mutex close_mu_;
  bool closed_ = false;
  std::atomic<std::uint64_t> rows_handed_{0};  // rows of the blocks the sink took
  std::uint64_t rows_in_file_ = 0;             // after a failure, set by close()
};

std::unique_ptr<TraceWriter> TraceWriter::open(const std::string& path,
                                               const TraceWriterOptions& options) {
  if (options.block_bytes == 0) throw std::invalid_argument("trace block_bytes must be > 0");
  return std::unique_ptr<TraceWriter>(new TraceWriter(std::make_unique<Impl>(path, options)));
}

TraceWriter::TraceWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TraceWriter::~TraceWriter() = default;

void TraceWriter::record(std::int64_t timestamp_us, IoOp op, std::uint64_t size, Level tier,
                         std::string_view key, Phase phase) {
  impl_->record(timestamp_us, op, size, tier, key, phase);
}

void TraceWriter::record_now(const RowClock& clock, IoOp op, std::uint64_t size, Level tier,
                             std::string_view key, Phase phase) {
  impl_->record_now(clock, op, size, tier, key, phase);
}

void TraceWriter::close() { impl_->close(); }
std::uint64_t TraceWriter::rows_out_of_order() const { return impl_->rows_out_of_order(); }
std::uint64_t TraceWriter::rows_recorded() const { return impl_->rows_recorded(); }
std::uint64_t TraceWriter::rows_written() const { return impl_->rows_written(); }
std::uint64_t TraceWriter::rows_dropped() const { return impl_->rows_dropped(); }
std::uint64_t TraceWriter::bytes_written() const { return impl_->bytes_written(); }
bool TraceWriter::failed() const { return impl_->failed(); }
const std::string& TraceWriter::path() const { return impl_->path(); }

}  // namespace kvbench::trace
