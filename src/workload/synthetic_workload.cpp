#include "workload/synthetic_workload.h"

#include <algorithm>
#include <cstdio>
#include <random>

#include "workload/entry_keys.h"
#include "workload/request_traits.h"

namespace kvbench::workload {
namespace {

std::uint64_t profile_seed(const WorkloadOptions& cfg) {
  if (cfg.seed) return static_cast<std::uint64_t>(*cfg.seed);
  std::random_device rd;  // no --seed: like the reference, users differ from run to run
  return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

}  // namespace

SyntheticWorkload::SyntheticWorkload(WorkloadOptions opts, int profile_count)
    : cfg_(std::move(opts)),
      conversations_(cfg_.conversation.max_conversations, cfg_.conversation.max_turns_per_conv) {
  const std::uint64_t seed = profile_seed(cfg_);
  // Profiles are drawn in order, so the first num_users are the same however many more the
  // autoscaler may add.
  users_ = make_user_profiles(profile_count > cfg_.num_users ? profile_count : cfg_.num_users, seed, cfg_);
  state_.reserve(users_.size());
  for (std::size_t i = 0; i < users_.size(); ++i) state_.push_back({Rng::stream(seed, i), {}});
}

double SyntheticWorkload::next_think_s(int user) {
  auto& st = state_[static_cast<std::size_t>(user)];
  return users_[static_cast<std::size_t>(user)].think_time * st.rng.uniform(0.8, 1.2);
}

Request SyntheticWorkload::next_request(int user, double now_s, std::int64_t epoch_ms) {
  const auto u = static_cast<std::size_t>(user);
  const UserProfile& profile = users_[u];
  UserState& st = state_[u];
  Rng& rng = st.rng;

  if (!cfg_.disable_multi_turn) {
    // End the conversation with the configured probability or at the turn cap. A conversation
    // the manager dropped to respect its cap simply ends too (the reference's thread died,
    // spec §11.2.2).
    if (!st.conversation.empty() &&
        (rng.random() < cfg_.conversation.end_conversation_probability ||
         conversations_.at_turn_limit(st.conversation) || !conversations_.exists(st.conversation)))
      st.conversation.clear();
    if (st.conversation.empty()) st.conversation = conversations_.start(profile.id, epoch_ms);
  }

  Request r;
  r.id = next_request_id_++;
  r.user_index = user;
  r.qos = profile.qos;
  r.priority = cfg_.qos_profiles[static_cast<std::size_t>(profile.qos)].priority;
  r.context_tokens = static_cast<std::uint64_t>(
      rng.randint(std::max(1, profile.context_length / 4), profile.context_length));
  r.generate_tokens = static_cast<std::uint64_t>(
      rng.randint(std::max(1, profile.generation_length / 4), profile.generation_length));
  r.arrival_s = now_s;
  r.phase = phase_for_context(r.context_tokens);

  if (!cfg_.disable_multi_turn) {
    r.conversation_id = st.conversation;
    r.history_tokens = conversations_.cumulative_tokens(st.conversation);
    r.turn = conversations_.add_turn(st.conversation, r.context_tokens + r.generate_tokens);
    r.cache_key = turn_key(st.conversation, r.turn);
  } else {
    r.cache_key = request_key(profile.id, r.id);
  }

  draw_prefix(r, rng, cfg_);
  return r;
}

}  // namespace kvbench::workload
