// Synthetic users as an ArrivalSource (spec §5.1): a timer heap of users (no thread per user)
// over SyntheticWorkload, plus the RAG draws made with each request (§5.4) and the number of
// active users the autoscaler controls (§5.9; unlike the reference, scaling really adds and
// removes arriving users, §11.2.6). A user whose think time is zero sends its next request
// when its previous one is finished (back to back), not endlessly at the same instant.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <queue>
#include <vector>

#include "workload/arrival_source.h"
#include "workload/rag_corpus.h"
#include "workload/synthetic_workload.h"
#include "workload/workload_options.h"

namespace kvbench::workload {

class SyntheticSource final : public ArrivalSource {
 public:
  // `max_users` (>= num_users) bounds what set_active_users can reach; `rag` is null without
  // --enable-rag and must outlive the source.
  SyntheticSource(const WorkloadOptions& opts, int max_users, const RagCorpus* rag);

  const SyntheticWorkload& workload() const { return workload_; }

  std::optional<double> next_at() override;
  Request take(double now_s, std::int64_t epoch_ms) override;
  void drop(double now_s) override;
  OnFullQueue on_full_queue() const override { return OnFullQueue::Drop; }
  // A user with no think time sends its next request when its previous one is finished.
  void finished(int user, std::uint64_t request_id, double now_s) override;
  int active_users() const override { return active_; }
  // Users [0, n) arrive; users at or above n stop after the arrival already scheduled is
  // discarded; a reactivated user's next request comes one think time after `now_s`.
  bool set_active_users(int users, double now_s) override;
  nlohmann::json describe() const override;

  std::uint64_t rag_queries() const { return rag_queries_; }

 private:
  struct Due {
    double at_s;
    int user;
    bool operator>(const Due& o) const { return at_s > o.at_s || (at_s == o.at_s && user > o.user); }
  };
  // Where a user is between two of its requests.
  enum class Between : std::uint8_t {
    Off,       // switched off by the autoscaler; not in heap_
    Thinking,  // in heap_, arriving at its time
    Waiting,   // no think time: its request is with the engine, the next follows when it is done
    Refused,   // no think time: its request found the queue full; it retries when a slot opens
  };
  void discard_inactive();
  void schedule(int user, double at_s);
  void follow(const Due& due, std::optional<std::uint64_t> request_id);
  void resume(int user, double now_s);
  void add_rag_reads(Request& r, Rng& rng);
  void maybe_rag_query(const Request& r, Rng& rng);

  const WorkloadOptions& cfg() const { return workload_.options(); }

  SyntheticWorkload workload_;
  const RagCorpus* rag_;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> heap_;
  std::vector<Between> between_;
  std::vector<std::uint64_t> awaited_;  // Waiting: the id of the user's request with the engine
  std::deque<int> refused_;             // Refused users, oldest first
  int active_;
  // A RAG query request made along with a user's request; it arrives at the same time.
  std::deque<Request> extra_;
  std::uint64_t rag_queries_ = 0;
  std::uint64_t activations_ = 0, deactivations_ = 0;
};

}  // namespace kvbench::workload
