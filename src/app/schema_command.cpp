#include "app/schema_command.h"

#include "app/models_command.h"
#include "cli/flag_schema.h"
#include "model/model_spec.h"

namespace kvbench::app {
namespace {

// Each model is one alternative of the model key: its key, display name and KV geometry.
nlohmann::json model_def(const config::Settings& settings) {
  nlohmann::json alternatives = nlohmann::json::array();
  for (const auto& m : settings.models)
    alternatives.push_back({{"const", m.key},
                            {"title", m.name},
                            {"x-kvbench-model",
                             {{"num_layers", m.num_layers},
                              {"hidden_dim", m.hidden_dim},
                              {"num_heads", m.num_heads},
                              {"kv_heads", m.kv_heads},
                              {"dtype", m.dtype},
                              {"attention", model::attention_name(m.attention)},
                              {"bytes_per_token", model::bytes_per_token(m)}}}});
  return {{"description", "a model key (kvbench models)"}, {"oneOf", alternatives}};
}

}  // namespace

const std::vector<cli::FlagSpec>& schema_flags() { return models_flags(); }

nlohmann::json run_schema(const std::vector<cli::FlagSpec>& flags,
                          const config::Settings& settings) {
  nlohmann::json doc = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                        {"$id", "urn:kvbench:run-flags"},
                        {"title", "kvbench run flags (also the keys of a config's run: section)"}};
  doc.update(cli::flags_schema(flags));
  doc["properties"]["model"]["$ref"] = "#/$defs/model";
  doc["$defs"]["model"] = model_def(settings);
  return doc;
}

int schema_command(const Invocation& call, CommandIo& io) {
  config::Settings settings;
  if (!load_settings(call.parsed, settings, io)) return 2;
  io.out << run_schema(cli::flag_table(), settings).dump(2) << "\n";
  return 0;
}

}  // namespace kvbench::app
