// File names of the file backend's entries: `<key>.kv` with the key made safe for any file system
// (spec §6.6 names files after keys; keys are arbitrary strings). Readable for ordinary keys,
// unique for all of them, and recognisable, so that cleaning a cache directory at start removes
// kvbench's files and nothing else.
#pragma once

#include <string>
#include <string_view>

namespace kvbench::tiers {

inline constexpr std::string_view kEntryFileSuffix = ".kv";

// Letters, digits, '_' and '-' stay; '.' stays except in first place (no hidden files, no "."
// or ".."); every other byte, '%' included, becomes %XX. That is reversible, so distinct keys
// get distinct names. A name that would pass NAME_MAX is cut and ends in '~' plus a 64-bit
// hash of the whole key ('~' never appears otherwise).
std::string entry_file_name(std::string_view key);

// True for names entry_file_name() can produce: what start-up cleaning may delete.
bool is_entry_file_name(std::string_view name);

}  // namespace kvbench::tiers
