#include "cli/flag_schema.h"

namespace kvbench::cli {
namespace {

const char* json_type(FlagType t) {
  switch (t) {
    case FlagType::Bool:
      return "boolean";
    case FlagType::Int:
      return "integer";
    case FlagType::Float:
      return "number";
    case FlagType::String:
    case FlagType::Choice:
      return "string";
  }
  return "string";
}

nlohmann::json typed_default(const FlagSpec& spec) {
  const FlagValue& v = *spec.typed_default;
  switch (spec.type) {
    case FlagType::Bool:
      return v.b;
    case FlagType::Int:
      return v.i;
    case FlagType::Float:
      return v.d;
    case FlagType::String:
    case FlagType::Choice:
      return v.s;
  }
  return nullptr;
}

}  // namespace

std::string run_key_of(const FlagSpec& spec) {
  std::string key(spec.name.substr(2));
  for (auto& ch : key)
    if (ch == '-') ch = '_';
  return key;
}

nlohmann::json flag_property(const FlagSpec& spec) {
  nlohmann::json p = {
      {"type", json_type(spec.type)}, {"description", spec.help}, {"x-kvbench-flag", spec.name}};
  if (spec.type == FlagType::Choice) p["enum"] = spec.choices;
  if (spec.typed_default)
    p["default"] = typed_default(spec);
  else if (!spec.default_text.empty())
    p["x-kvbench-default"] = spec.default_text;
  if (spec.min) p[spec.min_exclusive ? "exclusiveMinimum" : "minimum"] = *spec.min;
  if (spec.max) p["maximum"] = *spec.max;
  return p;
}

nlohmann::json flags_schema(const std::vector<FlagSpec>& table) {
  nlohmann::json props = nlohmann::json::object();
  for (const auto& f : table) props[run_key_of(f)] = flag_property(f);
  return {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
}

}  // namespace kvbench::cli
