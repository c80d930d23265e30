// Every cache-key spelling kvbench writes, in one place (spec §7.2 "Key" column): the trace's Key
// column and the results of any tool that replays a trace depend on them byte for byte. The
// workload names what users ask for (turns, RAG documents, system prompts); the engine's
// pre-run writers (decode-only pre-population, preconditioning) take their names from here too.
// Pure string building: no I/O, no state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kvbench::workload {

// A synthetic user: "user_0007".
std::string user_id(int index);
// A synthetic conversation: "conv_{user_id}_{start_ms}", and "…-{n}" (n ≥ 2) for the n-th one a
// user starts within the same millisecond.
std::string conversation_id(const std::string& user_id, std::int64_t start_ms, int n = 1);
// A ShareGPT record without an "id": "conv_{index}".
std::string sharegpt_conversation_id(std::uint64_t index);
// Turn n (1-based) of a conversation: "{conversation_id}_turn_{n}".
std::string turn_key(const std::string& conversation_id, int n);
// A synthetic request outside a conversation (--disable-multi-turn): "{user_id}_req_{id:06d}".
std::string request_key(const std::string& user_id, std::uint64_t request_id);
// A BurstGPT row: "trace_user_{user_index}_req_{row:04d}".
std::string burst_request_key(int user_index, std::uint64_t row);
// A Mooncake trace row (its blocks have their own keys, below): "mooncake_req_{row}".
std::string mooncake_request_key(std::uint64_t row);

// A RAG document: "doc_0003"; chunk i of it: "rag_doc_0003_chunk_{i}"; the entry its queries
// decode: "rag_doc_0003" (not a chunk key, as the reference).
std::string rag_document_id(int index);
std::string rag_chunk_key(const std::string& document_id, std::uint64_t chunk);
std::string rag_query_key(const std::string& document_id);

// A system prompt's prefix entry: "kv_system_" + the first 16 hex digits of
// SHA-256("{text[:500]}_{tokens}").
std::string system_prompt_key(std::string_view text, int tokens);

// Decode-only pre-population: "prepop_{n}"; preconditioning: "precond_{seq}".
std::string prepopulated_key(std::uint64_t n);
std::string precondition_key(std::uint64_t seq);

// Block mode (--block-tokens): a block's identity is the chain of its prefix. Block i of a
// sequence hashes block i-1's hash (0 for the first), the sequence's name and the block's own
// tokens, so two sequences that start alike share their first blocks and a partial block never
// collides with the full block at its place. Its key: "blk_" + the hash's 16 hex digits (short
// enough to stay inline in the cache's entry).
std::uint64_t block_hash(std::uint64_t parent, std::string_view sequence, std::uint64_t tokens);
std::string block_key(std::uint64_t hash);
// A block of a Mooncake trace, named by the trace's own prefix hash id: "mc_blk_{id}".
std::string mooncake_block_key(std::uint64_t hash_id);

}  // namespace kvbench::workload
