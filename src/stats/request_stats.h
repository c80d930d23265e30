// RequestStats: what the workers report per completed request (spec §5.10 step 7) and the
// request-level counters the results JSON and console report need: per-request latency
// lists, prefill/decode operation latencies, multi-turn and prefix counters, arrivals, and
// per-QoS latency with SLA violations (spec §8.1). Thread-safe; one short lock per record.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>

#include "common/qos_profile.h"
#include "stats/latency_recorder.h"

namespace kvbench::stats {

struct RequestRecord {
  QosLevel qos = QosLevel::Batch;
  double end_to_end_s = 0;  // submit → complete, queue wait included
  double storage_s = 0;     // sum of every cache operation's latency for this request
  double generation_s = 0;  // simulated token generation
  std::uint64_t tokens_generated = 0;
};

struct PrefixStats {
  std::uint64_t prefix_hits = 0;
  std::uint64_t prefix_misses = 0;
  std::uint64_t system_prompt_reuse = 0;
  std::uint64_t common_phrase_reuse = 0;
  std::uint64_t bytes_saved = 0;
};

enum class PrefixKind { SystemPrompt, CommonPhrase };

// The edges of the timed window (docs/metrics.md, "The timed window"): what was left when it
// closed, and what the bounded drain after it finished.
struct WindowEdges {
  std::uint64_t abandoned_queued = 0;   // queued at the window's end, never started
  std::uint64_t in_flight_at_end = 0;   // started, not finished at the window's end
  std::uint64_t drained = 0;            // of those, finished during the drain
  std::uint64_t drained_tokens = 0;     // their tokens, whole
  std::uint64_t cut = 0;                // of those, still running when the drain ended
  std::uint64_t partial_tokens = 0;     // tokens generated inside the window by requests that
                                        // finished after it or never (pro rata, in the headline)
  std::uint64_t completed_tokens = 0;   // tokens of the requests completed inside the window
};

// One QoS level's SLA view (spec §8.1 qos_metrics).
struct QosStats {
  std::uint64_t total_requests = 0;
  std::uint64_t violations = 0;  // requests whose end-to-end ms exceeded target_p95_ms
  double target_p95_ms = 0;
  LatencySummary latency;  // seconds, end-to-end
  // 1 − violations/total; 1.0 with no requests, as the reference.
  double compliance() const {
    return total_requests == 0
               ? 1.0
               : 1.0 - static_cast<double>(violations) / static_cast<double>(total_requests);
  }
  bool met() const { return compliance() >= 0.95; }
};

class RequestStats {
 public:
  explicit RequestStats(const std::array<QosProfile, 3>& qos_profiles,
                        std::size_t sample_cap = LatencyRecorder::kDefaultSampleCap);
  RequestStats(const RequestStats&) = delete;
  RequestStats& operator=(const RequestStats&) = delete;

  // Records a completed request; returns requests_completed including it, so the caller can
  // stop at --max-requests without a second, racy read.
  std::uint64_t record(const RequestRecord& r);
  void record_prefill_latency(double seconds);
  void record_decode_latency(double seconds);
  void record_multi_turn(bool hit);
  void record_prefix_hit(PrefixKind kind, std::uint64_t bytes_saved);
  void record_prefix_miss();
  void record_arrival_offered(std::uint64_t n = 1);
  void record_arrival_dropped_queue_full(std::uint64_t n = 1);
  void record_abandoned_at_stop(std::uint64_t n = 1);
  // Arrivals due inside the window that the wall-clock scheduler never reached (it fell behind
  // the schedule): neither offered nor dropped, they are the load the run did not offer.
  void record_arrivals_not_offered(std::uint64_t n);
  // The window's edges: requests queued and in flight when it closed; a request that finished
  // in the drain (counted here and in the reference-compatible figures, not in the headline);
  // one cut when the drain ended; tokens generated inside the window by those two, pro rata
  // of their generation time inside it (added to total_tokens()).
  void record_window_end(std::uint64_t queued, std::uint64_t in_flight);
  void record_drained(const RequestRecord& r);
  void record_cut();
  void record_window_tokens(std::uint64_t tokens);
  WindowEdges window_edges() const;

  std::uint64_t requests_completed() const;
  // Tokens generated inside the window: whole for requests completed in it, pro rata for the
  // rest (record_window_tokens).
  std::uint64_t total_tokens() const;
  double total_storage_s() const;
  double total_generation_s() const;
  std::uint64_t multi_turn_hits() const;
  std::uint64_t multi_turn_misses() const;
  PrefixStats prefix() const;
  std::uint64_t arrivals_offered() const;
  std::uint64_t arrivals_dropped_queue_full() const;
  std::uint64_t requests_abandoned_at_stop() const;
  std::uint64_t arrivals_not_offered() const;

  const LatencyRecorder& end_to_end() const { return end_to_end_; }
  const LatencyRecorder& storage() const { return storage_; }
  const LatencyRecorder& generation() const { return generation_; }
  const LatencyRecorder& prefill() const { return prefill_; }
  const LatencyRecorder& decode() const { return decode_; }
  const LatencyRecorder& qos_latency(QosLevel level) const;
  QosStats qos(QosLevel level) const;

  // Zeroes everything (e.g. after preconditioning); QoS targets are kept.
  void reset();

 private:
  static std::size_t idx(QosLevel l) { return static_cast<std::size_t>(l); }
  using Counter = std::atomic<std::uint64_t>;

  std::array<double, 3> target_p95_ms_{};

  mutable std::mutex mu_;  // guards the request aggregates below (doubles are not atomic)
  std::uint64_t completed_ = 0;
  std::uint64_t tokens_ = 0;          // of requests completed inside the window, whole
  std::uint64_t partial_tokens_ = 0;  // pro rata, of requests that ended after the window
  WindowEdges edges_;
  double storage_sum_s_ = 0;
  double generation_sum_s_ = 0;
  std::array<std::uint64_t, 3> qos_total_{};
  std::array<std::uint64_t, 3> qos_violations_{};

  LatencyRecorder end_to_end_, storage_, generation_, prefill_, decode_;
  std::array<LatencyRecorder, 3> qos_e2e_;

  Counter multi_turn_hits_{0}, multi_turn_misses_{0};
  Counter prefix_hits_{0}, prefix_misses_{0}, system_prompt_reuse_{0}, common_phrase_reuse_{0},
      bytes_saved_{0};
  Counter arrivals_offered_{0}, arrivals_dropped_{0}, abandoned_{0}, not_offered_{0};
};

}  // namespace kvbench::stats
