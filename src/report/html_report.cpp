#include "report/html_report.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <ostream>

#include "report/html_sections.h"
#include "report/svg_plot.h"

namespace kvbench::report {
namespace {

// Inline, so the page needs nothing else; no fonts or images by URL.
constexpr const char* kStyle =
    "body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:.5em 0}"
    "td,th{border:1px solid #ccc;padding:2px 6px;font-size:12px;text-align:left;vertical-align:top}"
    "svg.chart{display:block;margin:.6em 0;border:1px solid #eee}.health-ok{color:#080}"
    ".health-degraded{color:#b60}.health-failed{color:#c00;font-weight:bold}.cmd code{font-size:11px}";

}  // namespace

std::string render_html_report(const std::vector<ReportInput>& inputs) {
  std::string title = "kvbench report";
  if (inputs.size() == 1) title += ": " + inputs.front().name;
  else title += ": " + std::to_string(inputs.size()) + " runs";
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                     svg::escape_xml(title) + "</title><style>" + kStyle + "</style></head><body><h1>" +
                     svg::escape_xml(title) + "</h1>";
  page += html::identity_section(inputs);
  page += html::timeline_section(inputs);
  page += html::latency_cdf_section(inputs);
  page += html::qos_section(inputs);
  page += html::device_section(inputs);
  page += "<p><small>Drawn by kvbench " KVBENCH_VERSION " from the results files named above.</small></p>";
  return page + "</body></html>\n";
}

int run_html_report(const HtmlReportOptions& options, std::ostream& err) {
  if (options.html.empty()) {
    err << "kvbench: error: report: --html FILE is required\n";
    return 2;
  }
  if (options.inputs.empty()) {
    err << "kvbench: error: report: no results file given (kvbench report RESULTS.json... --html FILE)\n";
    return 2;
  }
  std::vector<ReportInput> inputs;
  for (const std::string& path : options.inputs) {
    std::ifstream in(path);
    if (!in) {
      err << "kvbench: error: report: cannot read '" << path << "'\n";
      return 2;
    }
    nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      err << "kvbench: error: report: '" << path << "' is not a results JSON object\n";
      return 2;
    }
    inputs.push_back({path, std::move(doc)});
  }
  const std::string page = render_html_report(inputs);
  // Written beside the target and renamed over it: a reader never sees half a page.
  const std::string tmp = options.html + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << page;
    out.close();
    if (!out) {
      std::remove(tmp.c_str());
      err << "kvbench: error: report: cannot write '" << options.html << "'\n";
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), options.html.c_str()) != 0) {
    std::remove(tmp.c_str());
    err << "kvbench: error: report: cannot write '" << options.html << "'\n";
    return 1;
  }
  return 0;
}

}  // namespace kvbench::report
