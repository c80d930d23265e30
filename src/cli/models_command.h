// `kvbench models [--config FILE]`: prints the model table (built-ins merged with the config's
// model_configs) with the KV bytes each token costs.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace kvbench::cli {

int models_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kvbench::cli
