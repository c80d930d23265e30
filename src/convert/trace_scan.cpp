#include "convert/trace_scan.h"

#include <memory>
#include <stdexcept>

namespace kvbench::convert {
namespace {

constexpr std::uint64_t kShownPerFile = 5;

bool reaches_storage(const ConvertOptions& options, const trace::TraceRow& row) {
  return options.all_levels || row.tier == Level::Storage;
}

// One file; returns its usable rows, or -1 after printing why it cannot be read at all.
std::int64_t scan_file(const std::string& path, const ConvertOptions& options,
                       const std::function<void(const trace::TraceRow&)>& use, ScanTally& tally,
                       std::ostream& err) {
  std::unique_ptr<trace::TraceReader> reader;
  try {
    reader = trace::TraceReader::open(path);
  } catch (const std::exception& e) {
    err << "kvbench: error: convert: " << e.what() << "\n";
    return -1;
  }
  std::int64_t used = 0;
  std::uint64_t malformed = 0;
  trace::TraceRow row;
  for (;;) {
    try {
      if (!reader->next(row)) break;
    } catch (const trace::TraceFormatError& e) {
      if (++malformed <= kShownPerFile) err << "kvbench: warning: convert: skipped " << e.what() << "\n";
      continue;
    } catch (const std::exception& e) {
      // A read error or a truncated zstd frame: what came before it still converts.
      err << "kvbench: warning: convert: " << path << ": " << e.what() << "; converting the "
          << used << " usable rows before it\n";
      tally.truncated = true;
      break;
    }
    if (!reaches_storage(options, row)) {
      ++tally.other_level;
    } else if (row.size == 0) {
      ++tally.zero_size;
    } else {
      use(row);
      ++used;
    }
  }
  if (malformed > kShownPerFile)
    err << "kvbench: warning: convert: " << path << ": " << malformed - kShownPerFile
        << " more malformed rows skipped\n";
  tally.malformed += malformed;
  return used;
}

}  // namespace

int scan_traces(const ConvertOptions& options,
                const std::function<void(const trace::TraceRow&)>& use, ScanTally& tally,
                std::ostream& err) {
  for (const std::string& path : options.inputs) {
    const std::int64_t used = scan_file(path, options, use, tally, err);
    if (used < 0) return 2;
    if (used == 0) {
      err << "kvbench: error: convert: " << path << ": no usable row"
          << (options.all_levels ? "" : " at the storage level (Tier-2; --levels all takes every level)")
          << "\n";
      return 2;
    }
    tally.rows_used += static_cast<std::uint64_t>(used);
  }
  return 0;
}

}  // namespace kvbench::convert
