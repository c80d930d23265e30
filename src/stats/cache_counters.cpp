#include "stats/cache_counters.h"

#include <vector>

namespace kvbench::stats {
namespace {

// Every plain counter, in one list, for reset() and copy_from().
template <class Counters, class F>
void for_each_counter(Counters& k, F&& f) {
  for (auto* c : {&k.cache_hits, &k.cache_misses, &k.system_prompt_hits, &k.common_phrase_hits,
                  &k.user_cache_hits, &k.multi_turn_hits, &k.prefill_writes, &k.decode_reads,
                  &k.write_operations, &k.read_operations, &k.total_write_bytes, &k.total_read_bytes,
                  &k.offloads_cpu, &k.offloads_storage, &k.demotions, &k.deletions, &k.write_failures,
                  &k.read_failures, &k.verify_mismatches, &k.storage_tokens_processed})
    f(*c);
  for (auto& c : k.misses_by_type) f(c);
  for (auto& t : k.tiers)
    for (auto* c : {&t.kv_bytes_written, &t.kv_bytes_read, &t.entries_written, &t.entries_read,
                    &t.evict_bytes_in, &t.evict_bytes_out, &t.read_overlapped_ns,
                    &t.write_overlapped_ns})
      f(*c);
}

template <class Tiers, class F>
void for_each_recorder(Tiers& t, F&& f) {
  for (auto* r : {&t.read_latency, &t.write_latency, &t.read_device_latency, &t.read_host_latency,
                  &t.write_device_latency, &t.write_host_latency})
    f(*r);
}

std::vector<std::uint64_t> values(const CacheCounters& k) {
  std::vector<std::uint64_t> v;
  for_each_counter(k, [&v](const Counter& c) { v.push_back(CacheCounters::get(c)); });
  return v;
}

}  // namespace

void CacheCounters::reset() {
  for_each_counter(*this, [](Counter& c) { c.store(0, std::memory_order_relaxed); });
  for (auto& t : tiers) for_each_recorder(t, [](LatencyRecorder& r) { r.reset(); });
}

void CacheCounters::copy_from(const CacheCounters& other) {
  // Workers may still be counting (the drain): read until two passes agree, so that no
  // operation is half in the copy (its bytes in one total and not in the other).
  std::vector<std::uint64_t> v = values(other);
  for (int tries = 0; tries < 16; ++tries) {
    std::vector<std::uint64_t> again = values(other);
    const bool stable = again == v;
    v = std::move(again);
    if (stable) break;
  }
  std::size_t i = 0;
  for_each_counter(*this, [&](Counter& c) { c.store(v[i++], std::memory_order_relaxed); });
  for (std::size_t t = 0; t < tiers.size(); ++t) {
    std::vector<LatencyRecorder*> mine;
    for_each_recorder(tiers[t], [&mine](LatencyRecorder& r) { mine.push_back(&r); });
    std::size_t j = 0;
    for_each_recorder(other.tiers[t], [&](const LatencyRecorder& r) {
      mine[j]->reset();
      mine[j++]->merge_from(r);  // into an empty recorder: an exact copy
    });
  }
}

}  // namespace kvbench::stats
