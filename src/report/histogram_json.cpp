#include "report/histogram_json.h"

#include <stdexcept>

#include "common/io_types.h"
#include "common/qos_class.h"

namespace kvbench::report {
namespace {

using nlohmann::json;
constexpr const char* kLayout = "log-linear-ns-64";

void add(json& out, const std::string& name, const stats::LatencyRecorder& rec) {
  if (rec.count() > 0) out[name] = histogram_to_json(rec.histogram());
}

}  // namespace

json histogram_to_json(const stats::LatencyHistogram& h) {
  json buckets = json::array();
  for (const auto& b : h.buckets()) buckets.push_back(json::array({b.index, b.count}));
  return json{{"layout", kLayout},      {"count", h.count()},   {"sum_s", h.sum_s()},
              {"min_ns", h.min_ns()},   {"max_ns", h.max_ns()}, {"buckets", std::move(buckets)}};
}

std::optional<stats::LatencyHistogram> histogram_from_json(const json& j, std::string* error) {
  const auto fail = [&](const std::string& why) -> std::optional<stats::LatencyHistogram> {
    if (error) *error = why;
    return std::nullopt;
  };
  if (!j.is_object()) return fail("not an object");
  if (j.value("layout", std::string()) != kLayout) return fail(std::string("layout is not ") + kLayout);
  const json* buckets = j.contains("buckets") ? &j["buckets"] : nullptr;
  if (!buckets || !buckets->is_array()) return fail("no buckets list");
  std::vector<stats::LatencyHistogram::Bucket> list;
  for (const json& b : *buckets) {
    if (!b.is_array() || b.size() != 2 || !b[0].is_number_unsigned() || !b[1].is_number_unsigned())
      return fail("a bucket is not [index, count]");
    list.push_back({b[0].get<std::uint32_t>(), b[1].get<std::uint64_t>()});
  }
  const auto number = [&](const char* key) { return j.contains(key) && j[key].is_number(); };
  if (!number("sum_s") || !number("min_ns") || !number("max_ns") || !number("count"))
    return fail("sum_s, min_ns, max_ns or count missing");
  try {
    stats::LatencyHistogram h = stats::LatencyHistogram::from_buckets(
        list, j["sum_s"].get<double>(), j["min_ns"].get<std::uint64_t>(), j["max_ns"].get<std::uint64_t>());
    if (h.count() != j["count"].get<std::uint64_t>()) return fail("count is not the sum of the buckets");
    return h;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

json histograms_json(const RunResult& r) {
  json out = json::object();
  const stats::RequestStats& q = *r.requests;
  add(out, "end_to_end", q.end_to_end());
  add(out, "storage_io", q.storage());
  add(out, "generation", q.generation());
  add(out, "prefill", q.prefill());
  add(out, "decode", q.decode());
  for (QosLevel l : {QosLevel::Interactive, QosLevel::Responsive, QosLevel::Batch})
    add(out, std::string("qos_") + kQosNames[static_cast<std::size_t>(l)], q.qos_latency(l));
  for (Level l : kLevels) {
    const stats::TierCounters& t = r.cache->tier(l);
    const std::string name(level_stats_name(l));
    add(out, name + "_read", t.read_latency);
    add(out, name + "_write", t.write_latency);
  }
  const stats::TierCounters& s = r.cache->tier(Level::Storage);
  add(out, "storage_read_device", s.read_device_latency);
  add(out, "storage_read_host", s.read_host_latency);
  add(out, "storage_write_device", s.write_device_latency);
  add(out, "storage_write_host", s.write_host_latency);
  return out;
}

}  // namespace kvbench::report
