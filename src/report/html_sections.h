// The sections of the HTML report (report/html_report.h), one function each; each returns
// HTML text with every string from the results escaped.
#pragma once

#include <string>
#include <vector>

#include "report/html_report.h"

namespace kvbench::report::html {

std::string identity_section(const std::vector<ReportInput>& inputs);
std::string timeline_section(const std::vector<ReportInput>& inputs);
std::string latency_cdf_section(const std::vector<ReportInput>& inputs);
std::string qos_section(const std::vector<ReportInput>& inputs);
std::string device_section(const std::vector<ReportInput>& inputs);

// A short name for input i in legends: with several inputs the minute its run started, else
// its file name.
std::string input_label(const std::vector<ReportInput>& inputs, std::size_t i);

}  // namespace kvbench::report::html
