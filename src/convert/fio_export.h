// Writes a trace as fio iolog version 3 files (fio's HOWTO, "Trace file format v3") and a job
// file that replays them: one log per stream, so fio's jobs keep the trace's concurrency; each
// key one file under the target folder; each object in --io-size pieces, a datasync after each
// write (kvbench's writes are durable when they return); timestamps kept, scaled by --speed.
// Objects the trace reads before writing them are written by a set-up job that runs first.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "convert/convert_options.h"
#include "convert/export_summary.h"
#include "trace/trace_reader.h"

namespace kvbench::convert {

class FioExport {
 public:
  // Creates the output and target folders. Throws std::runtime_error with one line naming the
  // flag (--output, --target) when they cannot be used.
  explicit FioExport(const ConvertOptions& options);
  ~FioExport();
  FioExport(const FioExport&) = delete;
  FioExport& operator=(const FioExport&) = delete;

  void add(const trace::TraceRow& row);
  // Writes the job file and closes every log. Throws std::runtime_error on a write error.
  ExportSummary finish();

  static constexpr const char* kJobFile = "replay.fio";

 private:
  struct Stream {
    std::string file;  // the log's path
    std::ofstream out;
    std::int64_t last_us = 0;
    std::uint64_t ios = 0;
  };
  struct Object {
    std::string path;
    std::uint32_t stream = 0;
    bool opened = false;   // added and opened in its stream's log
    bool written = false;  // exists once the replay reaches this point (written or set up)
  };

  Object& object_for(const std::string& key);
  Stream& stream(std::uint32_t index);
  std::int64_t replay_time(std::int64_t timestamp_us, Stream& s);
  // The pieces of one object's read or write; returns the bytes they move.
  std::uint64_t write_pieces(std::ofstream& out, std::int64_t at, const std::string& path,
                             const char* action, std::uint64_t size, std::uint64_t& ios) const;
  void set_up(Object& obj, std::uint64_t size);
  void write_job_file();

  const ConvertOptions options_;
  std::string output_dir_;
  std::string target_dir_;
  std::vector<std::unique_ptr<Stream>> streams_;
  std::unordered_map<std::string, std::uint32_t> stream_index_;  // stream name → ordinal
  std::unordered_map<std::string, Object> objects_;
  std::ofstream setup_;
  std::uint64_t setup_ios_ = 0;
  std::int64_t origin_us_ = 0;
  bool have_origin_ = false;
  ExportSummary summary_;
};

}  // namespace kvbench::convert
