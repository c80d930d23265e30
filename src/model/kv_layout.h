// KV geometry in one place: how a logical cache entry (a name and its tokens) becomes what the
// cache stores, for one model and one tensor-parallel rank. Every writer of KV entries (prefill,
// decode fill, RAG chunks, pre-population, preconditioning) asks it, so that bytes and tokens
// are worked out once and travel together; the cache never derives one from the other.
#pragma once

#include <cstdint>
#include <string>

#include "model/model_spec.h"

namespace kvbench::model {

// What the cache stores for (a piece of) an entry: its key, the bytes one rank holds, and the
// tokens those bytes are the KV of (storage_tokens_processed counts these).
struct KvBlock {
  std::string key;
  std::uint64_t bytes = 0;
  std::uint64_t tokens = 0;
};

class KvLayout {
 public:
  // tensor_parallel < 1 is taken as 1, as entry_bytes() does. block_tokens: --block-tokens.
  KvLayout(const ModelSpec& model, int tensor_parallel, std::uint64_t block_tokens = 0);

  // The whole entry as one block: (bytes_per_token × tokens) / TP, rounded down (spec §6.1).
  // Also what one block of block mode is, given its own key and tokens.
  KvBlock entry(std::string name, std::uint64_t tokens) const;

  // Block mode (block_tokens > 0): a sequence of `tokens` tokens is ceil(tokens / block_tokens)
  // blocks, every one full but the last. With 0 the whole entry is one block.
  bool block_mode() const { return block_tokens > 0; }
  std::uint64_t block_count(std::uint64_t tokens) const {
    if (block_tokens == 0) return 1;
    return (tokens + block_tokens - 1) / block_tokens;
  }
  // Tokens of block `index` of a sequence of `tokens` tokens (the last one may be partial).
  std::uint64_t tokens_of_block(std::uint64_t tokens, std::uint64_t index) const {
    if (block_tokens == 0) return tokens;
    const std::uint64_t start = index * block_tokens;
    if (start >= tokens) return 0;
    return tokens - start < block_tokens ? tokens - start : block_tokens;
  }

  // Bytes one rank stores for `tokens` tokens.
  std::uint64_t rank_bytes(std::uint64_t tokens) const;
  // KV bytes per token of the whole (unsharded) model: what the reference's bytes_saved counts.
  std::uint64_t full_bytes_per_token() const { return full_bytes_per_token_; }
  int tensor_parallel() const { return tensor_parallel_; }

  // Tokens per block (--block-tokens); 0 = a block is the whole entry (the reference).
  std::uint64_t block_tokens = 0;

 private:
  std::uint64_t full_bytes_per_token_;
  int tensor_parallel_;
};

}  // namespace kvbench::model
