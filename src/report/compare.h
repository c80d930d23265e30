// `kvbench compare BASELINE... -- CANDIDATE...`: says whether a set of candidate results
// regressed against a set of baseline results (nightly regression jobs). For every figure the
// metric catalog names for comparison (report/metric_catalog.h, compare_name) it takes the
// median over each side's trials and the relative change, and calls a change only when it is
// beyond the threshold, beyond the trials' own spread (the candidates' median lies outside
// the baselines' range, by more than the wider of the two sides' ranges relative to the
// baselines' median)
// and, with at least 3 trials per side, significant by a one-sided
// Mann–Whitney U test (p ≤ 0.05): noise alone should not fail a nightly job.
#pragma once

#include <iosfwd>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "report/metric_catalog.h"

namespace kvbench::report {

struct Trial {
  std::string name;  // its file
  nlohmann::json doc;
};

struct CompareSettings {
  double threshold_pct = 5.0;                       // --threshold PCT
  std::map<std::string, double> threshold_by_name;  // --threshold NAME=PCT
  double alpha = 0.05;                              // the rank test's significance level
  std::size_t rank_test_min_trials = 3;             // per side
};

enum class ChangeVerdict { Regression, Improvement, NoChange, NotCompared };
std::string_view verdict_name(ChangeVerdict v);  // "regression", "improvement", "no change", "not compared"

struct SideFigures {
  std::vector<double> values;  // one per trial that has the figure
  double median = 0, min = 0, max = 0;
};

struct MetricComparison {
  const MetricEntry* metric = nullptr;
  SideFigures baseline, candidate;
  double change = 0;       // (candidate − baseline) / |baseline| of the medians; ±inf from 0
  double threshold = 0;    // as a fraction
  double spread = 0;       // the baselines' (max − min) / |median|
  std::optional<double> p_value;  // the rank test's, when it ran
  ChangeVerdict verdict = ChangeVerdict::NotCompared;
  std::string why;         // one line: what decided the verdict
};

struct CompareReport {
  std::vector<MetricComparison> metrics;
  std::vector<std::string> baseline_files, candidate_files;
  std::string fingerprint;  // the workload's, "" when the files carry none
  bool regression() const;
};

// The comparison itself: no files, no messages.
CompareReport compare_trials(const std::vector<Trial>& baseline, const std::vector<Trial>& candidate,
                             const CompareSettings& settings);

// Every name compare knows, in catalog order.
std::vector<std::string> compare_metric_names();

// Adds one --threshold value ("5" or "storage_read_p99=10"); the error text when it is wrong.
std::optional<std::string> add_threshold(CompareSettings& settings, const std::string& text);

enum class CompareFormat { Console, Markdown, Json };

struct CompareOptions {
  std::vector<std::string> baseline, candidate;  // files or directories of results JSON
  CompareSettings settings;
  CompareFormat format = CompareFormat::Console;
  std::string junit;  // "" = none
  bool force = false;  // compare even when the workload fingerprints differ
};

// The command: reads, compares, prints. Returns 0 (no regression), 3 (regression), 2 (unusable
// inputs), 1 (the JUnit file cannot be written).
int run_compare(const CompareOptions& options, std::ostream& out, std::ostream& err);

// The renderings (compare_output.cpp).
void print_compare_console(const CompareReport& r, std::ostream& out);
void print_compare_markdown(const CompareReport& r, std::ostream& out);
nlohmann::json compare_json(const CompareReport& r);
std::string compare_junit(const CompareReport& r);

}  // namespace kvbench::report
