// Loads config.yaml (spec §3) into Settings under a strict schema and collects kvbench's
// `run:` section for cli/ to apply. Every error names the file, the line and the dotted key.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "config/settings.h"

namespace kvbench::config {

// A config file that is missing, unreadable, not YAML, or not in the schema. The message is
// one line, ready to print: "<file>:<line>: <what is wrong>".
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One entry of the top-level `run:` section: a flag's long name and its value, both as
// written. cli/ checks the names and parses the values against its flag table.
struct RunSectionEntry {
  std::string key;    // "num_users" or "num-users", as written
  std::string value;  // the scalar's text ("50", "true", "/mnt/nvme")
  int line = 0;       // 1-based line of the key
};

struct LoadedConfig {
  Settings settings;                 // defaults overlaid with the file's values
  std::vector<RunSectionEntry> run;  // in file order
  std::string source;                // the file name used in messages
};

// Throws ConfigError "config file '<path>' not found" / "... cannot be read: <why>", or any
// error of load_config_text with <path> as the file name.
LoadedConfig load_config_file(const std::string& path);

// Parses `yaml` as the contents of `source_name`. Empty text (or only comments) gives the
// defaults.
LoadedConfig load_config_text(const std::string& yaml, const std::string& source_name);

}  // namespace kvbench::config
