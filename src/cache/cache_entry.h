// What the cache knows about one KV entry, and the per-tier intrusive LRU list that orders the
// entries resting in a tier. Everything here is guarded by MultiTierCache's one mutex.
#pragma once

#include <cstdint>
#include <limits>

#include "cache/entry_key.h"

namespace kvbench::cache {

enum class EntryState : std::uint8_t {
  Writing,   // first write in flight: readers miss, allocate() of the key reports "existed"
  Ready,     // committed and resting in its tier's LRU list; may be read, evicted, removed
  Moving,    // being demoted: readers read `loc` (the source until the copy has landed)
  Deleting,  // on its way out: readers miss, allocate() of the key waits until it is erased
};

inline constexpr std::uint8_t kNoTier = std::numeric_limits<std::uint8_t>::max();

// Bounds of the one word that holds an entry's bytes and tokens (see Entry): 1 TiB per entry
// and rank, 16,777,215 tokens. allocate() refuses a larger entry and clamps more tokens.
inline constexpr std::uint64_t kMaxEntryBytes = (std::uint64_t{1} << 40) - 1;
inline constexpr std::uint64_t kMaxEntryTokens = (std::uint64_t{1} << 24) - 1;

// 80 bytes: the cache may hold every entry a run wrote (trace mode, unlimited NVMe), so this
// struct is the run's memory (static_assert below).
struct Entry {
  // The entry's bytes, and the tokens the writer said they hold (model::KvBlock):
  // storage_tokens_processed counts those on NVMe demotions and reads, so the cache never
  // derives tokens from bytes. One word for both keeps the entry at 80 bytes (a separate
  // tokens field cost 8 bytes per entry: +20 MB peak RSS in a 2.5-million-entry trace run).
  std::uint64_t size : 40 = 0;
  std::uint64_t tokens : 24 = 0;
  Entry* newer = nullptr;  // LRU links inside tiers[placement], only while Ready
  Entry* older = nullptr;
  // Reads in flight against `loc`. A Ready entry with readers is pinned: eviction skips it.
  std::uint32_t readers = 0;
  // Reads still in flight against the demotion source after `loc` moved to the destination;
  // the source copy is removed only once they are done.
  std::uint32_t src_readers = 0;
  std::uint32_t hash = 0;  // low bits of the key's hash: EntryTable's home slot, and a quick compare
  EntryKey key;
  // Tier whose usage counts these bytes (the destination while Moving); kNoTier when none does
  // (Deleting entries, and a Writing entry before its placement is decided).
  std::uint8_t placement = kNoTier;
  std::uint8_t loc = kNoTier;  // tier a reader reads from right now
  EntryState state = EntryState::Writing;
};

static_assert(sizeof(Entry) == 80, "keep the per-entry metadata small (see the comment above)");

// Doubly linked through the entries themselves, so touch/insert/unlink are O(1) and allocate
// nothing. It also keeps the byte total the "little to evict" rule of spec §6.3 needs.
class LruList {
 public:
  Entry* least_recent() const { return lru_; }
  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t count() const { return count_; }

  void push_most_recent(Entry* e) {
    e->older = mru_;
    e->newer = nullptr;
    if (mru_ != nullptr) mru_->newer = e;
    mru_ = e;
    if (lru_ == nullptr) lru_ = e;
    bytes_ += e->size;
    ++count_;
  }

  void unlink(Entry* e) {
    if (e->newer != nullptr)
      e->newer->older = e->older;
    else
      mru_ = e->older;
    if (e->older != nullptr)
      e->older->newer = e->newer;
    else
      lru_ = e->newer;
    e->newer = e->older = nullptr;
    bytes_ -= e->size;
    --count_;
  }

  void touch(Entry* e) {
    if (e == mru_) return;
    unlink(e);
    push_most_recent(e);
  }

 private:
  Entry* mru_ = nullptr;
  Entry* lru_ = nullptr;
  std::uint64_t bytes_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace kvbench::cache
