// The catalog's lookup by path and the names of its vocabulary.
#include "report/metric_catalog.h"

#include <unordered_map>
#include <unordered_set>

namespace kvbench::report {
namespace {

struct Index {
  std::vector<MetricEntry> rows = detail::catalog_rows();
  std::unordered_map<std::string, std::size_t> by_path;
  std::unordered_set<std::string> sections;  // every proper prefix of a path

  Index() {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      by_path.emplace(rows[i].path, i);
      const std::string& p = rows[i].path;
      for (std::size_t at = 0; at < p.size(); ++at)
        if (p[at] == '.' || p.compare(at, 2, "[]") == 0) sections.insert(p.substr(0, at));
    }
  }
};

const Index& index() {
  static const Index idx;
  return idx;
}

}  // namespace

const std::vector<MetricEntry>& metric_catalog() { return index().rows; }

std::string normalize_metric_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    out += path[i];
    if (path[i] != '[') continue;
    while (i + 1 < path.size() && path[i + 1] != ']') ++i;  // drop the index digits
  }
  return out;
}

const MetricEntry* find_metric(std::string_view path) {
  const Index& idx = index();
  const auto it = idx.by_path.find(normalize_metric_path(path));
  return it == idx.by_path.end() ? nullptr : &idx.rows[it->second];
}

bool is_metric_section(std::string_view path) {
  return index().sections.count(normalize_metric_path(path)) > 0;
}

std::string_view unit_label(Unit u) {
  switch (u) {
    case Unit::None: return "";
    case Unit::Count: return "count";
    case Unit::Requests: return "requests";
    case Unit::Tokens: return "tokens";
    case Unit::Users: return "users";
    case Unit::Bytes: return "bytes";
    case Unit::GiB: return "GiB";
    case Unit::Seconds: return "s";
    case Unit::Milliseconds: return "ms";
    case Unit::Microseconds: return "us";
    case Unit::TokensPerSecond: return "tok/s";
    case Unit::RequestsPerSecond: return "req/s";
    case Unit::GiBPerSecond: return "GiB/s";
    case Unit::Ratio: return "ratio";
    case Unit::Percent: return "%";
  }
  return "";
}

std::string_view kind_name(MetricKind k) {
  switch (k) {
    case MetricKind::Counter: return "counter";
    case MetricKind::Rate: return "rate";
    case MetricKind::Percentile: return "percentile";
    case MetricKind::Mean: return "mean";
    case MetricKind::Ratio: return "ratio";
    case MetricKind::Gauge: return "gauge";
    case MetricKind::Samples: return "samples";
    case MetricKind::Verdict: return "verdict";
    case MetricKind::Identity: return "identity";
    case MetricKind::Description: return "description";
  }
  return "";
}

std::string_view merge_rule_name(MergeRule m) {
  switch (m) {
    case MergeRule::Sum: return "sum";
    case MergeRule::Max: return "max";
    case MergeRule::Min: return "min";
    case MergeRule::Mean: return "mean";
    case MergeRule::Pooled: return "pooled";
    case MergeRule::Recompute: return "recompute";
    case MergeRule::Concat: return "concat";
    case MergeRule::First: return "first";
    case MergeRule::Equal: return "equal";
    case MergeRule::Any: return "any";
    case MergeRule::AllPass: return "all-pass";
    case MergeRule::PerPod: return "per-pod";
    case MergeRule::Histograms: return "histograms";
  }
  return "";
}

std::string_view better_name(Better b) {
  switch (b) {
    case Better::Higher: return "higher";
    case Better::Lower: return "lower";
    case Better::None: return "none";
  }
  return "";
}

}  // namespace kvbench::report
