#include "trace/csv_row.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace kvbench::trace {
namespace {

char* append(char* out, std::string_view s) {
  std::memcpy(out, s.data(), s.size());
  return out + s.size();
}

// The bytes that force a CSV field into quotes, as a table for the tail of a field: a
// branch-free OR over table entries costs fewer instructions than four compares and an early
// exit per byte.
constexpr std::array<std::uint8_t, 256> kQuoteBytes = [] {
  std::array<std::uint8_t, 256> t{};
  for (const unsigned char c : {',', '"', '\r', '\n'}) t[c] = 1;
  return t;
}();

// The key is scanned on every row, so 16 bytes at a time (GCC's vector extension: SSE2 on
// x86-64, NEON on arm64), the table for the last few. callgrind: the scan was 4.6 % of a
// trace-mode run's instructions one byte at a time, for keys of ~35 bytes.
bool needs_quoting(std::string_view field) {
  using Bytes = unsigned char __attribute__((vector_size(16)));
  Bytes any{};
  std::size_t i = 0;
  for (; i + sizeof(Bytes) <= field.size(); i += sizeof(Bytes)) {
    Bytes v;
    std::memcpy(&v, field.data() + i, sizeof v);
    any |= reinterpret_cast<Bytes>((v == ',') | (v == '"') | (v == '\r') | (v == '\n'));
  }
  std::uint64_t lanes[2];
  std::memcpy(lanes, &any, sizeof lanes);
  std::uint8_t tail = 0;
  for (; i < field.size(); ++i) tail |= kQuoteBytes[static_cast<unsigned char>(field[i])];
  return (lanes[0] | lanes[1] | tail) != 0;
}

// The whole seconds of a timestamp (at most 13 digits for an int64 of microseconds).
// Consecutive rows of one thread nearly always share their second, so the digits are kept per
// thread and copied: std::to_chars was ~100 instructions a row (callgrind, trace mode).
char* append_seconds(char* out, std::uint64_t seconds) {
  struct Digits {
    std::uint64_t seconds = UINT64_MAX;
    char text[16] = {};
    std::size_t size = 0;
  };
  thread_local Digits last;
  if (seconds != last.seconds) {
    last.size = static_cast<std::size_t>(std::to_chars(last.text, last.text + 16, seconds).ptr - last.text);
    last.seconds = seconds;
  }
  // A fixed-size copy (no call): `out` has room for 21 bytes, the sign at most took one.
  std::memcpy(out, last.text, sizeof last.text);
  return out + last.size;
}

}  // namespace

char* format_timestamp(char* out, std::int64_t timestamp_us) {
  std::uint64_t magnitude = static_cast<std::uint64_t>(timestamp_us);
  if (timestamp_us < 0) {
    *out++ = '-';
    // Two's complement negation in unsigned arithmetic is defined even for INT64_MIN.
    magnitude = 0 - magnitude;
  }
  const std::uint64_t seconds = magnitude / 1'000'000;
  std::uint32_t micros = static_cast<std::uint32_t>(magnitude % 1'000'000);
  out = append_seconds(out, seconds);
  *out = '.';
  for (int i = 6; i >= 1; --i) {
    out[i] = static_cast<char>('0' + micros % 10);
    micros /= 10;
  }
  return out + 7;
}

char* format_csv_field(char* out, std::string_view field) {
  if (!needs_quoting(field)) return append(out, field);
  *out++ = '"';
  for (const char c : field) {
    if (c == '"') *out++ = '"';
    *out++ = c;
  }
  *out++ = '"';
  return out;
}

char* format_row(char* out, std::int64_t timestamp_us, IoOp op, std::uint64_t size, Level tier,
                 std::string_view key, Phase phase) {
  out = format_timestamp(out, timestamp_us);
  *out++ = ',';
  out = append(out, op_trace_name(op));
  *out++ = ',';
  out = std::to_chars(out, out + 20, size).ptr;
  out = append(out, ",Tier-");
  *out++ = static_cast<char>('0' + level_index(tier));
  *out++ = ',';
  out = format_csv_field(out, key);
  *out++ = ',';
  out = append(out, phase_trace_name(phase));
  *out++ = '\r';
  *out++ = '\n';
  return out;
}

}  // namespace kvbench::trace
