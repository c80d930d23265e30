#include "model/kv_layout.h"

#include <utility>

namespace kvbench::model {

KvLayout::KvLayout(const ModelSpec& model, int tensor_parallel, std::uint64_t block_tokens_in)
    : block_tokens(block_tokens_in),
      full_bytes_per_token_(bytes_per_token(model)), tensor_parallel_(tensor_parallel > 0 ? tensor_parallel : 1) {}

std::uint64_t KvLayout::rank_bytes(std::uint64_t tokens) const {
  // Multiply before dividing, so that a rank's share is rounded once, as entry_bytes() does.
  return full_bytes_per_token_ * tokens / static_cast<std::uint64_t>(tensor_parallel_);
}

KvBlock KvLayout::entry(std::string name, std::uint64_t tokens) const {
  return {std::move(name), rank_bytes(tokens), tokens};
}

}  // namespace kvbench::model
