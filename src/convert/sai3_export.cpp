#include "convert/sai3_export.h"

#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "convert/object_names.h"
#include "convert/output_files.h"

namespace kvbench::convert {

std::string rfc3339_utc(std::int64_t epoch_us) {
  std::int64_t seconds = epoch_us / 1'000'000;
  std::int64_t micros = epoch_us % 1'000'000;
  if (micros < 0) {
    micros += 1'000'000;
    --seconds;
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(micros));
  return text;
}

Sai3Export::Sai3Export(const ConvertOptions& options) {
  const std::string dir = prepare_dir("--output", options.output_dir);
  path_ = dir + "/" + kOpLog;
  out_ = open_output("--output", path_);
  out_ << "idx\top\tbytes\tfile\tstart\n";
}

void Sai3Export::add(const trace::TraceRow& row) {
  const bool read = row.op == IoOp::Read;
  out_ << summary_.rows << '\t' << (read ? "GET" : "PUT") << '\t' << row.size << '\t'
       << object_file_name(row.key) << '\t' << rfc3339_utc(row.timestamp_us) << '\n';
  (read ? summary_.read_bytes : summary_.write_bytes) += row.size;
  ++summary_.ios;
  ++summary_.rows;
}

ExportSummary Sai3Export::finish() {
  out_.flush();
  if (!out_) throw std::runtime_error("--output " + path_ + ": write failed");
  summary_.streams = 1;
  return summary_;
}

}  // namespace kvbench::convert
