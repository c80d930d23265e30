// The cache operations one request performs, in the reference's order (spec §5.10): prefix
// read, multi-turn reload of every earlier turn, prefill write, RAG chunk reads, decode probe
// plus one read per decode batch (or a fill on a miss). --prefill-only drops the decode;
// --decode-only drops reload and prefill and decodes a pre-populated entry (spec §5.7).
// With --block-tokens the same steps walk blocks instead of entries (request_runner_blocks.cpp).
// Shared by the wall-clock and the virtual-clock engines.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cache/multi_tier_cache.h"
#include "engine/engine_options.h"
#include "model/kv_layout.h"
#include "stats/request_stats.h"
#include "workload/request.h"

namespace kvbench::engine {

class RequestRunner {
 public:
  RequestRunner(const EngineOptions& cfg, cache::MultiTierCache& cache,
                stats::RequestStats& stats);

  // Performs the request's cache I/O and returns its storage latency (sum of every
  // operation's latency, seconds). After cancel_io() it issues no further operation: the
  // request is cut (cancelled() says so).
  double run(const workload::Request& r);

  // The run is over (the drain timed out, or a signal): the tiers cancel their outstanding
  // I/O, and run() stops between operations. Any thread may call it.
  void cancel_io();
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }

 private:
  double read_prefix(const workload::Request& r);
  double reload_turns(const workload::Request& r);
  double read_rag(const workload::Request& r);
  double decode(const workload::Request& r);
  std::string decode_key(const workload::Request& r) const;

  // Block mode (--block-tokens, request_runner_blocks.cpp): one block walk instead of the
  // per-entry sequence above.
  double run_blocks(const workload::Request& r);
  double walk_blocks(const std::vector<model::KvBlock>& blocks, CacheType type, bool history);
  double decode_blocks(const workload::Request& r, const std::vector<model::KvBlock>& own);
  void sequence_blocks(std::string_view sequence, std::uint64_t tokens, std::vector<model::KvBlock>& out) const;

  const EngineOptions cfg_;
  cache::MultiTierCache& cache_;
  stats::RequestStats& stats_;
  const model::KvLayout layout_;
  std::uint64_t decode_batch_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace kvbench::engine
