// The latency sections of the HTML report: CDFs per request stage and per level and operation,
// and the QoS classes' p95 against their SLO.
#include <algorithm>
#include <initializer_list>

#include "report/html_sections.h"
#include "report/svg_plot.h"

namespace kvbench::report::html {
namespace {

using nlohmann::json;

constexpr std::size_t kMostCdfPoints = 400;  // a CDF of 64 Ki samples needs no more to look right

const json* path(const json& j, std::initializer_list<const char*> keys) {
  const json* at = &j;
  for (const char* k : keys) {
    if (!at->is_object()) return nullptr;
    const auto it = at->find(k);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

// The empirical CDF of a list of seconds, in ms, thinned to kMostCdfPoints steps.
svg::Series sample_cdf(const json* list, std::string label, std::size_t colour, bool dashed) {
  svg::Series s{std::move(label), {}, dashed, true, colour};
  if (!list || !list->is_array()) return s;
  std::vector<double> v;
  for (const json& x : *list)
    if (x.is_number() && x.get<double>() > 0) v.push_back(x.get<double>() * 1000);
  std::sort(v.begin(), v.end());
  if (v.empty()) return s;
  const std::size_t step = std::max<std::size_t>(1, v.size() / kMostCdfPoints);
  for (std::size_t i = 0; i < v.size(); i += step)
    s.points.emplace_back(v[i], static_cast<double>(i + 1) / static_cast<double>(v.size()));
  s.points.emplace_back(v.back(), 1.0);
  return s;
}

// A CDF through the percentiles a summary gives ({prefix}_p50_ms ... _p9999_ms).
svg::Series percentile_cdf(const json* stats, const std::string& prefix, std::string label, std::size_t colour,
                           bool dashed) {
  svg::Series s{std::move(label), {}, dashed, false, colour};
  if (!stats) return s;
  for (const auto& [key, q] : {std::pair{"_p50_ms", 0.5}, std::pair{"_p95_ms", 0.95}, std::pair{"_p99_ms", 0.99},
                               std::pair{"_p999_ms", 0.999}, std::pair{"_p9999_ms", 0.9999}}) {
    const json* v = path(*stats, {(prefix + key).c_str()});
    if (v && v->is_number() && v->get<double>() > 0) s.points.emplace_back(v->get<double>(), q);
  }
  return s;
}

}  // namespace

std::string latency_cdf_section(const std::vector<ReportInput>& inputs) {
  std::string out = "<h2>Latency distributions</h2>";
  svg::LineChart c = svg::titled("Per request (solid: end to end, dashed: storage)", "ms (log)", "fraction of requests");
  c.log_x = true;
  c.y_max = 1;
  std::vector<svg::Series> req;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string name = input_label(inputs, i);
    req.push_back(sample_cdf(path(inputs[i].doc, {"end_to_end_latencies"}), name + " end to end", i, false));
    req.push_back(sample_cdf(path(inputs[i].doc, {"storage_latencies"}), name + " storage", i, true));
  }
  out += svg::line_chart(c, req);
  c.title = "Per operation (solid: prefill write, dashed: decode read)";
  c.y_label = "fraction of operations";
  std::vector<svg::Series> ops;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string name = input_label(inputs, i);
    ops.push_back(sample_cdf(path(inputs[i].doc, {"prefill_latencies"}), name + " prefill", i, false));
    ops.push_back(sample_cdf(path(inputs[i].doc, {"decode_latencies"}), name + " decode", i, true));
  }
  out += svg::line_chart(c, ops);
  // Per level and operation the results keep percentiles, not samples: the CDF through them.
  for (const char* level : {"gpu", "cpu", "storage"}) {
    c.title = std::string("Level ") + level + ", through its percentiles (solid: read, dashed: write)";
    std::vector<svg::Series> lv;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const json* stats = path(inputs[i].doc, {"summary", "cache_stats"});
      const std::string name = input_label(inputs, i);
      lv.push_back(percentile_cdf(stats, std::string(level) + "_read", name + " read", i, false));
      lv.push_back(percentile_cdf(stats, std::string(level) + "_write", name + " write", i, true));
    }
    out += svg::line_chart(c, lv);
  }
  return out;
}

std::string qos_section(const std::vector<ReportInput>& inputs) {
  std::vector<svg::Bar> bars;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    for (const char* qos : {"interactive", "responsive", "batch"}) {
      const json* m = path(inputs[i].doc, {"summary", "qos_metrics", qos});
      const json* p95 = m ? path(*m, {"latency_ms", "p95"}) : nullptr;
      if (!p95 || !p95->is_number()) continue;
      const json* target = path(*m, {"sla", "target_p95_ms"});
      svg::Bar b;
      b.label = (inputs.size() > 1 ? input_label(inputs, i) + " " : std::string()) + qos + " p95";
      b.value = p95->get<double>();
      b.target = target && target->is_number() ? target->get<double>() : -1;
      b.colour = i;
      bars.push_back(std::move(b));
    }
  }
  return "<h2>QoS latency against SLO</h2>" +
         svg::bar_chart("End-to-end p95 per QoS class (black tick: the SLO target)", "ms", bars);
}

}  // namespace kvbench::report::html
