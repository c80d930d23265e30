// `kvbench report --html`: the page is well-formed, self-contained (no script, no URL), escapes
// what it takes from results files, and renders in headless Chromium with no console error and
// a screenshot that is not blank (skipped where Debian's chromium is not installed).
#include "report/html_report.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "report/svg_plot.h"
#include "support/run_binary.h"

namespace kvbench::report {
namespace {

using nlohmann::json;
using testing_support::read_file;
using testing_support::TempDir;

const char* kEvil = "<script>alert('x')</script>&\"";

json night(double scale) {
  json points = json::array();
  for (int i = 0; i < 10; ++i)
    points.push_back({{"start_s", i},
                      {"end_s", i + 1},
                      {"requests_completed", 10 + i},
                      {"tokens", (1000 + 50 * i) * scale},
                      {"queue_depth", i % 3},
                      {"in_flight", 4},
                      {"levels",
                       {{"gpu", {{"read_bytes", 1 << 20}, {"written_bytes", 1 << 20}, {"used_bytes", (i + 1) << 20}}},
                        {"cpu", {{"read_bytes", 2 << 20}, {"written_bytes", 0}, {"used_bytes", (i + 2) << 20}}},
                        {"storage",
                         {{"read_bytes", (300 << 20) * scale}, {"written_bytes", 200 << 20}, {"demoted_in_bytes", 1 << 20},
                          {"used_bytes", (i + 5) << 24}}}}},
                      {"storage_read_latency_ms", {{"count", 100}, {"p50", 2.0 * scale}, {"p95", 5.0}, {"p99", 9.0}}}});
  json lat = json::array();
  for (int i = 1; i <= 200; ++i) lat.push_back(0.001 * i * scale);
  return {{"requests_completed", 145},
          {"end_to_end_latencies", lat},
          {"storage_latencies", lat},
          {"prefill_latencies", lat},
          {"decode_latencies", lat},
          {"summary",
           {{"cache_stats", {{"storage_read_p50_ms", 2.0}, {"storage_read_p95_ms", 5.0}, {"storage_read_p99_ms", 9.0},
                             {"storage_write_p50_ms", 3.0}, {"storage_write_p99_ms", 12.0}, {"cpu_read_p50_ms", 0.1},
                             {"cpu_read_p99_ms", 0.4}}},
            {"qos_metrics",
             {{"interactive", {{"latency_ms", {{"p95", 40.0}}}, {"sla", {{"target_p95_ms", 50.0}}}}},
              {"responsive", {{"no_data", true}}},
              {"batch", {{"latency_ms", {{"p95", 900.0}}}, {"sla", {{"target_p95_ms", 1000.0}}}}}}}}},
          {"kvbench",
           {{"version", "0.1.0"},
            {"mode", "real"},
            {"clock", "wall"},
            {"elapsed_s", 10.0},
            {"health", {{"status", "degraded"}, {"reasons", {{{"text", kEvil}}}}}},
            {"run", {{"run_id", kEvil}, {"started_at", "2026-12-01T00:00:00Z"}, {"command_line", kEvil},
                     {"effective_config", {{"model", "llama3.1-8b"}, {"num_users", 20}}}}},
            {"device", {{"disks", {"vda"}}, {"read_ratio", 0.98}, {"note", kEvil}}},
            {"timeline", {{"interval_s", 1.0}, {"points", points}}}}}};
}

// A small XML-ish check: every element opened is closed in order (void elements of HTML apart).
bool balanced(const std::string& page, std::string& why) {
  static const std::set<std::string> kVoid = {"meta", "br", "hr", "img", "input", "link", "!DOCTYPE"};
  std::vector<std::string> open;
  static const std::regex tag(R"(<(/?)([!A-Za-z][A-Za-z0-9]*)([^<>]*?)(/?)>)");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[2], closing = (*it)[1], self = (*it)[4];
    if (kVoid.count(name) || !self.empty()) continue;
    if (closing.empty()) {
      open.push_back(name);
    } else if (open.empty() || open.back() != name) {
      why = "</" + name + "> closes " + (open.empty() ? std::string("nothing") : "<" + open.back() + ">");
      return false;
    } else {
      open.pop_back();
    }
  }
  why = open.empty() ? "" : "<" + open.back() + "> never closed";
  return open.empty();
}

TEST(HtmlReport, PageIsWellFormedSelfContainedAndEscapesWhatItReads) {
  const std::string page = render_html_report({{"night1.json", night(1.0)}, {"night2.json", night(0.8)}});
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  std::string why;
  EXPECT_TRUE(balanced(page, why)) << why;
  EXPECT_EQ(page.find("<script"), std::string::npos);  // the evil string is escaped, not run
  EXPECT_NE(page.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"), std::string::npos);
  for (const char* external : {"http:", "https:", "//", "src=", "href=", "url(", "@import"})
    EXPECT_EQ(page.find(external), std::string::npos) << external;
  std::size_t charts = 0;
  for (std::size_t at = page.find("<svg"); at != std::string::npos; at = page.find("<svg", at + 1)) ++charts;
  EXPECT_GE(charts, 9u);
  EXPECT_NE(page.find("<polyline"), std::string::npos);
  EXPECT_NE(page.find("target 50"), std::string::npos);  // the interactive SLO
}

TEST(HtmlReport, MissingFiguresGiveEmptyChartsNotFailures) {
  const std::string page = render_html_report({{"empty.json", json::object()}});
  std::string why;
  EXPECT_TRUE(balanced(page, why)) << why;
  EXPECT_NE(page.find("no data"), std::string::npos);
}

TEST(HtmlReport, CommandRefusesMissingHtmlAndUnreadableInputs) {
  TempDir dir;
  std::ostringstream err;
  EXPECT_EQ(run_html_report({{dir.file("r.json")}, ""}, err), 2);
  EXPECT_EQ(run_html_report({{dir.file("absent.json")}, dir.file("p.html")}, err), 2);
  EXPECT_NE(err.str().find("absent.json"), std::string::npos);
  std::ofstream(dir.file("r.json")) << night(1.0).dump();
  EXPECT_EQ(run_html_report({{dir.file("r.json")}, dir.file("p.html")}, err), 0);
  EXPECT_NE(read_file(dir.file("p.html")).find("<svg"), std::string::npos);
}

std::string find_chromium() {
  for (const char* name : {"chromium", "chromium-browser"})
    for (const char* dir : {"/usr/bin/", "/usr/local/bin/", "/bin/"})
      if (std::filesystem::exists(std::string(dir) + name)) return std::string(dir) + name;
  return "";
}

// The PNG's image bytes inflated (filter bytes included): enough to tell a blank page.
std::string png_image_bytes(const std::string& png) {
  std::string idat;
  for (std::size_t at = 8; at + 12 <= png.size();) {
    const std::uint32_t len = (std::uint8_t(png[at]) << 24) | (std::uint8_t(png[at + 1]) << 16) |
                              (std::uint8_t(png[at + 2]) << 8) | std::uint8_t(png[at + 3]);
    if (png.compare(at + 4, 4, "IDAT") == 0) idat += png.substr(at + 8, len);
    at += 12 + len;
  }
  std::string out(64 << 20, '\0');
  uLongf size = out.size();
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(idat.data()),
                 idat.size()) != Z_OK)
    return "";
  out.resize(size);
  return out;
}

TEST(HtmlReport, RendersInHeadlessChromiumWithoutErrors) {
  const std::string chromium = find_chromium();
  if (chromium.empty()) GTEST_SKIP() << "chromium is not installed (scripts/install-deps.sh installs it)";
  TempDir dir;
  std::ofstream(dir.file("page.html")) << render_html_report({{"night1.json", night(1.0)}, {"night2.json", night(0.8)}});
  const std::string cmd = "cd " + dir.path() + " && timeout 60 " + chromium +
                          " --headless --disable-gpu --no-sandbox --no-first-run --user-data-dir=" + dir.file("profile") +
                          " --window-size=1000,2400 --screenshot=" + dir.file("shot.png") +
                          " --enable-logging=stderr --v=0 file://" + dir.file("page.html") + " > " + dir.file("log") +
                          " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << read_file(dir.file("log"));
  const std::string log = read_file(dir.file("log"));
  EXPECT_EQ(log.find("CONSOLE"), std::string::npos) << log;  // the page logs nothing, errors least of all
  const std::string pixels = png_image_bytes(read_file(dir.file("shot.png")));
  ASSERT_FALSE(pixels.empty()) << "no screenshot";
  std::size_t inked = 0;  // bytes of neither white nor black: colours and anti-aliased text
  for (const char c : pixels) inked += (c != 0 && c != static_cast<char>(0xff)) ? 1 : 0;
  EXPECT_GT(inked, 20000u) << "the screenshot looks blank";
}

}  // namespace
}  // namespace kvbench::report
