// Synthetic users (spec §5.1–5.3): turns the user profiles into Requests. A pure state machine:
// the engine says which user arrives and when; this decides what that user asks for. No I/O,
// no sleeping, no threads: only the arrival source calls it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workload/conversation_manager.h"
#include "workload/request.h"
#include "workload/rng.h"
#include "workload/user_profile.h"
#include "workload/workload_options.h"

namespace kvbench::workload {

class SyntheticWorkload {
 public:
  // Draws max(num_users, profile_count) profiles: the extra ones are users an autoscaler may
  // activate later.
  explicit SyntheticWorkload(WorkloadOptions opts, int profile_count = 0);

  int user_count() const { return static_cast<int>(users_.size()); }
  const std::vector<UserProfile>& users() const { return users_; }
  const WorkloadOptions& options() const { return cfg_; }
  // The user's own random stream, for draws made along with its request (RAG).
  Rng& rng(int user) { return state_[static_cast<std::size_t>(user)].rng; }
  // Takes the next global request number (for a request made outside next_request).
  std::uint64_t next_id() { return next_request_id_++; }

  // Time until the user's next request: think_time × U(0.8, 1.2), drawn from its own stream.
  double next_think_s(int user);

  // The user's next request, arriving at engine time `now_s`; `epoch_ms` names new
  // conversations ("conv_{user}_{epoch_ms}").
  Request next_request(int user, double now_s, std::int64_t epoch_ms);

  std::uint64_t requests_made() const { return next_request_id_; }

 private:
  struct UserState {
    Rng rng;
    std::string conversation;  // empty = none active
  };
  WorkloadOptions cfg_;
  std::vector<UserProfile> users_;
  std::vector<UserState> state_;
  ConversationManager conversations_;
  std::uint64_t next_request_id_ = 0;
};

}  // namespace kvbench::workload
