#include "tiers/cpu_tier.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <stdexcept>

#include "tiers/io_clock.h"

namespace kvbench::tiers {
namespace {

// Capacities are rounded so that entries of similar sizes can share buffers.
std::size_t capacity_for(std::uint64_t size) {
  return static_cast<std::size_t>(round_up(size > 0 ? size : 1, size >= (2u << 20) ? (2u << 20) : 4096));
}

AlignedBuffer& staging(std::size_t size) {
  thread_local AlignedBuffer buf;
  if (buf.size() != size) buf = AlignedBuffer(size);
  return buf;
}

}  // namespace

struct CpuTier::Block {
  AlignedBuffer bytes;  // its capacity may exceed the entry
  std::uint64_t size = 0;
};

CpuTier::CpuTier(std::size_t piece_bytes, std::uint64_t pool_bytes)
    : piece_bytes_(piece_bytes > 0 ? piece_bytes : 1 << 20), pool_limit_(pool_bytes) {}

CpuTier::~CpuTier() = default;

AlignedBuffer CpuTier::take_buffer(std::uint64_t size) {
  const std::size_t cap = capacity_for(size);
  {
    std::lock_guard lock(mu_);
    // A pooled buffer no more than 25 % larger than needed: reuse without hoarding big ones.
    auto it = pool_.lower_bound(cap);
    if (it != pool_.end() && it->first <= cap + cap / 4) {
      AlignedBuffer buf = std::move(it->second);
      pooled_ -= it->first;
      pool_.erase(it);
      return buf;
    }
  }
  try {
    return AlignedBuffer(cap, 4096);
  } catch (const std::bad_alloc&) {
    throw std::runtime_error("cpu tier: out of memory for an entry of " + std::to_string(size) + " bytes");
  }
}

void CpuTier::give_back(AlignedBuffer buf) {
  AlignedBuffer spill;  // over the bound: freed after the lock is released
  std::lock_guard lock(mu_);
  if (pooled_ + buf.size() > pool_limit_) {
    spill = std::move(buf);
    return;
  }
  pooled_ += buf.size();
  pool_.emplace(buf.size(), std::move(buf));
}

IoTiming CpuTier::write(const std::string& key, std::uint64_t size, ByteSource& src) {
  const double start = monotonic_s();
  HostWork work;
  auto block = std::make_shared<Block>();
  block->size = size;
  block->bytes = take_buffer(size);
  std::byte* piece = staging(piece_bytes_).data();
  try {
    for (std::uint64_t off = 0; off < size; off += piece_bytes_) {
      throw_if_cancelled();
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(piece_bytes_, size - off));
      work.time([&] { src.fill(off, piece, n); });  // serial: the copy waits for it
      std::memcpy(block->bytes.data() + off, piece, n);
    }
  } catch (...) {
    give_back(std::move(block->bytes));
    throw;
  }
  {
    std::lock_guard lock(mu_);
    entries_[key] = std::move(block);
  }
  return timing_since(start, work);
}

IoTiming CpuTier::read(const std::string& key, std::uint64_t offset, std::uint64_t len,
                       ByteSink& dst) {
  const double start = monotonic_s();
  HostWork work;
  std::shared_ptr<Block> block;
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end()) block = it->second;
  }
  if (!block) throw std::runtime_error("cpu tier: no entry '" + key + "'");
  if (offset > block->size || len > block->size - offset)
    throw std::runtime_error("cpu tier: read past the end of entry '" + key + "'");
  std::byte* piece = staging(piece_bytes_).data();
  for (std::uint64_t off = offset; off < offset + len; off += piece_bytes_) {
    throw_if_cancelled();
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(piece_bytes_, offset + len - off));
    std::memcpy(piece, block->bytes.data() + off, n);
    work.time([&] { dst.take(off, piece, n); });
  }
  return timing_since(start, work);
}

void CpuTier::remove(const std::string& key) {
  std::shared_ptr<Block> gone;
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    gone = std::move(it->second);
    entries_.erase(it);
  }
  // Only the cache removes, and never under a reader, so this is the last reference.
  if (gone.use_count() == 1) give_back(std::move(gone->bytes));
}

std::size_t CpuTier::entry_count() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

std::uint64_t CpuTier::pooled_bytes() const {
  std::lock_guard lock(mu_);
  return pooled_;
}

}  // namespace kvbench::tiers
