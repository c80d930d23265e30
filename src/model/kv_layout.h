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
  // tensor_parallel < 1 is taken as 1, as entry_bytes() does.
  KvLayout(const ModelSpec& model, int tensor_parallel);

  // The whole entry as one block: (bytes_per_token × tokens) / TP, rounded down (spec §6.1).
  // With block_tokens > 0 an entry will later be split into blocks of that many tokens; today
  // every entry is one block, as in the reference.
  KvBlock entry(std::string name, std::uint64_t tokens) const;

  // Bytes one rank stores for `tokens` tokens.
  std::uint64_t rank_bytes(std::uint64_t tokens) const;
  // KV bytes per token of the whole (unsharded) model: what the reference's bytes_saved counts.
  std::uint64_t full_bytes_per_token() const { return full_bytes_per_token_; }
  int tensor_parallel() const { return tensor_parallel_; }

  // Tokens per block; 0 = a block is the whole entry (the only layout so far).
  std::uint64_t block_tokens = 0;

 private:
  std::uint64_t full_bytes_per_token_;
  int tensor_parallel_;
};

}  // namespace kvbench::model
