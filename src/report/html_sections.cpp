// The identity, timeline and device sections of the HTML report.
#include "report/html_sections.h"

#include <filesystem>

#include "report/svg_plot.h"

namespace kvbench::report::html {
namespace {

using nlohmann::json;
using svg::escape_xml;

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

const json* child(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

double number(const json& j, const char* key, double fallback = 0) {
  const json* v = child(j, key);
  return v && v->is_number() ? v->get<double>() : fallback;
}

// Any JSON value as text for a table cell: strings unquoted, the rest as JSON.
std::string cell(const json* v) {
  if (!v || v->is_null()) return "";
  if (v->is_string()) return v->get<std::string>();
  return v->dump(-1, ' ', false, json::error_handler_t::replace);
}

const json& timeline_points(const ReportInput& in) {
  static const json kNone = json::array();
  const json* k = child(in.doc, "kvbench");
  const json* t = k ? child(*k, "timeline") : nullptr;
  const json* p = t ? child(*t, "points") : nullptr;
  return p && p->is_array() ? *p : kNone;
}

// One series per input of `value(point) / interval length` (or of `value` itself when a gauge)
// against the interval's end.
template <class Value>
std::vector<svg::Series> per_input(const std::vector<ReportInput>& inputs, const std::string& suffix, bool rate,
                                   std::size_t colour_offset, bool dashed, Value value) {
  std::vector<svg::Series> out;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    svg::Series s;
    s.label = input_label(inputs, i) + suffix;
    s.colour = i + colour_offset;
    s.dashed = dashed;
    for (const json& p : timeline_points(inputs[i])) {
      const double start = number(p, "start_s"), end = number(p, "end_s");
      const double dt = end - start;
      if (rate && !(dt > 0)) continue;
      s.points.emplace_back(end, rate ? value(p) / dt : value(p));
    }
    out.push_back(std::move(s));
  }
  return out;
}

double level_bytes(const json& p, const char* level, const char* a, const char* b) {
  const json* levels = child(p, "levels");
  const json* l = levels ? child(*levels, level) : nullptr;
  return l ? number(*l, a) + (b ? number(*l, b) : 0.0) : 0.0;
}

double latency(const json& p, const char* op, const char* q) {
  const json* l = child(p, op);
  return l ? number(*l, q, -1) : -1;
}

template <class T>
void append(std::vector<T>& a, std::vector<T> b) {
  for (T& x : b) a.push_back(std::move(x));
}

}  // namespace

std::string input_label(const std::vector<ReportInput>& inputs, std::size_t i) {
  const json* k = child(inputs[i].doc, "kvbench");
  const json* run = k ? child(*k, "run") : nullptr;
  const json* started = run ? child(*run, "started_at") : nullptr;
  if (inputs.size() > 1 && started && started->is_string()) {
    std::string when = started->get<std::string>().substr(0, 16);  // to the minute: legends stay short
    if (when.size() > 10 && when[10] == 'T') when[10] = ' ';
    return when;
  }
  return std::filesystem::path(inputs[i].name).filename().string();
}

std::string identity_section(const std::vector<ReportInput>& inputs) {
  std::string out = "<h2>Runs</h2><table><tr><th>file</th><th>run id</th><th>started</th><th>kvbench</th>"
                    "<th>mode</th><th>clock</th><th>model</th><th>users</th><th>window s</th>"
                    "<th>requests</th><th>health</th></tr>";
  for (const ReportInput& in : inputs) {
    const json* k = child(in.doc, "kvbench");
    const json empty = json::object();
    const json& kv = k ? *k : empty;
    const json* run = child(kv, "run");
    const json& r = run ? *run : empty;
    const json* cfg = child(r, "effective_config");
    const json* health = child(kv, "health");
    std::string reasons;
    if (const json* why = health ? child(*health, "reasons") : nullptr; why && why->is_array())
      for (const json& w : *why) reasons += (reasons.empty() ? "" : "; ") + cell(w.is_object() ? child(w, "text") : &w);
    const std::string status = cell(health ? child(*health, "status") : nullptr);
    out += "<tr><td>" + escape_xml(in.name) + "</td><td>" + escape_xml(cell(child(r, "run_id"))) + "</td><td>" +
           escape_xml(cell(child(r, "started_at"))) + "</td><td>" + escape_xml(cell(child(kv, "version"))) + " " +
           escape_xml(cell(child(r, "kvbench_commit"))) + "</td><td>" + escape_xml(cell(child(kv, "mode"))) +
           "</td><td>" + escape_xml(cell(child(kv, "clock"))) + "</td><td>" +
           escape_xml(cell(cfg ? child(*cfg, "model") : nullptr)) + "</td><td>" +
           escape_xml(cell(cfg ? child(*cfg, "num_users") : nullptr)) + "</td><td>" +
           escape_xml(cell(child(kv, "elapsed_s"))) + "</td><td>" +
           escape_xml(cell(child(in.doc, "requests_completed"))) + "</td><td class=\"health-" + escape_xml(status) +
           "\">" + escape_xml(status) + (reasons.empty() ? "" : ": " + escape_xml(reasons)) + "</td></tr>";
  }
  out += "</table>";
  for (const ReportInput& in : inputs) {
    const json* k = child(in.doc, "kvbench");
    const json* run = k ? child(*k, "run") : nullptr;
    const json* line = run ? child(*run, "command_line") : nullptr;
    if (!line) continue;
    std::string words;  // an argv list reads best as the command line it was
    if (line->is_array())
      for (const json& w : *line) words += (words.empty() ? "" : " ") + cell(&w);
    else
      words = cell(line);
    out += "<p class=\"cmd\">" + escape_xml(in.name) + ": <code>" + escape_xml(words) + "</code></p>";
  }
  return out;
}

std::string timeline_section(const std::vector<ReportInput>& inputs) {
  std::string out = "<h2>Over time</h2>";
  svg::LineChart c = svg::titled("Throughput", "seconds into the window", "tokens/s");
  out += svg::line_chart(c, per_input(inputs, "", true, 0, false, [](const json& p) { return number(p, "tokens"); }));
  c = svg::titled("Storage bandwidth (solid: read, dashed: write)", "seconds into the window", "GiB/s");
  auto bw = per_input(inputs, " read", true, 0, false, [](const json& p) {
    return level_bytes(p, "storage", "read_bytes", "demoted_out_bytes") / kGiB;
  });
  append(bw, per_input(inputs, " write", true, 0, true, [](const json& p) {
    return level_bytes(p, "storage", "written_bytes", "demoted_in_bytes") / kGiB;
  }));
  out += svg::line_chart(c, bw);
  c = svg::titled("Storage read latency (solid: p50, dashed: p99)", "seconds into the window", "ms");
  std::vector<svg::Series> lat;
  for (const auto& [q, dashed] : {std::pair{"p50", false}, std::pair{"p99", true}}) {
    auto s = per_input(inputs, std::string(" ") + q, false, 0, dashed,
                       [q = q](const json& p) { return latency(p, "storage_read_latency_ms", q); });
    for (auto& one : s) std::erase_if(one.points, [](const auto& xy) { return xy.second < 0; });
    append(lat, std::move(s));
  }
  out += svg::line_chart(c, lat);
  c = svg::titled("Level usage", "seconds into the window", "GiB");
  std::vector<svg::Series> used;
  std::size_t offset = 0;
  for (const char* level : {"gpu", "cpu", "storage"}) {
    auto s = per_input(inputs, std::string(" ") + level, false, offset, offset > 0 && inputs.size() > 1,
                       [level](const json& p) { return level_bytes(p, level, "used_bytes", nullptr) / kGiB; });
    append(used, std::move(s));
    offset += inputs.size() > 1 ? 0 : 1;  // one file: a colour per level; several: per file
  }
  out += svg::line_chart(c, used);
  c = svg::titled("Queue depth and requests in flight (dashed)", "seconds into the window", "requests");
  auto q = per_input(inputs, " queued", false, 0, false, [](const json& p) { return number(p, "queue_depth"); });
  append(q, per_input(inputs, " in flight", false, 0, true, [](const json& p) { return number(p, "in_flight"); }));
  out += svg::line_chart(c, q);
  return out;
}

std::string device_section(const std::vector<ReportInput>& inputs) {
  std::string out = "<h2>Device cross-check</h2>";
  bool any = false;
  for (const ReportInput& in : inputs) {
    const json* k = child(in.doc, "kvbench");
    const json* d = k ? child(*k, "device") : nullptr;
    if (!d || !d->is_object()) continue;
    any = true;
    out += "<h3>" + escape_xml(in.name) + "</h3><table>";
    for (auto it = d->begin(); it != d->end(); ++it)
      out += "<tr><th>" + escape_xml(it.key()) + "</th><td>" + escape_xml(cell(&*it)) + "</td></tr>";
    out += "</table>";
  }
  if (!any) out += "<p>No device figures (trace mode, or no block device under the cache directory).</p>";
  return out;
}

}  // namespace kvbench::report::html
