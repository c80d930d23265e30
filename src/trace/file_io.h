// The few POSIX file operations the trace sinks share: create the file (and its folders), write
// every byte despite short writes and EINTR, and make the data durable before closing.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "trace/unique_fd.h"

namespace kvbench::trace {

// Creates missing parent folders and opens `path` for writing, truncated.
// Throws std::runtime_error naming the path and the reason.
UniqueFd create_trace_file(const std::string& path);

// Writes all pieces in order, gathering them into as few syscalls as possible.
// Throws std::system_error carrying errno (e.g. ENOSPC) on failure.
void write_fully(int fd, std::span<const std::string_view> pieces);

// fsync then close; a file kind that cannot be synced (a pipe, /dev/null) is not an error.
// Throws std::system_error carrying errno on failure.
void sync_and_close(UniqueFd& fd);

}  // namespace kvbench::trace
