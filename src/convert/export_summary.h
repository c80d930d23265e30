// What a conversion wrote, for the command's closing line and for tests: the bytes the replay
// tool will move (pieces padded to 4 KiB, as direct I/O needs) and the set-up it needs first.
#pragma once

#include <cstdint>

namespace kvbench::convert {

struct ExportSummary {
  std::uint64_t rows = 0;
  std::uint64_t streams = 0;
  std::uint64_t read_bytes = 0;
  std::uint64_t write_bytes = 0;
  std::uint64_t ios = 0;            // read and write pieces, set-up excluded
  std::uint64_t setup_objects = 0;  // objects read before the trace writes them
  std::uint64_t setup_bytes = 0;
};

}  // namespace kvbench::convert
