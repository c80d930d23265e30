// merge_results: walks the metric catalog and merges each figure of the merged sections by
// its catalog rule. Direct rules first, then copies of figures written twice, then the
// figures computed from merged ones (pooled latency summaries, ratios, verdicts), so the
// order of the catalog does not matter.
#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>

#include "report/aggregate.h"
#include "report/aggregate_histograms.h"
#include "report/metric_catalog.h"
#include "stats/percentile.h"
#include "stats/storage_health.h"

namespace kvbench::report {
namespace {

using nlohmann::json;

// The sections aggregate merges. `emit_absent`: a figure no group has is still written (as
// 0 or empty), as the reference's scripts expect every key of §8.1; cache_stats writes its
// per-operation percentiles only where some group measured them. The other sections (QoS,
// prefix, autoscaling, validation, the kvbench block) have catalog rules but stay with their
// pod for now: the merged document leaves them out.
struct Section {
  const char* path;
  bool emit_absent;
};
constexpr Section kSections[] = {
    {"", true},
    {"summary", true},
    {"summary.end_to_end_latency_ms", true},
    {"summary.storage_io_latency_ms", true},
    {"summary.generation_latency_ms", true},
    {"summary.cache_stats", false},
    {"summary.multi_turn_stats", true},
};

std::string parent_of(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? "" : path.substr(0, dot);
}

json::json_pointer pointer_of(const std::string& path) {
  std::string p = path.empty() ? "" : "/" + path;
  std::replace(p.begin(), p.end(), '.', '/');
  return json::json_pointer(p);
}

const json* at(const json& doc, const std::string& path) {
  const json* v = &doc;
  std::size_t from = 0;
  while (from <= path.size() && !path.empty()) {
    const std::size_t dot = std::min(path.find('.', from), path.size());
    if (!v->is_object()) return nullptr;
    const auto it = v->find(path.substr(from, dot - from));
    if (it == v->end()) return nullptr;
    v = &*it;
    from = dot + 1;
  }
  return v;
}

double number_at(const json& doc, const std::string& path) {
  const json* v = at(doc, path);
  return v && v->is_number() ? v->get<double>() : 0.0;
}

bool passes(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) return v.get<std::string>() == "PASS";
  return true;  // absent or null: nothing failed
}

class Merger {
 public:
  Merger(const std::vector<AggregateInput>& inputs, const PooledHistograms& histograms)
      : inputs_(inputs), histograms_(histograms) {
    for (const auto& in : inputs_) has_summary_ = has_summary_ || in.doc.contains("summary");
  }

  AggregateResult run() {
    for (const MetricEntry& e : metric_catalog())
      if (const Section* s = section_of(e)) direct(e, *s);
    for (const MetricEntry& e : metric_catalog())
      if (section_of(e) && !e.same_as.empty()) out_[pointer_of(e.path)] = number_at(out_, e.same_as);
    for (const MetricEntry& e : metric_catalog())
      if (section_of(e) && e.same_as.empty()) computed(e);
    find_uncatalogued();
    return {std::move(out_), std::move(uncatalogued_), std::move(conflicts_), {}};
  }

 private:
  const Section* section_of(const MetricEntry& e) const {
    if (e.aggregate_only) return nullptr;
    const std::string parent = parent_of(e.path);
    for (const Section& s : kSections)
      if (parent == s.path) return parent.rfind("summary", 0) == 0 && !has_summary_ ? nullptr : &s;
    return nullptr;
  }

  // The groups' values at `path`, in input order, absent ones skipped.
  std::vector<const json*> values(const std::string& path) const {
    std::vector<const json*> vs;
    for (const auto& in : inputs_)
      if (const json* v = at(in.doc, path)) vs.push_back(v);
    return vs;
  }

  void direct(const MetricEntry& e, const Section& s) {
    if (!e.same_as.empty()) return;  // a copy of another figure: taken once that one is merged
    const std::vector<const json*> vs = values(e.path);
    std::vector<double> nums;
    for (const json* v : vs)
      if (v->is_number()) nums.push_back(v->get<double>());
    json merged;
    switch (e.merge) {
      case MergeRule::Sum: case MergeRule::Max: case MergeRule::Min: case MergeRule::Mean:
        if (nums.empty() && !s.emit_absent) return;
        merged = pooled_percentile(e).value_or(fold(e.merge, nums));
        break;
      case MergeRule::Concat:
        merged = json::array();
        for (const json* v : vs)
          if (v->is_array()) merged.insert(merged.end(), v->begin(), v->end());
        break;
      case MergeRule::First:
        merged = at(inputs_.front().doc, e.path) ? *at(inputs_.front().doc, e.path) : json(nullptr);
        break;
      case MergeRule::Equal:
        if (vs.empty() && !s.emit_absent) return;
        merged = vs.empty() ? json(nullptr) : *vs.front();
        for (const json* v : vs)
          if (*v != merged) conflicts_.push_back(e.path);
        break;
      case MergeRule::Any:
        merged = false;
        for (const json* v : vs) merged = merged.get<bool>() || (v->is_boolean() && v->get<bool>());
        break;
      default:
        return;  // computed after the direct figures, or not merged
    }
    out_[pointer_of(e.path)] = std::move(merged);
  }

  // A per-operation percentile from the pooled histograms, when every group wrote them.
  std::optional<double> pooled_percentile(const MetricEntry& e) const {
    if (e.pooled.histogram.empty() || !histograms_.complete) return std::nullopt;
    const auto it = histograms_.pooled.find(e.pooled.histogram);
    if (it == histograms_.pooled.end()) return std::nullopt;
    return it->second.percentile(e.pooled.percentile) * 1000;  // ms
  }

  static double fold(MergeRule rule, const std::vector<double>& nums) {
    if (nums.empty()) return 0.0;
    double acc = rule == MergeRule::Mean ? 0.0 : nums.front();
    for (std::size_t i = rule == MergeRule::Mean ? 0 : 1; i < nums.size(); ++i) {
      if (rule == MergeRule::Max) acc = std::max(acc, nums[i]);
      else if (rule == MergeRule::Min) acc = std::min(acc, nums[i]);
      else acc += nums[i];
    }
    return rule == MergeRule::Mean ? acc / static_cast<double>(nums.size()) : acc;
  }

  void computed(const MetricEntry& e) {
    if (e.merge == MergeRule::Pooled) out_[pointer_of(e.path)] = pooled(e);
    else if (e.merge == MergeRule::Recompute) out_[pointer_of(e.path)] = derived(e.derived);
    else if (e.merge == MergeRule::AllPass) out_[pointer_of(e.path)] = verdict(e.path);
  }

  double pooled(const MetricEntry& e) {
    auto [it, fresh] = sorted_.try_emplace(e.pooled.samples);
    std::vector<double>& sorted = it->second;
    if (fresh) {
      const json* list = at(out_, e.pooled.samples);
      if (list && list->is_array()) sorted = list->get<std::vector<double>>();
      std::sort(sorted.begin(), sorted.end());
    }
    const double scale = e.unit == Unit::Milliseconds ? 1000.0 : 1.0;  // the lists are in seconds
    if (e.pooled.percentile >= 0) return stats::percentile_of_sorted(sorted, e.pooled.percentile) * scale;
    if (sorted.empty()) return 0.0;
    double sum = 0;
    for (double v : sorted) sum += v;
    return sum / static_cast<double>(sorted.size()) * scale;
  }

  double derived(const Derivation& d) const {
    const double n = number_at(out_, d.numerator);
    double den = number_at(out_, d.denominator);
    if (!d.denominator_also.empty()) den += number_at(out_, d.denominator_also);
    if (d.guard == Derivation::Guard::AtLeastOne) return n / std::max(den, 1.0);
    return den > 0 ? n / den : 0.0;
  }

  // A verdict object ({overall_status, criteria, ...}, as storage_health) merges into
  // {overall_status: PASS only if every group passed, per_group: each group's verdict}; a
  // plain verdict (true/false, "PASS"/"FAIL") passes only if it passes in every group.
  json verdict(const std::string& path) const {
    const std::vector<const json*> vs = values(path);
    bool pass = true;
    bool object = false;
    bool measured = false;  // a trace-mode group's verdict is "not measured": no vote
    for (const json* v : vs) {
      object = object || v->is_object();
      const json status = v->is_object() ? v->value("overall_status", json("PASS")) : *v;
      if (status == json(stats::kStorageHealthNotMeasured)) continue;
      measured = true;
      pass = pass && passes(status);
    }
    if (!object && !vs.empty() && vs.front()->is_boolean()) return pass;
    if (!object && !vs.empty()) return pass ? "PASS" : "FAIL";
    json groups = json::array();
    for (const json* v : vs) groups.push_back(*v);
    const json overall = !measured && !vs.empty() ? json(stats::kStorageHealthNotMeasured) : json(pass ? "PASS" : "FAIL");
    return json{{"overall_status", overall}, {"per_group", std::move(groups)}};
  }

  // A key in a merged section that is neither a catalog figure nor a catalog section.
  void find_uncatalogued() {
    for (const Section& s : kSections)
      for (const auto& in : inputs_) {
        const json* obj = at(in.doc, s.path);
        if (!obj || !obj->is_object()) continue;
        for (auto it = obj->begin(); it != obj->end(); ++it) {
          const std::string path = *s.path ? std::string(s.path) + "." + it.key() : it.key();
          if (find_metric(path) || is_metric_section(path)) continue;
          if (std::find(uncatalogued_.begin(), uncatalogued_.end(), path) == uncatalogued_.end())
            uncatalogued_.push_back(path);
        }
      }
  }

  const std::vector<AggregateInput>& inputs_;
  const PooledHistograms& histograms_;
  bool has_summary_ = false;
  json out_ = json::object();
  std::map<std::string, std::vector<double>> sorted_;
  std::vector<std::string> uncatalogued_;
  std::vector<std::string> conflicts_;
};

}  // namespace

AggregateResult merge_results(const std::vector<AggregateInput>& inputs) {
  if (inputs.empty()) throw std::runtime_error("aggregate: no result files given");
  const PooledHistograms histograms = pool_histograms(inputs);
  AggregateResult r = Merger(inputs, histograms).run();
  std::vector<std::string> names;
  bool truncated = false;
  for (const auto& in : inputs) {
    names.push_back(in.name);
    const json* t = at(in.doc, "kvbench.latency_lists_truncated");
    truncated = truncated || (t && t->is_boolean() && t->get<bool>());
  }
  r.merged["kvbench"] = {{"aggregated_from", names},
                         {"groups", inputs.size()},
                         // A truncated list is a uniform sample of its group, so merged
                         // percentiles are estimates weighted by list length, not request count.
                         {"latency_lists_truncated", truncated}};
  if (!r.uncatalogued.empty()) r.merged["kvbench"]["figures_without_catalog_entry"] = r.uncatalogued;
  if (histograms.complete) {
    r.merged["kvbench"]["histograms"] = pooled_histograms_json(histograms);
    r.merged["kvbench"]["pooled_percentiles"] = pooled_percentiles_json(histograms);
  }
  r.unreadable_histograms = histograms.unreadable;
  return r;
}

}  // namespace kvbench::report
