#include "replay/trace_stream.h"

#include <exception>

#include "common/log.h"

namespace kvbench::replay {
namespace {

// Skipped rows logged one by one before the rest are only counted.
constexpr std::uint64_t kRowsWarned = 5;

}  // namespace

TraceStream::TraceStream(const std::vector<std::string>& paths, const LevelMap& levels,
                         std::uint64_t size_cap, bool warn)
    : paths_(paths), levels_(levels), size_cap_(size_cap), warn_(warn) {}

TraceStream::~TraceStream() = default;

void TraceStream::open_all() {
  opened_ = true;
  for (const std::string& path : paths_) {
    FileNote note;
    note.path = path;
    try {
      Source s;
      s.reader = trace::TraceReader::open(path);
      s.note = files_.size();
      sources_.push_back(std::move(s));
    } catch (const std::exception& e) {
      note.refused = e.what();
      if (warn_) log::warning(std::string("replay: skipping ") + e.what());
    }
    files_.push_back(std::move(note));
  }
  for (Source& s : sources_) advance(s);
}

void TraceStream::skip(Source& s, SkipReason reason, const std::string& detail) {
  skips_.add(reason);
  ++files_[s.note].skipped;
  if (warn_ && ++warned_rows_ <= kRowsWarned)
    log::warning("replay: skipped row (" + std::string(skip_reason_name(reason)) + "): " + detail);
}

bool TraceStream::read_one(Source& s, trace::TraceRow& row, bool& done) {
  try {
    if (!s.reader->next(row)) {
      done = true;
      return false;
    }
  } catch (const trace::TraceFormatError& e) {
    skip(s, reason_of(e), e.what());
    return false;
  } catch (const std::exception& e) {
    // A truncated zstd frame or a read error: what was read so far is replayed.
    files_[s.note].truncated = e.what();
    if (warn_) log::warning(std::string("replay: ") + e.what() + ": replaying the rows before it");
    done = true;
    return false;
  }
  if (row.size == 0) {
    skip(s, SkipReason::SizeZero, s.reader->path() + ":" + std::to_string(s.reader->line()) + ": Object_Size_Bytes is 0");
    return false;
  }
  if (static_cast<double>(row.size) > levels_.for_tier(row.tier).limit_bytes) {
    skip(s, SkipReason::OverCapacity, s.reader->path() + ":" + std::to_string(s.reader->line()) + ": object of " +
                                          std::to_string(row.size) + " bytes is larger than its level holds");
    return false;
  }
  if (size_cap_ > 0 && row.size > size_cap_) row.size = size_cap_;
  ++files_[s.note].usable;
  return true;
}

void TraceStream::advance(Source& s) {
  s.has_head = false;
  while (s.reader) {
    bool done = false;
    if (read_one(s, s.head, done)) {
      s.has_head = true;
      return;
    }
    if (done) s.reader.reset();  // closes the file: a long list of traces holds no idle buffers
  }
}

bool TraceStream::next(trace::TraceRow& row) {
  if (!opened_) open_all();
  Source* earliest = nullptr;
  for (Source& s : sources_)
    if (s.has_head && (!earliest || s.head.timestamp_us < earliest->head.timestamp_us)) earliest = &s;
  if (!earliest) return false;
  row = std::move(earliest->head);
  advance(*earliest);
  return true;
}

}  // namespace kvbench::replay
