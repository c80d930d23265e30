// config.yaml's sections that say what users ask for (spec §3): user templates, the QoS mix,
// prefix reuse, RAG and conversation limits, with the reference's defaults. They are the
// workload's options, so they live here; config/settings.h aggregates them for the YAML loader.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace kvbench::workload {

struct UserTemplate {
  std::string name;  // chatbot | coding | document
  int context_min = 0, context_max = 0;
  int generation_min = 0, generation_max = 0;
  double think_time_min = 0, think_time_max = 0;  // seconds
};

// The reference's templates, in the order of the user-profile draw.
inline std::array<UserTemplate, 3> default_user_templates() {
  return {{
      {"chatbot", 512, 4096, 50, 200, 0.1, 0.5},
      {"coding", 4096, 25000, 100, 500, 0.2, 1.0},
      {"document", 4096, 16384, 200, 800, 0.3, 1.5},
  }};
}

struct QosDistribution {
  double interactive_probability = 0.15;
  double responsive_threshold = 0.50;  // cumulative
};

struct PrefixCache {
  int min_prefix_length = 50;
  int max_prefix_entries = 1000;
  double system_prompt_hit_probability = 0.2;
};

struct Rag {
  int chunk_size_tokens = 512;
  int top_k_chunks = 5;
  std::int64_t max_chunk_bytes = 268435456;
  double request_probability = 0.1;
  std::string retrieval_distribution = "zipfian";
  int max_documents = 0;
  int large_model_doc_tokens_min = 1024, large_model_doc_tokens_max = 4096;
  int small_model_doc_tokens_min = 4000, small_model_doc_tokens_max = 12000;
};

// config.yaml's `conversation` section.
struct ConversationLimits {
  int max_conversations = 1000;
  int max_turns_per_conv = 50;
  double end_conversation_probability = 0.2;
};

}  // namespace kvbench::workload
