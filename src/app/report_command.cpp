#include "app/report_command.h"

#include "report/html_report.h"

namespace kvbench::app {

const std::vector<cli::FlagSpec>& report_flags() {
  static const std::vector<cli::FlagSpec> table = [] {
    cli::FlagSpec html{};
    html.name = "--html";
    html.type = cli::FlagType::String;
    html.default_text = "required";
    html.help = "Where to write the HTML page (inline SVG, no script, no network)";
    return std::vector<cli::FlagSpec>{html};
  }();
  return table;
}

int report_command(const Invocation& call, CommandIo& io) {
  report::HtmlReportOptions options;
  options.inputs = call.parsed.positionals;
  if (const std::string* html = call.parsed.last("--html")) options.html = *html;
  return report::run_html_report(options, io.err);
}

}  // namespace kvbench::app
