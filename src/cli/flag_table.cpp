#include "cli/flag_table.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "common/number_text.h"

namespace kvbench::cli {
namespace {

using config::RunConfig;
using Apply = std::function<void(RunConfig&, const FlagValue&)>;

FlagSpec flag(std::string_view name, FlagType type, std::string_view def, std::string_view help,
              Apply apply) {
  FlagSpec s{name, type, def, help, {}, std::nullopt, false, std::nullopt, {}, std::move(apply)};
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

FlagSpec later(FlagSpec s, std::string_view what) {
  s.not_implemented = what;
  return s;
}

std::vector<FlagSpec> build_table() {
  using config::AutoscalerMode;
  using config::ClockKind;
  using config::GenerationMode;
  using config::PerformanceProfile;
  using T = FlagType;
  std::vector<FlagSpec> t;
  t.push_back(choice("--log-level", "INFO", "Logging level", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"},
                     [](RunConfig& c, const FlagValue& v) { c.log_level = v.s; }));
  t.push_back(flag("--model", T::String, "llama3.1-8b", "Model key (see `kvbench models`)",
                   [](RunConfig& c, const FlagValue& v) { c.model = v.s; }));
  t.push_back(bounded(flag("--num-users", T::Int, "100", "Number of simulated users",
                           [](RunConfig& c, const FlagValue& v) { c.num_users = static_cast<int>(v.i); }),
                      0, true, 100000));
  t.push_back(bounded(flag("--duration", T::Int, "60", "Benchmark duration in seconds",
                           [](RunConfig& c, const FlagValue& v) { c.duration = static_cast<int>(v.i); }),
                      0, true, 86400));
  t.push_back(bounded(flag("--gpu-mem-gb", T::Float, "16", "GPU memory per card for the KV cache, GiB",
                           [](RunConfig& c, const FlagValue& v) { c.gpu_mem_gb = v.d; }),
                      0, false, 65536));
  t.push_back(bounded(flag("--num-gpus", T::Int, "1", "GPUs in this tensor-parallel group (GPU tier = num-gpus x gpu-mem-gb)",
                           [](RunConfig& c, const FlagValue& v) { c.num_gpus = static_cast<int>(v.i); }),
                      1, false, 4096));
  t.push_back(bounded(flag("--tensor-parallel", T::Int, "1", "Tensor-parallel degree; entries are the per-rank 1/TP shard",
                           [](RunConfig& c, const FlagValue& v) { c.tensor_parallel = static_cast<int>(v.i); }),
                      1, false, 4096));
  t.push_back(bounded(flag("--cpu-mem-gb", T::Float, "32", "CPU memory for the KV cache, GiB",
                           [](RunConfig& c, const FlagValue& v) { c.cpu_mem_gb = v.d; }),
                      0, false, 131072));
  t.push_back(flag("--cache-dir", T::String, "a new temp dir", "Directory for the NVMe tier's files",
                   [](RunConfig& c, const FlagValue& v) { c.cache_dir = v.s; }));
  t.push_back(choice("--generation-mode", "realistic", "Token generation time: none (0), fast (2 ms/token), realistic (30 ms/token)",
                     {"none", "fast", "realistic"}, [](RunConfig& c, const FlagValue& v) {
                       c.generation_mode = v.s == "none"   ? GenerationMode::None
                                           : v.s == "fast" ? GenerationMode::Fast
                                                           : GenerationMode::Realistic;
                     }));
  t.push_back(choice("--performance-profile", "latency", "Pass/fail criteria: latency or throughput",
                     {"latency", "throughput"}, [](RunConfig& c, const FlagValue& v) {
                       c.performance_profile = v.s == "throughput" ? PerformanceProfile::Throughput
                                                                   : PerformanceProfile::Latency;
                     }));
  t.push_back(flag("--disable-multi-turn", T::Bool, "off", "Disable multi-turn conversation reloads",
                   [](RunConfig& c, const FlagValue& v) { c.disable_multi_turn = v.b; }));
  t.push_back(flag("--disable-prefix-caching", T::Bool, "off", "Disable system-prompt prefix caching",
                   [](RunConfig& c, const FlagValue& v) { c.disable_prefix_caching = v.b; }));
  t.push_back(flag("--enable-rag", T::Bool, "off", "Enable the RAG workload",
                   [](RunConfig& c, const FlagValue& v) { c.enable_rag = v.b; }));
  t.push_back(bounded(flag("--rag-num-docs", T::Int, "10", "RAG documents to ingest",
                           [](RunConfig& c, const FlagValue& v) { c.rag_num_docs = static_cast<int>(v.i); }),
                      0, false, 1e9));
  t.push_back(flag("--enable-autoscaling", T::Bool, "off", "Enable workload autoscaling",
                   [](RunConfig& c, const FlagValue& v) { c.enable_autoscaling = v.b; }));
  t.push_back(choice("--autoscaler-mode", "qos", "Autoscaler mode", {"qos", "capacity"},
                     [](RunConfig& c, const FlagValue& v) {
                       c.autoscaler_mode = v.s == "capacity" ? AutoscalerMode::Capacity : AutoscalerMode::Qos;
                     }));
  t.push_back(bounded(flag("--target-saturation", T::Float, "0.8", "Autoscaler target saturation (0..1)",
                           [](RunConfig& c, const FlagValue& v) { c.target_saturation = v.d; }),
                      0, false, 1));
  t.push_back(flag("--use-burst-trace", T::Bool, "off", "Replay a BurstGPT trace (see --burst-trace-path, --trace-speedup, --replay-cycles)",
                   [](RunConfig& c, const FlagValue& v) { c.use_burst_trace = v.b; }));
  t.push_back(flag("--burst-trace-path", T::String, "BurstGPT/data/BurstGPT_1.csv", "BurstGPT CSV file, directory or glob",
                   [](RunConfig& c, const FlagValue& v) { c.burst_trace_path = v.s; }));
  t.push_back(flag("--validation-trace", T::String, "none", "JSON trace to validate the cache hit rate against",
                   [](RunConfig& c, const FlagValue& v) { c.validation_trace = v.s; }));
  t.push_back(flag("--dataset-path", T::String, "none", "ShareGPT JSON dataset to replay",
                   [](RunConfig& c, const FlagValue& v) { c.dataset_path = v.s; }));
  t.push_back(bounded(flag("--max-conversations", T::Int, "500", "ShareGPT conversations to load",
                           [](RunConfig& c, const FlagValue& v) { c.max_conversations = static_cast<int>(v.i); }),
                      0, true, 1e9));
  t.push_back(flag("--output", T::String, "benchmark_results_<YYYYMMDD_HHMMSS>.json", "Results JSON path",
                   [](RunConfig& c, const FlagValue& v) { c.output = v.s; }));
  t.push_back(flag("--seed", T::Int, "none", "Random seed (makes --clock virtual runs byte-identical)",
                   [](RunConfig& c, const FlagValue& v) { c.seed = v.i; }));
  t.push_back(bounded(flag("--max-concurrent-allocs", T::Int, "0", "Concurrent cache writes allowed (0 = unlimited)",
                           [](RunConfig& c, const FlagValue& v) { c.max_concurrent_allocs = static_cast<int>(v.i); }),
                      0, false, 1e6));
  t.push_back(bounded(flag("--request-rate", T::Float, "0", "Requests/s for ShareGPT replay (0 = unlimited)",
                           [](RunConfig& c, const FlagValue& v) { c.request_rate = v.d; }),
                      0, false));
  t.push_back(bounded(flag("--max-requests", T::Int, "0", "Stop after this many completed requests (0 = use --duration)",
                           [](RunConfig& c, const FlagValue& v) { c.max_requests = v.i; }),
                      0, false));
  t.push_back(flag("--xlsx-output", T::String, "none", "XLSX export path (CSV when it does not end in .xlsx)",
                   [](RunConfig& c, const FlagValue& v) { c.xlsx_output = v.s; }));
  t.push_back(flag("--config", T::String, "none", "YAML config file (reference schema, plus a run: section)",
                   [](RunConfig& c, const FlagValue& v) { c.config_path = v.s; }));
  t.push_back(bounded(flag("--storage-capacity-gb", T::Float, "0", "NVMe tier capacity in GiB (0 = auto-detect)",
                           [](RunConfig& c, const FlagValue& v) { c.storage_capacity_gb = v.d; }),
                      0, false));
  t.push_back(flag("--precondition", T::Bool, "off", "Fill the cache (down to the NVMe tier) before the timed phase",
                   [](RunConfig& c, const FlagValue& v) { c.precondition = v.b; }));
  t.push_back(bounded(flag("--precondition-size-gb", T::Float, "0", "Bytes to precondition, GiB (0 = 2 x NVMe capacity)",
                           [](RunConfig& c, const FlagValue& v) { c.precondition_size_gb = v.d; }),
                      0, false));
  t.push_back(bounded(flag("--precondition-threads", T::Int, "0", "Preconditioning threads (0 = CPU count)",
                           [](RunConfig& c, const FlagValue& v) { c.precondition_threads = static_cast<int>(v.i); }),
                      0, false, 4096));
  t.push_back(bounded(flag("--trace-speedup", T::Float, "1.0", "BurstGPT replay speed factor (0 = no pacing)",
                           [](RunConfig& c, const FlagValue& v) { c.trace_speedup = v.d; }),
                      0, false));
  t.push_back(bounded(flag("--replay-cycles", T::Int, "0", "Passes over the replayed BurstGPT/ShareGPT data (0 = until --duration)",
                           [](RunConfig& c, const FlagValue& v) { c.replay_cycles = static_cast<int>(v.i); }),
                      0, false, 1e9));
  t.push_back(flag("--prefill-only", T::Bool, "off", "Disaggregated prefill node: writes only",
                   [](RunConfig& c, const FlagValue& v) { c.prefill_only = v.b; }));
  t.push_back(flag("--decode-only", T::Bool, "off", "Disaggregated decode node: reads of pre-populated entries",
                   [](RunConfig& c, const FlagValue& v) { c.decode_only = v.b; }));
  t.push_back(flag("--io-trace-log", T::String, "none", "Trace mode: no real I/O, one CSV row per operation (.zst = compressed)",
                   [](RunConfig& c, const FlagValue& v) { c.io_trace_log = v.s; }));
  t.push_back(later(flag("--enable-latency-tracing", T::Bool, "off", "bpftrace device latency tracing (needs sudo)",
                         [](RunConfig& c, const FlagValue& v) { c.enable_latency_tracing = v.b; }),
                    "bpftrace latency tracing"));
  // kvbench's own flags.
  t.push_back(choice("--clock", "wall", "wall: real time and threads; virtual: discrete-event simulation (trace mode only)",
                     {"wall", "virtual"}, [](RunConfig& c, const FlagValue& v) {
                       c.clock = v.s == "virtual" ? ClockKind::Virtual : ClockKind::Wall;
                     }));
  t.push_back(bounded(flag("--io-size", T::Int, "1048576", "Bytes per NVMe I/O, a multiple of 4096 (as fio's bs)",
                           [](RunConfig& c, const FlagValue& v) { c.io_size = v.i; }),
                      4096, false, 64 << 20));
  t.push_back(bounded(flag("--io-depth", T::Int, "16", "NVMe I/Os in flight per entry (io_uring; as fio's iodepth per worker)",
                           [](RunConfig& c, const FlagValue& v) { c.io_depth = static_cast<int>(v.i); }),
                      1, false, 4096));
  t.push_back(choice("--io-engine", "auto", "NVMe I/O: auto (io_uring, pread/pwrite where refused), uring, psync",
                     {"auto", "uring", "psync"}, [](RunConfig& c, const FlagValue& v) {
                       c.io_engine = v.s == "uring"   ? config::IoEngineChoice::Uring
                                     : v.s == "psync" ? config::IoEngineChoice::Psync
                                                      : config::IoEngineChoice::Auto;
                     }));
  t.push_back(flag("--verify", T::Bool, "off", "Check every byte read against its payload; any mismatch fails the run (exit 1)",
                   [](RunConfig& c, const FlagValue& v) { c.verify = v.b; }));
  t.push_back(bounded(flag("--workers", T::Int, "min(num-users, 500)", "Worker threads (or simulated workers) serving requests",
                           [](RunConfig& c, const FlagValue& v) { c.workers = static_cast<int>(v.i); }),
                      0, false, 100000));
  t.push_back(bounded(flag("--max-queue-depth", T::Int, "10000", "Queued requests beyond which new arrivals are dropped and counted",
                           [](RunConfig& c, const FlagValue& v) { c.max_queue_depth = v.i; }),
                      0, false, 1e8));
  t.push_back(flag("--http-listen", T::String, "off", "HOST:PORT serving /metrics, /status, /results, /livez, /readyz (port 0 = any free port)",
                   [](RunConfig& c, const FlagValue& v) { c.http_listen = v.s; }));
  t.push_back(bounded(flag("--drain-timeout", T::Float, "10", "Seconds the requests in flight when --duration ends may finish in; then their I/O is cancelled (reported apart, not in the headline)",
                           [](RunConfig& c, const FlagValue& v) { c.drain_timeout = v.d; }),
                      0, false, 86400));
  t.push_back(bounded(flag("--http-linger", T::Float, "0", "Seconds to keep serving HTTP after the run ends (a signal cuts it short)",
                           [](RunConfig& c, const FlagValue& v) { c.http_linger = v.d; }),
                      0, false, 86400));
  return t;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

}  // namespace

const std::vector<FlagSpec>& flag_table() {
  static const std::vector<FlagSpec> table = build_table();
  return table;
}

const FlagSpec* find_flag(std::string_view name) {
  std::string norm;
  if (name.substr(0, 2) != "--") norm = "--";
  for (char ch : name) norm.push_back(ch == '_' ? '-' : ch);
  for (const auto& f : flag_table())
    if (f.name == norm) return &f;
  return nullptr;
}

std::optional<std::string> parse_flag_value(const FlagSpec& spec, std::string_view raw,
                                            FlagValue& out) {
  const std::string name(spec.name);
  const std::string text = trim(raw);
  switch (spec.type) {
    case FlagType::Bool: {
      if (text == "true" || text == "True" || text == "yes" || text == "1" || text == "on") {
        out.b = true;
      } else if (text == "false" || text == "False" || text == "no" || text == "0" || text == "off") {
        out.b = false;
      } else {
        return name + " expects true or false (got '" + text + "')";
      }
      return std::nullopt;
    }
    case FlagType::String:
      if (text.empty()) return name + " expects a non-empty value";
      out.s = text;
      return std::nullopt;
    case FlagType::Choice: {
      for (auto c : spec.choices)
        if (c == text) {
          out.s = text;
          return std::nullopt;
        }
      std::string all;
      for (auto c : spec.choices) all += (all.empty() ? "" : ", ") + std::string(c);
      return name + ": invalid choice '" + text + "' (choose from " + all + ")";
    }
    case FlagType::Int: {
      std::string_view digits = text;
      if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size())
        return name + ": invalid int value '" + text + "'";
      out.i = v;
      out.d = static_cast<double>(v);
      break;
    }
    case FlagType::Float: {
      char* end = nullptr;
      const double v = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size())
        return name + ": invalid float value '" + text + "'";
      if (!std::isfinite(v)) return name + " must be a finite number (got '" + text + "')";
      out.d = v;
      break;
    }
  }
  if (spec.min) {
    const bool bad = spec.min_exclusive ? !(out.d > *spec.min) : !(out.d >= *spec.min);
    if (bad)
      return name + " must be " + (spec.min_exclusive ? "> " : ">= ") + number_text(*spec.min) +
             (spec.max ? " and <= " + number_text(*spec.max) : "") + " (got " + text + ")";
  }
  if (spec.max && out.d > *spec.max)
    return name + " must be <= " + number_text(*spec.max) + " (got " + text + ")";
  return std::nullopt;
}

}  // namespace kvbench::cli
