// `model_configs` (spec §3, §4.2): each entry overrides only the fields it names on the
// built-in model of the same key, or adds a model. The reference leaves this section
// free-form; kvbench checks it like every other section, since a typo here silently sizes
// every KV entry wrong.
#include <algorithm>
#include <string>

#include "config/config_loader_internal.h"

namespace kvbench::config::detail {
namespace {

// A model named only in the YAML starts from the reference's fallbacks (spec §4.2): spelled
// out here rather than trusted to ModelSpec's initializers, because these are the spec's.
model::ModelSpec new_model(const std::string& key) {
  model::ModelSpec m;
  m.key = key;
  m.name = key;
  m.num_layers = 32;
  m.hidden_dim = 4096;
  m.num_heads = 32;
  m.kv_heads = 8;
  m.dtype = "float16";
  m.kv_dim_per_head = 0;
  m.attention = model::Attention::Mha;
  m.kv_lora_rank = 0;
  m.qk_rope_head_dim = 0;
  return m;
}

void read_model(const Field& f, model::ModelSpec& m) {
  f.as_map({
      {"name", [&](const Field& v) { m.name = v.as_string(); }},
      {"num_layers", [&](const Field& v) { m.num_layers = v.as_int(1); }},
      {"hidden_dim", [&](const Field& v) { m.hidden_dim = v.as_int(1); }},
      {"num_heads", [&](const Field& v) { m.num_heads = v.as_int(1); }},
      {"kv_heads", [&](const Field& v) { m.kv_heads = v.as_int(1); }},
      // Any dtype is accepted: unknown ones count 2 bytes per element, as the reference.
      {"dtype", [&](const Field& v) { m.dtype = v.as_string(); }},
      {"kv_dim_per_head", [&](const Field& v) { m.kv_dim_per_head = v.as_int(0); }},
      {"attention_type",
       [&](const Field& v) {
         if (!v.node().IsScalar() || !model::parse_attention(v.node().Scalar(), m.attention)) {
           v.fail("must be one of mha, gqa, mla, got " + describe(v.node()));
         }
       }},
      {"kv_lora_rank", [&](const Field& v) { m.kv_lora_rank = v.as_int(0); }},
      {"qk_rope_head_dim", [&](const Field& v) { m.qk_rope_head_dim = v.as_int(0); }},
  });
}

// Every field may be valid on its own and the model still hold no KV bytes (MLA without a
// latent rank, hidden_dim < num_heads), or absurdly many from a typo'd extra digit.
void check_model(const Field& f, const model::ModelSpec& m) {
  const long double layers = m.num_layers;
  const long double elem = model::bytes_per_element(m.dtype);
  const long double bpt =
      m.attention == model::Attention::Mla
          ? layers * (static_cast<long double>(m.kv_lora_rank) + m.qk_rope_head_dim) * elem
          : layers * m.kv_heads * model::head_dim(m) * 2 * elem;
  if (bpt <= 0) {
    f.fail(m.attention == model::Attention::Mla
               ? "gives 0 KV bytes per token: an mla model needs kv_lora_rank + "
                 "qk_rope_head_dim > 0"
               : "gives 0 KV bytes per token: hidden_dim / num_heads is 0; set "
                 "kv_dim_per_head");
  }
  constexpr long double kMaxBytesPerToken = 1ULL << 32;  // 4 GiB; the largest real model is ~1 MiB
  if (bpt > kMaxBytesPerToken) {
    f.fail("gives an implausible " + std::to_string(static_cast<unsigned long long>(bpt)) +
           " KV bytes per token (limit 4 GiB); check num_layers, kv_heads and head size");
  }
}

}  // namespace

void read_model_configs(const Field& field, std::vector<model::ModelSpec>& models) {
  field.for_each_entry([&](const std::string& key, const Field& entry) {
    auto it = std::find_if(models.begin(), models.end(),
                           [&](const model::ModelSpec& m) { return m.key == key; });
    model::ModelSpec m = it == models.end() ? new_model(key) : *it;
    read_model(entry, m);
    check_model(entry, m);
    if (it == models.end()) {
      models.push_back(std::move(m));
    } else {
      *it = std::move(m);
    }
  });
}

}  // namespace kvbench::config::detail
