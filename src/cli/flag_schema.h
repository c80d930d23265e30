// One flag as a JSON Schema property (draft 2020-12): its type, typed default, limits,
// choices and help, plus its command-line name under "x-kvbench-flag". The property names are
// the run: section's keys (num_users), so the schema also describes that section.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/flag_table.h"

namespace kvbench::cli {

// "--num-users" → "num_users"
std::string run_key_of(const FlagSpec& spec);

nlohmann::json flag_property(const FlagSpec& spec);

// {"type": "object", "properties": {...}, "additionalProperties": false} for a flag table.
nlohmann::json flags_schema(const std::vector<FlagSpec>& table);

}  // namespace kvbench::cli
