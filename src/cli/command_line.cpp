#include "cli/command_line.h"

#include <fstream>
#include <sstream>

#include "cli/arg_parser.h"
#include "cli/effective_config.h"
#include "cli/flag_table.h"
#include "cli/validate.h"
#include "config/config_loader.h"

namespace kvbench::cli {
namespace {

struct RawValue {
  const FlagSpec* spec;
  std::string text;
  std::string origin;  // for messages: "" (command line) or "config.yaml:12: run.num_users"
};

}  // namespace

BuildResult build_run_config(const std::vector<std::string>& args, const std::string& now_stamp) {
  BuildResult result;
  ParsedArgs parsed_args = parse_args(flag_table(), args, /*takes_positionals=*/false);
  result.errors = std::move(parsed_args.errors);
  result.help = parsed_args.help;
  result.notes = std::move(parsed_args.notes);
  if (result.help) return result;
  std::vector<RawValue> cli_values;
  for (auto& given : parsed_args.flags) cli_values.push_back({given.spec, std::move(given.text), ""});

  config::RunConfig cfg;
  cfg.output = "benchmark_results_" + now_stamp + ".json";

  // --config is read first: its settings, then its run: section, then the command line on top.
  std::vector<RawValue> values;
  std::optional<std::string> config_path;
  for (const auto& v : cli_values)
    if (v.spec->name == "--config") config_path = v.text;
  if (config_path) {
    try {
      config::LoadedConfig loaded = config::load_config_file(*config_path);
      cfg.settings = std::move(loaded.settings);
      for (const auto& entry : loaded.run) {
        const std::string where = *config_path + ":" + std::to_string(entry.line) + ": run." + entry.key;
        const FlagSpec* spec = find_flag(entry.key);
        if (!spec || spec->name == "--config") {
          result.errors.push_back(where + ": unknown flag (the run: section takes kvbench flags by their long name, e.g. num_users)");
          continue;
        }
        // num_users and num-users name the same flag: a file saying both is ambiguous.
        for (const auto& earlier : values)
          if (earlier.spec == spec)
            result.errors.push_back(where + ": " + std::string(spec->name) + " is already set at " + earlier.origin);
        values.push_back({spec, entry.value, where});
      }
    } catch (const config::ConfigError& e) {
      result.errors.push_back(e.what());
    }
  }
  values.insert(values.end(), cli_values.begin(), cli_values.end());

  for (const auto& v : values) {
    FlagValue parsed;
    if (auto err = parse_flag_value(*v.spec, v.text, parsed)) {
      result.errors.push_back(v.origin.empty() ? *err : v.origin + ": " + *err);
      continue;
    }
    v.spec->apply(cfg, parsed);
  }
  if (!result.errors.empty()) return result;

  std::vector<std::pair<const FlagSpec*, std::string>> given;
  for (const auto& v : values) given.emplace_back(v.spec, v.text);
  std::string config_text;
  if (config_path) {
    std::ifstream in(*config_path);
    std::ostringstream text;
    text << in.rdbuf();
    config_text = text.str();
  }
  result.effective = effective_config(given, config_text);

  validate_run_config(cfg, result.errors, result.warnings);
  if (result.errors.empty()) result.config = std::move(cfg);
  return result;
}

}  // namespace kvbench::cli
