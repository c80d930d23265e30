// Mooncake request-trace input (the public FAST'25 release format of kvcache-ai/Mooncake): one
// JSON object per line with `timestamp` (ms from the trace's start), `input_length`,
// `output_length` and `hash_ids`, the prefix hashes of the request's 512-token blocks (equal ids
// are the same, shareable block). Streamed with bounded memory; malformed lines are skipped
// and counted. The line parser is pure, for tests and fuzzing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workload/line_reader.h"

namespace kvbench::workload {

struct MooncakeRow {
  double timestamp_ms = 0;
  std::uint64_t input_length = 0;
  std::uint64_t output_length = 0;
  std::vector<std::uint64_t> hash_ids;
};

// Bounds on one row, so that one line cannot make the run hold more than a request's worth:
// 65,536 blocks (32 Mi tokens at 512) and lengths up to 2^32 tokens.
inline constexpr std::size_t kMaxMooncakeBlocks = 65536;
inline constexpr std::uint64_t kMaxMooncakeTokens = std::uint64_t{1} << 32;

// nullopt for a malformed line: not a JSON object, a missing field, a timestamp that is not a
// finite number >= 0, a length that is not an integer in [0, 2^32] (input_length > 0), or
// hash_ids that is not a non-empty array (at most kMaxMooncakeBlocks) of non-negative integers.
// Other fields are ignored.
std::optional<MooncakeRow> parse_mooncake_line(std::string_view line);

// One pass over a trace file. Blank lines are ignored; malformed ones skipped and counted.
class MooncakeTraceReader {
 public:
  explicit MooncakeTraceReader(const std::string& path);
  bool ok() const { return reader_.ok(); }
  std::optional<MooncakeRow> next();
  std::uint64_t rows() const { return rows_; }
  std::uint64_t malformed_lines() const { return malformed_; }

 private:
  LineReader reader_;
  std::uint64_t rows_ = 0, malformed_ = 0;
};

// Start-up check: the file can be read and has at least one usable row (reading only up to
// it). Throws WorkloadInputError naming the file otherwise (exit 2).
void check_mooncake_trace_file(const std::string& path);

}  // namespace kvbench::workload
