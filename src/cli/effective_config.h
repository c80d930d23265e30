// The effective configuration of a run as resolved from its command line and `run:` section:
// every flag of the table under its `run:` key (num_users), with the value it took: the last
// one given, or its default. For the run's identity and its workload fingerprint (issue 14).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/flag_table.h"

namespace kvbench::cli {

// `given`: the flags in the order they were applied (the config's run: section, then argv).
// A typed default is written as its type (true, 100, 0.5); a descriptive one ("a new temp
// dir", "min(num-users, 500)") as its text. `config_text` is the --config file's content
// ("" without one): only its hash is kept, so the identity names the file's exact bytes.
nlohmann::json effective_config(const std::vector<std::pair<const FlagSpec*, std::string>>& given,
                                const std::string& config_text);

}  // namespace kvbench::cli
