// What a trace file really holds after a failed write (a full disk): its complete rows, counted
// by reading it back, so the results never claim rows the file lost (issue 15 item 4). A
// truncated zstd frame is read as far as it decodes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kvbench::trace {

// Complete rows after the header in the trace file at `path`; a plain CSV is cut back to its last
// complete row, so no half row stays at its end. Empty when `path` is not a regular file (a
// pipe cannot be read back) or cannot be opened.
std::optional<std::uint64_t> count_complete_rows(const std::string& path);

}  // namespace kvbench::trace
