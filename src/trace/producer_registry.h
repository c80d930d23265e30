// Gives each thread that records into a TraceWriter its own slot (a block being filled and a
// row count), found through a thread-local binding so the hot path locks only its own slot.
// The registry, not the thread, owns the slots: a thread may exit with a half-filled block and
// close() still writes it; a slot a dead thread left behind is adopted by the next new thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "common/short_lock.h"
#include "trace/row_block.h"

namespace kvbench::trace {

struct ProducerSlot {
  explicit ProducerSlot(std::uint32_t i) : index(i) {}

  static constexpr std::int64_t kNoRow = std::numeric_limits<std::int64_t>::max();
  const std::uint32_t index;  // the writer's merge lane for this slot's blocks
  // Taken by its own thread per row; by others only at close, at a periodic flush, or at
  // adoption, so it is almost never contended: a ShortLock, whose uncontended pair costs a
  // fraction of pthread's (callgrind: 1.5 % of a trace-mode run's instructions).
  ShortLock mu;
  RowBlockPtr block;
  // Rows accepted through this slot. Written only with `mu` held; read by anyone, lock-free.
  std::atomic<std::uint64_t> rows{0};
  bool sealed = false;  // the writer is closed: rows are dropped, not buffered
  // What the writer's watermark reads without the lock (trace_writer_merge.h). Stored with `mu`
  // held, after the row is in the block.
  std::atomic<std::int64_t> first_unsent_us{kNoRow};  // first row of `block`; kNoRow if empty
  std::atomic<std::int64_t> latest_us{std::numeric_limits<std::int64_t>::min()};
  // Its rows are stamped with the clock read under `mu` (TraceWriter::record_now), so a row it
  // records after the writer held `mu` is no older than any row recorded before that.
  std::atomic<bool> stamps_under_lock{false};
  // The writer thread's alone (read and written with `mu` held): first_unsent_us at its last
  // look, so that a partial block that stopped growing is collected a tick later.
  std::int64_t first_seen_by_writer = kNoRow;
  // Its thread exited; a new thread may take it over. Atomic so that adoption never waits on
  // `mu`, which a live owner may hold while it waits for the writer thread.
  std::atomic<bool> orphaned{false};
};

class ProducerRegistry {
 public:
  ProducerRegistry();
  ProducerRegistry(const ProducerRegistry&) = delete;
  ProducerRegistry& operator=(const ProducerRegistry&) = delete;

  // The calling thread's slot for this registry, registering it on first use.
  ProducerSlot& local_slot();

  // Runs `fn` on every slot with its lock held, then marks all slots (and any later one) sealed.
  void seal_all(const std::function<void(ProducerSlot&)>& fn);
  // Runs `fn` on every slot whose lock is free right now. Never blocks: a busy slot (or a busy
  // registry) is skipped, because its holder may itself be waiting on the caller, the writer
  // thread, for queue space.
  void for_each_idle(const std::function<void(ProducerSlot&)>& fn);

  // Runs `fn` on every slot, without their locks, unless the registry is busy right now
  // (then returns false): the writer thread may never wait on it (see for_each_idle).
  bool try_visit(const std::function<void(ProducerSlot&)>& fn);

  std::uint64_t rows() const;

 private:
  ProducerSlot& register_thread();

  const std::uint64_t id_;  // unique per process lifetime, so a stale binding never matches
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<ProducerSlot>> slots_;
  bool sealed_ = false;
};

}  // namespace kvbench::trace
