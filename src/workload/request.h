// A Request: one user turn as the workload produces it, before the engine runs it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/qos_class.h"
#include "workload/entry_keys.h"  // the keys a Request carries are spelled there

namespace kvbench::workload {

// What the request does to the cache (spec §5.1 step 6): contexts of 10,000 tokens or more
// are prefill-only (no decode reads).
enum class RequestPhase : std::uint8_t { Prefill, PrefillDecode, Decode };
inline constexpr int kPrefillOnlyContextTokens = 10000;

struct Request {
  std::uint64_t id = 0;  // global request number
  int user_index = 0;
  QosLevel qos = QosLevel::Batch;
  int priority = 1;
  std::uint64_t context_tokens = 0;
  std::uint64_t generate_tokens = 0;
  std::string cache_key;
  // Multi-turn: the conversation and this turn's number (1-based); 0 = not in a conversation.
  std::string conversation_id;
  int turn = 0;
  // System-prompt prefix detected for this request (index into system_prompts()), or -1.
  int prefix_index = -1;
  RequestPhase phase = RequestPhase::PrefillDecode;
  double arrival_s = 0;  // engine clock, seconds since run start
  // RAG (spec §5.4, worker step 4): the document chunks this request reads, chosen when the
  // request was made so that a --seed fixes them however workers interleave.
  std::vector<std::string> rag_reads;
  // Block mode (--block-tokens): the conversation's tokens before this turn, which precede this
  // turn's context in the conversation's block sequence (its earlier turns, as prefix blocks).
  std::uint64_t history_tokens = 0;
  // A Mooncake trace row: its prefix block hash ids, in order (blocks of --block-tokens tokens,
  // the last partial). Non-empty: these blocks are the request's whole context.
  std::vector<std::uint64_t> block_hashes;
};

}  // namespace kvbench::workload
