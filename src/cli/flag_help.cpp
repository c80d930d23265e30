#include "cli/flag_help.h"

#include <cctype>
#include <string>

namespace kvbench::cli {

void print_flag_help(std::ostream& os, const std::vector<FlagSpec>& table) {
  os << "  -h, --help\n      show this help and exit\n";
  for (const auto& f : table) {
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
    os << "\n      " << f.help;
    const std::string def = default_text_of(f);
    if (!def.empty()) os << " (default: " << def << ")";
    if (!f.not_implemented.empty()) os << " [not implemented yet]";
    os << "\n";
  }
}

}  // namespace kvbench::cli
