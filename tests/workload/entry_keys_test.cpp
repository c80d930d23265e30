#include "workload/entry_keys.h"

#include <gtest/gtest.h>

#include "workload/system_prompts.h"

namespace kvbench::workload {
namespace {

// Spec §7.2's Key column, byte for byte: traces are compared and replayed by other tools.
TEST(EntryKeys, ConversationSpellings) {
  EXPECT_EQ(user_id(7), "user_0007");
  EXPECT_EQ(user_id(12345), "user_12345");
  EXPECT_EQ(conversation_id("user_0033", 1795544098213), "conv_user_0033_1795544098213");
  EXPECT_EQ(conversation_id("user_0033", 1795544098213, 1), "conv_user_0033_1795544098213");
  EXPECT_EQ(conversation_id("user_0033", 1795544098213, 2), "conv_user_0033_1795544098213-2");
  EXPECT_EQ(turn_key("conv_user_0033_1795544098213", 1), "conv_user_0033_1795544098213_turn_1");
  EXPECT_EQ(turn_key("sharegpt-id", 3), "sharegpt-id_turn_3");
  EXPECT_EQ(sharegpt_conversation_id(4), "conv_4");
}

TEST(EntryKeys, RequestSpellings) {
  EXPECT_EQ(request_key("user_0007", 42), "user_0007_req_000042");
  EXPECT_EQ(request_key("user_0007", 1234567), "user_0007_req_1234567");
  EXPECT_EQ(burst_request_key(17, 17), "trace_user_17_req_0017");
  EXPECT_EQ(burst_request_key(0, 123456), "trace_user_0_req_123456");
}

TEST(EntryKeys, RagSpellings) {
  EXPECT_EQ(rag_document_id(3), "doc_0003");
  EXPECT_EQ(rag_document_id(12345), "doc_12345");
  EXPECT_EQ(rag_chunk_key("doc_0003", 2), "rag_doc_0003_chunk_2");
  EXPECT_EQ(rag_query_key("doc_0003"), "rag_doc_0003");
}

TEST(EntryKeys, PreRunSpellings) {
  EXPECT_EQ(prepopulated_key(5), "prepop_5");
  EXPECT_EQ(precondition_key(12), "precond_12");
}

// "kv_system_" + SHA-256("{text[:500]}_{tokens}")[:16], as the reference hashes it (checked
// against Python's hashlib).
TEST(EntryKeys, SystemPromptKeys) {
  EXPECT_EQ(system_prompt_key("You are a helpful assistant.", 5), "kv_system_0b7588a77cb9c73b");
  const auto& prompts = system_prompts();
  EXPECT_EQ(prompts[0].cache_key, "kv_system_0b7588a77cb9c73b");
  EXPECT_EQ(prompts[1].cache_key, "kv_system_ea8ffc489f80c165");
  EXPECT_EQ(prompts[2].cache_key, "kv_system_2ed87f49657692a2");
  const std::string long_text(600, 'x');  // only the first 500 characters are hashed
  EXPECT_EQ(system_prompt_key(long_text, 1), system_prompt_key(long_text.substr(0, 500), 1));
}

}  // namespace
}  // namespace kvbench::workload
