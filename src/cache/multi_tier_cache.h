// MultiTierCache: where every KV entry lives. Levels are ordered fastest first (gpu → cpu →
// storage); new entries target the fastest and push least-recently-used entries down (waterfall
// LRU, spec §6.2–6.4); the last level is the terminal one, where eviction deletes. Metadata is guarded by one short critical section per operation; tier I/O
// happens outside it on pinned entries.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cache/eviction_options.h"
#include "cache/mismatch_log.h"
#include "common/io_observer_list.h"
#include "common/io_types.h"
#include "model/kv_layout.h"
#include "tiers/tier.h"

namespace kvbench::cache {

using TierSetup = tiers::LevelSetup;

struct CacheOptions {
  Eviction eviction;          // thresholds of spec §6.3
  int max_concurrent_allocs = 0;      // 0 = unlimited; bounds concurrent allocate() calls
  std::uint64_t payload_seed = 0;     // the run's global seed: payload seed = hash(key) ^ this
  bool verify = false;                // --verify: check every byte read against its payload
};

struct WriteResult {
  bool ok = false;        // false: no tier could take the entry (counted as a write failure)
  bool existed = false;   // the key was already cached: no I/O, no stats, no trace row
  Level tier = Level::Gpu;  // where the entry is; meaningful only when ok (hit)
  double latency_s = 0;   // the new entry's own write; demotions are not included
};

struct ReadResult {
  bool hit = false;         // the entry was cached and its bytes were read
  bool failed = false;      // it was cached but its tier read failed: not a hit (issue 15 item 2)
  Level tier = Level::Gpu;  // where the entry is; meaningful only when hit or failed
  double latency_s = 0;
};

struct TierUsage {
  Level id;
  std::uint64_t used_bytes = 0;
  double limit_bytes = 0;
  std::uint64_t entries = 0;
};

class MultiTierCache {
 public:
  // `observers` hear every event (common/io_event.h): counters, trace, live metrics, as composed
  // where the run is wired. They must outlive the cache and must not call back into it.
  MultiTierCache(std::vector<TierSetup> tiers, CacheOptions options, IoObserverList observers);
  ~MultiTierCache();
  MultiTierCache(const MultiTierCache&) = delete;
  MultiTierCache& operator=(const MultiTierCache&) = delete;

  // Writes a new entry of `size` bytes (spec §6.2). The entry keeps `tokens`: it feeds
  // storage_tokens_processed whenever the entry is written to, demoted into or read from NVMe.
  // Bounds (cache_entry.h): an entry over kMaxEntryBytes is a write failure; tokens are clamped
  // at kMaxEntryTokens.
  WriteResult allocate(const std::string& key, std::uint64_t size, std::uint64_t tokens,
                       Phase phase = Phase::Prefill);
  // The same, for an entry laid out by model::KvLayout (bytes and tokens from one place).
  WriteResult allocate(const model::KvBlock& block, Phase phase = Phase::Prefill) {
    return allocate(block.key, block.bytes, block.tokens, phase);
  }

  // Reads a whole entry if present (spec §6.4); refreshes its LRU position. No promotion.
  // A failed read is no hit; one that finds the stored copy gone (ENOENT) drops the entry and
  // its bytes, counted as lost, so usage follows what is really stored.
  ReadResult access(const std::string& key, Phase phase, CacheType type);

  // Metadata-only lookup: where the entry is and its size. No I/O, no LRU update, no stats.
  std::optional<std::pair<Level, std::uint64_t>> lookup(const std::string& key) const;

  // Removes an entry from whatever tier holds it (e.g. RAG document eviction). Waits for
  // in-flight I/O on it. Returns false if the key was not cached.
  bool remove(const std::string& key);

  // Drops every entry whose stored copy is gone (tiers::Tier::holds: an entry file deleted
  // behind kvbench's back), counted as lost, so the final usage is what is really stored.
  // Asks each backend once per entry, outside the lock; entries busy with I/O are skipped.
  // Returns how many were dropped. Meant for the run's end.
  std::uint64_t drop_vanished();

  // The run is over: every backend ends its operations in flight and fails later ones
  // (tiers::Tier::cancel_io). Failed operations count as failures; nothing half-written stays.
  void cancel_io();

  std::vector<Level> tier_order() const;
  std::vector<TierUsage> usage() const;
  // Sizes of all committed entries (for the block-size section of the report).
  std::vector<std::uint64_t> entry_sizes() const;
  // --verify: the first MismatchLog::kKept mismatching reads, in the order they happened.
  std::vector<VerifyMismatch> verify_mismatches() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kvbench::cache
