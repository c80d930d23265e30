#include "engine/request_runner.h"

#include "engine/prepopulate.h"
#include "workload/rng.h"
#include "workload/system_prompts.h"

namespace kvbench::engine {

using workload::RequestPhase;

RequestRunner::RequestRunner(const EngineOptions& cfg, cache::MultiTierCache& cache,
                             stats::RequestStats& stats)
    : cfg_(cfg),
      cache_(cache),
      stats_(stats),
      layout_(cfg.model_spec(), cfg.tensor_parallel, cfg.block_tokens),
      decode_batch_(static_cast<std::uint64_t>(cfg.decode_batch_size > 0 ? cfg.decode_batch_size : 1)) {}

// kvbench fix of spec §11.2.4: the reference never wrote the system-prompt entry, so every
// "prefix hit" was a cache miss. Here the first use writes it and later uses really read it.
// Its reads are tagged Decode like every other read, which keeps the reference's identity
// "Read rows with phase Decode == cache_hits".
double RequestRunner::read_prefix(const workload::Request& r) {
  if (r.prefix_index < 0) {
    stats_.record_prefix_miss();
    return 0;
  }
  const auto& prompt = workload::system_prompts()[static_cast<std::size_t>(r.prefix_index)];
  const auto tokens = static_cast<std::uint64_t>(prompt.token_count);
  // bytes_saved counts the whole model's bytes, as the reference does.
  stats_.record_prefix_hit(stats::PrefixKind::SystemPrompt, tokens * layout_.full_bytes_per_token());
  const cache::ReadResult read = cache_.access(prompt.cache_key, Phase::Decode, CacheType::System);
  if (read.hit) return read.latency_s;
  return cache_.allocate(layout_.entry(prompt.cache_key, tokens), Phase::Prefill).latency_s;
}

void RequestRunner::cancel_io() {
  cancelled_.store(true, std::memory_order_relaxed);
  cache_.cancel_io();
}

double RequestRunner::reload_turns(const workload::Request& r) {
  double total = 0;
  for (int turn = 1; turn < r.turn && !cancelled(); ++turn) {
    const cache::ReadResult read =
        cache_.access(workload::turn_key(r.conversation_id, turn), Phase::Decode, CacheType::MultiTurn);
    stats_.record_multi_turn(read.hit);
    total += read.latency_s;
  }
  return total;
}

// Decode-only (spec §5.7): a random pre-populated entry instead of the request's own. Drawn
// from the request's id so that a --seed fixes it however workers interleave.
std::string RequestRunner::decode_key(const workload::Request& r) const {
  if (!cfg_.decode_only) return r.cache_key;
  const std::uint64_t entries = prepopulated_entries(cfg_);
  workload::Rng rng = workload::Rng::stream(cfg_.seed_or_zero() ^ 0x707265706f70ull, r.id);
  return prepopulated_key(static_cast<std::uint64_t>(rng.randint(0, static_cast<std::int64_t>(entries) - 1)));
}

double RequestRunner::read_rag(const workload::Request& r) {
  double total = 0;
  for (const auto& key : r.rag_reads) {
    if (cancelled()) break;
    total += cache_.access(key, Phase::Decode, CacheType::User).latency_s;
  }
  return total;
}

double RequestRunner::decode(const workload::Request& r) {
  const std::string key = decode_key(r);
  const cache::ReadResult probe = cache_.access(key, Phase::Decode, CacheType::User);
  if (!probe.hit && cfg_.decode_only) {
    // A decode node does not write what it misses (spec §5.7).
    stats_.record_decode_latency(probe.latency_s);
    return probe.latency_s;
  }
  if (!probe.hit) {
    // Decode-miss fill: the entry was never written or is gone; write it now (spec §5.10.5).
    // As the reference (issue 16 item 5): the probe is a decode operation and its latency goes
    // to decode_latencies; the fill is no prefill of its own and stays out of
    // prefill_latencies. Both are the request's storage time.
    const auto fill = cache_.allocate(layout_.entry(r.cache_key, r.context_tokens), Phase::Prefill);
    stats_.record_decode_latency(probe.latency_s);
    return probe.latency_s + fill.latency_s;
  }
  double latency = probe.latency_s;
  const std::uint64_t batches = (r.generate_tokens + decode_batch_ - 1) / decode_batch_;
  for (std::uint64_t i = 0; i < (batches > 0 ? batches : 1) && !cancelled(); ++i)
    latency += cache_.access(key, Phase::Decode, CacheType::User).latency_s;
  stats_.record_decode_latency(latency);
  return latency;
}

// Between operations the runner looks at cancelled(): once the run is over a request issues
// nothing more (its operations in flight fail as cancelled in the tiers).
double RequestRunner::run(const workload::Request& r) {
  // Block mode covers the request's own context; a decode node's pre-populated entries stay
  // whole (request_runner_blocks.cpp).
  if (layout_.block_mode() && !cfg_.decode_only) return run_blocks(r);
  double storage = 0;
  if (!cfg_.disable_prefix_caching) storage += read_prefix(r);
  // A disaggregated decode node neither reloads earlier turns nor writes the prompt.
  if (!cfg_.decode_only) {
    if (r.turn > 1) storage += reload_turns(r);
    if (cancelled()) return storage;
    if (r.phase == RequestPhase::Prefill || r.phase == RequestPhase::PrefillDecode) {
      const auto write = cache_.allocate(layout_.entry(r.cache_key, r.context_tokens), Phase::Prefill);
      stats_.record_prefill_latency(write.latency_s);
      storage += write.latency_s;
    }
  }
  if (cancelled()) return storage;
  storage += read_rag(r);
  if (cancelled()) return storage;
  // A disaggregated prefill node does no decode.
  if (!cfg_.prefill_only && (r.phase == RequestPhase::Decode || r.phase == RequestPhase::PrefillDecode))
    storage += decode(r);
  return storage;
}

}  // namespace kvbench::engine
