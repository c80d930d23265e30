#include "app/models_command.h"

#include <cstdio>

#include "config/config_loader.h"
#include "model/model_spec.h"

namespace kvbench::app {

const std::vector<cli::FlagSpec>& models_flags() {
  static const std::vector<cli::FlagSpec> table = {
      cli::command_flag("--config", cli::FlagType::String, "none",
                        "YAML config file whose model_configs are merged into the built-in models"),
  };
  return table;
}

bool load_settings(const cli::ParsedArgs& parsed, config::Settings& settings, CommandIo& io) {
  const std::string* path = parsed.last("--config");
  if (!path) return true;
  try {
    settings = config::load_config_file(*path).settings;
  } catch (const config::ConfigError& e) {
    io.err << "kvbench: error: " << e.what() << "\n";
    return false;
  }
  return true;
}

int models_command(const Invocation& call, CommandIo& io) {
  config::Settings settings;
  if (!load_settings(call.parsed, settings, io)) return 2;
  char line[256];
  std::snprintf(line, sizeof line, "%-24s %-28s %7s %-9s %15s %15s\n", "KEY", "NAME", "LAYERS",
                "ATTENTION", "BYTES/TOKEN", "MiB/1K TOKENS");
  io.out << line;
  for (const auto& m : settings.models) {
    const auto bpt = model::bytes_per_token(m);
    std::snprintf(line, sizeof line, "%-24s %-28s %7d %-9s %15llu %15.2f\n", m.key.c_str(),
                  m.name.c_str(), m.num_layers,
                  std::string(model::attention_name(m.attention)).c_str(),
                  static_cast<unsigned long long>(bpt),
                  static_cast<double>(bpt) * 1000.0 / (1024.0 * 1024.0));
    io.out << line;
  }
  return 0;
}

}  // namespace kvbench::app
