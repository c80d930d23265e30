#include "server/metrics_exposition.h"

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <array>
#include <deque>
#include <iterator>
#include <limits>
#include <utility>

namespace kvbench::server {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;
using Labels = std::vector<ClientMetric::Label>;

constexpr const auto& kTiers = kLevels;
constexpr std::array<IoOp, 2> kOps = {IoOp::Read, IoOp::Write};
constexpr std::array<Phase, 3> kPhases = {Phase::Prefill, Phase::Decode, Phase::Evict};
constexpr std::array<QosLevel, 3> kQos = {
    QosLevel::Interactive, QosLevel::Responsive, QosLevel::Batch};
constexpr std::array<stats::RunState, 7> kStates = {
    stats::RunState::Starting, stats::RunState::Preconditioning, stats::RunState::Running,
    stats::RunState::Finishing, stats::RunState::Done,           stats::RunState::Failed,
    stats::RunState::Interrupted};

std::string op_label(IoOp op) { return op == IoOp::Read ? "read" : "write"; }
std::string phase_label(Phase p) {
  switch (p) {
    case Phase::Prefill: return "prefill";
    case Phase::Decode: return "decode";
    case Phase::Evict: return "evict";
  }
  return "evict";
}
std::string tier_name(Level t) { return std::string(level_label(t)); }

// Reads are decode or evict, writes prefill or evict; the other two combinations are exported
// only if they ever happen, so dashboards see stable series without empty noise.
bool usual_combination(IoOp op, Phase p) {
  return p == Phase::Evict || (op == IoOp::Read) == (p == Phase::Decode);
}

// A deque, so that a family reference stays valid while later families are added.
class Families {
 public:
  MetricFamily& add(std::string name, std::string help, MetricType type) {
    families_.push_back(MetricFamily{std::move(name), std::move(help), type, {}});
    return families_.back();
  }
  std::vector<MetricFamily> take() {
    return {std::make_move_iterator(families_.begin()), std::make_move_iterator(families_.end())};
  }

 private:
  std::deque<MetricFamily> families_;
};

void add_value(MetricFamily& f, Labels labels, double value) {
  ClientMetric m;
  m.label = std::move(labels);
  if (f.type == MetricType::Counter) m.counter.value = value;
  else m.gauge.value = value;
  f.metric.push_back(std::move(m));
}

void add_histogram(MetricFamily& f, Labels labels, const stats::HistogramSnapshot& h) {
  ClientMetric m;
  m.label = std::move(labels);
  m.histogram.sample_count = h.count;
  m.histogram.sample_sum = h.sum;
  for (std::size_t i = 0; i < h.upper_bounds.size(); ++i)
    m.histogram.bucket.push_back({h.cumulative[i], h.upper_bounds[i]});
  m.histogram.bucket.push_back({h.count, std::numeric_limits<double>::infinity()});
  f.metric.push_back(std::move(m));
}

void add_run(Families& out, const LiveSources& s) {
  add_value(out.add("kvbench_build_info", "kvbench build; value is always 1", MetricType::Gauge),
            {{"version", s.info.version}, {"commit", s.info.commit}}, 1);
  add_value(out.add("kvbench_run_info", "This run's model and layout; value is always 1", MetricType::Gauge),
            {{"clock", s.info.clock},
             {"mode", s.info.mode},
             {"model", s.info.model},
             {"num_gpus", std::to_string(s.info.num_gpus)},
             {"tp", std::to_string(s.info.tensor_parallel)},
             {"run_id", s.info.run_id},
             {"rank", std::to_string(s.info.rank)}},
            1);
  const stats::RunStatus& st = *s.status;
  auto& state = out.add("kvbench_run_state", "1 for the run's current state, 0 for the others", MetricType::Gauge);
  const stats::RunState now = st.get_state();
  for (stats::RunState rs : kStates)
    add_value(state, {{"state", std::string(stats::run_state_name(rs))}}, rs == now ? 1 : 0);
  add_value(out.add("kvbench_run_ready", "1 once the config is loaded and the tiers are open", MetricType::Gauge),
            {}, st.ready.load(std::memory_order_relaxed) ? 1 : 0);
  add_value(out.add("kvbench_run_elapsed_seconds", "Engine time of the timed phase so far (simulated with --clock virtual)",
                    MetricType::Gauge),
            {}, st.elapsed_s.load(std::memory_order_relaxed));
  add_value(out.add("kvbench_run_planned_seconds", "Planned duration of the timed phase (--duration)", MetricType::Gauge),
            {}, st.planned_s.load(std::memory_order_relaxed));
  add_value(out.add("kvbench_run_progress_ratio", "Elapsed over planned duration, 0..1", MetricType::Gauge), {},
            st.progress());
  add_value(out.add("kvbench_users", "Simulated users currently active", MetricType::Gauge), {},
            static_cast<double>(st.active_users.load(std::memory_order_relaxed)));
  add_value(out.add("kvbench_queue_depth", "Requests waiting for a worker", MetricType::Gauge), {},
            static_cast<double>(st.queue_depth.load(std::memory_order_relaxed)));
  add_value(out.add("kvbench_requests_in_flight", "Requests being served by workers", MetricType::Gauge), {},
            static_cast<double>(st.in_flight.load(std::memory_order_relaxed)));
}

void add_io(Families& out, const LiveSources& s) {
  const stats::LiveMetrics& m = *s.live;
  auto& bytes = out.add("kvbench_io_bytes_total", "Bytes moved by tier operations", MetricType::Counter);
  auto& ops = out.add("kvbench_io_operations_total", "Tier operations (one per trace row in trace mode)",
                      MetricType::Counter);
  for (Level t : kTiers)
    for (IoOp op : kOps)
      for (Phase p : kPhases) {
        const std::uint64_t n = m.io_operations(t, op, p);
        if (n == 0 && !usual_combination(op, p)) continue;
        const Labels labels{{"op", op_label(op)}, {"phase", phase_label(p)}, {"tier", tier_name(t)}};
        add_value(bytes, labels, static_cast<double>(m.io_bytes(t, op, p)));
        add_value(ops, labels, static_cast<double>(n));
      }
  auto& latency = out.add("kvbench_io_latency_seconds",
                          "Latency of whole-entry tier operations (empty in trace mode: nothing is timed)",
                          MetricType::Histogram);
  for (Level t : kTiers)
    for (IoOp op : kOps) add_histogram(latency, {{"op", op_label(op)}, {"tier", tier_name(t)}}, m.io_latency(t, op));

  auto& evictions = out.add("kvbench_evictions_total", "Entries demoted from one tier to a slower one",
                            MetricType::Counter);
  for (std::size_t from = 0; from < kTiers.size(); ++from)
    for (std::size_t to = from + 1; to < kTiers.size(); ++to)
      add_value(evictions, {{"from", tier_name(kTiers[from])}, {"to", tier_name(kTiers[to])}},
                static_cast<double>(m.demotions(kTiers[from], kTiers[to])));
}

// Per entry-size class (stats/size_class.h), with buckets on to 120 s: every class always, so a
// dashboard's series are there before the first operation (and in trace mode, which times nothing).
void add_io_by_size(Families& out, const LiveSources& s) {
  const stats::LiveMetrics& m = *s.live;
  auto& latency = out.add("kvbench_io_latency_by_size_seconds",
                          "Latency of whole-entry tier operations by entry-size class (empty in trace mode)",
                          MetricType::Histogram);
  for (Level t : kTiers)
    for (IoOp op : kOps)
      for (std::size_t c = 0; c < stats::kSizeClassCount; ++c)
        add_histogram(latency,
                      {{"op", op_label(op)}, {"size_class", std::string(stats::kSizeClassLabels[c])}, {"tier", tier_name(t)}},
                      m.io_latency_by_size(t, op, c));
}

void add_tiers(Families& out, const LiveSources& s) {
  auto& used = out.add("kvbench_tier_used_bytes", "Bytes of KV entries held by the tier", MetricType::Gauge);
  auto& limit = out.add("kvbench_tier_limit_bytes", "Capacity of the tier (+Inf = unlimited)", MetricType::Gauge);
  auto& entries = out.add("kvbench_tier_entries", "KV entries held by the tier", MetricType::Gauge);
  if (!s.tiers) return;
  for (const stats::TierOccupancy& t : s.tiers()) {
    const Labels labels{{"tier", tier_name(t.tier)}};
    add_value(used, labels, static_cast<double>(t.used_bytes));
    add_value(limit, labels, t.limit_bytes);
    add_value(entries, labels, static_cast<double>(t.entries));
  }
}

// Every counter declared with a Prometheus family (stats/cache_counters.h): per-type ones
// labelled by `type`, per-level ones by `tier`.
void add_cache(Families& out, const LiveSources& s) {
  for (const stats::CounterReading& r : s.cache->read_all()) {
    const stats::CounterSpec& spec = *r.spec;
    if (spec.prom_family.empty()) continue;
    auto& family = out.add(std::string(spec.prom_family), std::string(spec.prom_help), MetricType::Counter);
    const auto value = [&r](std::size_t i) { return static_cast<double>(r.values[i]); };
    switch (spec.scope) {
      case stats::CounterScope::Run:
        add_value(family, {}, value(0));
        break;
      case stats::CounterScope::PerType:
        for (const CacheType t : kCacheTypes)
          add_value(family, {{"type", std::string(cache_type_label(t))}}, value(static_cast<std::size_t>(t)));
        break;
      case stats::CounterScope::PerLevel:
        for (const Level t : kTiers) add_value(family, {{"tier", tier_name(t)}}, value(static_cast<std::size_t>(t)));
        break;
    }
  }
}

void add_requests(Families& out, const LiveSources& s) {
  const stats::LiveMetrics& m = *s.live;
  auto& completed = out.add("kvbench_requests_completed_total", "Requests completed", MetricType::Counter);
  auto& violations = out.add("kvbench_request_sla_violations_total",
                             "Completed requests whose end-to-end latency exceeded the QoS p95 target",
                             MetricType::Counter);
  auto& latency = out.add("kvbench_request_latency_seconds",
                          "End-to-end request latency: queue wait, storage and generation", MetricType::Histogram);
  auto& target = out.add("kvbench_request_latency_target_seconds",
                         "The QoS class's end-to-end p95 target (its SLO line)", MetricType::Gauge);
  for (QosLevel q : kQos) {
    const Labels labels{{"qos", kQosNames[static_cast<std::size_t>(q)]}};
    add_value(target, labels, m.sla_target_seconds(q));
    add_value(completed, labels, static_cast<double>(m.requests_completed(q)));
    add_value(violations, labels, static_cast<double>(m.sla_violations(q)));
    add_histogram(latency, labels, m.request_latency(q));
  }
  add_value(out.add("kvbench_tokens_generated_total", "Tokens generated by completed requests", MetricType::Counter),
            {}, static_cast<double>(m.tokens_generated()));
  add_value(out.add("kvbench_arrivals_total", "Requests offered by the workload", MetricType::Counter), {},
            static_cast<double>(s.requests->arrivals_offered()));
  add_value(out.add("kvbench_arrivals_dropped_total", "Arrivals dropped because the queue was full",
                    MetricType::Counter),
            {}, static_cast<double>(s.requests->arrivals_dropped_queue_full()));
  add_value(out.add("kvbench_requests_abandoned_total", "Requests still queued when the timed window closed (never served)",
                    MetricType::Counter),
            {}, static_cast<double>(s.requests->requests_abandoned_at_stop()));
  if (s.trace_rows)
    add_value(out.add("kvbench_trace_rows_total", "Rows recorded by the I/O trace writer", MetricType::Counter), {},
              static_cast<double>(s.trace_rows()));
}

}  // namespace

std::string render_metrics(const LiveSources& s) {
  Families families;
  add_run(families, s);
  add_io(families, s);
  add_io_by_size(families, s);
  add_tiers(families, s);
  add_cache(families, s);
  add_requests(families, s);
  return prometheus::TextSerializer().Serialize(families.take());
}

}  // namespace kvbench::server
