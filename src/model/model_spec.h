// The model table: which transformer shapes kvbench knows and how many KV-cache bytes each
// token costs (spec §4). Pure arithmetic, no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kvbench::model {

enum class Attention { Mha, Gqa, Mla };

struct ModelSpec {
  std::string key;   // table key, e.g. "llama3.1-8b"
  std::string name;  // display name printed in the banner
  int num_layers = 32;
  int hidden_dim = 4096;
  int num_heads = 32;
  int kv_heads = 8;
  std::string dtype = "float16";
  int kv_dim_per_head = 0;  // head_dim override; 0 = hidden_dim / num_heads
  Attention attention = Attention::Mha;
  int kv_lora_rank = 0;      // MLA only
  int qk_rope_head_dim = 0;  // MLA only
};

// float32→4, float16/bfloat16→2, int8→1, anything else→2 (spec §4.1).
int bytes_per_element(std::string_view dtype);

int head_dim(const ModelSpec& m);

// KV bytes per token of one full (unsharded) model replica.
std::uint64_t bytes_per_token(const ModelSpec& m);

// Bytes of one cache entry of `tokens` tokens as stored by one tensor-parallel rank:
// (bpt × tokens) / tp, rounded down (spec §6.1).
std::uint64_t entry_bytes(const ModelSpec& m, std::uint64_t tokens, int tensor_parallel);

std::string_view attention_name(Attention a);  // "MHA" | "GQA" | "MLA"
bool parse_attention(std::string_view text, Attention& out);

// The nine built-in models, in the reference's order.
std::vector<ModelSpec> builtin_models();

// "Large" models get the smaller RAG document range (spec §5.4).
bool is_large_model(const ModelSpec& m);

}  // namespace kvbench::model
