// MultiTierCache: where every KV entry lives. Tiers are ordered fastest first (GPU → CPU → NVMe);
// new entries target the fastest tier and push least-recently-used entries down (waterfall LRU,
// spec §6.2–6.4). Metadata is guarded by one short critical section per operation; tier I/O
// happens outside it on pinned entries.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cache/cache_observer.h"
#include "common/io_types.h"
#include "config/settings.h"
#include "stats/cache_counters.h"
#include "tiers/tier.h"

namespace kvbench::cache {

struct TierSetup {
  std::unique_ptr<tiers::Tier> backend;
  double limit_bytes = 0;  // std::numeric_limits<double>::infinity() = unlimited
};

struct CacheOptions {
  config::Eviction eviction;          // thresholds of spec §6.3
  int max_concurrent_allocs = 0;      // 0 = unlimited; bounds concurrent allocate() calls
  double bytes_per_token = 1;         // per-rank bytes per token, for storage_tokens_processed
  std::uint64_t payload_seed = 0;     // the run's global seed: payload seed = hash(key) ^ this
  bool verify = false;                // --verify: check every byte read against its payload
};

struct WriteResult {
  bool ok = false;        // false: no tier could take the entry (counted as a write failure)
  bool existed = false;   // the key was already cached: no I/O, no stats, no trace row
  Level tier = Level::Storage;
  double latency_s = 0;   // the new entry's own write; demotions are not included
};

struct ReadResult {
  bool hit = false;
  Level tier = Level::Storage;
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
  MultiTierCache(std::vector<TierSetup> tiers, CacheOptions options, stats::CacheCounters& counters,
                 CacheObserver* observer);
  ~MultiTierCache();
  MultiTierCache(const MultiTierCache&) = delete;
  MultiTierCache& operator=(const MultiTierCache&) = delete;

  // Writes a new entry of `size` bytes (spec §6.2). `tokens` feeds storage_tokens_processed.
  WriteResult allocate(const std::string& key, std::uint64_t size, std::uint64_t tokens,
                       Phase phase = Phase::Prefill);

  // Reads a whole entry if present (spec §6.4); refreshes its LRU position. No promotion.
  ReadResult access(const std::string& key, Phase phase, CacheType type);

  // Metadata-only lookup: where the entry is and its size. No I/O, no LRU update, no stats.
  std::optional<std::pair<Level, std::uint64_t>> lookup(const std::string& key) const;

  // Removes an entry from whatever tier holds it (e.g. RAG document eviction). Waits for
  // in-flight I/O on it. Returns false if the key was not cached.
  bool remove(const std::string& key);

  // The run is over: every backend ends its operations in flight and fails later ones
  // (tiers::Tier::cancel_io). Failed operations count as failures; nothing half-written stays.
  void cancel_io();

  std::vector<Level> tier_order() const;
  std::vector<TierUsage> usage() const;
  // Sizes of all committed entries (for the block-size section of the report).
  std::vector<std::uint64_t> entry_sizes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kvbench::cache
