// Internal to config_loader: the schema walkers, one per concept (sections, model table).
#pragma once

#include <vector>

#include "config/config_loader.h"
#include "config/config_loader_field.h"
#include "model/model_spec.h"

namespace kvbench::config::detail {

// The top-level map of spec §3 plus kvbench's `run:`; fills out.settings and out.run.
void read_sections(const Field& root, LoadedConfig& out);

// `model_configs`: merges each entry over the model of the same key in `models`, or appends
// a new model (spec §4.2 defaults, name = key).
void read_model_configs(const Field& field, std::vector<model::ModelSpec>& models);

}  // namespace kvbench::config::detail
