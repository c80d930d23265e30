// The metric catalog: one row for every figure of the results JSON (spec §8.1/§8.2 and the
// "kvbench" block) saying what it is: its path, unit, kind, how groups that ran side by side
// merge it, and which direction is better. The results writer is tested against it, the XLSX
// export takes its units from it, `kvbench aggregate` takes its merge rules from it, and a
// `compare` command reads kind and better direction from it: nothing guesses from key names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kvbench::report {

enum class MetricKind {
  Counter,     // how many / how much happened in the run (monotonic over the run)
  Rate,        // a counter per second of the run
  Percentile,  // a quantile of a latency distribution
  Mean,        // the mean of a latency distribution
  Ratio,       // one figure over another (hit rate, read/write ratio, compliance)
  Gauge,       // a level at the end of the run (entries held, bytes used, users)
  Samples,     // a raw list of per-request or per-operation values
  Verdict,     // pass / fail
  Identity,    // text or a number that names the run rather than measures it (seed, mode)
  Description  // a free-form object written by the layer that owns it (storage_io, workload):
               // the catalog does not list the keys inside it
};

enum class MergeRule {
  Sum,        // groups run side by side: counts, bytes, entries and rates add up
  Max,        // the worst group stands for the whole (per-operation percentiles: no raw data)
  Min,
  Mean,
  Pooled,     // recomputed from the groups' raw sample lists concatenated (`pooled`)
  Recompute,  // recomputed from merged figures (`derived`)
  Concat,     // lists appended in input order
  First,      // the first group's value
  Equal,      // every group has the same value; the first stands
  Any,        // true when true in any group
  AllPass,    // a verdict that passes only when every group passed
  PerPod,     // meaningful for one pod only (a pod's own events, clocks, descriptions)
  Histograms  // latency histograms by series: pooled bucket by bucket (report/aggregate_histograms.h)
};

enum class Better { Higher, Lower, None };

enum class Unit {
  None, Count, Requests, Tokens, Users, Bytes, GiB, Seconds, Milliseconds, Microseconds,
  TokensPerSecond, RequestsPerSecond, GiBPerSecond, Ratio, Percent
};

// A Recompute figure: numerator / (denominator + denominator_also), paths into the merged
// document (absent counts as 0).
struct Derivation {
  enum class Guard {
    ZeroWhenZero,  // 0 when the denominator is 0
    AtLeastOne     // the denominator is max(denominator, 1), as the reference writes it
  };
  std::string numerator;
  std::string denominator;
  std::string denominator_also;  // "" = none
  Guard guard = Guard::ZeroWhenZero;
};

// A Pooled figure: a statistic over the raw list at `samples` (in seconds), in the figure's
// unit. percentile < 0 means the mean.
struct Pooling {
  std::string samples;
  double percentile = -1;
  // A Max figure that is a percentile of this kvbench.histograms series: when every group
  // wrote histograms, aggregate gives the pooled percentile instead of the worst group's.
  std::string histogram;
};

struct MetricEntry {
  // Dotted path from the document root; "[]" stands for every element of a list
  // ("summary.autoscaling_stats[].users").
  std::string path;
  MetricKind kind = MetricKind::Counter;
  Unit unit = Unit::Count;
  MergeRule merge = MergeRule::Sum;
  Better better = Better::None;
  Derivation derived;  // merge == Recompute
  Pooling pooled;      // merge == Pooled
  // The writer writes this figure twice; this copy is the same quantity as the one at
  // `same_as` (summary.total_requests is requests_completed): a merge copies it from there.
  std::string same_as;
  // Written only by `kvbench aggregate`, never by a run.
  bool aggregate_only = false;
  // The name `kvbench compare` gives this figure (and --threshold NAME=PCT); "" = not compared.
  std::string compare_name;
};

// Every entry, in document order.
const std::vector<MetricEntry>& metric_catalog();

// The entry for `path`; list indices may be spelled "[3]" or "[]". nullptr when none.
const MetricEntry* find_metric(std::string_view path);

// True when some entry lies strictly below `path` (a section such as "summary.cache_stats").
bool is_metric_section(std::string_view path);

// "a.b[2].c" → "a.b[].c".
std::string normalize_metric_path(std::string_view path);

std::string_view unit_label(Unit u);  // "ms", "GiB/s", "tok/s", ...; "" for None
std::string_view kind_name(MetricKind k);
std::string_view merge_rule_name(MergeRule m);
std::string_view better_name(Better b);

}  // namespace kvbench::report

namespace kvbench::report::detail {
// The rows themselves (metric_catalog_rows.cpp); metric_catalog() builds them once.
std::vector<MetricEntry> catalog_rows();
}  // namespace kvbench::report::detail
