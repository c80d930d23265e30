// CacheCounters: what the cache did, as counted for the results JSON (spec §8.2) and /metrics.
// Each counter is declared once, in the tables below: its member, where the results JSON puts
// it and under which key, and its Prometheus family. reset(), the JSON counters and the
// Prometheus families are all derived from those rows, so a new counter cannot be forgotten by
// one of them. Plain relaxed atomics: written by many workers (through CounterObserver), read by
// the reporter and the HTTP server.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/io_types.h"
#include "stats/latency_recorder.h"

namespace kvbench::stats {

using Counter = std::atomic<std::uint64_t>;

// Where the results JSON puts a counter: not at all (it feeds derived figures only), in
// summary.cache_stats (the reference's keys) or in the kvbench block (kvbench's own).
enum class JsonBlock : std::uint8_t { None, CacheStats, Kvbench };

// Columns: member, JSON block, JSON key, Prometheus family ("" = not exported), its help.
// One value per run.
#define KVBENCH_RUN_COUNTERS(X)                                                                   \
  X(cache_hits, CacheStats, "cache_hits", "", "")                                                 \
  X(cache_misses, CacheStats, "cache_misses", "", "")                                             \
  X(prefill_writes, CacheStats, "prefill_writes", "", "")                                         \
  X(decode_reads, CacheStats, "decode_reads", "", "")                                             \
  X(write_operations, CacheStats, "write_iops", "", "") /* a count, not a rate */                 \
  X(read_operations, CacheStats, "read_iops", "", "")                                             \
  X(total_write_bytes, CacheStats, "total_write_bytes", "", "")                                   \
  X(total_read_bytes, CacheStats, "total_read_bytes", "", "")                                     \
  X(offloads_cpu, CacheStats, "offloads_cpu", "", "")                                             \
  X(offloads_storage, CacheStats, "offloads_storage", "", "")                                     \
  X(storage_tokens_processed, CacheStats, "storage_tokens_processed", "", "")                     \
  X(demotions, Kvbench, "demotions", "", "") /* completed moves to a slower level */              \
  X(demotion_failures, Kvbench, "demotion_failures", "", "") /* copies that failed: entry lost */ \
  X(demotions_cancelled, Kvbench, "demotions_cancelled", "", "") /* cut by the run's end: dropped */ \
  X(deletions, Kvbench, "deletions", "kvbench_cache_deletions_total",                             \
    "Entries dropped from the last tier to make room")                                            \
  X(write_failures, Kvbench, "write_failures", "kvbench_cache_write_failures_total",              \
    "New entries that no tier could take or whose tier write failed")                             \
  X(write_failures_no_room, Kvbench, "write_failures_no_room", "", "") /* of those: capacity */   \
  X(write_io_errors, Kvbench, "write_io_errors", "kvbench_cache_write_io_errors_total",           \
    "New-entry writes whose tier I/O failed (not capacity rejections)")                           \
  X(read_failures, Kvbench, "read_failures", "kvbench_cache_read_failures_total",                 \
    "Reads of cached entries whose tier read failed (not hits)")                                  \
  X(writes_cancelled, Kvbench, "writes_cancelled", "", "") /* of write_failures: the run's end */ \
  X(reads_cancelled, Kvbench, "reads_cancelled", "", "")   /* of read_failures: the run's end */  \
  X(entries_lost, Kvbench, "entries_lost", "kvbench_cache_entries_lost_total",                    \
    "Entries gone without deletion: a failed demotion, or a stored copy that vanished")           \
  X(verify_mismatches, Kvbench, "verify_mismatches", "kvbench_cache_verify_mismatches_total",     \
    "Reads whose bytes differ from the entry's payload (--verify)")

// One value per entry type (index: CacheType). A JSON key with "{}" is one flat key per type
// ("{}" = cache_type_json_name); without it, an object keyed by cache_type_label.
#define KVBENCH_TYPE_COUNTERS(X)                                                                  \
  X(hits_by_type, CacheStats, "{}_hits", "kvbench_cache_hits_total",                              \
    "Cache reads that found their entry, by entry type")                                          \
  X(misses_by_type, Kvbench, "cache_misses_by_type", "kvbench_cache_misses_total",                \
    "Cache reads that found no entry, by entry type")

// One value per level (index: Level); JSON: an object keyed by level_stats_name. Demotion bytes
// count completed demotions only, on both sides; /metrics' evict-phase io bytes follow the
// same rule (a failed copy emits no Io event).
#define KVBENCH_LEVEL_COUNTERS(X)                                                                 \
  X(kv_bytes_written, None, "", "", "") /* new entries placed here (not demotions, as the reference) */ \
  X(kv_bytes_read, None, "", "", "")                                                              \
  X(entries_written, None, "", "", "")                                                            \
  X(entries_read, None, "", "", "")                                                               \
  X(demoted_in_bytes, Kvbench, "demoted_in_bytes", "", "")                                        \
  X(demoted_out_bytes, Kvbench, "demoted_out_bytes", "", "")                                      \
  X(deleted_bytes, Kvbench, "deleted_bytes", "", "") /* terminal-level deletions */               \
  X(lost_bytes, Kvbench, "lost_bytes", "", "") /* entries lost from this level (entries_lost) */   \
  /* kvbench work (payload generation, --verify) that overlapped the operation's own transfers, \
     nanoseconds summed: CPU it cost, outside the latencies (tiers/tier.h IoTiming) */            \
  X(read_overlapped_ns, None, "", "", "")                                                         \
  X(write_overlapped_ns, None, "", "", "")

// Latency lists per level (device and host reported for the storage level, spec §8.2).
#define KVBENCH_LEVEL_LATENCIES(X) \
  X(read_latency) X(write_latency) X(read_device_latency) X(read_host_latency) \
  X(write_device_latency) X(write_host_latency)

enum class CounterScope : std::uint8_t { Run, PerType, PerLevel };

struct CounterSpec {
  std::string_view member;
  CounterScope scope;
  JsonBlock json;
  std::string_view json_key;
  std::string_view prom_family;  // empty: not on /metrics
  std::string_view prom_help;
};

#define KVBENCH_RUN_SPEC(m, b, k, f, h) CounterSpec{#m, CounterScope::Run, JsonBlock::b, k, f, h},
#define KVBENCH_TYPE_SPEC(m, b, k, f, h) CounterSpec{#m, CounterScope::PerType, JsonBlock::b, k, f, h},
#define KVBENCH_LEVEL_SPEC(m, b, k, f, h) CounterSpec{#m, CounterScope::PerLevel, JsonBlock::b, k, f, h},
// Every counter, in declaration order: runs, then types, then levels.
inline constexpr CounterSpec kCounterSpecs[] = {
    KVBENCH_RUN_COUNTERS(KVBENCH_RUN_SPEC) KVBENCH_TYPE_COUNTERS(KVBENCH_TYPE_SPEC)
        KVBENCH_LEVEL_COUNTERS(KVBENCH_LEVEL_SPEC)};
#undef KVBENCH_RUN_SPEC
#undef KVBENCH_TYPE_SPEC
#undef KVBENCH_LEVEL_SPEC

// The results JSON's name of an entry type in per-type flat keys (the reference's
// "user_cache_hits", "system_prompt_hits", ...).
inline constexpr std::string_view cache_type_json_name(CacheType t) {
  return t == CacheType::User ? "user_cache" : cache_type_label(t);
}

// One counter's value(s) at one moment: [0] for a run counter, by CacheType or by Level else.
struct CounterReading {
  const CounterSpec* spec = nullptr;
  std::array<std::uint64_t, (kCacheTypeCount > kLevelCount ? kCacheTypeCount : kLevelCount)> values{};
  std::size_t width() const {
    return spec->scope == CounterScope::Run ? 1 : spec->scope == CounterScope::PerType ? kCacheTypeCount : kLevelCount;
  }
};

#define KVBENCH_DECLARE_COUNTER(m, ...) Counter m{0};
#define KVBENCH_DECLARE_TYPE_COUNTER(m, ...) std::array<Counter, kCacheTypeCount> m{};
#define KVBENCH_DECLARE_LATENCY(m) \
  LatencyRecorder m{LatencyRecorder::kOperationSampleCap, LatencyRecorder::PastCap::FirstSamples};

struct TierCounters {
  KVBENCH_LEVEL_COUNTERS(KVBENCH_DECLARE_COUNTER)
  KVBENCH_LEVEL_LATENCIES(KVBENCH_DECLARE_LATENCY)
};

struct CacheCounters {
  KVBENCH_RUN_COUNTERS(KVBENCH_DECLARE_COUNTER)
  KVBENCH_TYPE_COUNTERS(KVBENCH_DECLARE_TYPE_COUNTER)
  std::array<TierCounters, kLevelCount> tiers;

  Counter& hits(CacheType t) { return hits_by_type[static_cast<std::size_t>(t)]; }
  const Counter& hits(CacheType t) const { return hits_by_type[static_cast<std::size_t>(t)]; }
  Counter& misses(CacheType t) { return misses_by_type[static_cast<std::size_t>(t)]; }
  const Counter& misses(CacheType t) const { return misses_by_type[static_cast<std::size_t>(t)]; }
  TierCounters& tier(Level t) { return tiers[static_cast<std::size_t>(t)]; }
  const TierCounters& tier(Level t) const { return tiers[static_cast<std::size_t>(t)]; }

  static void add(Counter& c, std::uint64_t v) { c.fetch_add(v, std::memory_order_relaxed); }
  static std::uint64_t get(const Counter& c) { return c.load(std::memory_order_relaxed); }

  // Zeroes every declared counter and latency list; entries stay cached (reference reset_stats()).
  void reset();
  // Makes this a copy of `other` as it is now (the timed window's figures, taken at its end
  // while the drain goes on). The counters are one consistent cut; latency lists are copied.
  void copy_from(const CacheCounters& other);
  // Every declared counter's value(s), in kCounterSpecs order.
  std::vector<CounterReading> read_all() const;
};

#undef KVBENCH_DECLARE_COUNTER
#undef KVBENCH_DECLARE_TYPE_COUNTER
#undef KVBENCH_DECLARE_LATENCY

}  // namespace kvbench::stats
