#include "convert/object_names.h"

#include <cctype>

#include "common/fnv1a.h"

namespace kvbench::convert {
namespace {

constexpr std::size_t kMaxName = 200;
constexpr unsigned kSharedStreams = 8;

bool safe_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

}  // namespace

std::string object_file_name(std::string_view key) {
  bool safe = !key.empty() && key.size() <= kMaxName && key != "." && key != "..";
  for (const char c : key) safe = safe && safe_char(c);
  if (safe) return std::string(key);
  std::string name;
  for (const char c : key) {
    if (name.size() >= kMaxName - 17) break;
    name += safe_char(c) ? c : '_';
  }
  return name + "-" + fnv1a_hex(key);
}

std::string stream_of_key(std::string_view key) {
  constexpr std::string_view kUser = "user_";
  for (std::size_t at = key.find(kUser); at != std::string_view::npos; at = key.find(kUser, at + 1)) {
    std::size_t end = at + kUser.size();
    while (end < key.size() && std::isdigit(static_cast<unsigned char>(key[end]))) ++end;
    const bool starts_word = at == 0 || key[at - 1] == '_';
    if (end > at + kUser.size() && starts_word) return std::string(key.substr(at, end - at));
  }
  const std::string hash = fnv1a_hex(key);
  return "shared-" + std::to_string(std::stoull(hash.substr(12), nullptr, 16) % kSharedStreams);
}

}  // namespace kvbench::convert
