#include "tiers/entry_file_name.h"

#include <cstdint>

namespace kvbench::tiers {
namespace {

// Linux NAME_MAX is 255; the margin keeps room for the suffix and the hash.
constexpr std::size_t kMaxEncoded = 200;

bool kept(unsigned char c, bool first) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  if (c == '_' || c == '-') return true;
  return c == '.' && !first;
}

// FNV-1a, 64-bit: only has to separate long keys that share their first 200 encoded bytes.
std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

constexpr char kHex[] = "0123456789ABCDEF";

}  // namespace

std::string entry_file_name(std::string_view key) {
  std::string name;
  name.reserve(key.size() + kEntryFileSuffix.size());
  for (std::size_t i = 0; i < key.size(); ++i) {
    const auto c = static_cast<unsigned char>(key[i]);
    if (kept(c, i == 0)) {
      name.push_back(static_cast<char>(c));
    } else {
      name.push_back('%');
      name.push_back(kHex[c >> 4]);
      name.push_back(kHex[c & 15]);
    }
  }
  if (name.empty()) name = "%";  // the empty key: a name no other key encodes to
  if (name.size() > kMaxEncoded) {
    name.resize(kMaxEncoded);
    // Never cut an escape in half: the result must still only hold whole %XX sequences.
    for (std::size_t back = 1; back <= 2; ++back) {
      if (name[name.size() - back] == '%') {
        name.resize(name.size() - back);
        break;
      }
    }
    std::uint64_t h = fnv1a(key);
    name.push_back('~');
    for (int i = 0; i < 16; ++i, h <<= 4) name.push_back(kHex[h >> 60]);
  }
  name += kEntryFileSuffix;
  return name;
}

bool is_entry_file_name(std::string_view name) {
  if (name.size() <= kEntryFileSuffix.size() || !name.ends_with(kEntryFileSuffix)) return false;
  const std::string_view stem = name.substr(0, name.size() - kEntryFileSuffix.size());
  if (stem == "%") return true;
  const std::size_t tilde = stem.find('~');
  const std::string_view body = stem.substr(0, tilde);
  if (tilde != std::string_view::npos) {
    const std::string_view hash = stem.substr(tilde + 1);
    if (hash.size() != 16) return false;
    for (char c : hash)
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return false;
  }
  for (std::size_t i = 0; i < body.size(); ++i) {
    const auto c = static_cast<unsigned char>(body[i]);
    if (c == '%') {
      if (i + 2 >= body.size()) return false;
      for (std::size_t k = 1; k <= 2; ++k) {
        const char h = body[i + k];
        if (!((h >= '0' && h <= '9') || (h >= 'A' && h <= 'F'))) return false;
      }
      i += 2;
    } else if (!kept(c, i == 0)) {
      return false;
    }
  }
  return !body.empty();
}

}  // namespace kvbench::tiers
