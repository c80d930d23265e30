// Every entry the cache knows, found by key. Entries live in chunks that never move, so an
// Entry* stays valid for the LRU lists and eviction plans while the table grows; erased entries
// are reused. The index is open addressing (linear probing, backward-shift erase) over 32-bit
// entry numbers and their hashes. About 80 + 11 to 21 bytes per entry, where a
// std::unordered_map<std::string, Entry> took about 200 (node, bucket, key's heap block).
// Not thread-safe: MultiTierCache's mutex guards it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "cache/cache_entry.h"

namespace kvbench::cache {

class EntryTable {
 public:
  EntryTable();
  ~EntryTable();
  EntryTable(const EntryTable&) = delete;
  EntryTable& operator=(const EntryTable&) = delete;

  Entry* find(std::string_view key) const;
  // The entry of `key`; a new one (default fields, state Writing) if there was none. `second`
  // tells whether it was created.
  std::pair<Entry*, bool> try_emplace(std::string_view key);
  // Forgets `e` (which must be in the table) and keeps its storage for the next new entry.
  void erase(Entry* e);

  std::size_t size() const { return size_; }

  template <class Visit>
  void for_each(Visit&& visit) const {
    for (const Slot slot : slots_) {
      if (slot.ref != kEmpty) visit(*entry(slot.ref));
    }
  }

 private:
  // An entry's number + 1 in the chunks; kEmpty marks a free slot.
  using Ref = std::uint32_t;
  static constexpr Ref kEmpty = 0;
  // Fixed-size chunks, so that a number finds its entry with a shift. Allocated whole but
  // touched (made resident) one entry at a time.
  static constexpr unsigned kChunkBits = 12;
  static constexpr std::size_t kChunkEntries = std::size_t{1} << kChunkBits;

  Entry* entry(Ref ref) const {
    const std::size_t n = ref - 1;
    return chunks_[n >> kChunkBits].get() + (n & (kChunkEntries - 1));
  }
  static std::uint32_t hash_of(std::string_view key);
  std::size_t slot_of(std::string_view key, std::uint32_t hash) const;
  void grow();
  Ref new_entry();

  // A slot keeps its entry's hash beside the number, so a probe compares hashes in the slot
  // array and touches an entry (a cache miss: entries are scattered) only on a likely match.
  // perf: slot_of was 11 % of a trace-mode run's cycles while each probe read its entry.
  struct Slot {
    Ref ref = kEmpty;
    std::uint32_t hash = 0;
  };
  std::vector<Slot> slots_;  // power-of-two size
  std::size_t size_ = 0;

  // Storage: raw chunks, each entry constructed when handed out and destroyed when erased;
  // an erased entry's storage holds the number of the next free one.
  struct ChunkDeleter {
    void operator()(Entry* p) const;
  };
  std::vector<std::unique_ptr<Entry, ChunkDeleter>> chunks_;
  std::size_t handed_out_ = 0;  // entries ever constructed from the chunks (the next number)
  Ref free_ = kEmpty;           // first erased entry to reuse
};

}  // namespace kvbench::cache
