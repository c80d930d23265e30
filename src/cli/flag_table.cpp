#include "cli/flag_table.h"

#include <stdexcept>
#include <type_traits>

#include "common/autoscaler_mode.h"
#include "common/clock_kind.h"
#include "common/generation_mode.h"
#include "common/performance_profile.h"
#include "common/spelling.h"
#include "tiers/tier_registry.h"

namespace kvbench::cli {
namespace {

using config::RunConfig;
using Apply = std::function<void(RunConfig&, const FlagValue&)>;

// RunConfig's member initialisers are the defaults; the rows below read them from here.
const RunConfig& defaults() {
  static const RunConfig d;
  return d;
}

FlagSpec flag(std::string_view name, FlagType type, std::string_view def, std::string_view help,
              Apply apply) {
  FlagSpec s{name, type, def, help, {}, std::nullopt, false, std::nullopt, std::move(apply), {}};
  return s;
}

// A flag that sets one RunConfig member of its own type: its default is that member's
// initial value, so the row states no default of its own.
template <class M>
FlagSpec member(std::string_view name, M RunConfig::*m, std::string_view help) {
  FlagValue def;
  FlagType type;
  if constexpr (std::is_same_v<M, bool>) {
    type = FlagType::Bool;
    def.b = defaults().*m;
  } else if constexpr (std::is_integral_v<M>) {
    type = FlagType::Int;
    def.i = defaults().*m;
    def.d = static_cast<double>(def.i);
  } else if constexpr (std::is_floating_point_v<M>) {
    type = FlagType::Float;
    def.d = defaults().*m;
  } else {
    type = FlagType::String;
    def.s = defaults().*m;
  }
  FlagSpec s = flag(name, type, "", help, [m](RunConfig& c, const FlagValue& v) {
    if constexpr (std::is_same_v<M, bool>) c.*m = v.b;
    else if constexpr (std::is_integral_v<M>) c.*m = static_cast<M>(v.i);
    else if constexpr (std::is_floating_point_v<M>) c.*m = v.d;
    else c.*m = v.s;
  });
  s.typed_default = def;
  return s;
}

FlagSpec bounded(FlagSpec s, std::optional<double> min, bool min_exclusive,
                 std::optional<double> max = std::nullopt) {
  s.min = min;
  s.min_exclusive = min_exclusive;
  s.max = max;
  return s;
}

FlagSpec choice(std::string_view name, std::string_view def, std::string_view help,
                std::vector<std::string_view> choices, Apply apply) {
  FlagSpec s = flag(name, FlagType::Choice, def, help, std::move(apply));
  s.choices = std::move(choices);
  return s;
}

// A choice of a vocabulary enum: the choices are its spelling table, the default RunConfig's.
template <class E, std::size_t N>
FlagSpec enum_choice(std::string_view name, E RunConfig::*m, const Spelling<E, N>& words,
                     std::string_view help) {
  FlagSpec s = choice(name, "", help, spellings(words), [m, &words](RunConfig& c, const FlagValue& v) {
    if (const auto e = parse_spelling(words, v.s)) c.*m = *e;
  });
  FlagValue def;
  def.s = spelling_of(words, defaults().*m);
  s.typed_default = def;
  return s;
}

// A choice kept as its word in RunConfig (--log-level: common/log.h reads the word).
FlagSpec word_choice(std::string_view name, std::string RunConfig::*m, std::string_view help,
                     std::vector<std::string_view> choices) {
  FlagSpec s = member(name, m, help);
  s.type = FlagType::Choice;
  s.choices = std::move(choices);
  return s;
}


FlagType flag_type(tiers::OptionKind kind) {
  switch (kind) {
    case tiers::OptionKind::Bool: return FlagType::Bool;
    case tiers::OptionKind::Int: return FlagType::Int;
    case tiers::OptionKind::Float: return FlagType::Float;
    case tiers::OptionKind::String: return FlagType::String;
    case tiers::OptionKind::Choice: return FlagType::Choice;
  }
  return FlagType::String;
}

// A tier backend's option row as a flag; its value lands in RunConfig::backends. The row lives
// in the registry for the whole process, so the views into it stay valid.
FlagSpec backend_flag(const tiers::OptionRow& row) {
  FlagSpec s = flag(row.name, flag_type(row.kind), row.default_text, row.help,
                    [&row](RunConfig& c, const FlagValue& v) { row.apply(c.backends, {v.b, v.i, v.d, v.s}); });
  s.choices = row.choices;
  s.min = row.min;
  s.max = row.max;
  return s;
}

// Places the backends' rows in the table: each named one where the table asks for it (so --help
// keeps its order), and any other row of a backend at the end.
class BackendRows {
 public:
  BackendRows() : rows_(tiers::backend_option_rows()) {}
  FlagSpec take(std::string_view name) {
    for (const tiers::OptionRow*& row : rows_) {
      if (row == nullptr || row->name != name) continue;
      FlagSpec s = backend_flag(*row);
      row = nullptr;
      return s;
    }
    throw std::logic_error("flag table: no tier backend declares " + std::string(name));
  }
  void append_rest(std::vector<FlagSpec>& t) {
    for (const tiers::OptionRow* row : rows_)
      if (row != nullptr) t.push_back(backend_flag(*row));
  }

 private:
  std::vector<const tiers::OptionRow*> rows_;
};

// The flags of the reference (spec §2.1), same names and defaults.
void add_reference_flags(std::vector<FlagSpec>& t, BackendRows& backend_rows) {
  using R = RunConfig;
  using T = FlagType;
  t.push_back(word_choice("--log-level", &R::log_level, "Logging level",
                          {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}));
  t.push_back(member("--model", &R::model, "Model key (see `kvbench models`)"));
  t.push_back(bounded(member("--num-users", &R::num_users, "Number of simulated users"), 0, true, 100000));
  t.push_back(bounded(member("--duration", &R::duration, "Benchmark duration in seconds"), 0, true, 86400));
  t.push_back(bounded(member("--gpu-mem-gb", &R::gpu_mem_gb, "GPU memory per card for the KV cache, GiB"),
                      0, false, 65536));
  t.push_back(bounded(member("--num-gpus", &R::num_gpus, "GPUs in this tensor-parallel group (GPU tier = num-gpus x gpu-mem-gb)"),
                      1, false, 4096));
  t.push_back(bounded(member("--tensor-parallel", &R::tensor_parallel, "Tensor-parallel degree; entries are the per-rank 1/TP shard"),
                      1, false, 4096));
  t.push_back(bounded(member("--cpu-mem-gb", &R::cpu_mem_gb, "CPU memory for the KV cache, GiB"), 0, false, 131072));
  t.push_back(backend_rows.take("--cache-dir"));
  t.push_back(enum_choice("--generation-mode", &R::generation_mode, kGenerationModeSpelling,
                          "Token generation time: none (0), fast (2 ms/token), realistic (30 ms/token)"));
  t.push_back(enum_choice("--performance-profile", &R::performance_profile, kPerformanceProfileSpelling,
                          "Pass/fail criteria: latency or throughput"));
  t.push_back(member("--disable-multi-turn", &R::disable_multi_turn, "Disable multi-turn conversation reloads"));
  t.push_back(member("--disable-prefix-caching", &R::disable_prefix_caching, "Disable system-prompt prefix caching"));
  t.push_back(member("--enable-rag", &R::enable_rag, "Enable the RAG workload"));
  t.push_back(bounded(member("--rag-num-docs", &R::rag_num_docs, "RAG documents to ingest"), 0, false, 1e9));
  t.push_back(member("--enable-autoscaling", &R::enable_autoscaling, "Enable workload autoscaling"));
  t.push_back(enum_choice("--autoscaler-mode", &R::autoscaler_mode, kAutoscalerModeSpelling, "Autoscaler mode"));
  t.push_back(bounded(member("--target-saturation", &R::target_saturation, "Autoscaler target saturation (0..1)"),
                      0, false, 1));
  t.push_back(member("--use-burst-trace", &R::use_burst_trace,
                     "Replay a BurstGPT trace (see --burst-trace-path, --trace-speedup, --replay-cycles)"));
  t.push_back(member("--burst-trace-path", &R::burst_trace_path, "BurstGPT CSV file, directory or glob"));
  t.push_back(flag("--validation-trace", T::String, "none", "JSON trace to validate the cache hit rate against",
                   [](R& c, const FlagValue& v) { c.validation_trace = v.s; }));
  t.push_back(flag("--dataset-path", T::String, "none", "ShareGPT JSON dataset to replay",
                   [](R& c, const FlagValue& v) { c.dataset_path = v.s; }));
  t.push_back(bounded(member("--max-conversations", &R::max_conversations, "ShareGPT conversations to load"),
                      0, true, 1e9));
  t.push_back(flag("--output", T::String, "benchmark_results_<YYYYMMDD_HHMMSS>.json", "Results JSON path",
                   [](R& c, const FlagValue& v) { c.output = v.s; }));
  t.push_back(flag("--seed", T::Int, "none", "Random seed (makes --clock virtual runs byte-identical)",
                   [](R& c, const FlagValue& v) { c.seed = v.i; }));
  t.push_back(bounded(member("--max-concurrent-allocs", &R::max_concurrent_allocs, "Concurrent cache writes allowed (0 = unlimited)"),
                      0, false, 1e6));
  t.push_back(bounded(member("--request-rate", &R::request_rate, "Requests/s for ShareGPT replay (0 = unlimited)"),
                      0, false));
  t.push_back(bounded(member("--max-requests", &R::max_requests, "Stop after this many completed requests (0 = use --duration)"),
                      0, false));
  t.push_back(flag("--xlsx-output", T::String, "none", "XLSX export path (CSV when it does not end in .xlsx)",
                   [](R& c, const FlagValue& v) { c.xlsx_output = v.s; }));
  t.push_back(flag("--config", T::String, "none", "YAML config file (reference schema, plus a run: section)",
                   [](R& c, const FlagValue& v) { c.config_path = v.s; }));
  t.push_back(bounded(member("--storage-capacity-gb", &R::storage_capacity_gb, "NVMe tier capacity in GiB (0 = auto-detect)"),
                      0, false));
  t.push_back(member("--precondition", &R::precondition, "Fill the cache (down to the NVMe tier) before the timed phase"));
  t.push_back(bounded(member("--precondition-size-gb", &R::precondition_size_gb, "Bytes to precondition, GiB (0 = 2 x NVMe capacity)"),
                      0, false));
  t.push_back(bounded(member("--precondition-threads", &R::precondition_threads, "Preconditioning threads (0 = CPU count)"),
                      0, false, 4096));
  t.push_back(bounded(member("--trace-speedup", &R::trace_speedup, "BurstGPT replay speed factor (0 = no pacing)"),
                      0, false));
  t.push_back(bounded(member("--replay-cycles", &R::replay_cycles, "Passes over the replayed BurstGPT/ShareGPT data (0 = until --duration)"),
                      0, false, 1e9));
  t.push_back(member("--prefill-only", &R::prefill_only, "Disaggregated prefill node: writes only"));
  t.push_back(member("--decode-only", &R::decode_only, "Disaggregated decode node: reads of pre-populated entries"));
  t.push_back(flag("--io-trace-log", T::String, "none", "Trace mode: no real I/O, one CSV row per operation (.zst = compressed)",
                   [](R& c, const FlagValue& v) { c.io_trace_log = v.s; }));
  t.push_back(member("--enable-latency-tracing", &R::enable_latency_tracing,
                     "bpftrace block-layer latency histograms in the results (needs root; else a warning)"));
}

// kvbench's own flags.
void add_kvbench_flags(std::vector<FlagSpec>& t, BackendRows& backend_rows) {
  using R = RunConfig;
  using T = FlagType;
  t.push_back(enum_choice("--clock", &R::clock, kClockKindSpelling,
                          "wall: real time and threads; virtual: discrete-event simulation (trace mode only)"));
  t.push_back(backend_rows.take("--io-size"));
  t.push_back(backend_rows.take("--io-depth"));
  t.push_back(backend_rows.take("--io-engine"));
  t.push_back(member("--verify", &R::verify, "Check every byte read against its payload; any mismatch fails the run (exit 1)"));
  // 0 in RunConfig means "derived from --num-users"; the help says what it derives.
  t.push_back(bounded(flag("--workers", T::Int, "min(num-users, 500)", "Worker threads (or simulated workers) serving requests",
                           [](R& c, const FlagValue& v) { c.workers = static_cast<int>(v.i); }),
                      0, false, 100000));
  t.push_back(bounded(flag("--max-queue-depth", T::Int, "10000", "Queued requests beyond which new arrivals are dropped and counted",
                           [](R& c, const FlagValue& v) { c.max_queue_depth = v.i; }),
                      0, false, 1e8));
  t.push_back(flag("--http-listen", T::String, "off", "HOST:PORT serving /metrics, /status, /results, /livez, /readyz (port 0 = any free port)",
                   [](R& c, const FlagValue& v) { c.http_listen = v.s; }));
  t.push_back(bounded(member("--drain-timeout", &R::drain_timeout, "Seconds the requests in flight when --duration ends may finish in; then their I/O is cancelled (reported apart, not in the headline)"),
                      0, false, 86400));
  t.push_back(word_choice("--fail-on", &R::fail_on, "Run health that makes the run exit 1 (docs/metrics.md, Run health)",
                          {"never", "degraded", "failed"}));
  t.push_back(member("--quiet", &R::quiet, "No live progress line (on a terminal) or progress log lines (elsewhere)"));
  t.push_back(bounded(member("--progress-interval", &R::progress_interval, "Seconds between progress log lines when the output is not a terminal (a terminal gets one line rewritten every second)"),
                      0, true, 86400));
  // Issue 16 item 1 (h-dropin): the reference ignores config.yaml's sharegpt caps.
  t.push_back(word_choice("--sharegpt-caps", &R::sharegpt_caps,
                          "ShareGPT turn caps: reference (16384 context / 2048 generation tokens, as kv-cache.py) or config (config.yaml's sharegpt section)",
                          {"reference", "config"}));
  t.push_back(bounded(member("--http-linger", &R::http_linger, "Seconds to keep serving HTTP after the run ends (a signal cuts it short)"),
                      0, false, 86400));
  // issue 20: several TP groups as one measurement (README, "Several tensor-parallel groups").
  t.push_back(bounded(member("--group-size", &R::group_size, "Groups measured together: each waits for all (--peers) to be ready, then all start at one instant"),
                      1, false, 4096));
  t.push_back(bounded(member("--rank", &R::rank, "This group's index among --group-size groups (an Indexed Job's JOB_COMPLETION_INDEX)"),
                      0, false, 4095));
  // No typed default: "" is no value a flag accepts (cli/flag_value.cpp), as for --http-listen.
  t.push_back(flag("--peers", T::String, "none", "HOST:PORT,... of every group's --http-listen, this one included, for the start barrier",
                   [](R& c, const FlagValue& v) { c.peers = v.s; }));
  t.push_back(flag("--peers-pattern", T::String, "none", "The peers as a pattern with {index}, expanded for 0..group-size-1 (e.g. 'kvbench-{index}.kvbench:8080')",
                   [](R& c, const FlagValue& v) { c.peers_pattern = v.s; }));
  t.push_back(bounded(member("--barrier-timeout", &R::barrier_timeout, "Seconds to wait for every peer to be ready; a peer missing then fails the run, named"),
                      0, true, 86400));
  // Issue 18: block-granular KV I/O and Mooncake request traces (docs/workloads.md).
  t.push_back(bounded(flag("--block-tokens", T::Int, "0 (512 with --mooncake-trace)",
                           "Tokens per KV block, each its own cache entry keyed by its prefix (0 = whole entries)",
                           [](R& c, const FlagValue& v) { c.block_tokens = v.i; }),
                      0, false, 1 << 20));
  t.push_back(flag("--mooncake-trace", T::String, "none",
                   "Mooncake JSONL request trace to replay (timestamp, input_length, output_length, hash_ids)",
                   [](R& c, const FlagValue& v) { c.mooncake_trace = v.s; }));
  t.push_back(bounded(member("--timeline-interval", &R::timeline_interval, "Seconds of engine time (simulated on the virtual clock) per point of kvbench.timeline; 0 = no timeline"),
                      0, false, 86400));
}

}  // namespace

const std::vector<FlagSpec>& flag_table() {
  static const std::vector<FlagSpec> table = [] {
    BackendRows backend_rows;
    std::vector<FlagSpec> t;
    add_reference_flags(t, backend_rows);
    add_kvbench_flags(t, backend_rows);
    backend_rows.append_rest(t);
    return t;
  }();
  return table;
}

}  // namespace kvbench::cli
