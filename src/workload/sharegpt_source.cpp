#include "workload/sharegpt_source.h"

#include <algorithm>

#include "workload/entry_keys.h"
#include "workload/request_traits.h"

namespace kvbench::workload {
namespace {
constexpr std::uint64_t kShareGptStream = 0x7368617265677074ull;  // "sharegpt"
}

ShareGptSource::ShareGptSource(WorkloadOptions opts, ShareGptDataset data, std::string path)
    : cfg_(std::move(opts)), data_(std::move(data)), path_(std::move(path)),
      rng_(Rng::stream(cfg_.seed_or_zero(), kShareGptStream)) {
  order_.resize(data_.conversations.size());
  for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<std::uint32_t>(i);
  shuffle();
  exhausted_ = order_.empty();
}

void ShareGptSource::shuffle() {
  for (std::size_t i = order_.size(); i > 1; --i)
    std::swap(order_[i - 1], order_[static_cast<std::size_t>(rng_.randint(0, static_cast<std::int64_t>(i) - 1))]);
}

std::optional<double> ShareGptSource::next_at() {
  if (exhausted_) return std::nullopt;
  // One request every 1/rate seconds from the start; unpaced: as soon as there is room.
  if (cfg_.request_rate > 0) return static_cast<double>(made_) / cfg_.request_rate;
  return last_take_s_;
}

Request ShareGptSource::take(double now_s, std::int64_t /*epoch_ms*/) {
  const std::optional<double> scheduled = next_at();
  const ShareGptConversation& conv = data_.conversations[order_[conv_pos_]];
  const ShareGptTurn& turn = conv.turns[turn_pos_];
  const int turn_number = static_cast<int>(turn_pos_) + 1;

  Request r;
  r.id = made_++;
  r.user_index = static_cast<int>(r.id % static_cast<std::uint64_t>(std::max(1, cfg_.num_users)));
  draw_qos(r, rng_, cfg_);
  r.context_tokens = turn.context_tokens;
  r.generate_tokens = turn.generation_tokens;
  r.phase = phase_for_context(r.context_tokens);
  r.cache_key = turn_key(conv.id, turn_number);
  if (!cfg_.disable_multi_turn) {
    r.conversation_id = conv.id;
    r.turn = turn_number;
    // Block mode: the earlier turns (prompt and answer) precede this one in the sequence.
    for (std::size_t t = 0; t < turn_pos_; ++t)
      r.history_tokens += std::uint64_t{conv.turns[t].context_tokens} + conv.turns[t].generation_tokens;
  }
  r.arrival_s = cfg_.request_rate > 0 && scheduled ? *scheduled : now_s;
  draw_prefix(r, rng_, cfg_);
  last_take_s_ = now_s;

  if (++turn_pos_ >= conv.turns.size()) {
    turn_pos_ = 0;
    if (++conv_pos_ >= order_.size()) {
      conv_pos_ = 0;
      ++cycles_done_;
      if (cfg_.replay_cycles > 0 && cycles_done_ >= cfg_.replay_cycles) exhausted_ = true;
      else shuffle();
    }
  }
  return r;
}

nlohmann::json ShareGptSource::describe() const {
  return {{"source", "sharegpt"},
          {"path", path_},
          {"conversations", data_.conversations.size()},
          {"turns", data_.total_turns()},
          {"records_read", data_.records_read},
          // Records that were not an object with a usable "conversations" array, and message
          // pairs that were not (human, gpt) with text: skipped, never fatal.
          {"malformed_records", data_.records_skipped},
          {"skipped_message_pairs", data_.pairs_skipped},
          {"request_rate", cfg_.request_rate},
          {"replay_cycles", cfg_.replay_cycles},
          {"cycles_completed", cycles_done_},
          {"requests_made", made_},
          {"multi_turn", !cfg_.disable_multi_turn}};
}

}  // namespace kvbench::workload
