// Block mode of RequestRunner (--block-tokens N > 0): a request's context is a sequence of
// blocks of N tokens, each its own cache entry. The request looks its blocks up in order and
// writes the ones it misses, as an engine with prefix caching does; decode batches read the
// request's own blocks. Shared prefixes hit because a block's key is the chain of its prefix
// (workload::block_hash): a system prompt's blocks are shared by every request that uses it,
// a conversation's earlier turns are the prefix blocks of its later ones, and a Mooncake
// trace names its blocks itself.
#include <algorithm>
#include <cstddef>
#include <iterator>

#include "engine/request_runner.h"
#include "workload/system_prompts.h"

namespace kvbench::engine {

using workload::RequestPhase;

// The blocks of a sequence of `tokens` tokens named `sequence`, each keyed by its chain hash.
void RequestRunner::sequence_blocks(std::string_view sequence, std::uint64_t tokens,
                                    std::vector<model::KvBlock>& out) const {
  std::uint64_t hash = 0;
  const std::uint64_t n = layout_.block_count(tokens);
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t t = layout_.tokens_of_block(tokens, i);
    hash = workload::block_hash(hash, sequence, t);
    out.push_back(layout_.entry(workload::block_key(hash), t));
  }
}

// Looks each block up in order and writes the ones that miss (or whose read failed). Returns
// the summed latency; writes feed the prefill latency.
double RequestRunner::walk_blocks(const std::vector<model::KvBlock>& blocks, CacheType type, bool history) {
  double total = 0, writes = 0;
  for (const model::KvBlock& b : blocks) {
    if (cancelled()) break;
    const cache::ReadResult read = cache_.access(b.key, Phase::Decode, type);
    if (history) stats_.record_multi_turn(read.hit);
    total += read.latency_s;
    if (read.hit) continue;
    writes += cache_.allocate(b, Phase::Prefill).latency_s;
  }
  if (writes > 0) stats_.record_prefill_latency(writes);
  return total + writes;
}

// Each decode batch reads the request's own blocks; a block gone since the walk (evicted by
// another request) is written again, as the whole-entry decode fills a miss.
double RequestRunner::decode_blocks(const workload::Request& r, const std::vector<model::KvBlock>& own) {
  double latency = 0;
  const std::uint64_t batches = std::max<std::uint64_t>((r.generate_tokens + decode_batch_ - 1) / decode_batch_, 1);
  for (std::uint64_t i = 0; i < batches && !cancelled(); ++i) {
    for (const model::KvBlock& b : own) {
      if (cancelled()) break;
      const cache::ReadResult read = cache_.access(b.key, Phase::Decode, CacheType::User);
      latency += read.hit ? read.latency_s : read.latency_s + cache_.allocate(b, Phase::Prefill).latency_s;
    }
  }
  stats_.record_decode_latency(latency);
  return latency;
}

namespace {

// A Mooncake row's blocks: its hash ids in order, every block full but the last, which holds
// what is left of input_length (at least one token, at most a block).
std::vector<model::KvBlock> trace_blocks(const workload::Request& r, const model::KvLayout& layout) {
  std::vector<model::KvBlock> blocks;
  blocks.reserve(r.block_hashes.size());
  const std::uint64_t n = r.block_hashes.size();
  const std::uint64_t full = layout.block_tokens * (n - 1);
  const std::uint64_t last = r.context_tokens > full ? std::min(r.context_tokens - full, layout.block_tokens) : 1;
  for (std::uint64_t i = 0; i < n; ++i)
    blocks.push_back(layout.entry(workload::mooncake_block_key(r.block_hashes[i]), i + 1 < n ? layout.block_tokens : last));
  return blocks;
}

}  // namespace

double RequestRunner::run_blocks(const workload::Request& r) {
  double storage = 0;
  if (!cfg_.disable_prefix_caching && r.prefix_index >= 0) {
    const auto& prompt = workload::system_prompts()[static_cast<std::size_t>(r.prefix_index)];
    const auto tokens = static_cast<std::uint64_t>(prompt.token_count);
    stats_.record_prefix_hit(stats::PrefixKind::SystemPrompt, tokens * layout_.full_bytes_per_token());
    std::vector<model::KvBlock> prompt_blocks;
    sequence_blocks(prompt.cache_key, tokens, prompt_blocks);
    storage += walk_blocks(prompt_blocks, CacheType::System, false);
  } else if (!cfg_.disable_prefix_caching) {
    stats_.record_prefix_miss();
  }
  if (cancelled()) return storage;

  std::vector<model::KvBlock> own;
  if (!r.block_hashes.empty()) {
    own = trace_blocks(r, layout_);
  } else {
    // A conversation is one sequence: the full blocks of its earlier turns are this turn's
    // prefix; the rest (from the block that holds the history's last tokens) is its own.
    const std::string& sequence = r.turn > 0 ? r.conversation_id : r.cache_key;
    const std::uint64_t history = r.turn > 1 ? r.history_tokens : 0;
    const std::uint64_t own_start = history / layout_.block_tokens * layout_.block_tokens;
    std::vector<model::KvBlock> all;
    sequence_blocks(sequence, history + r.context_tokens, all);
    const auto split = all.begin() + static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(own_start / layout_.block_tokens, all.size()));
    std::vector<model::KvBlock> earlier(std::make_move_iterator(all.begin()), std::make_move_iterator(split));
    own.assign(std::make_move_iterator(split), std::make_move_iterator(all.end()));
    storage += walk_blocks(earlier, CacheType::MultiTurn, true);
    if (cancelled()) return storage;
  }
  if (r.phase == RequestPhase::Prefill || r.phase == RequestPhase::PrefillDecode) {
    storage += walk_blocks(own, CacheType::User, false);
  }
  if (cancelled()) return storage;
  storage += read_rag(r);
  if (cancelled()) return storage;
  if (!cfg_.prefill_only && (r.phase == RequestPhase::Decode || r.phase == RequestPhase::PrefillDecode))
    storage += decode_blocks(r, own);
  return storage;
}

}  // namespace kvbench::engine
