#include "report/xlsx_export.h"

#include <xlsxwriter.h>

#include <charconv>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "common/output_target.h"
#include "common/qos_class.h"
#include "report/metric_catalog.h"

namespace kvbench::report {
namespace {

using nlohmann::json;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string now_local() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

// A JSON value as a cell; a missing key is an empty cell, as the reference's get_nested().
SheetCell cell_of(const json& doc, std::initializer_list<const char*> path) {
  const json* v = &doc;
  for (const char* key : path) {
    if (!v->is_object()) return std::monostate{};
    const auto it = v->find(key);
    if (it == v->end()) return std::monostate{};
    v = &*it;
  }
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_number_unsigned()) return static_cast<std::int64_t>(v->get<std::uint64_t>());
  if (v->is_number_integer()) return v->get<std::int64_t>();
  if (v->is_number_float()) return v->get<double>();
  if (v->is_string()) return v->get<std::string>();
  return std::monostate{};
}

// cell_of for a dotted catalog path ("cache_stats.cache_hit_rate").
SheetCell cell_at(const json& doc, std::string_view path) {
  std::vector<std::string> keys;
  for (std::size_t from = 0; from <= path.size();) {
    const std::size_t dot = std::min(path.find('.', from), path.size());
    keys.emplace_back(path.substr(from, dot - from));
    from = dot + 1;
  }
  const json* v = &doc;
  for (const std::string& key : keys) {
    if (!v->is_object()) return std::monostate{};
    const auto it = v->find(key);
    if (it == v->end()) return std::monostate{};
    v = &*it;
  }
  return cell_of(*v, {});
}

std::string optional_or(const std::optional<std::string>& s, const char* fallback) {
  return s ? *s : fallback;
}

// ---- workbook ----

class Workbook {
 public:
  explicit Workbook(const std::string& path) : path_(path), wb_(workbook_new(path.c_str())) {
    if (!wb_) fail("cannot create workbook");
    bold_ = workbook_add_format(wb_);
    format_set_bold(bold_);
  }
  ~Workbook() {
    if (wb_) workbook_close(wb_);  // only on an error path; close() handles the normal one
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  lxw_worksheet* sheet(const char* name) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name);
    if (!ws) fail(std::string("cannot add sheet '") + name + "'");
    return ws;
  }
  void header(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& text) {
    check(worksheet_write_string(ws, row, col, text.c_str(), bold_));
  }
  void write(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const SheetCell& cell) {
    if (const auto* b = std::get_if<bool>(&cell)) check(worksheet_write_boolean(ws, row, col, *b ? 1 : 0, nullptr));
    else if (const auto* i = std::get_if<std::int64_t>(&cell))
      check(worksheet_write_number(ws, row, col, static_cast<double>(*i), nullptr));
    else if (const auto* d = std::get_if<double>(&cell)) {
      if (std::isfinite(*d)) check(worksheet_write_number(ws, row, col, *d, nullptr));
    } else if (const auto* s = std::get_if<std::string>(&cell))
      check(worksheet_write_string(ws, row, col, s->c_str(), nullptr));
  }
  void close() {
    lxw_workbook* wb = wb_;
    wb_ = nullptr;
    check(workbook_close(wb));  // the file is written here
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("cannot write XLSX file '" + path_ + "': " + what);
  }
  void check(lxw_error err) const {
    if (err != LXW_NO_ERROR) fail(lxw_strerror(err));
  }
  std::string path_;
  lxw_workbook* wb_;
  lxw_format* bold_ = nullptr;
};

void write_two_columns(Workbook& wb, const char* sheet, const char* key_header,
                       const std::vector<SheetColumn>& rows) {
  lxw_worksheet* ws = wb.sheet(sheet);
  wb.header(ws, 0, 0, key_header);
  wb.header(ws, 0, 1, "Value");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto row = static_cast<lxw_row_t>(i + 1);
    wb.write(ws, row, 0, rows[i].name);
    wb.write(ws, row, 1, rows[i].value);
  }
}

// The QoS sheet's rows: levels with data only; the sheet is left out when there are none.
std::vector<std::vector<SheetCell>> qos_rows(const json& summary, bool throughput_profile) {
  std::vector<std::vector<SheetCell>> rows;
  const auto it = summary.find("qos_metrics");
  if (it == summary.end() || !it->is_object()) return rows;
  const SheetCell na = std::string("N/A (throughput mode)");
  for (const char* level : kQosNames) {
    const auto d = it->find(level);
    if (d == it->end() || !d->is_object() || d->value("no_data", false)) continue;
    rows.push_back({std::string(level), cell_of(*d, {"total_requests"}), cell_of(*d, {"latency_ms", "p95"}),
                    cell_of(*d, {"latency_ms", "p99"}), throughput_profile ? na : cell_of(*d, {"sla", "met"}),
                    throughput_profile ? na : cell_of(*d, {"sla", "compliance"})});
  }
  return rows;
}

void write_xlsx(const std::string& path, const std::vector<SheetColumn>& params,
                const std::vector<SheetColumn>& metrics, const json& summary, bool throughput_profile) {
  Workbook wb(path);
  lxw_worksheet* ws = wb.sheet("Summary");
  lxw_col_t col = 0;
  for (const auto* part : {&params, &metrics})
    for (const SheetColumn& c : *part) {
      wb.header(ws, 0, col, c.name);
      wb.write(ws, 1, col, c.value);
      ++col;
    }
  write_two_columns(wb, "Run Parameters", "Parameter", params);
  write_two_columns(wb, "Performance Metrics", "Metric", metrics);
  const auto rows = qos_rows(summary, throughput_profile);
  if (!rows.empty()) {
    lxw_worksheet* q = wb.sheet("QoS Metrics");
    const char* headers[] = {"QoS Level", "Total Requests", "Latency P95 (ms)", "Latency P99 (ms)", "SLA Met",
                             "SLA Compliance"};
    for (lxw_col_t c = 0; c < 6; ++c) wb.header(q, 0, c, headers[c]);
    for (std::size_t r = 0; r < rows.size(); ++r)
      for (std::size_t c = 0; c < rows[r].size(); ++c)
        wb.write(q, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), rows[r][c]);
  }
  wb.close();
}

// ---- CSV ----

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

void write_csv(const std::string& path, const std::vector<SheetColumn>& params,
               const std::vector<SheetColumn>& metrics) {
  std::string header, row;
  bool first = true;
  for (const auto* part : {&params, &metrics})
    for (const SheetColumn& c : *part) {
      if (!first) {
        header += ',';
        row += ',';
      }
      first = false;
      header += csv_field(c.name);
      row += csv_field(csv_text(c.value));
    }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << header << '\n' << row << '\n';
  out.flush();
  if (!out) throw std::runtime_error("cannot write CSV file '" + path + "'");
}

void make_parent(const std::string& path) {
  const std::filesystem::path p(path);
  std::error_code ec;
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
}

}  // namespace

std::vector<SheetColumn> run_parameter_columns(const ReportOptions& c, const std::string& timestamp) {
  const unsigned cpus = std::thread::hardware_concurrency();
  const std::int64_t precondition_threads = c.precondition_threads > 0 ? c.precondition_threads : (cpus ? cpus : 4);
  return {
      {"Timestamp", timestamp},
      {"Model", c.model},
      {"Num Users", std::int64_t{c.num_users}},
      {"Duration (s)", std::int64_t{c.duration}},
      {"GPU Memory per Card (GiB)", c.gpu_mem_gb},
      {"Num GPUs", std::int64_t{c.num_gpus}},
      {"Tensor Parallel", std::int64_t{c.tensor_parallel}},
      {"Total GPU Memory (GiB)", c.gpu_mem_gb * c.num_gpus},
      {"CPU Memory (GiB)", c.cpu_mem_gb},
      {"Generation Mode", std::string(generation_mode_name(c.generation_mode))},
      {"Performance Profile",
       std::string(performance_profile_name(c.performance_profile))},
      {"Multi-turn", !c.disable_multi_turn},
      {"Prefix Caching", !c.disable_prefix_caching},
      {"RAG Enabled", c.enable_rag},
      {"Autoscaling", c.enable_autoscaling},
      {"Seed", c.seed ? SheetCell(*c.seed) : SheetCell()},
      {"Max Concurrent Allocs", std::int64_t{c.max_concurrent_allocs}},
      {"Request Rate", c.request_rate},
      {"Max Requests", c.max_requests},
      {"Dataset Path", optional_or(c.dataset_path, "N/A")},
      {"Cache Dir", optional_or(c.cache_dir, "temp")},
      {"Storage Capacity (GiB)", c.storage_capacity_gb},
      {"Precondition", c.precondition},
      {"Precondition Size (GiB)", c.precondition_size_gb},
      {"Precondition Threads", precondition_threads},
      {"Trace Speedup", c.trace_speedup},
      {"Replay Cycles", std::int64_t{c.replay_cycles}},
  };
}

std::vector<MetricColumn> performance_metric_paths() {
  std::vector<MetricColumn> m;
  // `unit`: the label ends with the figure's unit from the metric catalog, as "(ms)".
  const auto add = [&](std::string label, std::string path, bool unit) {
    path = "summary." + path;
    if (const MetricEntry* e = unit ? find_metric(path) : nullptr)
      label += " (" + std::string(unit_label(e->unit)) + ")";
    m.push_back({std::move(label), std::move(path)});
  };
  add("Total Requests", "total_requests", false);
  add("Total Tokens", "total_tokens", false);
  add("Elapsed Time", "elapsed_time", true);
  add("Avg Throughput", "avg_throughput_tokens_per_sec", true);
  add("Storage Throughput", "storage_throughput_tokens_per_sec", true);
  add("Requests/sec", "requests_per_second", false);
  const std::pair<const char*, const char*> pcts[] = {{"Mean", "mean"}, {"P50", "p50"},     {"P95", "p95"},
                                                      {"P99", "p99"},   {"P99.9", "p999"}, {"P99.99", "p9999"}};
  const auto latency = [&](const char* label, const char* key, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      add(std::string(label) + " " + pcts[i].first, std::string(key) + "." + pcts[i].second, true);
  };
  latency("E2E Latency", "end_to_end_latency_ms", 6);
  latency("Storage Latency", "storage_io_latency_ms", 6);
  latency("Gen Latency", "generation_latency_ms", 4);
  const std::pair<const char*, const char*> parts[] = {{"Total", ""}, {"Device", "_device"}, {"Host", "_host"}};
  const std::pair<const char*, const char*> ops[] = {{"Read", "read"}, {"Write", "write"}};
  for (const auto& [kind, infix] : parts)
    for (const auto& [op, op_key] : ops)
      for (std::size_t i = 1; i < 6; ++i)
        add(std::string("Storage Tier ") + op + " " + kind + " " + pcts[i].first,
            std::string("cache_stats.storage_") + op_key + infix + "_" + pcts[i].second + "_ms", true);
  add("Cache Hit Rate", "cache_stats.cache_hit_rate", false);
  add("Read/Write Ratio", "cache_stats.read_write_ratio", false);
  add("Total Read", "cache_stats.total_read_gb", true);
  add("Total Write", "cache_stats.total_write_gb", true);
  const std::pair<const char*, const char*> tiers[] = {{"GPU", "gpu"}, {"CPU", "cpu"}, {"Storage", "storage"}};
  for (const auto& [dir, dir_key] : {std::pair{"Written", "written"}, std::pair{"Read", "read"}})
    for (const auto& [label, key] : tiers)
      add(std::string("Tier ") + label + " KV Bytes " + dir,
          std::string("cache_stats.tier_") + key + "_kv_bytes_" + dir_key + "_gb", true);
  for (const auto& [label, key] : tiers)
    for (const auto& [op, op_key] : ops)
      add(std::string("Tier ") + label + " " + op + " Bandwidth",
          std::string("cache_stats.tier_") + key + "_" + op_key + "_bandwidth_gbps", true);
  add("GPU Entries", "cache_stats.gpu_entries", false);
  add("CPU Entries", "cache_stats.cpu_entries", false);
  add("Storage Entries", "cache_stats.storage_entries", false);
  add("Multi-turn Hit Rate", "multi_turn_stats.hit_rate", false);
  return m;
}

std::vector<SheetColumn> performance_metric_columns(const json& s) {
  std::vector<SheetColumn> m;
  for (const MetricColumn& c : performance_metric_paths())
    m.push_back({c.label, cell_at(s, std::string_view(c.path).substr(std::string_view("summary.").size()))});
  return m;
}

std::string csv_text(const SheetCell& cell) {
  if (const auto* b = std::get_if<bool>(&cell)) return *b ? "True" : "False";
  if (const auto* i = std::get_if<std::int64_t>(&cell)) return std::to_string(*i);
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  const auto* d = std::get_if<double>(&cell);
  if (!d || std::isnan(*d)) return "";
  if (std::isinf(*d)) return *d > 0 ? "inf" : "-inf";
  // Python's repr: the shortest round-trip digits, positional for exponents -4..15, else
  // scientific with a two-digit exponent ("1e-05", "1.5e+16").
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, *d, std::chars_format::scientific);
  const std::string sci(buf, res.ptr);
  const std::size_t e = sci.find('e');
  const int exp = std::stoi(sci.substr(e + 1));
  if (exp < -4 || exp >= 16) return sci;
  const bool negative = sci[0] == '-';
  std::string digits;
  for (char ch : sci.substr(0, e))
    if (ch >= '0' && ch <= '9') digits += ch;
  std::string out;
  if (exp < 0) {
    out = "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
  } else {
    const auto int_len = static_cast<std::size_t>(exp + 1);
    if (digits.size() <= int_len) out = digits + std::string(int_len - digits.size(), '0') + ".0";
    else out = digits.substr(0, int_len) + "." + digits.substr(int_len);
  }
  return negative ? "-" + out : out;
}

std::string csv_path_for(const std::string& requested) {
  if (ends_with(requested, ".xlsx")) return requested.substr(0, requested.size() - 5) + ".csv";
  return ends_with(requested, ".csv") ? requested : requested + ".csv";
}

std::string export_spreadsheet(const std::string& requested, const json& results, const ReportOptions& cfg) {
  const auto summary = results.find("summary");
  if (summary == results.end() || !summary->is_object() || summary->empty()) return "";
  const auto params = run_parameter_columns(cfg, now_local());
  const auto metrics = performance_metric_columns(*summary);
  // Where a device, a FIFO or a symlink stands, common/output_target.h says what may be written.
  const OutputTarget target = resolve_output(requested);
  make_parent(requested);
  if (!ends_with(requested, ".xlsx")) {
    const std::string path = csv_path_for(requested);
    write_csv(path, params, metrics);
    return path;
  }
  try {
    if (target.kind == OutputKind::Refused)  // the CSV fallback below is still tried
      throw std::runtime_error("cannot write XLSX file '" + requested + "': it " + target.refusal);
    write_xlsx(requested, params, metrics, *summary,
               cfg.performance_profile == PerformanceProfile::Throughput);
    return requested;
  } catch (const std::exception& e) {
    const std::string fallback = csv_path_for(requested);
    std::string outcome = "the CSV fallback " + fallback + " was written";
    try {
      write_csv(fallback, params, metrics);
    } catch (const std::exception& e2) {
      outcome = "the CSV fallback failed too: " + std::string(e2.what());
    }
    throw std::runtime_error(std::string(e.what()) + "; " + outcome);
  }
}

}  // namespace kvbench::report
