// Input files kvbench reads whole before a run (--config, --dataset-path, --burst-trace-path,
// --validation-trace): what kind of file a path names, so that a FIFO (whose open() blocks the
// run where no signal ends it) or a device such as /dev/zero (which never ends) is refused
// before it is opened, and the caps on their sizes (docs/errors.md, "Input caps").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kvbench::config {

// The largest config file read (a real one is a few KiB); a larger one is refused, not read.
inline constexpr std::uint64_t kMaxConfigFileBytes = 4ull << 20;

// "a FIFO", "a character device", "a block device" or "a socket" where `path` names one of
// those (symbolic links followed); nullopt for a regular file, a directory, or a path that
// cannot be examined (the reader then says what is wrong with it).
std::optional<std::string> special_file_kind(const std::string& path);

}  // namespace kvbench::config
