#include "cli/models_command.h"

#include <cstdio>
#include <optional>

#include "config/config_loader.h"
#include "model/model_spec.h"

namespace kvbench::cli {

int models_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::optional<std::string> config_path;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      config_path = args[++i];
    } else if (args[i].rfind("--config=", 0) == 0) {
      config_path = args[i].substr(9);
    } else {
      err << "kvbench: error: models: unrecognized argument: " << args[i]
          << " (usage: kvbench models [--config FILE])\n";
      return 2;
    }
  }
  config::Settings settings;
  if (config_path) {
    try {
      settings = config::load_config_file(*config_path).settings;
    } catch (const config::ConfigError& e) {
      err << "kvbench: error: " << e.what() << "\n";
      return 2;
    }
  }
  char line[256];
  std::snprintf(line, sizeof line, "%-24s %-28s %7s %-9s %15s %15s\n", "KEY", "NAME", "LAYERS",
                "ATTENTION", "BYTES/TOKEN", "MiB/1K TOKENS");
  out << line;
  for (const auto& m : settings.models) {
    const auto bpt = model::bytes_per_token(m);
    std::snprintf(line, sizeof line, "%-24s %-28s %7d %-9s %15llu %15.2f\n", m.key.c_str(),
                  m.name.c_str(), m.num_layers, std::string(model::attention_name(m.attention)).c_str(),
                  static_cast<unsigned long long>(bpt), static_cast<double>(bpt) * 1000.0 / (1024.0 * 1024.0));
    out << line;
  }
  return 0;
}

}  // namespace kvbench::cli
