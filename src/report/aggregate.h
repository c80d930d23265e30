// `kvbench aggregate`: merges the results JSON of several tensor-parallel groups that ran at
// the same time (one pod each) into one results document. Each figure merges by the rule the
// metric catalog gives it (report/metric_catalog.h): counts, bytes and throughputs add up,
// latency summaries are recomputed from the pooled per-request lists (never averaged),
// ratios are recomputed from the merged totals, per-operation percentiles take the worst
// group, or are pooled from the groups' latency histograms where every group wrote them
// (report/aggregate_histograms.h). A figure the catalog does not know is reported and left out, never guessed.
#pragma once

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kvbench::report {

struct AggregateInput {
  std::string name;  // how the merged document and messages name it (its path)
  nlohmann::json doc;
};

struct AggregateResult {
  nlohmann::json merged;
  std::vector<std::string> uncatalogued;  // paths of figures left out: no catalog entry
  std::vector<std::string> conflicts;     // "equal" figures the groups disagree on
  std::vector<std::string> unreadable_histograms;  // "file: series: why": nothing was pooled
};

// The merge itself: no files, no messages. Throws std::runtime_error when `inputs` is empty.
AggregateResult merge_results(const std::vector<AggregateInput>& inputs);

struct AggregateOptions {
  std::vector<std::string> inputs;  // results JSON files
  std::string output;               // "" = stdout
  bool force = false;               // merge even when the workload fingerprints differ
};

// The command: reads the inputs, merges, writes; warnings and errors go to `err`. Returns the
// exit code (2 for unusable inputs, 1 when the output cannot be written).
int run_aggregate(const AggregateOptions& options, std::ostream& out, std::ostream& err);

}  // namespace kvbench::report
