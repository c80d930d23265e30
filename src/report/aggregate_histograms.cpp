#include "report/aggregate_histograms.h"

#include <algorithm>

#include "report/histogram_json.h"

namespace kvbench::report {

using nlohmann::json;

PooledHistograms pool_histograms(const std::vector<AggregateInput>& inputs) {
  PooledHistograms p;
  p.complete = !inputs.empty();
  for (const auto& in : inputs) {
    const json* k = in.doc.contains("kvbench") ? &in.doc["kvbench"] : nullptr;
    const json* hs = k && k->is_object() && k->contains("histograms") ? &(*k)["histograms"] : nullptr;
    if (!hs || !hs->is_object()) {
      p.complete = false;
      continue;
    }
    for (auto it = hs->begin(); it != hs->end(); ++it) {
      std::string why;
      const auto h = histogram_from_json(*it, &why);
      if (!h) {
        p.unreadable.push_back(in.name + ": " + it.key() + ": " + why);
        p.complete = false;
        continue;
      }
      p.pooled[it.key()].merge(*h);
      p.per_group[it.key()].push_back(*h);
    }
  }
  if (!p.complete) {
    p.pooled.clear();
    p.per_group.clear();
  }
  return p;
}

json pooled_percentiles_json(const PooledHistograms& p) {
  json out = json::object();
  for (const auto& [name, h] : p.pooled) {
    json pooled = json::object();
    for (const auto& [key, q] : {std::pair{"p50", 50.0}, {"p95", 95.0}, {"p99", 99.0}, {"p999", 99.9}, {"p9999", 99.99}})
      pooled[key] = h.percentile(q) * 1000;
    double worst_p95 = 0;
    const auto& groups = p.per_group.at(name);
    for (const auto& g : groups) worst_p95 = std::max(worst_p95, g.percentile(95) * 1000);
    out[name] = {{"count", h.count()},
                 {"pooled_ms", std::move(pooled)},
                 // MLPerf Storage's rule without mergeable data: the worst group's p95.
                 {"max_of_groups_p95_ms", worst_p95},
                 {"groups", groups.size()}};
  }
  return out;
}

json pooled_histograms_json(const PooledHistograms& p) {
  json out = json::object();
  for (const auto& [name, h] : p.pooled) out[name] = histogram_to_json(h);
  return out;
}

}  // namespace kvbench::report
