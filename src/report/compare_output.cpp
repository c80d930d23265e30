// The renderings of a comparison: a console table, a Markdown table (for a pull request or a
// job summary), JSON (for the nightly job and dashboards) and JUnit XML (CI systems show each
// figure as a test case, a regression as a failure).
#include <cmath>
#include <cstdio>
#include <ostream>
#include <sstream>

#include "report/compare.h"

namespace kvbench::report {
namespace {

using nlohmann::json;

std::string number(double v) {
  char buf[32];
  if (v != 0 && (std::abs(v) >= 1e6 || std::abs(v) < 1e-3)) std::snprintf(buf, sizeof buf, "%.3g", v);
  else std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string change_text(const MetricComparison& m) {
  if (m.verdict == ChangeVerdict::NotCompared) return "-";
  if (std::isinf(m.change)) return m.change > 0 ? "new" : "gone";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", m.change * 100);
  return buf;
}

std::string side_text(const SideFigures& s) {
  if (s.values.empty()) return "-";
  return number(s.median) + " (n=" + std::to_string(s.values.size()) + ")";
}

std::string p_text(const MetricComparison& m) {
  if (!m.p_value) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", *m.p_value);
  return buf;
}

struct Row {
  std::string cells[7];
};

std::vector<Row> rows_of(const CompareReport& r) {
  std::vector<Row> rows;
  rows.push_back({{"metric", "unit", "baseline", "candidate", "change", "p", "verdict"}});
  for (const auto& m : r.metrics) {
    if (m.baseline.values.empty() && m.candidate.values.empty()) continue;  // neither side measured it
    rows.push_back({{m.metric->compare_name, std::string(unit_label(m.metric->unit)), side_text(m.baseline),
                     side_text(m.candidate), change_text(m), p_text(m), std::string(verdict_name(m.verdict))}});
  }
  return rows;
}

std::string overall(const CompareReport& r) { return r.regression() ? "REGRESSION" : "no regression"; }

std::string xml_escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

json side_json(const SideFigures& s) {
  if (s.values.empty()) return nullptr;
  return json{{"median", s.median}, {"min", s.min}, {"max", s.max}, {"trials", s.values.size()}, {"values", s.values}};
}

}  // namespace

void print_compare_console(const CompareReport& r, std::ostream& out) {
  const std::vector<Row> rows = rows_of(r);
  std::size_t width[7] = {};
  for (const Row& row : rows)
    for (std::size_t i = 0; i < 7; ++i) width[i] = std::max(width[i], row.cells[i].size());
  out << "kvbench compare: " << r.baseline_files.size() << " baseline vs " << r.candidate_files.size()
      << " candidate results" << (r.fingerprint.empty() ? "" : ", workload " + r.fingerprint) << "\n";
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < 7; ++i)
      out << row.cells[i] << (i + 1 < 7 ? std::string(width[i] - row.cells[i].size() + 2, ' ') : "");
    out << "\n";
  }
  out << "verdict: " << overall(r) << "\n";
}

void print_compare_markdown(const CompareReport& r, std::ostream& out) {
  const std::vector<Row> rows = rows_of(r);
  out << "### kvbench compare: " << overall(r) << "\n\n" << r.baseline_files.size() << " baseline vs "
      << r.candidate_files.size() << " candidate results"
      << (r.fingerprint.empty() ? "" : ", workload `" + r.fingerprint + "`") << ".\n\n";
  for (std::size_t k = 0; k < rows.size(); ++k) {
    out << "|";
    for (std::size_t i = 0; i < 7; ++i) {
      const std::string& cell = rows[k].cells[i];
      out << " " << (i == 6 && cell == "regression" ? "**regression**" : cell) << " |";
    }
    out << "\n";
    if (k == 0) out << "|---|---|---:|---:|---:|---:|---|\n";
  }
}

json compare_json(const CompareReport& r) {
  json metrics = json::array();
  for (const auto& m : r.metrics) {
    metrics.push_back({{"name", m.metric->compare_name},
                       {"path", m.metric->path},
                       {"unit", unit_label(m.metric->unit)},
                       {"better", better_name(m.metric->better)},
                       {"baseline", side_json(m.baseline)},
                       {"candidate", side_json(m.candidate)},
                       {"change", std::isfinite(m.change) ? json(m.change) : json(m.change > 0 ? "+inf" : "-inf")},
                       {"threshold", m.threshold},
                       {"baseline_spread", m.spread},
                       {"p_value", m.p_value ? json(*m.p_value) : json(nullptr)},
                       {"verdict", verdict_name(m.verdict)},
                       {"why", m.why}});
  }
  return json{{"verdict", r.regression() ? "regression" : "no_regression"},
              {"workload_fingerprint", r.fingerprint},
              {"baseline", r.baseline_files},
              {"candidate", r.candidate_files},
              {"metrics", std::move(metrics)}};
}

std::string compare_junit(const CompareReport& r) {
  std::size_t tests = 0, failures = 0, skipped = 0;
  std::ostringstream cases;
  for (const auto& m : r.metrics) {
    ++tests;
    cases << "    <testcase classname=\"kvbench.compare\" name=\"" << xml_escaped(m.metric->compare_name) << "\">\n";
    const std::string detail = side_text(m.baseline) + " -> " + side_text(m.candidate) + " " +
                               std::string(unit_label(m.metric->unit)) + ": " + m.why;
    if (m.verdict == ChangeVerdict::Regression) {
      ++failures;
      cases << "      <failure message=\"" << xml_escaped(m.why) << "\">" << xml_escaped(detail) << "</failure>\n";
    } else if (m.verdict == ChangeVerdict::NotCompared) {
      ++skipped;
      cases << "      <skipped message=\"" << xml_escaped(m.why) << "\"/>\n";
    } else {
      cases << "      <system-out>" << xml_escaped(detail) << "</system-out>\n";
    }
    cases << "    </testcase>\n";
  }
  std::ostringstream doc;
  doc << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"kvbench compare\" tests=\""
      << tests << "\" failures=\"" << failures << "\" skipped=\"" << skipped << "\" errors=\"0\">\n"
      << cases.str() << "  </testsuite>\n</testsuites>\n";
  return doc.str();
}

}  // namespace kvbench::report
