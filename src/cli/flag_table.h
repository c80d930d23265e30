// The one table of command-line flags: name, type, default, help, limits and how each value
// lands in RunConfig. Parsing, --help, validation and the `run:` YAML section all read it,
// so they cannot drift apart.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/run_config.h"

namespace kvbench::cli {

enum class FlagType { Bool, Int, Float, String, Choice };

// A parsed value; only the member matching the flag's type is meaningful.
struct FlagValue {
  bool b = false;
  std::int64_t i = 0;
  double d = 0;
  std::string s;
};

struct FlagSpec {
  std::string_view name;  // long form, e.g. "--num-users"
  FlagType type;
  // What --help says for a default no value can state ("a new temp dir"); empty when the
  // flag has a typed_default, which --help then prints (see default_text_of).
  std::string_view default_text;
  std::string_view help;
  std::vector<std::string_view> choices;  // FlagType::Choice only
  std::optional<double> min;              // numeric lower bound
  bool min_exclusive = false;             // bound is "> min" instead of ">= min"
  std::optional<double> max;              // numeric upper bound (inclusive)
  // Null for the small tables of the other commands, which read their values by name.
  std::function<void(config::RunConfig&, const FlagValue&)> apply;
  // The default as a value (the member of RunConfig{} the flag sets): --help and
  // `kvbench schema` print it, so the default is written once, in RunConfig.
  std::optional<FlagValue> typed_default;
};

// A row of a subcommand's own small table (collect, compare, convert, replay, ...): no apply,
// no typed default, the command reads the value by name. Bounds and choices are set after.
FlagSpec command_flag(std::string_view name, FlagType type, std::string_view default_text, std::string_view help);

// The default as --help prints it: the typed default where there is one ("off" for a switch),
// else default_text.
std::string default_text_of(const FlagSpec& spec);

const std::vector<FlagSpec>& flag_table();

// Finds a flag by its long name ("--num-users") or by a `run:` key ("num_users", "num-users").
const FlagSpec* find_flag(std::string_view name);
const FlagSpec* find_flag_in(const std::vector<FlagSpec>& table, std::string_view name);

// Converts text to a typed value, checking type, choices and bounds. On error returns a
// one-line message naming the flag, e.g. "--num-users must be > 0 (got -3)".
std::optional<std::string> parse_flag_value(const FlagSpec& spec, std::string_view text,
                                            FlagValue& out);

}  // namespace kvbench::cli
