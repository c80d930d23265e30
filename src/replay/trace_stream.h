// The usable rows of a replay's trace files, merged by timestamp (traces of tensor-parallel
// groups recorded side by side interleave; successive pieces of one trace follow each other),
// streamed: one row per file is held, so a multi-GiB .zst trace is never held in memory. Rows that cannot be replayed are skipped and counted by
// reason (row_check.h), a file with a wrong header is refused and named, and a truncated .zst
// (or a read error) ends that file where its readable rows end, which is noted. A replay reads
// its files twice, once to find the set-up objects and the counts, once to replay them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "replay/level_map.h"
#include "replay/row_check.h"
#include "trace/trace_reader.h"

namespace kvbench::replay {

struct FileNote {
  std::string path;
  std::uint64_t usable = 0;   // rows replayed from it
  std::uint64_t skipped = 0;  // rows skipped
  std::string refused;        // why no row of it could be read (missing file, wrong header)
  std::string truncated;      // why it ended early (a truncated zstd frame, a read error)
};

class TraceStream {
 public:
  // `levels` says where each row goes and how much that level holds; `size_cap` as in
  // ReplayOptions. With `warn`, file problems are logged (the first pass only).
  TraceStream(const std::vector<std::string>& paths, const LevelMap& levels, std::uint64_t size_cap,
              bool warn);
  ~TraceStream();

  // The next usable row; false once every file is done.
  bool next(trace::TraceRow& row);

  const SkipCounts& skips() const { return skips_; }
  const std::vector<FileNote>& files() const { return files_; }

 private:
  // One open file and its next usable row.
  struct Source {
    std::unique_ptr<trace::TraceReader> reader;
    std::size_t note = 0;  // index into files_
    trace::TraceRow head;
    bool has_head = false;
  };
  void open_all();
  // Moves `s` to its next usable row (has_head false at its end).
  void advance(Source& s);
  // Reads one line of `s` into `row`: true for a usable row; `done` at its end.
  bool read_one(Source& s, trace::TraceRow& row, bool& done);
  void skip(Source& s, SkipReason reason, const std::string& detail);

  std::vector<std::string> paths_;
  const LevelMap& levels_;
  std::uint64_t size_cap_;
  bool warn_;
  bool opened_ = false;
  std::vector<Source> sources_;
  SkipCounts skips_;
  std::vector<FileNote> files_;
  std::uint64_t warned_rows_ = 0;
};

}  // namespace kvbench::replay
