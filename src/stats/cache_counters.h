// CacheCounters: what the cache did, as counted for the results JSON (spec §8.2) and metrics.
// Plain relaxed atomics: written by many workers, read by the reporter and the HTTP server.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "common/io_types.h"
#include "stats/latency_recorder.h"

namespace kvbench::stats {

using Counter = std::atomic<std::uint64_t>;

struct TierCounters {
  Counter kv_bytes_written{0};  // new entries placed here (demotions excluded, as the reference)
  Counter kv_bytes_read{0};
  Counter entries_written{0};
  Counter entries_read{0};
  Counter evict_bytes_in{0};    // bytes demoted into this tier
  Counter evict_bytes_out{0};   // bytes demoted out of / deleted from this tier
  LatencyRecorder read_latency{LatencyRecorder::kOperationSampleCap};
  LatencyRecorder write_latency{LatencyRecorder::kOperationSampleCap};
  LatencyRecorder read_device_latency{LatencyRecorder::kOperationSampleCap};  // reported for the storage tier (spec §8.2)
  LatencyRecorder read_host_latency{LatencyRecorder::kOperationSampleCap};
  LatencyRecorder write_device_latency{LatencyRecorder::kOperationSampleCap};
  LatencyRecorder write_host_latency{LatencyRecorder::kOperationSampleCap};
  // kvbench work (payload generation, --verify) that overlapped the operation's own transfers,
  // nanoseconds summed: CPU it cost, outside the latencies above (tiers/tier.h IoTiming).
  Counter read_overlapped_ns{0};
  Counter write_overlapped_ns{0};
};

struct CacheCounters {
  Counter cache_hits{0};
  Counter cache_misses{0};
  // The same misses by the type of entry looked for (index: CacheType); the reference counts
  // only their total (and multi-turn misses per request, in the request stats).
  std::array<Counter, kCacheTypeCount> misses_by_type{};
  Counter system_prompt_hits{0};
  Counter common_phrase_hits{0};
  Counter user_cache_hits{0};
  Counter multi_turn_hits{0};
  Counter prefill_writes{0};
  Counter decode_reads{0};
  Counter write_operations{0};  // "write_iops" in JSON: a count, not a rate
  Counter read_operations{0};   // "read_iops"
  Counter total_write_bytes{0};
  Counter total_read_bytes{0};
  Counter offloads_cpu{0};
  Counter offloads_storage{0};
  Counter demotions{0};          // GPU→CPU and CPU→NVMe moves
  Counter deletions{0};          // LRU entries deleted from the terminal tier
  Counter write_failures{0};     // allocations no tier could take, or whose write failed
  Counter read_failures{0};      // hits whose tier read failed (still hits, as the reference)
  Counter verify_mismatches{0};  // --verify: reads whose bytes differ from the entry's payload
  Counter storage_tokens_processed{0};
  std::array<TierCounters, kLevelCount> tiers;

  Counter& hits(CacheType t) {
    switch (t) {
      case CacheType::System: return system_prompt_hits;
      case CacheType::CommonPhrase: return common_phrase_hits;
      case CacheType::MultiTurn: return multi_turn_hits;
      case CacheType::User: return user_cache_hits;
    }
    return user_cache_hits;
  }
  const Counter& hits(CacheType t) const { return const_cast<CacheCounters*>(this)->hits(t); }
  Counter& misses(CacheType t) { return misses_by_type[static_cast<std::size_t>(t)]; }
  const Counter& misses(CacheType t) const { return misses_by_type[static_cast<std::size_t>(t)]; }
  TierCounters& tier(Level t) { return tiers[static_cast<std::size_t>(t)]; }
  const TierCounters& tier(Level t) const { return tiers[static_cast<std::size_t>(t)]; }

  static void add(Counter& c, std::uint64_t v) { c.fetch_add(v, std::memory_order_relaxed); }
  static std::uint64_t get(const Counter& c) { return c.load(std::memory_order_relaxed); }

  // Zeroes every counter and latency list; entries stay cached (reference reset_stats()).
  void reset();
  // Makes this a copy of `other` as it is now (the timed window's figures, taken at its end
  // while the drain goes on). The counters are one consistent cut; latency lists are copied.
  void copy_from(const CacheCounters& other);
};

}  // namespace kvbench::stats
