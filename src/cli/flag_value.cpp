// Reading one flag value: the type, choice and bound checks every command's flags share, the
// lookup by name, and the default as --help shows it.
#include "cli/flag_table.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "common/number_text.h"

namespace kvbench::cli {
namespace {

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

}  // namespace

const FlagSpec* find_flag_in(const std::vector<FlagSpec>& table, std::string_view name) {
  std::string norm;
  if (name.substr(0, 2) != "--") norm = "--";
  for (char ch : name) norm.push_back(ch == '_' ? '-' : ch);
  for (const auto& f : table)
    if (f.name == norm) return &f;
  return nullptr;
}

const FlagSpec* find_flag(std::string_view name) { return find_flag_in(flag_table(), name); }

FlagSpec command_flag(std::string_view name, FlagType type, std::string_view default_text, std::string_view help) {
  FlagSpec f{};
  f.name = name;
  f.type = type;
  f.default_text = default_text;
  f.help = help;
  return f;
}

std::string default_text_of(const FlagSpec& spec) {
  if (!spec.typed_default) return std::string(spec.default_text);
  const FlagValue& v = *spec.typed_default;
  switch (spec.type) {
    case FlagType::Bool: return v.b ? "on" : "off";
    case FlagType::Int: return std::to_string(v.i);
    case FlagType::Float: return number_text(v.d);
    case FlagType::String:
    case FlagType::Choice: return v.s;
  }
  return std::string(spec.default_text);
}

std::optional<std::string> parse_flag_value(const FlagSpec& spec, std::string_view raw,
                                            FlagValue& out) {
  const std::string name(spec.name);
  const std::string text = trim(raw);
  switch (spec.type) {
    case FlagType::Bool: {
      if (text == "true" || text == "True" || text == "yes" || text == "1" || text == "on") {
        out.b = true;
      } else if (text == "false" || text == "False" || text == "no" || text == "0" || text == "off") {
        out.b = false;
      } else {
        return name + " expects true or false (got '" + text + "')";
      }
      return std::nullopt;
    }
    case FlagType::String:
      if (text.empty()) return name + " expects a non-empty value";
      out.s = text;
      return std::nullopt;
    case FlagType::Choice: {
      for (auto c : spec.choices)
        if (c == text) {
          out.s = text;
          return std::nullopt;
        }
      std::string all;
      for (auto c : spec.choices) all += (all.empty() ? "" : ", ") + std::string(c);
      return name + ": invalid choice '" + text + "' (choose from " + all + ")";
    }
    case FlagType::Int: {
      std::string_view digits = text;
      if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size())
        return name + ": invalid int value '" + text + "'";
      out.i = v;
      out.d = static_cast<double>(v);
      break;
    }
    case FlagType::Float: {
      char* end = nullptr;
      const double v = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size())
        return name + ": invalid float value '" + text + "'";
      if (!std::isfinite(v)) return name + " must be a finite number (got '" + text + "')";
      out.d = v;
      break;
    }
  }
  if (spec.min) {
    const bool bad = spec.min_exclusive ? !(out.d > *spec.min) : !(out.d >= *spec.min);
    if (bad)
      return name + " must be " + (spec.min_exclusive ? "> " : ">= ") + number_text(*spec.min) +
             (spec.max ? " and <= " + number_text(*spec.max) : "") + " (got " + text + ")";
  }
  if (spec.max && out.d > *spec.max)
    return name + " must be <= " + number_text(*spec.max) + " (got " + text + ")";
  return std::nullopt;
}

}  // namespace kvbench::cli
