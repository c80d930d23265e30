// The metric catalog against what the results writer really emits: every figure of a results
// JSON has an entry, and every entry is emitted by some run.
#include "report/metric_catalog.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "report/results_json.h"
#include "report/timeline_json.h"
#include "run_result_fixture.h"
#include "support/run_binary.h"
#include "workload/validation_trace.h"

namespace kvbench::report {
namespace {

using nlohmann::json;
using testing::RunFixture;

// Walks `doc` and sorts its figures into those the catalog knows and those it does not. An
// entry covers the whole value below it when it is raw samples or a free-form description; a
// null is fine where the catalog has an entry or a section (an absent optional object).
struct Walk {
  std::set<std::string> seen;     // normalized paths of entries met
  std::set<std::string> unknown;  // normalized paths of figures without an entry

  void visit(const json& v, const std::string& path) {
    const MetricEntry* e = path.empty() ? nullptr : find_metric(path);
    if (e) seen.insert(e->path);
    if (e && (e->kind == MetricKind::Samples || e->kind == MetricKind::Description) && !v.is_null()) return;
    if (v.is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it) visit(*it, path.empty() ? it.key() : path + "." + it.key());
    } else if (v.is_array()) {
      for (const auto& x : v) visit(x, path + "[]");
    } else if (!e && !(v.is_null() && is_metric_section(path))) {
      unknown.insert(normalize_metric_path(path));
    }
  }
};

std::string joined(const std::set<std::string>& s) {
  std::string out;
  for (const auto& p : s) out += "  " + p + "\n";
  return out;
}

// Fixture runs that between them write every figure: a real run with autoscaling (capacity
// mode: peak figures, a stop event) and a validation trace, a trace-mode run, and a run whose
// only requests are of the QoS class the others leave empty.
std::vector<json> every_kind_of_result() {
  std::vector<json> docs;
  RunFixture real;
  real.result.throughput_timeline = {{10.0, 123.5}};
  ScaleEvent up;
  up.timestamp_iso = "2026-01-01T00:00:10";
  up.mode = "capacity";
  up.action = "scale_up";
  up.users = 12;
  up.throughput_tokens_per_sec = 123.5;
  ScaleEvent stop = up;
  stop.action = "stop";
  stop.peak_throughput_tokens_per_sec = 150.0;
  real.result.scale_events = {up, stop};
  real.result.autoscaling = AutoscalingSummary{10, 12, 14, 150.0};
  workload::ValidationTrace trace;
  trace.total_requests = 4;
  trace.cache_hits = 2;
  real.result.validation = workload::compare_with_trace(trace, 0.6);
  real.result.storage_io = {{"io_engine", "io_uring"}, {"io_size", 1048576}};
  real.result.workload = {{"source", "synthetic"}};
  real.result.device = {{"disks", {"vda"}}, {"read_ratio", 1.0}};
  real.result.group = {{"rank", 0}, {"group_size", 2}};  // kvbench.group: a start-barrier group's rank
  stats::CacheCounters timed;  // kvbench.timeline with a timed storage read and write
  stats::RunTimeline timeline(1.0, timed);
  timeline.begin();
  for (const IoOp op : {IoOp::Read, IoOp::Write}) {
    IoEvent io;
    io.op = op;
    io.level = Level::Storage;
    io.device_s = 0.002;
    timeline.on_event(io);
  }
  timeline.tick(1.0, 0, 0);
  real.result.timeline = timeline_json(timeline);
  docs.push_back(build_results_json(real.result));

  RunFixture traced;
  traced.result.mode = "trace";
  traced.result.trace_path = "/tmp/t.csv";
  traced.result.trace_rows = 10;
  docs.push_back(build_results_json(traced.result));

  RunFixture responsive_only(false);  // the QoS classes the first fixture leaves without data
  stats::RequestRecord rec;
  rec.qos = QosLevel::Responsive;
  rec.end_to_end_s = 0.05;
  rec.tokens_generated = 10;
  responsive_only.requests->record(rec);
  docs.push_back(build_results_json(responsive_only.result));
  return docs;
}

TEST(MetricCatalog, EveryFigureTheWriterEmitsHasAnEntryAndEveryEntryIsEmitted) {
  Walk w;
  for (const json& doc : every_kind_of_result()) w.visit(doc, "");
  EXPECT_TRUE(w.unknown.empty()) << "figures without a catalog entry:\n" << joined(w.unknown);
  std::set<std::string> never;
  for (const MetricEntry& e : metric_catalog())
    if (!e.aggregate_only && !w.seen.count(e.path)) never.insert(e.path);
  EXPECT_TRUE(never.empty()) << "catalog entries no result writes:\n" << joined(never);
}

TEST(MetricCatalog, EveryFigureOfARealSeededRunHasAnEntry) {
  testing_support::TempDir dir;
  const auto r = testing_support::run_kvbench(
      {"--num-users", "10", "--duration", "10", "--gpu-mem-gb", "1", "--cpu-mem-gb", "1", "--generation-mode",
       "fast", "--clock", "virtual", "--seed", "7", "--io-trace-log", dir.file("t.csv"), "--output",
       dir.file("r.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Walk w;
  w.visit(json::parse(testing_support::read_file(dir.file("r.json"))), "");
  EXPECT_TRUE(w.unknown.empty()) << "figures without a catalog entry:\n" << joined(w.unknown);
  EXPECT_TRUE(w.seen.count("summary.cache_stats.cache_hit_rate"));
}

TEST(MetricCatalog, LookupByPathNormalizesListIndices) {
  const MetricEntry* e = find_metric("summary.autoscaling_stats[3].read_latency_p95_ms");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->path, "summary.autoscaling_stats[].read_latency_p95_ms");
  EXPECT_EQ(e->kind, MetricKind::Percentile);
  EXPECT_EQ(e->better, Better::Lower);
  EXPECT_EQ(unit_label(e->unit), "ms");
  EXPECT_EQ(find_metric("summary.no_such_figure"), nullptr);
  EXPECT_TRUE(is_metric_section("summary.cache_stats"));
  EXPECT_FALSE(is_metric_section("summary.cache_stats.cache_hits"));  // a figure, not a section
}

TEST(MetricCatalog, RulesAreConsistent) {
  std::set<std::string> paths;
  for (const MetricEntry& e : metric_catalog()) {
    EXPECT_TRUE(paths.insert(e.path).second) << "twice: " << e.path;
    if (e.merge == MergeRule::Pooled) {
      const MetricEntry* list = find_metric(e.pooled.samples);
      ASSERT_NE(list, nullptr) << e.path;
      EXPECT_EQ(list->kind, MetricKind::Samples) << e.path;
    }
    if (e.merge == MergeRule::Recompute) {
      for (const std::string& p : {e.derived.numerator, e.derived.denominator})
        EXPECT_NE(find_metric(p), nullptr) << e.path << " derives from unknown " << p;
    }
    if (!e.same_as.empty()) {
      EXPECT_NE(find_metric(e.same_as), nullptr) << e.path;
    }
    if (e.kind == MetricKind::Percentile || e.kind == MetricKind::Mean) {
      EXPECT_EQ(e.better, Better::Lower) << e.path;
    }
    EXPECT_FALSE(kind_name(e.kind).empty());
    EXPECT_FALSE(merge_rule_name(e.merge).empty());
    EXPECT_FALSE(better_name(e.better).empty());
  }
  // Per-request summaries pool the raw lists; per-operation percentiles (no raw data) take the max.
  EXPECT_EQ(find_metric("summary.end_to_end_latency_ms.p95")->merge, MergeRule::Pooled);
  EXPECT_EQ(find_metric("summary.cache_stats.storage_read_p95_ms")->merge, MergeRule::Max);
  EXPECT_EQ(find_metric("summary.cache_stats.read_iops")->kind, MetricKind::Counter);  // counts, despite the name
}

}  // namespace
}  // namespace kvbench::report
