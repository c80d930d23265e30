// The CPU tier: entries in real DRAM buffers. A write stages each piece from the source and
// copies it into the entry; a read copies each piece out to staging and hands it to the sink.
// The copies are the device time (the reference times its copy in and out the same way).
// Buffers of removed entries are kept in a bounded pool and reused, as an inference server's
// preallocated KV pool would be, so a copy meets memory already mapped instead of page faults.
#pragma once

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <stdexcept>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "tiers/aligned_buffer.h"
#include "tiers/tier.h"

namespace kvbench::tiers {

class CpuTier final : public Tier {
 public:
  // `piece_bytes`: staging size per copy, small enough to stay in cache between produce and
  // copy. `pool_bytes`: most bytes of free buffers kept for reuse. `level`: the one it serves.
  explicit CpuTier(std::size_t piece_bytes = 1 << 20, std::uint64_t pool_bytes = 1ull << 30,
                   Level level = Level::Cpu);
  ~CpuTier() override;

  Level id() const override { return level_; }
  IoTiming write(const std::string& key, std::uint64_t size, ByteSource& src) override;
  IoTiming read(const std::string& key, std::uint64_t offset, std::uint64_t len,
                ByteSink& dst) override;
  void remove(const std::string& key) override;

  std::size_t entry_count() const;
  std::uint64_t pooled_bytes() const;

  // A copy of a large entry (with its payload or --verify work) takes seconds on a loaded
  // machine: after the run it stops between pieces.
  void cancel_io() override { cancelled_.store(true, std::memory_order_relaxed); }

 private:
  struct Block;
  void throw_if_cancelled() const {
    // ECANCELED: the cache counts it as cancelled, not as a device error.
    if (cancelled_.load(std::memory_order_relaxed)) throw TierFailure("cpu tier: cancelled at the end of the run", ECANCELED);
  }
  std::atomic<bool> cancelled_{false};
  AlignedBuffer take_buffer(std::uint64_t size);
  void give_back(AlignedBuffer buf);

  std::size_t piece_bytes_;
  std::uint64_t pool_limit_;
  Level level_;
  // Guards the maps only; copies and page faults happen outside it. The cache pins an entry
  // while it is read, so a block never goes away under a reader.
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Block>> entries_;
  std::multimap<std::size_t, AlignedBuffer> pool_;  // by capacity
  std::uint64_t pooled_ = 0;
};

}  // namespace kvbench::tiers
