// Pre-flight checks of a run's outputs and capacity, made before any I/O: a results, spreadsheet
// or trace path that cannot be written, or a --storage-capacity-gb larger than the free space
// under --cache-dir, would otherwise be found after the whole run (and its results lost).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/run_config.h"

namespace kvbench::config {

// Why the file `path` given to `flag` cannot be written, or nullopt when it can. A missing folder
// is fine when it can be created (the writers create them), so the nearest existing folder above
// the file is probed by creating (and removing) a file in it: that answers for permissions,
// read-only mounts and pseudo file systems (/proc, /sys) alike, also for root.
std::optional<std::string> unwritable_output(const std::string& flag, const std::string& path);

// The message for two of --output, --io-trace-log and --xlsx-output naming one file (through a
// symlink or another spelling), or nullopt: checked before the run, since one would overwrite
// the other at its end.
std::optional<std::string> shared_output_path(const RunConfig& cfg);

// Bytes available to kvbench under `dir` (or, when it does not exist yet, under its nearest
// existing parent): statvfs's f_bavail, plus the kvbench entry files (*.kv) already there when
// the directory carries kvbench's marker, since a run removes those at start. nullopt when nothing can be measured.
std::optional<std::uint64_t> free_bytes_for_cache(const std::string& dir);

// Every pre-flight problem of `cfg`, one message each (exit 2). Real runs only check capacity.
std::vector<std::string> preflight_errors(const RunConfig& cfg);

}  // namespace kvbench::config
