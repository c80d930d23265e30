#include "replay/setup_phase.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>

#include "common/log.h"
#include "replay/payload_bytes.h"

namespace kvbench::replay {
namespace {

std::uint64_t object_id(const std::string& key, Level level) {
  return std::hash<std::string>{}(key) * 31 + static_cast<std::uint64_t>(level_index(level));
}

}  // namespace

TraceScan scan_trace(TraceStream& rows, const LevelMap& levels) {
  TraceScan scan;
  std::unordered_set<std::uint64_t> written;
  trace::TraceRow row;
  while (rows.next(row)) {
    ++scan.usable_rows;
    const Level level = levels.for_tier(row.tier).level;
    const std::uint64_t id = object_id(row.key, level);
    if (row.op == IoOp::Write) {
      written.insert(id);
      continue;
    }
    if (written.count(id) != 0) continue;
    if (auto it = scan.setup.find(row.key); it != scan.setup.end() && it->second.level == level) {
      it->second.size = std::max(it->second.size, row.size);
      continue;
    }
    // Read before any write: created in the set-up phase; later rows of it find it there.
    scan.setup[row.key] = {row.size, level};
  }
  scan.skips = rows.skips();
  scan.files = rows.files();
  return scan;
}

SetupTally create_setup_objects(const TraceScan& scan, LevelMap& levels, std::uint64_t payload_seed,
                                StopControl& stop) {
  SetupTally tally;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& [key, object] : scan.setup) {
    if (stop.requested()) break;
    for (ReplayLevel& l : levels.levels()) {
      if (l.level != object.level) continue;
      PayloadBytes payload(key, payload_seed);
      try {
        l.backend->write(key, object.size, payload);
        ++tally.objects;
        tally.bytes += object.size;
      } catch (const std::exception& e) {
        ++tally.failed;
        if (tally.failed == 1) log::warning(std::string("replay set-up: ") + e.what());
      }
    }
  }
  tally.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return tally;
}

}  // namespace kvbench::replay
