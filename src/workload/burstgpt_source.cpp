#include "workload/burstgpt_source.h"

#include "common/log.h"
#include "workload/entry_keys.h"
#include "workload/request_traits.h"

namespace kvbench::workload {
namespace {
constexpr std::uint64_t kBurstStream = 0x6275727374677074ull;  // "burstgpt"
}

BurstGptSource::BurstGptSource(WorkloadOptions opts, std::vector<std::string> files)
    : cfg_(std::move(opts)), files_(std::move(files)), rng_(Rng::stream(cfg_.seed_or_zero(), kBurstStream)) {}

bool BurstGptSource::load_next() {
  while (!exhausted_) {
    if (!reader_) {
      reader_.emplace(files_);
      rows_in_cycle_ = 0;
      prev_ts_.reset();  // a new cycle starts without a gap
    }
    if (auto row = reader_->next()) {
      if (prev_ts_ && cfg_.trace_speedup > 0 && row->timestamp > *prev_ts_)
        schedule_s_ += (row->timestamp - *prev_ts_) / cfg_.trace_speedup;
      prev_ts_ = row->timestamp;
      pending_ = *row;
      pending_at_ = schedule_s_;
      ++rows_in_cycle_;
      return true;
    }
    // End of a pass over the files.
    malformed_total_ += reader_->malformed_rows();
    if (cycles_done_ == 0) malformed_first_pass_ = reader_->malformed_rows();
    reader_.reset();
    if (rows_in_cycle_ == 0) {
      log::warning("BurstGPT trace yielded 0 rows in a replay cycle; replay ends");
      exhausted_ = true;
      break;
    }
    ++cycles_done_;
    if (cfg_.replay_cycles > 0 && cycles_done_ >= cfg_.replay_cycles) {
      log::info("Completed " + std::to_string(cycles_done_) + " replay cycle(s). Trace total_tokens sum: " +
                std::to_string(total_tokens_));
      exhausted_ = true;
    }
  }
  return false;
}

std::optional<double> BurstGptSource::next_at() {
  if (!pending_ && !load_next()) return std::nullopt;
  return cfg_.trace_speedup > 0 ? pending_at_ : last_take_s_;
}

Request BurstGptSource::take(double now_s, std::int64_t /*epoch_ms*/) {
  if (!pending_) load_next();  // the engine calls next_at() first; this keeps take() total
  const BurstRow row = pending_.value_or(BurstRow{});
  pending_.reset();
  const std::uint64_t index = taken_++;
  total_tokens_ += row.total_tokens;
  last_take_s_ = now_s;

  Request r;
  r.id = index;
  r.user_index = static_cast<int>(index % kTraceUsers);
  draw_qos(r, rng_, cfg_);
  r.context_tokens = row.request_tokens;
  r.generate_tokens = row.response_tokens;
  r.phase = phase_for_context(r.context_tokens);
  // Unique per row, as the reference's "trace_user_{i % 1000}_req_{id:04d}": no reuse.
  r.cache_key = burst_request_key(r.user_index, index);
  // Paced rows keep their scheduled time, so a late engine shows up as latency; unpaced rows
  // arrive when the engine has room for them.
  r.arrival_s = cfg_.trace_speedup > 0 ? pending_at_ : now_s;
  draw_prefix(r, rng_, cfg_);
  return r;
}

nlohmann::json BurstGptSource::describe() const {
  std::uint64_t malformed_now = malformed_total_ + (reader_ ? reader_->malformed_rows() : 0);
  return {{"source", "burstgpt"},
          {"files", files_},
          {"trace_speedup", cfg_.trace_speedup},
          {"replay_cycles", cfg_.replay_cycles},
          {"cycles_completed", cycles_done_},
          {"rows_replayed", taken_},
          {"trace_total_tokens", total_tokens_},
          // Rows skipped because they could not be parsed: in one pass over the files, and
          // summed over every pass made.
          {"malformed_rows", cycles_done_ > 0 ? malformed_first_pass_ : malformed_now},
          {"malformed_rows_all_passes", malformed_now},
          {"exhausted", exhausted_}};
}

}  // namespace kvbench::workload
