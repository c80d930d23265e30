#include "model/model_spec.h"

namespace kvbench::model {

int bytes_per_element(std::string_view dtype) {
  if (dtype == "float32") return 4;
  if (dtype == "int8") return 1;
  return 2;  // float16, bfloat16 and anything unknown, as the reference
}

int head_dim(const ModelSpec& m) {
  if (m.kv_dim_per_head > 0) return m.kv_dim_per_head;
  return m.num_heads > 0 ? m.hidden_dim / m.num_heads : 0;
}

std::uint64_t bytes_per_token(const ModelSpec& m) {
  const auto layers = static_cast<std::uint64_t>(m.num_layers);
  const auto elem = static_cast<std::uint64_t>(bytes_per_element(m.dtype));
  if (m.attention == Attention::Mla) {
    return layers * static_cast<std::uint64_t>(m.kv_lora_rank + m.qk_rope_head_dim) * elem;
  }
  return layers * static_cast<std::uint64_t>(m.kv_heads) * static_cast<std::uint64_t>(head_dim(m)) *
         2 * elem;
}

std::uint64_t entry_bytes(const ModelSpec& m, std::uint64_t tokens, int tensor_parallel) {
  const std::uint64_t tp = tensor_parallel > 0 ? static_cast<std::uint64_t>(tensor_parallel) : 1;
  return bytes_per_token(m) * tokens / tp;
}

std::string_view attention_name(Attention a) {
  switch (a) {
    case Attention::Mha: return "MHA";
    case Attention::Gqa: return "GQA";
    case Attention::Mla: return "MLA";
  }
  return "MHA";
}

bool parse_attention(std::string_view text, Attention& out) {
  if (text == "mha" || text == "MHA") { out = Attention::Mha; return true; }
  if (text == "gqa" || text == "GQA") { out = Attention::Gqa; return true; }
  if (text == "mla" || text == "MLA") { out = Attention::Mla; return true; }
  return false;
}

std::vector<ModelSpec> builtin_models() {
  auto gqa = [](std::string key, std::string name, int layers, int hidden, int heads, int kv,
                int head_dim_override = 0) {
    ModelSpec m;
    m.key = std::move(key);
    m.name = std::move(name);
    m.num_layers = layers;
    m.hidden_dim = hidden;
    m.num_heads = heads;
    m.kv_heads = kv;
    m.kv_dim_per_head = head_dim_override;
    m.attention = Attention::Gqa;
    return m;
  };
  std::vector<ModelSpec> models;
  models.push_back(gqa("tiny-1b", "Tiny 1B", 12, 1024, 8, 4));
  models.push_back(gqa("mistral-7b", "Mistral 7B", 32, 4096, 32, 8));
  models.push_back(gqa("llama2-7b", "Llama 2 7B", 32, 4096, 32, 32));
  models.back().attention = Attention::Mha;
  models.push_back(gqa("llama3.1-8b", "Llama 3.1 8B", 32, 4096, 32, 8));
  models.push_back(gqa("llama3.1-70b-instruct", "Llama 3.1 70B Instruct", 80, 8192, 64, 8));
  ModelSpec ds = gqa("deepseek-v3", "DeepSeek V3", 61, 7168, 128, 128);
  ds.attention = Attention::Mla;
  ds.kv_lora_rank = 512;
  ds.qk_rope_head_dim = 64;
  models.push_back(ds);
  models.push_back(gqa("qwen3-32b", "Qwen3 32B", 64, 5120, 64, 8, 128));
  models.push_back(gqa("gpt-oss-120b", "GPT OSS 120B (MoE)", 36, 2880, 64, 8, 64));
  models.push_back(gqa("gpt-oss-20b", "GPT OSS 20B (MoE)", 24, 2880, 64, 8, 64));
  return models;
}

bool is_large_model(const ModelSpec& m) { return m.hidden_dim >= 8192 || m.num_layers >= 64; }

}  // namespace kvbench::model
