// A populated RunResult for the report tests: every tier saw reads and writes, every latency
// list has samples, two of three QoS levels have requests.
#pragma once

#include <limits>
#include <memory>

#include "common/qos_profile.h"
#include "model/model_spec.h"
#include "report/run_result.h"

namespace kvbench::report::testing {

constexpr std::uint64_t kGiB = 1024ull * 1024 * 1024;

struct RunFixture {
  ReportOptions cfg;  // the reports' view of the run (app/ fills it from RunConfig)
  stats::CacheCounters cache;
  std::unique_ptr<stats::RequestStats> requests;
  RunResult result;

  explicit RunFixture(bool with_requests = true) {
    cfg.seed = 42;
    cfg.generation_mode = GenerationMode::Realistic;
    for (const model::ModelSpec& m : model::builtin_models())
      if (m.key == cfg.model) cfg.spec = m;
    requests = std::make_unique<stats::RequestStats>(kDefaultQosProfiles);

    using stats::CacheCounters;
    CacheCounters::add(cache.cache_hits, 60);
    CacheCounters::add(cache.cache_misses, 40);
    CacheCounters::add(cache.misses(CacheType::MultiTurn), 30);
    CacheCounters::add(cache.misses(CacheType::User), 10);
    CacheCounters::add(cache.read_operations, 60);
    CacheCounters::add(cache.write_operations, 30);
    CacheCounters::add(cache.decode_reads, 60);
    CacheCounters::add(cache.prefill_writes, 30);
    CacheCounters::add(cache.total_read_bytes, 6 * kGiB);
    CacheCounters::add(cache.total_write_bytes, 3 * kGiB);
    CacheCounters::add(cache.hits(CacheType::User), 50);
    CacheCounters::add(cache.hits(CacheType::MultiTurn), 10);
    CacheCounters::add(cache.offloads_cpu, 5);
    CacheCounters::add(cache.offloads_storage, 7);
    CacheCounters::add(cache.demotions, 12);
    CacheCounters::add(cache.deletions, 2);
    for (Level t : {Level::Gpu, Level::Cpu, Level::Storage}) {
      auto& tc = cache.tier(t);
      CacheCounters::add(tc.kv_bytes_read, 2 * kGiB);
      CacheCounters::add(tc.kv_bytes_written, kGiB);
      for (int i = 1; i <= 10; ++i) {
        tc.read_latency.record(i * 0.001);
        tc.write_latency.record(i * 0.002);
      }
    }
    // Storage write 5 GiB over 10 s ⇒ 0.5 GiB/s.
    CacheCounters::add(cache.tier(Level::Storage).kv_bytes_written, 4 * kGiB);
    auto& nvme = cache.tier(Level::Storage);
    for (int i = 1; i <= 10; ++i) {
      nvme.read_device_latency.record(i * 0.0009);
      nvme.read_host_latency.record(i * 0.0001);
      nvme.write_device_latency.record(i * 0.0018);
      nvme.write_host_latency.record(i * 0.0002);
    }

    if (with_requests) {
      for (int i = 1; i <= 20; ++i) {
        stats::RequestRecord r;
        r.qos = i % 2 ? QosLevel::Interactive : QosLevel::Batch;
        r.end_to_end_s = i * 0.01;
        r.storage_s = i * 0.002;
        r.generation_s = i * 0.005;
        r.tokens_generated = 100;
        requests->record(r);
        requests->record_prefill_latency(i * 0.001);
        requests->record_decode_latency(i * 0.0005);
      }
      requests->record_multi_turn(true);
      requests->record_multi_turn(false);
      requests->record_multi_turn(true);
      requests->record_prefix_hit(stats::PrefixKind::SystemPrompt, 5 * 131072);
      requests->record_prefix_miss();
    }
    requests->record_arrival_offered(25);
    requests->record_arrival_dropped_queue_full(3);
    requests->record_abandoned_at_stop(2);

    result.config = &cfg;
    result.cache = &cache;
    result.requests = requests.get();
    result.tiers = {{Level::Gpu, 2 * kGiB, 16.0 * kGiB, 4},
                    {Level::Cpu, kGiB, 32.0 * kGiB, 3},
                    {Level::Storage, 3 * kGiB, std::numeric_limits<double>::infinity(), 9}};
    result.entry_sizes = {1048576, 2097152, 4194304};
    result.elapsed_s = 10.0;
    result.mode = "real";
    result.started_at_iso = "2026-01-01T00:00:00";
  }
};

}  // namespace kvbench::report::testing
