// A LiveSources over real stats objects with known values, for the server unit tests.
#pragma once

#include <limits>
#include <memory>

#include "server/live_sources.h"

namespace kvbench::server::testing {

struct LiveFixture {
  std::array<QosProfile, 3> qos_profiles = kDefaultQosProfiles;
  stats::RunStatus status;
  stats::CacheCounters cache;
  stats::RequestStats requests{qos_profiles};
  stats::LiveMetrics live{{50, 100, 1000}};
  std::uint64_t trace_rows = 0;
  LiveSources sources;

  LiveFixture() {
    sources.info = {"9.9.9", "llama3.1-8b", "trace", "virtual", 2, 4, 10};
    sources.status = &status;
    sources.live = &live;
    sources.cache = &cache;
    sources.requests = &requests;
    sources.tiers = [] {
      return std::vector<stats::TierOccupancy>{
          {Level::Gpu, 1000, 4096, 2},
          {Level::Cpu, 0, 8192, 0},
          {Level::Storage, 5000, std::numeric_limits<double>::infinity(), 7}};
    };
    sources.trace_rows = [this] { return trace_rows; };
  }

  // Some traffic: 3 decode reads on NVMe, 2 prefill writes on GPU, one GPU→CPU demotion,
  // two completed requests.
  void add_traffic() {
    for (int i = 0; i < 3; ++i) live.record_io(IoOp::Read, Level::Storage, Phase::Decode, 4096);
    for (int i = 0; i < 2; ++i) live.record_io(IoOp::Write, Level::Gpu, Phase::Prefill, 1000);
    live.record_io(IoOp::Read, Level::Gpu, Phase::Evict, 500);
    live.record_io(IoOp::Write, Level::Cpu, Phase::Evict, 500);
    live.record_demotion(Level::Gpu, Level::Cpu);
    live.record_io_latency(IoOp::Read, Level::Storage, 0.003);
    live.record_request(QosLevel::Interactive, 0.02, 100);
    live.record_request(QosLevel::Batch, 7.0, 50);
    for (double s : {0.02, 7.0}) {
      stats::RequestRecord r;
      r.qos = s < 1 ? QosLevel::Interactive : QosLevel::Batch;
      r.end_to_end_s = s;
      r.tokens_generated = s < 1 ? 100 : 50;
      requests.record(r);
    }
    stats::CacheCounters::add(cache.hits(CacheType::User), 3);
    stats::CacheCounters::add(cache.cache_misses, 1);
    stats::CacheCounters::add(cache.misses(CacheType::MultiTurn), 1);
    trace_rows = 7;
    status.elapsed_s.store(15);
    status.planned_s.store(60);
    status.set_state(stats::RunState::Running);
    status.ready.store(true);
  }
};

}  // namespace kvbench::server::testing
