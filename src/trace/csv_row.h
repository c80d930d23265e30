// Formats one trace row exactly as the reference's Python csv writer does (spec §7.2):
// `Timestamp,Operation,Object_Size_Bytes,Tier,Key,Phase` + CRLF, minimal quoting, 6-decimal
// epoch seconds derived from integer microseconds so no floating-point rounding can creep in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/io_types.h"

namespace kvbench::trace {

inline constexpr std::string_view kTraceHeader =
    "Timestamp,Operation,Object_Size_Bytes,Tier,Key,Phase\r\n";

inline constexpr std::string_view op_trace_name(IoOp op) {
  return op == IoOp::Write ? "Write" : "Read";
}

// Upper bound of a row's length whatever its numbers: sign + 13 + '.' + 6 digits of an int64
// timestamp, "Write", 20 digits of a uint64, "Tier-N", "Prefill", 5 commas, 2 quotes, CRLF.
inline constexpr std::size_t kRowFixedBound = 21 + 5 + 20 + 6 + 7 + 5 + 2 + 2;
// A key can at worst double (every character a quote).
inline constexpr std::size_t max_row_bytes(std::size_t key_len) {
  return kRowFixedBound + 2 * key_len;
}

// `1795544098213367` → `1795544098.213367`; `5` → `0.000005`; negatives keep Python's `-0.000005`.
// Writes at most 21 bytes at `out`; returns one past the last byte written.
char* format_timestamp(char* out, std::int64_t timestamp_us);

// Python csv QUOTE_MINIMAL: quote only if the field holds a comma, quote, CR or LF; double quotes.
// Writes at most 2 * key.size() + 2 bytes.
char* format_csv_field(char* out, std::string_view field);

// Writes the whole row, CRLF included, into `out`, which must hold max_row_bytes(key.size()).
// Returns one past the last byte written.
char* format_row(char* out, std::int64_t timestamp_us, IoOp op, std::uint64_t size, Level tier,
                 std::string_view key, Phase phase);

}  // namespace kvbench::trace
