#include "workload/mooncake_source.h"

#include <utility>

#include "common/log.h"
#include "workload/entry_keys.h"
#include "workload/request_traits.h"

namespace kvbench::workload {
namespace {
constexpr std::uint64_t kMooncakeStream = 0x6d6f6f6e63616b65ull;  // "mooncake"
}

MooncakeSource::MooncakeSource(WorkloadOptions opts, std::string path)
    : cfg_(std::move(opts)), path_(std::move(path)), rng_(Rng::stream(cfg_.seed_or_zero(), kMooncakeStream)) {}

bool MooncakeSource::load_next() {
  while (!exhausted_) {
    if (!reader_) {
      reader_.emplace(path_);
      rows_in_cycle_ = 0;
      prev_ts_.reset();  // a new cycle starts without a gap
    }
    if (auto row = reader_->next()) {
      // Timestamps are ms; gaps pace the replay (a row earlier than its predecessor is due now).
      if (prev_ts_ && cfg_.trace_speedup > 0 && row->timestamp_ms > *prev_ts_)
        schedule_s_ += (row->timestamp_ms - *prev_ts_) / 1000.0 / cfg_.trace_speedup;
      prev_ts_ = row->timestamp_ms;
      pending_ = std::move(*row);
      pending_at_ = schedule_s_;
      ++rows_in_cycle_;
      return true;
    }
    malformed_total_ += reader_->malformed_lines();
    if (cycles_done_ == 0) malformed_first_pass_ = reader_->malformed_lines();
    reader_.reset();
    if (rows_in_cycle_ == 0) {
      log::warning("Mooncake trace yielded 0 rows in a replay cycle; replay ends");
      exhausted_ = true;
      break;
    }
    ++cycles_done_;
    if (cfg_.replay_cycles > 0 && cycles_done_ >= cfg_.replay_cycles) exhausted_ = true;
  }
  return false;
}

std::optional<double> MooncakeSource::next_at() {
  if (!pending_ && !load_next()) return std::nullopt;
  return cfg_.trace_speedup > 0 ? pending_at_ : last_take_s_;
}

Request MooncakeSource::take(double now_s, std::int64_t /*epoch_ms*/) {
  if (!pending_) load_next();  // the engine calls next_at() first; this keeps take() total
  MooncakeRow row = pending_ ? std::move(*pending_) : MooncakeRow{};
  pending_.reset();
  const std::uint64_t index = taken_++;
  blocks_ += row.hash_ids.size();
  last_take_s_ = now_s;

  Request r;
  r.id = index;
  r.user_index = static_cast<int>(index % kTraceUsers);
  draw_qos(r, rng_, cfg_);
  r.context_tokens = row.input_length;
  r.generate_tokens = row.output_length;
  r.phase = phase_for_context(r.context_tokens);
  r.cache_key = mooncake_request_key(index);
  r.block_hashes = std::move(row.hash_ids);
  r.arrival_s = cfg_.trace_speedup > 0 ? pending_at_ : now_s;
  // The trace's blocks already carry its prefix sharing: no system prompt is drawn.
  return r;
}

nlohmann::json MooncakeSource::describe() const {
  const std::uint64_t malformed_now = malformed_total_ + (reader_ ? reader_->malformed_lines() : 0);
  return {{"source", "mooncake"},
          {"file", path_},
          {"trace_speedup", cfg_.trace_speedup},
          {"replay_cycles", cfg_.replay_cycles},
          {"cycles_completed", cycles_done_},
          {"rows_replayed", taken_},
          {"blocks_requested", blocks_},
          // Lines skipped because they could not be parsed: in one pass over the file, and
          // summed over every pass made.
          {"malformed_lines", cycles_done_ > 0 ? malformed_first_pass_ : malformed_now},
          {"malformed_lines_all_passes", malformed_now},
          {"exhausted", exhausted_}};
}

}  // namespace kvbench::workload
