#include "workload/entry_keys.h"

#include <cstdio>

#include "common/fnv1a.h"

#include "workload/system_prompts.h"  // sha256_hex

namespace kvbench::workload {

std::string user_id(int index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "user_%04d", index);
  return buf;
}

std::string conversation_id(const std::string& user_id, std::int64_t start_ms, int n) {
  std::string id = "conv_" + user_id + "_" + std::to_string(start_ms);
  if (n > 1) id += "-" + std::to_string(n);
  return id;
}

std::string sharegpt_conversation_id(std::uint64_t index) { return "conv_" + std::to_string(index); }

std::string turn_key(const std::string& conversation_id, int n) {
  return conversation_id + "_turn_" + std::to_string(n);
}

std::string request_key(const std::string& user_id, std::uint64_t request_id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "_req_%06llu", static_cast<unsigned long long>(request_id));
  return user_id + buf;
}

std::string burst_request_key(int user_index, std::uint64_t row) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "trace_user_%d_req_%04llu", user_index, static_cast<unsigned long long>(row));
  return buf;
}

std::string rag_document_id(int index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "doc_%04d", index);
  return buf;
}

std::string rag_chunk_key(const std::string& document_id, std::uint64_t chunk) {
  return "rag_" + document_id + "_chunk_" + std::to_string(chunk);
}

std::string rag_query_key(const std::string& document_id) { return "rag_" + document_id; }

std::string system_prompt_key(std::string_view text, int tokens) {
  const std::string material = std::string(text.substr(0, 500)) + "_" + std::to_string(tokens);
  return "kv_system_" + sha256_hex(material).substr(0, 16);
}

std::string prepopulated_key(std::uint64_t n) { return "prepop_" + std::to_string(n); }

std::string precondition_key(std::uint64_t seq) { return "precond_" + std::to_string(seq); }

// No common-phrase or user-specific prefix key: the reference defines those prefix types but
// never produces them (spec §5.3), and a user's own entries are its turns or requests.

namespace {
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;
std::uint64_t mix(std::uint64_t h, const unsigned char* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= kFnvPrime;
  }
  return h;
}
}  // namespace

// FNV-1a over (parent, sequence, tokens), each fixed-width or terminated, so that no two
// different triples spell the same bytes.
std::uint64_t block_hash(std::uint64_t parent, std::string_view sequence, std::uint64_t tokens) {
  unsigned char word[8];
  std::uint64_t h = 1469598103934665603ULL;
  for (int i = 0; i < 8; ++i) word[i] = static_cast<unsigned char>(parent >> (8 * i));
  h = mix(h, word, 8);
  h = mix(h, reinterpret_cast<const unsigned char*>(sequence.data()), sequence.size());
  const unsigned char end = 0;
  h = mix(h, &end, 1);
  for (int i = 0; i < 8; ++i) word[i] = static_cast<unsigned char>(tokens >> (8 * i));
  return mix(h, word, 8);
}

std::string block_key(std::uint64_t hash) { return "blk_" + hex64(hash); }

std::string mooncake_request_key(std::uint64_t row) { return "mooncake_req_" + std::to_string(row); }

std::string mooncake_block_key(std::uint64_t hash_id) { return "mc_blk_" + std::to_string(hash_id); }

}  // namespace kvbench::workload
