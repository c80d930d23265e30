// run_compare: finds the result files (a directory stands for every results JSON under it),
// refuses results of different workloads unless forced, compares and prints.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "report/compare.h"

namespace kvbench::report {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

bool is_results(const json& doc) { return doc.is_object() && doc.contains("requests_completed"); }

// The trials of one side; false (and a message) when an input is unusable. In a directory, JSON
// files that are not results (a verdict, a report's data) are skipped with a warning.
bool load_side(const std::vector<std::string>& paths, const char* side, std::vector<Trial>& trials, std::ostream& err) {
  for (const std::string& path : paths) {
    std::error_code ec;
    std::vector<std::string> files;
    const bool dir = fs::is_directory(path, ec);
    if (dir) {
      for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".json") files.push_back(it->path().string());
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(path);
    }
    std::size_t found = 0;
    for (const std::string& file : files) {
      std::ifstream in(file);
      if (!in) {
        err << "kvbench: error: compare: cannot read " << side << " '" << file << "'\n";
        return false;
      }
      json doc = json::parse(in, nullptr, false);
      if (!is_results(doc)) {
        if (dir) {
          err << "kvbench: warning: compare: '" << file << "' is not a results JSON: skipped\n";
          continue;
        }
        err << "kvbench: error: compare: " << side << " '" << file << "' is not a kvbench/kv-cache.py results JSON\n";
        return false;
      }
      trials.push_back({file, std::move(doc)});
      ++found;
    }
    if (dir && found == 0) {
      err << "kvbench: error: compare: " << side << " directory '" << path << "' holds no results JSON\n";
      return false;
    }
  }
  return true;
}

std::string fingerprint_of(const json& doc) {
  const json* k = doc.contains("kvbench") ? &doc["kvbench"] : nullptr;
  const json* run = k && k->is_object() && k->contains("run") ? &(*k)["run"] : nullptr;
  return run && run->is_object() ? run->value("workload_fingerprint", std::string()) : std::string();
}

// The common fingerprint, or false when two trials measured different workloads (unless forced).
bool check_fingerprints(const std::vector<Trial>& all, bool force, std::string& common, std::ostream& err) {
  const Trial* first = nullptr;
  for (const Trial& t : all) {
    const std::string f = fingerprint_of(t.doc);
    if (f.empty()) continue;
    if (!first) {
      first = &t;
      common = f;
      continue;
    }
    if (f == common) continue;
    if (force) {
      err << "kvbench: warning: compare: '" << t.name << "' measured another workload (fingerprint " << f << ", not "
          << common << "): compared anyway (--force)\n";
      continue;
    }
    err << "kvbench: error: compare: '" << t.name << "' measured another workload than '" << first->name
        << "' (workload fingerprint " << f << " vs " << common << "); --force compares them anyway\n";
    return false;
  }
  return true;
}

}  // namespace

int run_compare(const CompareOptions& options, std::ostream& out, std::ostream& err) {
  if (options.baseline.empty() || options.candidate.empty()) {
    err << "kvbench: error: compare: give baseline and candidate results separated by `--` (usage: kvbench compare "
           "BASELINE... -- CANDIDATE...)\n";
    return 2;
  }
  std::vector<Trial> baseline, candidate;
  if (!load_side(options.baseline, "baseline", baseline, err) || !load_side(options.candidate, "candidate", candidate, err))
    return 2;
  std::vector<Trial> all = baseline;
  all.insert(all.end(), candidate.begin(), candidate.end());
  std::string fingerprint;
  if (!check_fingerprints(all, options.force, fingerprint, err)) return 2;
  CompareReport report = compare_trials(baseline, candidate, options.settings);
  report.fingerprint = fingerprint;
  switch (options.format) {
    case CompareFormat::Console: print_compare_console(report, out); break;
    case CompareFormat::Markdown: print_compare_markdown(report, out); break;
    case CompareFormat::Json: out << compare_json(report).dump(2) << "\n"; break;
  }
  if (!options.junit.empty()) {
    std::ofstream f(options.junit, std::ios::trunc);
    f << compare_junit(report);
    f.close();
    if (!f) {
      err << "kvbench: error: compare: cannot write --junit file '" << options.junit << "'\n";
      return 1;
    }
  }
  return report.regression() ? 3 : 0;
}

}  // namespace kvbench::report
