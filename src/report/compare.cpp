// compare_trials: the verdict per figure (report/compare.h says the rule), and --threshold.
#include "report/compare.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/rank_test.h"

namespace kvbench::report {
namespace {

using nlohmann::json;

const json* at_path(const json& doc, const std::string& path) {
  const json* v = &doc;
  std::size_t from = 0;
  while (from <= path.size()) {
    const std::size_t dot = std::min(path.find('.', from), path.size());
    if (!v->is_object()) return nullptr;
    const auto it = v->find(path.substr(from, dot - from));
    if (it == v->end()) return nullptr;
    v = &*it;
    from = dot + 1;
  }
  return v;
}

SideFigures figures(const std::vector<Trial>& trials, const std::string& path) {
  SideFigures f;
  for (const Trial& t : trials)
    if (const json* v = at_path(t.doc, path); v && v->is_number()) f.values.push_back(v->get<double>());
  if (f.values.empty()) return f;
  f.median = median_of(f.values);
  f.min = *std::min_element(f.values.begin(), f.values.end());
  f.max = *std::max_element(f.values.begin(), f.values.end());
  return f;
}

std::string pct(double fraction) {
  if (std::isinf(fraction)) return fraction > 0 ? "+inf %" : "-inf %";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f %%", fraction * 100);
  return buf;
}

void decide(MetricComparison& m, const CompareSettings& s) {
  const SideFigures &b = m.baseline, &c = m.candidate;
  if (b.values.empty() || c.values.empty()) {
    m.why = b.values.empty() ? "absent from the baseline" : "absent from the candidate";
    return;
  }
  const double scale = std::abs(b.median);
  m.change = scale > 0 ? (c.median - b.median) / scale
                       : c.median == b.median ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), c.median - b.median);
  // The noise of the trials: the wider of the two sides' ranges. A candidate set that varies
  // among itself as much as its shift from the baselines shows noise, not a change.
  m.spread = scale > 0 ? std::max(b.max - b.min, c.max - c.min) / scale : 0.0;
  m.verdict = ChangeVerdict::NoChange;
  if (m.metric->better == Better::None || m.change == 0) {
    m.why = m.change == 0 ? "unchanged" : "no better direction";
    return;
  }
  const bool worse = m.metric->better == Better::Lower ? m.change > 0 : m.change < 0;
  if (std::abs(m.change) <= m.threshold) {
    m.why = pct(m.change) + " is within the " + pct(m.threshold).substr(1) + " threshold";
    return;
  }
  // Beyond the trials' own spread: outside the baselines' range, and by more than either side's
  // range is wide (runs that vary by 30 % among themselves cannot show a 20 % change).
  if ((c.median >= b.min && c.median <= b.max) || std::abs(m.change) <= m.spread) {
    m.why = pct(m.change) + " is within the trials' own spread (" + pct(m.spread).substr(1) + ")";
    return;
  }
  if (b.values.size() >= s.rank_test_min_trials && c.values.size() >= s.rank_test_min_trials) {
    const bool larger = m.change > 0;
    m.p_value = larger ? mann_whitney_greater_p(c.values, b.values) : mann_whitney_greater_p(b.values, c.values);
    if (*m.p_value > s.alpha) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "not significant (Mann-Whitney p = %.3f > %.2f)", *m.p_value, s.alpha);
      m.why = buf;
      return;
    }
  }
  m.verdict = worse ? ChangeVerdict::Regression : ChangeVerdict::Improvement;
  m.why = pct(m.change) + (worse ? " worse" : " better") + ", beyond the threshold and the baselines' spread" +
          (m.p_value ? " and significant" : "");
}

}  // namespace

std::string_view verdict_name(ChangeVerdict v) {
  switch (v) {
    case ChangeVerdict::Regression: return "regression";
    case ChangeVerdict::Improvement: return "improvement";
    case ChangeVerdict::NoChange: return "no change";
    case ChangeVerdict::NotCompared: return "not compared";
  }
  return "";
}

bool CompareReport::regression() const {
  return std::any_of(metrics.begin(), metrics.end(),
                     [](const MetricComparison& m) { return m.verdict == ChangeVerdict::Regression; });
}

std::vector<std::string> compare_metric_names() {
  std::vector<std::string> names;
  for (const MetricEntry& e : metric_catalog())
    if (!e.compare_name.empty()) names.push_back(e.compare_name);
  return names;
}

CompareReport compare_trials(const std::vector<Trial>& baseline, const std::vector<Trial>& candidate,
                             const CompareSettings& settings) {
  CompareReport r;
  for (const Trial& t : baseline) r.baseline_files.push_back(t.name);
  for (const Trial& t : candidate) r.candidate_files.push_back(t.name);
  for (const MetricEntry& e : metric_catalog()) {
    if (e.compare_name.empty()) continue;
    MetricComparison m;
    m.metric = &e;
    m.baseline = figures(baseline, e.path);
    m.candidate = figures(candidate, e.path);
    const auto o = settings.threshold_by_name.find(e.compare_name);
    m.threshold = (o != settings.threshold_by_name.end() ? o->second : settings.threshold_pct) / 100.0;
    decide(m, settings);
    r.metrics.push_back(std::move(m));
  }
  return r;
}

std::optional<std::string> add_threshold(CompareSettings& settings, const std::string& text) {
  const auto eq = text.find('=');
  const std::string name = eq == std::string::npos ? "" : text.substr(0, eq);
  const std::string number = eq == std::string::npos ? text : text.substr(eq + 1);
  char* end = nullptr;
  const double v = std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(v) || v < 0)
    return "--threshold: '" + text + "' is not a percentage (PCT or NAME=PCT, PCT ≥ 0)";
  if (eq == std::string::npos) {
    settings.threshold_pct = v;
    return std::nullopt;
  }
  const std::vector<std::string> names = compare_metric_names();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    std::string all;
    for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
    return "--threshold: no metric named '" + name + "' (known: " + all + ")";
  }
  settings.threshold_by_name[name] = v;
  return std::nullopt;
}

}  // namespace kvbench::report
