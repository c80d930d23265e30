#include "cli/flag_help.h"

#include <cctype>
#include <string>
#include <utility>

namespace kvbench::cli {
namespace {

// name -> (group, unit). The unit is the metavariable --help prints ("--duration SECONDS").
const std::vector<std::pair<std::string_view, FlagHelpRow>>& rows() {
  static const std::vector<std::pair<std::string_view, FlagHelpRow>> table = {
      // workload: what the simulated users ask for
      {"--model", {"workload", ""}},
      {"--num-users", {"workload", "USERS"}},
      {"--duration", {"workload", "SECONDS"}},
      {"--generation-mode", {"workload", ""}},
      {"--performance-profile", {"workload", ""}},
      {"--disable-multi-turn", {"workload", ""}},
      {"--disable-prefix-caching", {"workload", ""}},
      {"--enable-rag", {"workload", ""}},
      {"--rag-num-docs", {"workload", "DOCS"}},
      {"--enable-autoscaling", {"workload", ""}},
      {"--autoscaler-mode", {"workload", ""}},
      {"--target-saturation", {"workload", "RATIO"}},
      {"--use-burst-trace", {"workload", ""}},
      {"--burst-trace-path", {"workload", "PATH"}},
      {"--dataset-path", {"workload", "FILE"}},
      {"--max-conversations", {"workload", "CONVERSATIONS"}},
      {"--validation-trace", {"workload", "FILE"}},
      {"--seed", {"workload", "INT"}},
      {"--request-rate", {"workload", "REQ_PER_S"}},
      {"--max-requests", {"workload", "REQUESTS"}},
      {"--trace-speedup", {"workload", "FACTOR"}},
      {"--replay-cycles", {"workload", "CYCLES"}},
      {"--prefill-only", {"workload", ""}},
      {"--decode-only", {"workload", ""}},
      {"--workers", {"workload", "THREADS"}},
      {"--max-queue-depth", {"workload", "REQUESTS"}},
      {"--config", {"workload", "FILE"}},
      {"--sharegpt-caps", {"workload", ""}},
      {"--block-tokens", {"workload", "TOKENS"}},
      {"--mooncake-trace", {"workload", "FILE"}},
      // tiers: how big each level of the cache is
      {"--gpu-mem-gb", {"tiers", "GIB"}},
      {"--num-gpus", {"tiers", "GPUS"}},
      {"--tensor-parallel", {"tiers", "RANKS"}},
      {"--cpu-mem-gb", {"tiers", "GIB"}},
      {"--storage-capacity-gb", {"tiers", "GIB"}},
      {"--max-concurrent-allocs", {"tiers", "WRITES"}},
      {"--precondition", {"tiers", ""}},
      {"--precondition-size-gb", {"tiers", "GIB"}},
      {"--precondition-threads", {"tiers", "THREADS"}},
      // real I/O: how the storage level moves bytes
      {"--cache-dir", {"real I/O", "DIR"}},
      {"--io-size", {"real I/O", "BYTES"}},
      {"--io-depth", {"real I/O", "OPS"}},
      {"--io-engine", {"real I/O", ""}},
      {"--verify", {"real I/O", ""}},
      {"--drain-timeout", {"real I/O", "SECONDS"}},
      {"--storage-backend", {"real I/O", ""}},
      {"--s3-endpoint", {"real I/O", "URL"}},
      {"--s3-bucket", {"real I/O", "BUCKET"}},
      {"--s3-prefix", {"real I/O", "PREFIX"}},
      {"--s3-region", {"real I/O", "REGION"}},
      {"--s3-addressing", {"real I/O", ""}},
      {"--s3-part-size", {"real I/O", "BYTES"}},
      {"--s3-concurrency", {"real I/O", "REQUESTS"}},
      {"--s3-retries", {"real I/O", "TRIES"}},
      {"--object-tier", {"tiers", "URL"}},  // the object level below storage (issue 21)
      {"--object-capacity-gb", {"tiers", "GIB"}},
      // trace: no real I/O, one row per operation
      {"--io-trace-log", {"trace", "FILE"}},
      {"--clock", {"trace", ""}},
      // output: what the run writes at its end
      {"--output", {"output", "FILE"}},
      {"--xlsx-output", {"output", "FILE"}},
      {"--fail-on", {"output", ""}},
      // observability: what it says while it runs
      {"--log-level", {"observability", ""}},
      {"--quiet", {"observability", ""}},
      {"--progress-interval", {"observability", "SECONDS"}},
      {"--http-listen", {"observability", "[HOST]:PORT"}},
      {"--http-linger", {"observability", "SECONDS"}},
      {"--enable-latency-tracing", {"observability", ""}},
      {"--timeline-interval", {"output", "SECONDS"}},
      // groups: several tensor-parallel groups measured as one (README)
      {"--group-size", {"groups", "GROUPS"}},
      {"--rank", {"groups", "INDEX"}},
      {"--peers", {"groups", "HOST:PORT,..."}},
      {"--peers-pattern", {"groups", "PATTERN"}},
      {"--barrier-timeout", {"groups", "SECONDS"}},
  };
  return table;
}

void print_flag(std::ostream& os, const FlagSpec& f) {
  os << "  " << f.name;
  if (f.type == FlagType::Choice) {
    os << " {";
    for (std::size_t i = 0; i < f.choices.size(); ++i) os << (i ? "," : "") << f.choices[i];
    os << "}";
  } else if (f.type != FlagType::Bool) {
    const auto row = flag_help_row(f.name);
    std::string meta(row && !row->unit.empty() ? row->unit : f.name.substr(2));
    for (auto& ch : meta) ch = ch == '-' ? '_' : static_cast<char>(std::toupper(ch));
    os << " " << meta;
  }
  os << "\n      " << f.help;
  const std::string def = default_text_of(f);
  if (!def.empty()) os << " (default: " << def << ")";
  os << "\n";
}

}  // namespace

const std::vector<std::string_view>& flag_help_groups() {
  static const std::vector<std::string_view> groups = {"workload", "tiers",         "real I/O", "trace",
                                                       "output",   "observability", "groups",   "other"};
  return groups;
}

std::optional<FlagHelpRow> flag_help_row(std::string_view name) {
  for (const auto& [flag, row] : rows())
    if (flag == name) return row;
  return std::nullopt;
}

void print_flag_help(std::ostream& os, const std::vector<FlagSpec>& table) {
  os << "  -h, --help\n      show this help and exit\n";
  for (const auto& f : table) print_flag(os, f);
}

void print_grouped_flag_help(std::ostream& os, const std::vector<FlagSpec>& table) {
  os << "  -h, --help\n      show this help and exit\n"
     << "  --version\n      show the version, commit and build, and exit\n";
  for (const std::string_view group : flag_help_groups()) {
    bool heading = false;
    for (const auto& f : table) {
      const auto row = flag_help_row(f.name);
      if ((row ? row->group : std::string_view("other")) != group) continue;
      if (!heading) os << "\n" << group << ":\n";
      heading = true;
      print_flag(os, f);
    }
  }
}

}  // namespace kvbench::cli
