// --validation-trace (spec §8.6): a JSON array of records of a real inference trace
// ({timestamp, request_id, ..., cache_hit, read_bytes, write_bytes, ...}). The benchmark's
// cache hit rate is compared with the trace's: error % = |bench − trace| / trace × 100,
// passed when ≤ 5 %. Records without a boolean cache_hit are skipped and counted (the
// reference crashed on any record that did not have exactly its fields). Streamed (SAX).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace kvbench::workload {

struct ValidationTrace {
  std::uint64_t total_requests = 0;  // usable records
  std::uint64_t cache_hits = 0;
  std::uint64_t read_bytes = 0, write_bytes = 0;
  double context_tokens_sum = 0, generation_tokens_sum = 0;
  std::uint64_t records_skipped = 0;
  std::string error;  // not a JSON array, broken JSON, unreadable file

  double cache_hit_rate() const;
  nlohmann::json stats_json() const;  // the reference's trace_stats
};

ValidationTrace parse_validation_trace(std::string_view json_text);
ValidationTrace load_validation_trace(const std::string& path);

// The "validation" object of the results: {passed, avg_error_pct, difference (which known
// difference explains a failed comparison), comparison: {cache_hit_rate: {benchmark, trace,
// error_pct, within_5pct}}, trace_stats}. A trace hit rate of 0 gives an
// error of 0 when the benchmark's is 0 too, else null and not passed (the reference divided
// by zero).
nlohmann::json compare_with_trace(const ValidationTrace& trace, double benchmark_hit_rate);

}  // namespace kvbench::workload
