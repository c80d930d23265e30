// A backend's command-line option, described without cli/: name, type, default, help, limits,
// and how a parsed value lands in BackendOptions. cli/flag_table.cpp converts each row into a
// FlagSpec (the arrow is cli → tiers), so --help, validation and the `run:` YAML section read
// backend options through the one flag table.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/backend_options.h"

namespace kvbench::tiers {

enum class OptionKind { Bool, Int, Float, String, Choice };

// A parsed value; only the member matching the row's kind is meaningful.
struct OptionValue {
  bool b = false;
  std::int64_t i = 0;
  double d = 0;
  std::string s;
};

struct OptionRow {
  std::string_view name;  // long form, e.g. "--io-size"
  OptionKind kind = OptionKind::String;
  std::string default_text;  // as --help prints it; derived from the typed default where it has one
  std::string_view help;
  std::vector<std::string_view> choices;  // OptionKind::Choice only
  std::optional<double> min;              // numeric lower bound (inclusive)
  std::optional<double> max;              // numeric upper bound (inclusive)
  std::function<void(BackendOptions&, const OptionValue&)> apply;
};

}  // namespace kvbench::tiers
