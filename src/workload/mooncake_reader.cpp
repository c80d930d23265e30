#include "workload/mooncake_reader.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "workload/burstgpt_reader.h"  // WorkloadInputError

namespace kvbench::workload {
namespace {

std::optional<std::uint64_t> length_of(const nlohmann::json& v) {
  if (!v.is_number_integer()) return std::nullopt;
  if (v.is_number_unsigned()) {
    const auto n = v.get<std::uint64_t>();
    return n <= kMaxMooncakeTokens ? std::optional<std::uint64_t>(n) : std::nullopt;
  }
  const auto n = v.get<std::int64_t>();
  if (n < 0 || static_cast<std::uint64_t>(n) > kMaxMooncakeTokens) return std::nullopt;
  return static_cast<std::uint64_t>(n);
}

bool blank(std::string_view line) {
  for (const char c : line)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

}  // namespace

std::optional<MooncakeRow> parse_mooncake_line(std::string_view line) {
  const nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  const auto ts = j.find("timestamp");
  const auto in = j.find("input_length");
  const auto out = j.find("output_length");
  const auto ids = j.find("hash_ids");
  if (ts == j.end() || in == j.end() || out == j.end() || ids == j.end()) return std::nullopt;
  if (!ts->is_number() || !std::isfinite(ts->get<double>()) || ts->get<double>() < 0) return std::nullopt;
  MooncakeRow row;
  row.timestamp_ms = ts->get<double>();
  const auto input = length_of(*in);
  const auto output = length_of(*out);
  if (!input || *input == 0 || !output) return std::nullopt;
  row.input_length = *input;
  row.output_length = *output;
  if (!ids->is_array() || ids->empty() || ids->size() > kMaxMooncakeBlocks) return std::nullopt;
  row.hash_ids.reserve(ids->size());
  for (const auto& id : *ids) {
    if (!id.is_number_integer() || (!id.is_number_unsigned() && id.get<std::int64_t>() < 0)) return std::nullopt;
    row.hash_ids.push_back(id.get<std::uint64_t>());
  }
  return row;
}

MooncakeTraceReader::MooncakeTraceReader(const std::string& path) : reader_(path) {}

std::optional<MooncakeRow> MooncakeTraceReader::next() {
  std::string_view line;
  bool too_long = false;
  while (reader_.ok() && reader_.next(line, too_long)) {
    if (blank(line)) continue;
    if (too_long) {
      ++malformed_;
      continue;
    }
    if (auto row = parse_mooncake_line(line)) {
      ++rows_;
      return row;
    }
    ++malformed_;
  }
  return std::nullopt;
}

void check_mooncake_trace_file(const std::string& path) {
  MooncakeTraceReader reader(path);
  LineReader probe(path);
  if (!probe.ok()) throw WorkloadInputError("--mooncake-trace '" + path + "': " + probe.error());
  if (!reader.next())
    throw WorkloadInputError("--mooncake-trace '" + path + "': no usable row (each line needs timestamp, "
                             "input_length, output_length and a non-empty hash_ids array)");
}

}  // namespace kvbench::workload
