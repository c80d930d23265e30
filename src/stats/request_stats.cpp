#include "stats/request_stats.h"

namespace kvbench::stats {
namespace {

void bump(std::atomic<std::uint64_t>& c, std::uint64_t n = 1) {
  c.fetch_add(n, std::memory_order_relaxed);
}
std::uint64_t read(const std::atomic<std::uint64_t>& c) {
  return c.load(std::memory_order_relaxed);
}

}  // namespace

RequestStats::RequestStats(const std::array<QosProfile, 3>& qos_profiles,
                           std::size_t sample_cap)
    : end_to_end_(sample_cap),
      storage_(sample_cap),
      generation_(sample_cap),
      prefill_(sample_cap),
      decode_(sample_cap),
      qos_e2e_{LatencyRecorder(sample_cap), LatencyRecorder(sample_cap),
               LatencyRecorder(sample_cap)} {
  for (std::size_t i = 0; i < 3; ++i) target_p95_ms_[i] = qos_profiles[i].target_latency_p95_ms;
}

std::uint64_t RequestStats::record(const RequestRecord& r) {
  const std::size_t q = idx(r.qos);
  std::uint64_t completed;
  {
    std::lock_guard lock(mu_);
    completed = ++completed_;
    tokens_ += r.tokens_generated;
    storage_sum_s_ += r.storage_s;
    generation_sum_s_ += r.generation_s;
    ++qos_total_[q];
    // Spec §8.1: a request violates its SLA when its end-to-end ms exceed the p95 target.
    if (r.end_to_end_s * 1000.0 > target_p95_ms_[q]) ++qos_violations_[q];
  }
  // The recorders lock themselves; keeping them outside mu_ keeps the critical section short.
  end_to_end_.record(r.end_to_end_s);
  storage_.record(r.storage_s);
  generation_.record(r.generation_s);
  qos_e2e_[q].record(r.end_to_end_s);
  return completed;
}

void RequestStats::record_prefill_latency(double seconds) { prefill_.record(seconds); }
void RequestStats::record_decode_latency(double seconds) { decode_.record(seconds); }

void RequestStats::record_multi_turn(bool hit) {
  bump(hit ? multi_turn_hits_ : multi_turn_misses_);
}

void RequestStats::record_prefix_hit(PrefixKind kind, std::uint64_t bytes_saved) {
  bump(prefix_hits_);
  bump(kind == PrefixKind::SystemPrompt ? system_prompt_reuse_ : common_phrase_reuse_);
  bump(bytes_saved_, bytes_saved);
}

void RequestStats::record_prefix_miss() { bump(prefix_misses_); }
void RequestStats::record_arrival_offered(std::uint64_t n) { bump(arrivals_offered_, n); }
void RequestStats::record_arrival_dropped_queue_full(std::uint64_t n) {
  bump(arrivals_dropped_, n);
}
void RequestStats::record_abandoned_at_stop(std::uint64_t n) { bump(abandoned_, n); }
void RequestStats::record_arrivals_not_offered(std::uint64_t n) { bump(not_offered_, n); }

void RequestStats::record_window_end(std::uint64_t queued, std::uint64_t in_flight) {
  std::lock_guard lock(mu_);
  edges_.abandoned_queued += queued;
  edges_.in_flight_at_end += in_flight;
}

void RequestStats::record_drained(const RequestRecord& r) {
  std::lock_guard lock(mu_);
  ++edges_.drained;
  edges_.drained_tokens += r.tokens_generated;
}

void RequestStats::record_cut() {
  std::lock_guard lock(mu_);
  ++edges_.cut;
}

void RequestStats::record_window_tokens(std::uint64_t tokens) {
  std::lock_guard lock(mu_);
  partial_tokens_ += tokens;
}

WindowEdges RequestStats::window_edges() const {
  std::lock_guard lock(mu_);
  WindowEdges e = edges_;
  e.partial_tokens = partial_tokens_;
  e.completed_tokens = tokens_;
  return e;
}

std::uint64_t RequestStats::requests_completed() const {
  std::lock_guard lock(mu_);
  return completed_;
}
std::uint64_t RequestStats::total_tokens() const {
  std::lock_guard lock(mu_);
  return tokens_ + partial_tokens_;
}
double RequestStats::total_storage_s() const {
  std::lock_guard lock(mu_);
  return storage_sum_s_;
}
double RequestStats::total_generation_s() const {
  std::lock_guard lock(mu_);
  return generation_sum_s_;
}
std::uint64_t RequestStats::multi_turn_hits() const { return read(multi_turn_hits_); }
std::uint64_t RequestStats::multi_turn_misses() const { return read(multi_turn_misses_); }

PrefixStats RequestStats::prefix() const {
  PrefixStats p;
  p.prefix_hits = read(prefix_hits_);
  p.prefix_misses = read(prefix_misses_);
  p.system_prompt_reuse = read(system_prompt_reuse_);
  p.common_phrase_reuse = read(common_phrase_reuse_);
  p.bytes_saved = read(bytes_saved_);
  return p;
}

std::uint64_t RequestStats::arrivals_offered() const { return read(arrivals_offered_); }
std::uint64_t RequestStats::arrivals_dropped_queue_full() const { return read(arrivals_dropped_); }
std::uint64_t RequestStats::requests_abandoned_at_stop() const { return read(abandoned_); }
std::uint64_t RequestStats::arrivals_not_offered() const { return read(not_offered_); }

const LatencyRecorder& RequestStats::qos_latency(QosLevel level) const {
  return qos_e2e_[idx(level)];
}

QosStats RequestStats::qos(QosLevel level) const {
  const std::size_t q = idx(level);
  QosStats s;
  s.target_p95_ms = target_p95_ms_[q];
  {
    std::lock_guard lock(mu_);
    s.total_requests = qos_total_[q];
    s.violations = qos_violations_[q];
  }
  s.latency = qos_e2e_[q].summary();
  return s;
}

void RequestStats::reset() {
  {
    std::lock_guard lock(mu_);
    completed_ = 0;
    tokens_ = 0;
    partial_tokens_ = 0;
    edges_ = {};
    storage_sum_s_ = 0;
    generation_sum_s_ = 0;
    qos_total_ = {};
    qos_violations_ = {};
  }
  for (LatencyRecorder* r : {&end_to_end_, &storage_, &generation_, &prefill_, &decode_})
    r->reset();
  for (auto& r : qos_e2e_) r.reset();
  for (Counter* c : {&multi_turn_hits_, &multi_turn_misses_, &prefix_hits_, &prefix_misses_,
                     &system_prompt_reuse_, &common_phrase_reuse_, &bytes_saved_,
                     &arrivals_offered_, &arrivals_dropped_, &abandoned_, &not_offered_})
    c->store(0, std::memory_order_relaxed);
}

}  // namespace kvbench::stats
