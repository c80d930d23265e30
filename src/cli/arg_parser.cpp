#include "cli/arg_parser.h"

#include <cstdlib>

#include "common/did_you_mean.h"

namespace kvbench::cli {
namespace {

// argparse accepts any unambiguous prefix of a long option.
const FlagSpec* resolve_flag(const std::vector<FlagSpec>& table, const std::string& name,
                             std::vector<std::string>& errors, std::vector<std::string>& notes) {
  if (const FlagSpec* exact = find_flag_in(table, name); exact && name.rfind("--", 0) == 0)
    return exact;
  std::vector<const FlagSpec*> matches;
  for (const auto& f : table)
    if (f.name.substr(0, name.size()) == name) matches.push_back(&f);
  if (matches.size() == 1) {
    // argparse does this silently; kvbench says so, since a typo can land on another flag.
    notes.push_back("Option " + name + " taken as " + std::string(matches.front()->name) +
                    " (an unambiguous prefix)");
    return matches.front();
  }
  if (matches.empty()) {
    std::vector<std::string_view> names;
    for (const auto& f : table) names.push_back(f.name);
    const std::string near = nearest_word(name, names);
    errors.push_back("unrecognized argument: " + name + (near.empty() ? "" : " (did you mean " + near + "?)"));
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

}  // namespace

const std::string* ParsedArgs::last(std::string_view name) const {
  for (auto it = flags.rbegin(); it != flags.rend(); ++it)
    if (it->spec->name == name) return &it->text;
  return nullptr;
}

ParsedArgs parse_args(const std::vector<FlagSpec>& table, const std::vector<std::string>& args,
                      bool takes_positionals) {
  ParsedArgs out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      out.help = true;
      continue;
    }
    if (arg == "--" && takes_positionals) {
      out.separators.push_back(out.positionals.size());
      continue;
    }
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
      if (takes_positionals && arg.rfind("-", 0) != 0)
        out.positionals.push_back(arg);
      else
        out.errors.push_back("unrecognized argument: " + arg);
      continue;
    }
    const auto eq = arg.find('=');
    const std::string name = arg.substr(0, eq);
    const FlagSpec* spec = resolve_flag(table, name, out.errors, out.notes);
    if (!spec) continue;
    if (spec->type == FlagType::Bool) {
      if (eq != std::string::npos)
        out.errors.push_back(std::string(spec->name) + " takes no value");
      else
        out.flags.push_back({spec, "true"});
      continue;
    }
    if (eq != std::string::npos) {
      out.flags.push_back({spec, arg.substr(eq + 1)});
    } else if (i + 1 < args.size() &&
               (args[i + 1].rfind("-", 0) != 0 || looks_like_negative_number(args[i + 1]))) {
      out.flags.push_back({spec, args[++i]});
    } else {
      out.errors.push_back(std::string(spec->name) + " expects a value");
    }
  }
  return out;
}

}  // namespace kvbench::cli
