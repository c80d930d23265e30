// Reads the rows of one or more traces for a conversion, as tolerant as a replay must be: a
// malformed row is skipped, counted and shown (the first few per file), rows of levels not
// converted and rows of no bytes are counted apart, and a truncated .zst gives what it holds.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "convert/convert_options.h"
#include "trace/trace_reader.h"

namespace kvbench::convert {

struct ScanTally {
  std::uint64_t rows_used = 0;
  std::uint64_t malformed = 0;    // not a trace row (bad field count, number, tier or phase)
  std::uint64_t other_level = 0;  // a level that does not reach storage (without --levels all)
  std::uint64_t zero_size = 0;    // a row of 0 bytes: nothing to do
  bool truncated = false;         // a .zst input ended mid-frame
};

// Calls `use` with every usable row of every input, in file order. Returns 0, or 2 after
// printing one line naming the file when a trace cannot be opened, has a wrong header or holds
// no usable row.
int scan_traces(const ConvertOptions& options, const std::function<void(const trace::TraceRow&)>& use,
                ScanTally& tally, std::ostream& err);

}  // namespace kvbench::convert
