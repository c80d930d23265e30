// Writes a trace as the op-log TSV that sai3-bench's `replay` reads (header-named columns:
// idx, op, bytes, file, start as RFC 3339 UTC with microseconds), for replay against object
// storage. Checked by parsing the columns its reader maps, not by running sai3-bench.
#pragma once

#include <fstream>
#include <string>

#include "convert/convert_options.h"
#include "convert/export_summary.h"
#include "trace/trace_reader.h"

namespace kvbench::convert {

// "2026-12-01T16:15:00.123456Z" for Unix epoch microseconds.
std::string rfc3339_utc(std::int64_t epoch_us);

class Sai3Export {
 public:
  // Throws std::runtime_error naming --output when the folder or file cannot be written.
  explicit Sai3Export(const ConvertOptions& options);
  void add(const trace::TraceRow& row);
  ExportSummary finish();

  static constexpr const char* kOpLog = "oplog.tsv";

 private:
  std::string path_;
  std::ofstream out_;
  ExportSummary summary_;
};

}  // namespace kvbench::convert
