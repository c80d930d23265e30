// --xlsx-output: the reference's spreadsheet (spec §8.5), built from the results JSON and the
// run's config. A path ending in ".xlsx" gets a workbook (libxlsxwriter) with the sheets
// Summary, Run Parameters, Performance Metrics and QoS Metrics; any other path gets the
// Summary row as CSV (the path itself when it ends in ".csv", else with ".csv" appended).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "report/report_options.h"

namespace kvbench::report {

// One spreadsheet value; monostate is an empty cell (the reference's None).
using SheetCell = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

struct SheetColumn {
  std::string name;
  SheetCell value;
};

// The "Run Parameters" columns, in the reference's order. `timestamp`: "YYYY-MM-DD HH:MM:SS".
std::vector<SheetColumn> run_parameter_columns(const ReportOptions& cfg, const std::string& timestamp);
// A "Performance Metrics" column: its label (the unit, where shown, from the metric catalog)
// and the figure's catalog path.
struct MetricColumn {
  std::string label;
  std::string path;
};
std::vector<MetricColumn> performance_metric_paths();
// The "Performance Metrics" columns, read from the results JSON's "summary".
std::vector<SheetColumn> performance_metric_columns(const nlohmann::json& summary);

// Formats a cell as pandas' to_csv does: floats as Python's repr ("16.0", "1e-05"), booleans as
// True/False, empty for None and NaN.
std::string csv_text(const SheetCell& cell);

// Where a CSV for `requested_path` goes (the reference's naming).
std::string csv_path_for(const std::string& requested_path);

// Writes the export; returns the path written, or "" when the results have no summary (no
// request completed: nothing is written, as the reference). Throws std::runtime_error naming
// the path. If the workbook cannot be written, the CSV fallback (".xlsx" → ".csv") is tried
// first and the error still thrown, so the failure is never silent.
std::string export_spreadsheet(const std::string& requested_path, const nlohmann::json& results,
                               const ReportOptions& cfg);

}  // namespace kvbench::report
