// The schema of config.yaml (spec §3): one rule table per section. A key missing from a
// table is rejected as unknown, so each table is the single list of what a section accepts.
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <tuple>

#include "config/config_loader_internal.h"

namespace kvbench::config::detail {
namespace {

template <class T>
std::string text_of(T v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

// Two keys of a section that form a [min, max] pair. Checked after the section is read, so
// that a value given for one of them is compared with the other's default too. `*_line` is
// the line where the key was set, 0 when it was not.
template <class T>
void check_min_le_max(const Field& section, const char* min_key, T min, int min_line,
                      const char* max_key, T max, int max_line) {
  if (min <= max) return;
  const int line = max_line > min_line ? max_line : (min_line ? min_line : section.line());
  const std::string prefix = section.path() + ".";
  section.fail_at(line, "key '" + prefix + min_key + "' (" + text_of(min) + ") must be <= '" +
                            prefix + max_key + "' (" + text_of(max) + ")");
}

void read_user_template(const Field& f, UserTemplate& t) {
  f.as_map({
      {"context_range",
       [&](const Field& v) { std::tie(t.context_min, t.context_max) = v.as_int_range(1); }},
      {"generation_range",
       [&](const Field& v) { std::tie(t.generation_min, t.generation_max) = v.as_int_range(0); }},
      {"think_time_range",
       [&](const Field& v) {
         std::tie(t.think_time_min, t.think_time_max) = v.as_number_range(0);
       }},
  });
}

void read_user_templates(const Field& f, Settings& s) {
  // By name, not position, so a reordering in settings.h cannot swap personas silently.
  auto apply = [&](const char* name) {
    return [&s, name](const Field& v) {
      for (auto& t : s.user_templates) {
        if (t.name == name) return read_user_template(v, t);
      }
      v.fail("has no built-in template to override");  // settings.h lost a persona
    };
  };
  f.as_map({
      {"chatbot", apply("chatbot")},
      {"coding", apply("coding")},
      {"document", apply("document")},
  });
}

void read_qos_profile(const Field& f, QosProfile& p) {
  f.as_map({
      {"target_latency_p95_ms",
       [&](const Field& v) { p.target_latency_p95_ms = v.as_number(kPositive); }},
      {"target_latency_p99_ms",
       [&](const Field& v) { p.target_latency_p99_ms = v.as_number(kPositive); }},
      {"target_latency_p999_ms",
       [&](const Field& v) { p.target_latency_p999_ms = v.as_number(kPositive); }},
      {"target_latency_p9999_ms",
       [&](const Field& v) { p.target_latency_p9999_ms = v.as_number(kPositive); }},
      {"priority", [&](const Field& v) { p.priority = v.as_int(); }},
  });
}

void read_qos_profiles(const Field& f, Settings& s) {
  auto& p = s.qos_profiles;  // indexed by QosLevel
  f.as_map({
      {kQosNames[0], [&](const Field& v) { read_qos_profile(v, p[0]); }},
      {kQosNames[1], [&](const Field& v) { read_qos_profile(v, p[1]); }},
      {kQosNames[2], [&](const Field& v) { read_qos_profile(v, p[2]); }},
  });
}

void read_generation_timing(const Field& f, GenerationTiming& g) {
  f.as_map({
      {"none", [&](const Field& v) { g.none = v.as_number(kNonNegative); }},
      {"fast", [&](const Field& v) { g.fast = v.as_number(kNonNegative); }},
      {"realistic", [&](const Field& v) { g.realistic = v.as_number(kNonNegative); }},
  });
}

void read_qos_distribution(const Field& f, QosDistribution& q) {
  int lo_line = 0, hi_line = 0;
  f.as_map({
      {"interactive_probability",
       [&](const Field& v) {
         q.interactive_probability = v.as_number(kProbability);
         lo_line = v.line();
       }},
      {"responsive_threshold",
       [&](const Field& v) {
         q.responsive_threshold = v.as_number(kProbability);
         hi_line = v.line();
       }},
  });
  // The threshold is cumulative (interactive + responsive); below the interactive share it
  // would silently give responsive 0 %, which is never what the writer meant.
  check_min_le_max(f, "interactive_probability", q.interactive_probability, lo_line,
                   "responsive_threshold", q.responsive_threshold, hi_line);
}

void read_eviction(const Field& f, Eviction& e) {
  int min_line = 0, cap_line = 0;
  f.as_map({
      {"max_recursion_depth", [&](const Field& v) { e.max_recursion_depth = v.as_int(1); }},
      {"target_usage_ratio", [&](const Field& v) { e.target_usage_ratio = v.as_number(kRatio); }},
      {"large_entry_limit_ratio",
       [&](const Field& v) { e.large_entry_limit_ratio = v.as_number(kRatio); }},
      {"max_evictions_hard_cap",
       [&](const Field& v) {
         e.max_evictions_hard_cap = v.as_int(1);
         cap_line = v.line();
       }},
      {"max_evictions_min",
       [&](const Field& v) {
         e.max_evictions_min = v.as_int(0);
         min_line = v.line();
       }},
  });
  check_min_le_max(f, "max_evictions_min", e.max_evictions_min, min_line, "max_evictions_hard_cap",
                   e.max_evictions_hard_cap, cap_line);
}

void read_gpu_backend(const Field& f, GpuBackend& g) {
  f.as_map({
      {"memory_fraction", [&](const Field& v) { g.memory_fraction = v.as_number(kRatio); }},
      {"max_eviction_attempts", [&](const Field& v) { g.max_eviction_attempts = v.as_int(0); }},
      {"free_memory_threshold",
       [&](const Field& v) { g.free_memory_threshold = v.as_number(kProbability); }},
  });
}

void read_prefix_cache(const Field& f, PrefixCache& p) {
  f.as_map({
      {"min_prefix_length", [&](const Field& v) { p.min_prefix_length = v.as_int(0); }},
      {"max_prefix_entries", [&](const Field& v) { p.max_prefix_entries = v.as_int(0); }},
      {"system_prompt_hit_probability",
       [&](const Field& v) { p.system_prompt_hit_probability = v.as_number(kProbability); }},
  });
}

void read_rag(const Field& f, Rag& r) {
  int lmin = 0, lmax = 0, smin = 0, smax = 0;
  f.as_map({
      {"chunk_size_tokens", [&](const Field& v) { r.chunk_size_tokens = v.as_int(1); }},
      {"top_k_chunks", [&](const Field& v) { r.top_k_chunks = v.as_int(1); }},
      {"max_chunk_bytes",
       [&](const Field& v) {
         r.max_chunk_bytes = v.as_int64(1, std::numeric_limits<std::int64_t>::max());
       }},
      {"request_probability",
       [&](const Field& v) { r.request_probability = v.as_number(kProbability); }},
      // Any text is accepted: the reference warns and falls back to zipfian (spec §3), and
      // workload/ owns that warning.
      {"retrieval_distribution", [&](const Field& v) { r.retrieval_distribution = v.as_string(); }},
      {"max_documents", [&](const Field& v) { r.max_documents = v.as_int(0); }},
      {"large_model_doc_tokens_min",
       [&](const Field& v) {
         r.large_model_doc_tokens_min = v.as_int(1);
         lmin = v.line();
       }},
      {"large_model_doc_tokens_max",
       [&](const Field& v) {
         r.large_model_doc_tokens_max = v.as_int(1);
         lmax = v.line();
       }},
      {"small_model_doc_tokens_min",
       [&](const Field& v) {
         r.small_model_doc_tokens_min = v.as_int(1);
         smin = v.line();
       }},
      {"small_model_doc_tokens_max",
       [&](const Field& v) {
         r.small_model_doc_tokens_max = v.as_int(1);
         smax = v.line();
       }},
  });
  check_min_le_max(f, "large_model_doc_tokens_min", r.large_model_doc_tokens_min, lmin,
                   "large_model_doc_tokens_max", r.large_model_doc_tokens_max, lmax);
  check_min_le_max(f, "small_model_doc_tokens_min", r.small_model_doc_tokens_min, smin,
                   "small_model_doc_tokens_max", r.small_model_doc_tokens_max, smax);
}

void read_conversation(const Field& f, Conversation& c) {
  f.as_map({
      {"max_conversations", [&](const Field& v) { c.max_conversations = v.as_int(1); }},
      {"max_turns_per_conv", [&](const Field& v) { c.max_turns_per_conv = v.as_int(1); }},
      {"end_conversation_probability",
       [&](const Field& v) { c.end_conversation_probability = v.as_number(kProbability); }},
  });
}

void read_autoscaler(const Field& f, Autoscaler& a) {
  int min_line = 0, max_line = 0;
  f.as_map({
      {"min_users",
       [&](const Field& v) {
         a.min_users = v.as_int(1);
         min_line = v.line();
       }},
      {"max_users",
       [&](const Field& v) {
         a.max_users = v.as_int(1);
         max_line = v.line();
       }},
      {"scale_up_factor", [&](const Field& v) { a.scale_up_factor = v.as_number(kPositive); }},
      {"scale_down_factor", [&](const Field& v) { a.scale_down_factor = v.as_number(kPositive); }},
      {"consecutive_samples_required",
       [&](const Field& v) { a.consecutive_samples_required = v.as_int(1); }},
  });
  check_min_le_max(f, "min_users", a.min_users, min_line, "max_users", a.max_users, max_line);
}

void read_decode(const Field& f, Decode& d) {
  f.as_map({{"batch_size", [&](const Field& v) { d.batch_size = v.as_int(1); }}});
}

void read_sharegpt(const Field& f, ShareGpt& g) {
  f.as_map({
      {"max_context_tokens", [&](const Field& v) { g.max_context_tokens = v.as_int(1); }},
      {"max_generation_tokens", [&](const Field& v) { g.max_generation_tokens = v.as_int(1); }},
      {"chars_per_token_estimate",
       [&](const Field& v) { g.chars_per_token_estimate = v.as_int(1); }},
  });
}

void read_saturation_detection(const Field& f, SaturationDetection& d) {
  f.as_map({
      {"read_latency_p95_threshold_ms",
       [&](const Field& v) { d.read_latency_p95_threshold_ms = v.as_number(kPositive); }},
      {"write_latency_p95_threshold_ms",
       [&](const Field& v) { d.write_latency_p95_threshold_ms = v.as_number(kPositive); }},
      {"queue_depth_threshold", [&](const Field& v) { d.queue_depth_threshold = v.as_int(1); }},
      {"history_window_size", [&](const Field& v) { d.history_window_size = v.as_int(1); }},
  });
}

// Accepted for compatibility only: the flag limits are constants (spec §2.2).
void read_validation_limits(const Field& f, ValidationLimits& l) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  f.as_map({
      {"max_users", [&](const Field& v) { l.max_users = v.as_int64(1, kMax); }},
      {"max_duration_seconds",
       [&](const Field& v) { l.max_duration_seconds = v.as_int64(1, kMax); }},
      {"max_gpu_memory_gb", [&](const Field& v) { l.max_gpu_memory_gb = v.as_int64(0, kMax); }},
      {"max_cpu_memory_gb", [&](const Field& v) { l.max_cpu_memory_gb = v.as_int64(0, kMax); }},
  });
}

// kvbench's `run:`: flag long names to scalars, collected as written. The names are cli/'s
// business (its flag table); here only the shape is checked.
void read_run_section(const Field& f, std::vector<RunSectionEntry>& out) {
  f.for_each_entry([&](const std::string& key, const Field& v) {
    if (!v.node().IsScalar()) {
      v.fail("must be a single value (number, string or true/false), got " + describe(v.node()));
    }
    out.push_back(RunSectionEntry{key, v.node().Scalar(), v.line()});
  });
}

}  // namespace

void read_sections(const Field& root, LoadedConfig& out) {
  Settings& s = out.settings;
  root.as_map({
      {"user_templates", [&](const Field& v) { read_user_templates(v, s); }},
      {"generation_timing",
       [&](const Field& v) { read_generation_timing(v, s.generation_timing); }},
      {"qos_profiles", [&](const Field& v) { read_qos_profiles(v, s); }},
      {"qos_distribution", [&](const Field& v) { read_qos_distribution(v, s.qos_distribution); }},
      {"eviction", [&](const Field& v) { read_eviction(v, s.eviction); }},
      {"gpu_backend", [&](const Field& v) { read_gpu_backend(v, s.gpu_backend); }},
      {"prefix_cache", [&](const Field& v) { read_prefix_cache(v, s.prefix_cache); }},
      {"rag", [&](const Field& v) { read_rag(v, s.rag); }},
      {"conversation", [&](const Field& v) { read_conversation(v, s.conversation); }},
      {"autoscaler", [&](const Field& v) { read_autoscaler(v, s.autoscaler); }},
      {"decode", [&](const Field& v) { read_decode(v, s.decode); }},
      {"sharegpt", [&](const Field& v) { read_sharegpt(v, s.sharegpt); }},
      {"saturation_detection",
       [&](const Field& v) { read_saturation_detection(v, s.saturation_detection); }},
      {"validation_limits",
       [&](const Field& v) { read_validation_limits(v, s.validation_limits); }},
      {"model_configs", [&](const Field& v) { read_model_configs(v, s.models); }},
      {"run", [&](const Field& v) { read_run_section(v, out.run); }},
  });
}

}  // namespace kvbench::config::detail
