// What `kvbench convert` is asked to do: which traces to read, which of their rows reach
// storage, and the replay tool whose input to write (fio iologs and a job file, or sai3-bench's
// op-log TSV).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/backend_options.h"

namespace kvbench::convert {

enum class ExportFormat { Fio, Sai3 };

struct ConvertOptions {
  std::vector<std::string> inputs;  // trace CSV files, plain or .zst, read as one trace
  ExportFormat format = ExportFormat::Fio;
  std::string output_dir;
  // Where fio does its I/O (one file per key); empty: <output_dir>/data. Absolute in the logs.
  std::string target_dir;
  // false: only the storage level's rows (Tier-2), the I/O a storage system sees under the
  // whole hierarchy; true: every level's rows, all sent to storage.
  bool all_levels = false;
  std::uint64_t io_size = tiers::kDefaultIoSize;  // bytes per fio I/O: objects are split in pieces
  unsigned io_depth = tiers::kDefaultIoDepth;   // fio's iodepth per stream job
  double speed = 1.0;                      // 1 = as recorded, 2 = twice as fast, 0 = no waits
  unsigned max_streams = 256;              // fio jobs at most; users beyond share them
};

}  // namespace kvbench::convert
