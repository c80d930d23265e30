// --xlsx-output (spec §8.5): the reference's columns in its order, pandas-style CSV values, a
// workbook whose zip holds the four sheets, the CSV naming and fallback rules, and the binary
// writing both next to an intact results JSON.
#include "report/xlsx_export.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "app/report_options.h"
#include "report/metric_catalog.h"
#include "report/results_json.h"
#include "report/run_result_fixture.h"
#include "support/run_binary.h"
#include "support/zip_reader.h"

namespace kvbench::report {
namespace {

using testing_support::read_file;
using testing_support::TempDir;

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

// Header → value of a two-line CSV.
std::map<std::string, std::string> read_csv_row(const std::string& text) {
  std::istringstream in(text);
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  const auto names = split_csv_line(header), values = split_csv_line(row);
  EXPECT_EQ(names.size(), values.size());
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) out[names[i]] = values[i];
  return out;
}

TEST(XlsxExport, RunParametersAreTheReferenceColumnsInOrder) {
  config::RunConfig cfg;
  std::vector<std::string> names;
  for (const auto& c : run_parameter_columns(app::report_options_for(cfg), "2026-01-01 00:00:00")) names.push_back(c.name);
  const std::vector<std::string> expected = {
      "Timestamp", "Model", "Num Users", "Duration (s)", "GPU Memory per Card (GiB)", "Num GPUs", "Tensor Parallel",
      "Total GPU Memory (GiB)", "CPU Memory (GiB)", "Generation Mode", "Performance Profile", "Multi-turn",
      "Prefix Caching", "RAG Enabled", "Autoscaling", "Seed", "Max Concurrent Allocs", "Request Rate",
      "Max Requests", "Dataset Path", "Cache Dir", "Storage Capacity (GiB)", "Precondition",
      "Precondition Size (GiB)", "Precondition Threads", "Trace Speedup", "Replay Cycles"};
  EXPECT_EQ(names, expected);
}

// Each metric column reads a catalog figure, and a unit in its label is the catalog's unit.
TEST(XlsxExport, PerformanceColumnsAreCatalogFiguresWithTheCatalogsUnits) {
  const std::regex unit_suffix(R"(.* \(([^)]+)\)$)");
  for (const MetricColumn& c : performance_metric_paths()) {
    const MetricEntry* e = find_metric(c.path);
    ASSERT_NE(e, nullptr) << c.label << ": " << c.path;
    std::smatch m;
    if (std::regex_match(c.label, m, unit_suffix)) EXPECT_EQ(m[1].str(), unit_label(e->unit)) << c.label;
    else EXPECT_TRUE(e->unit == Unit::Count || e->unit == Unit::Ratio || e->unit == Unit::Requests ||
                     e->unit == Unit::Tokens || e->unit == Unit::RequestsPerSecond)
        << c.label << " shows no unit for " << unit_label(e->unit);
  }
}

TEST(XlsxExport, PerformanceMetricsCoverSpec85) {
  testing::RunFixture f;
  const auto doc = build_results_json(f.result);
  const auto cols = performance_metric_columns(doc["summary"]);
  std::map<std::string, SheetCell> by_name;
  for (const auto& c : cols) by_name[c.name] = c.value;
  EXPECT_EQ(by_name.size(), cols.size()) << "duplicate column";
  // 6 + 6 + 6 + 4 + 30 + 4 + 6 + 6 + 3 + 1
  EXPECT_EQ(cols.size(), 72u);
  for (const char* name : {"Total Requests", "Avg Throughput (tok/s)", "Storage Throughput (tok/s)",
                           "E2E Latency P99.99 (ms)", "Gen Latency P99 (ms)", "Storage Tier Read Device P99.9 (ms)",
                           "Storage Tier Write Host P50 (ms)", "Cache Hit Rate", "Tier Storage KV Bytes Read (GiB)",
                           "Tier GPU Write Bandwidth (GiB/s)", "Storage Entries", "Multi-turn Hit Rate"})
    EXPECT_TRUE(by_name.count(name)) << name;
  EXPECT_EQ(std::get<std::int64_t>(by_name["Total Requests"]), 20);
  EXPECT_DOUBLE_EQ(std::get<double>(by_name["Cache Hit Rate"]), 0.6);
  EXPECT_EQ(std::get<std::int64_t>(by_name["Storage Entries"]), 9);
  EXPECT_GT(std::get<double>(by_name["Storage Tier Read Device P50 (ms)"]), 0);
}

TEST(XlsxExport, CsvValuesArePandasStyle) {
  EXPECT_EQ(csv_text(16.0), "16.0");
  EXPECT_EQ(csv_text(0.1), "0.1");
  EXPECT_EQ(csv_text(0.0001), "0.0001");
  EXPECT_EQ(csv_text(1e-05), "1e-05");
  EXPECT_EQ(csv_text(123.456), "123.456");
  EXPECT_EQ(csv_text(-2.5), "-2.5");
  EXPECT_EQ(csv_text(1e16), "1e+16");
  EXPECT_EQ(csv_text(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(csv_text(std::int64_t{42}), "42");
  EXPECT_EQ(csv_text(true), "True");
  EXPECT_EQ(csv_text(false), "False");
  EXPECT_EQ(csv_text(SheetCell{}), "");
  EXPECT_EQ(csv_text(std::nan("")), "");
}

TEST(XlsxExport, CsvPathFollowsTheReference) {
  EXPECT_EQ(csv_path_for("out/run.xlsx"), "out/run.csv");
  EXPECT_EQ(csv_path_for("run.csv"), "run.csv");
  EXPECT_EQ(csv_path_for("run.txt"), "run.txt.csv");
  EXPECT_EQ(csv_path_for("run"), "run.csv");
}

TEST(XlsxExport, WorkbookHoldsTheFourSheets) {
  testing::RunFixture f;
  TempDir dir;
  const std::string path = dir.file("results.xlsx");
  ASSERT_EQ(export_spreadsheet(path, build_results_json(f.result), f.cfg), path);
  const auto zip = testing_support::read_zip(read_file(path));
  for (const char* part : {"[Content_Types].xml", "xl/workbook.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
                           "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml"})
    EXPECT_TRUE(zip.count(part)) << part;
  const std::string& workbook = zip.at("xl/workbook.xml");
  std::vector<std::string> sheets;
  const std::regex sheet_re(R"re(<sheet name="([^"]+)")re");
  for (std::sregex_iterator it(workbook.begin(), workbook.end(), sheet_re), end; it != end; ++it)
    sheets.push_back((*it)[1]);
  EXPECT_EQ(sheets, (std::vector<std::string>{"Summary", "Run Parameters", "Performance Metrics", "QoS Metrics"}));
  const std::string& strings = zip.at("xl/sharedStrings.xml");
  for (const char* text : {"Model", "llama3.1-8b", "Avg Throughput (tok/s)", "Storage Throughput (tok/s)", "Parameter",
                           "Metric", "QoS Level", "SLA Compliance", "interactive", "batch"})
    EXPECT_NE(strings.find(std::string(">") + text + "<"), std::string::npos) << text;
  // Responsive had no requests: its QoS row is left out, as the reference does.
  EXPECT_EQ(strings.find(">responsive<"), std::string::npos);
}

TEST(XlsxExport, ThroughputProfileMarksSlaNotApplicable) {
  testing::RunFixture f;
  f.cfg.performance_profile = PerformanceProfile::Throughput;
  TempDir dir;
  const std::string path = dir.file("t.xlsx");
  export_spreadsheet(path, build_results_json(f.result), f.cfg);
  const auto zip = testing_support::read_zip(read_file(path));
  EXPECT_NE(zip.at("xl/sharedStrings.xml").find(">N/A (throughput mode)<"), std::string::npos);
}

TEST(XlsxExport, CsvHasTheSummaryRow) {
  testing::RunFixture f;
  TempDir dir;
  const std::string written = export_spreadsheet(dir.file("results.txt"), build_results_json(f.result), f.cfg);
  EXPECT_EQ(written, dir.file("results.txt.csv"));
  const auto row = read_csv_row(read_file(written));
  EXPECT_EQ(row.size(), 27u + 72u);
  EXPECT_EQ(row.at("Model"), "llama3.1-8b");
  EXPECT_EQ(row.at("Seed"), "42");
  EXPECT_EQ(row.at("GPU Memory per Card (GiB)"), "16.0");
  EXPECT_EQ(row.at("Multi-turn"), "True");
  EXPECT_EQ(row.at("Dataset Path"), "N/A");
  EXPECT_EQ(row.at("Total Requests"), "20");
  EXPECT_GT(std::stod(row.at("Avg Throughput (tok/s)")), 0);
  EXPECT_GT(std::stod(row.at("Storage Throughput (tok/s)")), 0);
}

TEST(XlsxExport, NothingIsWrittenWithoutASummary) {
  testing::RunFixture f(/*with_requests=*/false);
  TempDir dir;
  EXPECT_EQ(export_spreadsheet(dir.file("x.xlsx"), build_results_json(f.result), f.cfg), "");
  struct stat st{};
  EXPECT_NE(::stat(dir.file("x.xlsx").c_str(), &st), 0);
}

TEST(XlsxExport, UnwritableWorkbookFallsBackToCsvAndStillFails) {
  testing::RunFixture f;
  TempDir dir;
  ASSERT_EQ(::mkdir(dir.file("taken.xlsx").c_str(), 0755), 0);  // a folder where the file should go
  try {
    export_spreadsheet(dir.file("taken.xlsx"), build_results_json(f.result), f.cfg);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("taken.xlsx"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("taken.csv"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_csv_row(read_file(dir.file("taken.csv"))).at("Model"), "llama3.1-8b");
}

TEST(XlsxExport, BinaryWritesBothFormatsAndKeepsTheJson) {
  TempDir dir;
  const std::vector<std::string> base = {"--clock", "virtual", "--duration", "30", "--num-users", "10",
                                         "--seed", "1", "--io-trace-log", dir.file("t.csv")};
  auto args = base;
  args.insert(args.end(), {"--output", dir.file("a.json"), "--xlsx-output", dir.file("a.xlsx")});
  auto r = testing_support::run_kvbench(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing_support::read_zip(read_file(dir.file("a.xlsx"))).count("xl/worksheets/sheet3.xml"), 1u);

  args = base;
  args.insert(args.end(), {"--output", dir.file("b.json"), "--xlsx-output", dir.file("b.csv")});
  r = testing_support::run_kvbench(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto row = read_csv_row(read_file(dir.file("b.csv")));
  EXPECT_EQ(row.at("Model"), "llama3.1-8b");
  EXPECT_GT(std::stod(row.at("Avg Throughput (tok/s)")), 0);

  // A spreadsheet path that cannot be written is refused by the pre-flight (exit 2) before
  // anything runs, rather than found after the run.
  ASSERT_EQ(::mkdir(dir.file("c.xlsx").c_str(), 0755), 0);
  args = base;
  args.insert(args.end(), {"--output", dir.file("c.json"), "--xlsx-output", dir.file("c.xlsx")});
  r = testing_support::run_kvbench(args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--xlsx-output '" + dir.file("c.xlsx") + "': is a directory"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("c.json")));
}

}  // namespace
}  // namespace kvbench::report
