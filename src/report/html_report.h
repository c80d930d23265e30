// `kvbench report RESULTS... --html FILE`: one self-contained HTML page about one or more
// results JSON files (a week of nights overlays as one series per file). Everything is inline
// SVG drawn by kvbench (report/svg_plot.h); the page has no script, no stylesheet or font from
// elsewhere and no URL, so it opens the same offline, from a CI artefact or a volume. Every
// string taken from a results file is escaped.
#pragma once

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kvbench::report {

struct ReportInput {
  std::string name;  // how the page names it (its path)
  nlohmann::json doc;
};

// The page: run identity and health, throughput and bandwidth over time (kvbench.timeline),
// storage latency over time, level usage over time, latency CDFs per level and operation,
// QoS latencies against their SLOs, and the device cross-check.
std::string render_html_report(const std::vector<ReportInput>& inputs);

struct HtmlReportOptions {
  std::vector<std::string> inputs;  // results JSON files
  std::string html;                 // the page to write
};

// The command: reads the inputs, writes the page; errors go to `err`. Returns the exit code
// (2 for unusable inputs or no --html, 1 when the page cannot be written).
int run_html_report(const HtmlReportOptions& options, std::ostream& err);

}  // namespace kvbench::report
