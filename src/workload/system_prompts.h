// Prefix caching (spec §5.3): the three fixed system prompts and the cache key of each.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace kvbench::workload {

struct SystemPrompt {
  std::string_view text;
  int token_count;        // whitespace-separated words, as the reference counts them
  std::string cache_key;  // "kv_system_" + first 16 hex of SHA-256("{text[:500]}_{tokens}")
};

const std::array<SystemPrompt, 3>& system_prompts();

std::string sha256_hex(std::string_view data);

}  // namespace kvbench::workload
