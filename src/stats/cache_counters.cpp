#include "stats/cache_counters.h"

namespace kvbench::stats {

void CacheCounters::reset() {
  for (Counter* c : {&cache_hits, &cache_misses, &system_prompt_hits, &common_phrase_hits,
                     &user_cache_hits, &multi_turn_hits, &prefill_writes, &decode_reads,
                     &write_operations, &read_operations, &total_write_bytes, &total_read_bytes,
                     &offloads_cpu, &offloads_storage, &demotions, &deletions, &write_failures,
                     &read_failures, &verify_mismatches, &storage_tokens_processed}) {
    c->store(0, std::memory_order_relaxed);
  }
  for (auto& t : tiers) {
    for (Counter* c : {&t.kv_bytes_written, &t.kv_bytes_read, &t.entries_written, &t.entries_read,
                       &t.evict_bytes_in, &t.evict_bytes_out, &t.read_overlapped_ns,
                       &t.write_overlapped_ns}) {
      c->store(0, std::memory_order_relaxed);
    }
    for (LatencyRecorder* r : {&t.read_latency, &t.write_latency, &t.read_device_latency,
                               &t.read_host_latency, &t.write_device_latency,
                               &t.write_host_latency}) {
      r->reset();
    }
  }
}

}  // namespace kvbench::stats
