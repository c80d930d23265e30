#include "cli/effective_config.h"

#include "common/fnv1a.h"

namespace kvbench::cli {
namespace {

std::string run_key(std::string_view flag) {
  std::string key(flag.substr(flag.rfind("--", 0) == 0 ? 2 : 0));
  for (char& c : key)
    if (c == '-') c = '_';
  return key;
}

nlohmann::json typed(const FlagSpec& spec, const std::string& text) {
  FlagValue v;
  if (parse_flag_value(spec, text, v)) return text;  // not a value of its type: keep the words
  switch (spec.type) {
    case FlagType::Bool: return v.b;
    case FlagType::Int: return v.i;
    case FlagType::Float: return v.d;
    case FlagType::String:
    case FlagType::Choice: return v.s;
  }
  return text;
}


}  // namespace

nlohmann::json effective_config(const std::vector<std::pair<const FlagSpec*, std::string>>& given,
                                const std::string& config_text) {
  nlohmann::json out = nlohmann::json::object();
  for (const FlagSpec& spec : flag_table()) {
    const std::string* text = nullptr;
    for (const auto& [s, t] : given)
      if (s == &spec) text = &t;  // the last one given wins
    if (text) out[run_key(spec.name)] = typed(spec, *text);
    else if (spec.type == FlagType::Bool) out[run_key(spec.name)] = spec.typed_default && spec.typed_default->b;
    else out[run_key(spec.name)] = typed(spec, default_text_of(spec));
  }
  if (!config_text.empty()) out["config_file_fnv1a"] = fnv1a_hex(config_text);
  return out;
}

}  // namespace kvbench::cli
