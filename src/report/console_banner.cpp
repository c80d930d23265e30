// Banner and pre-run lines of the console output (spec §8.3, §7.1, §7.5).
#include <algorithm>
#include <numeric>
#include <string>

#include "common/qos_class.h"
#include "model/model_spec.h"
#include "report/console_report.h"
#include "report/text_format.h"

namespace kvbench::report {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

const char* enabled(bool on) { return on ? "Enabled" : "Disabled"; }

std::string speedup_note(double speedup) {
  if (speedup == 0) return "no delay";
  if (speedup == 1.0) return "real-time";
  return text::py_float(speedup) + "x faster";
}

}  // namespace

void print_banner(std::ostream& os, const ReportOptions& cfg, const BannerInfo& info) {
  const model::ModelSpec* spec = cfg.model_spec();
  const int gpus = std::max(1, cfg.num_gpus);
  const int tp = std::max(1, cfg.tensor_parallel);
  const double total_gpu_gb = cfg.gpu_mem_gb * gpus;

  os << "\nIntegrated Multi-User KV Cache Benchmark - MLPerf Edition\n";
  os << "Model: " << (spec ? spec->name : cfg.model) << "\n";
  if (gpus > 1 || tp > 1) {
    os << "System: " << gpus << "\u00d7 " << text::fixed(cfg.gpu_mem_gb, 0) << " GB GPU  (total "
       << text::fixed(total_gpu_gb, 0) << " GB HBM)  \u2502  TP=" << tp << "\n";
  } else {
    os << "GPU Memory: " << text::fixed(total_gpu_gb, 0) << " GB\n";
  }
  os << "Users: " << cfg.num_users << "\n";
  os << "Duration: " << cfg.duration << "s\n";
  if (cfg.seed) os << "Seed: " << *cfg.seed << "\n";
  os << "Generation Mode: " << generation_mode_name(cfg.generation_mode) << " ("
     << text::fixed(cfg.seconds_per_token() * 1000.0, 1) << "ms/token)\n";
  os << "Features:\n";
  os << "  - Phase-Aware Processing: Enabled\n";
  os << "  - Multi-turn Conversations: " << enabled(!cfg.disable_multi_turn) << "\n";
  os << "  - Prefix Caching: " << enabled(!cfg.disable_prefix_caching) << "\n";
  os << "  - RAG Workload: " << enabled(cfg.enable_rag) << "\n";
  os << "  - Autoscaling: " << enabled(cfg.enable_autoscaling) << "\n";
  if (cfg.enable_autoscaling)
    os << "    - Mode: "
       << autoscaler_mode_name(cfg.autoscaler_mode) << "\n";
  os << "  - QoS Support: Enabled (Interactive/Responsive/Batch)\n";
  os << "  - Trace-Driven (BurstGPT): " << enabled(cfg.use_burst_trace) << "\n";
  if (cfg.io_trace_log) {
    os << "  - I/O TRACE MODE: ACTIVE \u2014 writing trace to " << *cfg.io_trace_log << "\n";
    os << "    (No real GPU/CPU/NVMe I/O will be performed)\n";
  }
  if (cfg.use_burst_trace) {
    os << "    Trace files: " << info.burst_trace_files << "\n";
    os << "    Trace speedup: " << text::py_float(cfg.trace_speedup) << "x ("
       << speedup_note(cfg.trace_speedup) << ")\n";
    os << "    Replay cycles: "
       << (cfg.replay_cycles == 0 ? std::string("infinite") : std::to_string(cfg.replay_cycles))
       << "\n";
  }
  os << "  - ShareGPT Dataset: " << enabled(cfg.dataset_path.has_value()) << "\n";
  if (cfg.max_concurrent_allocs > 0)
    os << "  - Max Concurrent Allocations: " << cfg.max_concurrent_allocs
       << " (bounds RAM usage)\n";
  // kvbench addition: a simulated clock changes what the latencies mean, so say so up front.
  if (cfg.clock == ClockKind::Virtual)
    os << "  - Clock: virtual (simulated time, nothing sleeps)\n";
  os << std::string(80, '=') << "\n";
}

void print_user_distribution(std::ostream& os, const ReportOptions& cfg,
                             const std::vector<int>& context_lengths,
                             const std::array<std::uint64_t, 3>& qos_counts) {
  if (!context_lengths.empty()) {
    const model::ModelSpec* spec = cfg.model_spec();
    const int tp = std::max(1, cfg.tensor_parallel);
    const double bpt_full = spec ? static_cast<double>(model::bytes_per_token(*spec)) : 0.0;
    const double bpt_rank = bpt_full / tp;
    const auto [mn_it, mx_it] = std::minmax_element(context_lengths.begin(), context_lengths.end());
    const double mn = *mn_it, mx = *mx_it;
    const double mean = std::accumulate(context_lengths.begin(), context_lengths.end(), 0.0) /
                        static_cast<double>(context_lengths.size());
    const std::string tp_note =
        tp > 1 ? " per TP rank (full=" + text::fixed(bpt_full / kMiB * mn, 2) + "MiB)" : "";
    os << "\nUser Context Length Distribution:\n";
    os << "  Min: " << *mn_it << " tokens (" << text::fixed(mn * bpt_rank / kMiB, 2) << "MiB"
       << tp_note << ")\n";
    os << "  Max: " << *mx_it << " tokens (" << text::fixed(mx * bpt_rank / kMiB, 2) << "MiB)\n";
    os << "  Mean: " << text::fixed(mean, 0) << " tokens ("
       << text::fixed(mean * bpt_rank / kMiB, 2) << "MiB)\n";
    if (tp > 1) os << "  (sizes shown are per-rank 1/" << tp << " shard; TP=" << tp << ")\n";
  }
  os << "\nQoS Distribution:\n";
  for (std::size_t i = 0; i < 3; ++i)
    os << "  " << kQosNames[i] << ": " << qos_counts[i] << " users\n";
}

void print_dataset_stats(std::ostream& os, std::uint64_t conversations, std::uint64_t turns) {
  os << "\nShareGPT Dataset Statistics:\n";
  os << "  Conversations: " << conversations << "\n";
  os << "  Total Turns: " << turns << "\n";
}

bool print_memory_safety_check(std::ostream& os, const ReportOptions& cfg, std::uint64_t available_bytes) {
  constexpr double kGiBd = 1024.0 * 1024.0 * 1024.0;
  const model::ModelSpec* spec = cfg.model_spec();
  const double bpt = spec ? static_cast<double>(model::bytes_per_token(*spec)) : 0.0;
  const int workers = cfg.effective_workers();
  const double estimate = static_cast<double>(workers) * 2 * 8000 * bpt + 2.5 * kGiBd;
  os << "\n" << std::string(80, '=') << "\nMEMORY SAFETY CHECK\n" << std::string(80, '=') << "\n";
  os << "  Workers: " << workers << " x 2 buffers x 8000 tokens x " << static_cast<std::uint64_t>(bpt)
     << " bytes/token + 2.5GiB overhead\n";
  os << "  Estimated peak memory: " << text::fixed(estimate / kGiBd, 2) << "GiB\n";
  if (available_bytes == 0) {
    os << "  Available memory: unknown\n";
    return false;
  }
  const double share = estimate / static_cast<double>(available_bytes);
  os << "  Available memory: " << text::fixed(static_cast<double>(available_bytes) / kGiBd, 2) << "GiB\n";
  os << "  Estimated usage: " << text::fixed(share * 100.0, 1) << "% "
     << (share > 0.85 ? "[WARNING: above 85% of available memory]" : "[OK]") << "\n";
  return share > 0.85;
}

void print_start_line(std::ostream& os, const ReportOptions& cfg) {
  std::string mode = "standard (prefill+decode)";
  if (cfg.prefill_only)
    mode = "PREFILL-ONLY (write-heavy, disaggregated prefill node)";
  else if (cfg.decode_only)
    mode = "DECODE-ONLY (read-heavy, assumes KV cache pre-populated)";
  os << "\nStarting benchmark... Mode: " << mode << "\n";
  os << std::string(80, '-') << "\n";
}

}  // namespace kvbench::report
