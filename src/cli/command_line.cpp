#include "cli/command_line.h"

#include <iomanip>

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

// argparse accepts any unambiguous prefix of a long option.
const FlagSpec* resolve_flag(const std::string& name, std::vector<std::string>& errors) {
  if (const FlagSpec* exact = find_flag(name); exact && name.rfind("--", 0) == 0) return exact;
  std::vector<const FlagSpec*> matches;
  for (const auto& f : flag_table())
    if (f.name.substr(0, name.size()) == name) matches.push_back(&f);
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    errors.push_back("unrecognized argument: " + name);
  } else {
    std::string all;
    for (auto* m : matches) all += (all.empty() ? "" : ", ") + std::string(m->name);
    errors.push_back("ambiguous option: " + name + " could match " + all);
  }
  return nullptr;
}

bool looks_like_negative_number(const std::string& s) {
  if (s.size() < 2 || s[0] != '-') return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

void tokenize(const std::vector<std::string>& args, std::vector<RawValue>& out,
              std::vector<std::string>& errors, bool& help) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      help = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
      errors.push_back("unrecognized argument: " + arg);
      continue;
    }
    const auto eq = arg.find('=');
    const std::string name = arg.substr(0, eq);
    const FlagSpec* spec = resolve_flag(name, errors);
    if (!spec) continue;
    if (spec->type == FlagType::Bool) {
      if (eq != std::string::npos) errors.push_back(std::string(spec->name) + " takes no value");
      else out.push_back({spec, "true", ""});
      continue;
    }
    if (eq != std::string::npos) {
      out.push_back({spec, arg.substr(eq + 1), ""});
    } else if (i + 1 < args.size() &&
               (args[i + 1].rfind("-", 0) != 0 || looks_like_negative_number(args[i + 1]))) {
      out.push_back({spec, args[++i], ""});
    } else {
      errors.push_back(std::string(spec->name) + " expects a value");
    }
  }
}

}  // namespace

BuildResult build_run_config(const std::vector<std::string>& args, const std::string& now_stamp) {
  BuildResult result;
  std::vector<RawValue> cli_values;
  tokenize(args, cli_values, result.errors, result.help);
  if (result.help) return result;

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
    if (!v.spec->not_implemented.empty() && (v.spec->type != FlagType::Bool || parsed.b)) {
      result.errors.push_back(std::string(v.spec->name) + " is not implemented yet (" +
                              std::string(v.spec->not_implemented) + ")");
      continue;
    }
    v.spec->apply(cfg, parsed);
  }
  if (!result.errors.empty()) return result;

  validate_run_config(cfg, result.errors, result.warnings);
  if (result.errors.empty()) result.config = std::move(cfg);
  return result;
}

void print_usage(std::ostream& os) {
  os << "usage: kvbench [run] [options]        run the benchmark (a kv-cache.py command line works as is)\n"
        "       kvbench models                 list the model table\n"
        "       kvbench aggregate [--output F] RESULTS.json...  merge the results of parallel groups\n\n"
        "Integrated Multi-User KV Cache Benchmark, in C++.\n\noptions:\n"
        "  -h, --help\n      show this help and exit\n";
  for (const auto& f : flag_table()) {
    os << "  " << f.name;
    if (f.type == FlagType::Choice) {
      os << " {";
      for (std::size_t i = 0; i < f.choices.size(); ++i) os << (i ? "," : "") << f.choices[i];
      os << "}";
    } else if (f.type != FlagType::Bool) {
      std::string meta(f.name.substr(2));
      for (auto& ch : meta) ch = ch == '-' ? '_' : static_cast<char>(std::toupper(ch));
      os << " " << meta;
    }
    os << "\n      " << f.help << " (default: " << f.default_text << ")";
    if (!f.not_implemented.empty()) os << " [not implemented yet]";
    os << "\n";
  }
}

}  // namespace kvbench::cli
