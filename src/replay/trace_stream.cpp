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

bool TraceStream::open_next() {
  while (next_path_ < paths_.size()) {
    FileNote note;
    note.path = paths_[next_path_++];
    try {
      reader_ = trace::TraceReader::open(note.path);
      files_.push_back(std::move(note));
      return true;
    } catch (const std::exception& e) {
      note.refused = e.what();
      if (warn_) log::warning(std::string("replay: skipping ") + e.what());
      files_.push_back(std::move(note));
    }
  }
  return false;
}

void TraceStream::skip(SkipReason reason, const std::string& detail) {
  skips_.add(reason);
  ++files_.back().skipped;
  if (warn_ && ++warned_rows_ <= kRowsWarned)
    log::warning("replay: skipped row (" + std::string(skip_reason_name(reason)) + "): " + detail);
}

bool TraceStream::read_one(trace::TraceRow& row, bool& done) {
  try {
    if (!reader_->next(row)) {
      done = true;
      return false;
    }
  } catch (const trace::TraceFormatError& e) {
    skip(reason_of(e), e.what());
    return false;
  } catch (const std::exception& e) {
    // A truncated zstd frame or a read error: what was read so far is replayed.
    files_.back().truncated = e.what();
    if (warn_) log::warning(std::string("replay: ") + e.what() + ": replaying the rows before it");
    done = true;
    return false;
  }
  const std::string where = reader_->path() + ":" + std::to_string(reader_->line());
  if (row.size == 0) {
    skip(SkipReason::SizeZero, where + ": Object_Size_Bytes is 0");
    return false;
  }
  if (static_cast<double>(row.size) > levels_.for_tier(row.tier).limit_bytes) {
    skip(SkipReason::OverCapacity, where + ": object of " + std::to_string(row.size) +
                                       " bytes is larger than its level holds");
    return false;
  }
  if (size_cap_ > 0 && row.size > size_cap_) row.size = size_cap_;
  ++files_.back().usable;
  return true;
}

bool TraceStream::next(trace::TraceRow& row) {
  for (;;) {
    if (!reader_ && !open_next()) return false;
    bool done = false;
    if (read_one(row, done)) return true;
    if (done) reader_.reset();
  }
}

}  // namespace kvbench::replay
