#include "workload/synthetic_source.h"

#include <algorithm>
#include <limits>

#include "workload/entry_keys.h"
#include "workload/request_traits.h"

namespace kvbench::workload {

SyntheticSource::SyntheticSource(const WorkloadOptions& opts, int max_users, const RagCorpus* rag)
    : workload_(opts, max_users), rag_(rag), active_(opts.num_users) {
  between_.assign(static_cast<std::size_t>(workload_.user_count()), Between::Off);
  awaited_.assign(between_.size(), 0);
  // Every user thinks before its first request, as the reference's user threads do.
  for (int u = 0; u < active_; ++u) schedule(u, workload_.next_think_s(u));
}

void SyntheticSource::schedule(int user, double at_s) {
  heap_.push({at_s, user});
  between_[static_cast<std::size_t>(user)] = Between::Thinking;
}

// The user's next arrival comes one think time after `due`. A think time too short to move
// time on (zero) would put every later arrival at the same instant, an endless burst that
// froze the virtual clock and spun the wall-clock scheduler: such a user's next request
// follows its previous one instead, back to back. `request_id` is empty when the arrival was
// dropped at a full queue.
void SyntheticSource::follow(const Due& due, std::optional<std::uint64_t> request_id) {
  const double next = due.at_s + workload_.next_think_s(due.user);
  if (next > due.at_s) {
    schedule(due.user, next);
    return;
  }
  const auto u = static_cast<std::size_t>(due.user);
  if (request_id) {
    between_[u] = Between::Waiting;
    awaited_[u] = *request_id;
  } else {
    between_[u] = Between::Refused;
    refused_.push_back(due.user);
  }
}

void SyntheticSource::resume(int user, double now_s) {
  if (user < active_) schedule(user, now_s);
  else between_[static_cast<std::size_t>(user)] = Between::Off;
}

void SyntheticSource::finished(int user, std::uint64_t request_id, double now_s) {
  const auto u = static_cast<std::size_t>(user);
  if (u < between_.size() && between_[u] == Between::Waiting && awaited_[u] == request_id)
    resume(user, now_s);
  // A request left the engine, so the queue has room: the user refused longest tries again.
  if (!refused_.empty()) {
    const int next = refused_.front();
    refused_.pop_front();
    resume(next, now_s);
  }
}

// Users switched off keep their entry in the heap until it surfaces here.
void SyntheticSource::discard_inactive() {
  while (!heap_.empty() && heap_.top().user >= active_) {
    between_[static_cast<std::size_t>(heap_.top().user)] = Between::Off;
    heap_.pop();
  }
}

std::optional<double> SyntheticSource::next_at() {
  if (!extra_.empty()) return extra_.front().arrival_s;
  discard_inactive();
  // Every user waits for a request of its own to finish.
  if (heap_.empty()) return std::numeric_limits<double>::infinity();
  return heap_.top().at_s;
}

Request SyntheticSource::take(double /*now_s*/, std::int64_t epoch_ms) {
  if (!extra_.empty()) {
    Request r = std::move(extra_.front());
    extra_.pop_front();
    return r;
  }
  discard_inactive();
  const Due due = heap_.top();
  heap_.pop();
  // Arrival time is the scheduled one: if the engine falls behind, the lag shows up in the
  // requests' latency instead of silently thinning the load.
  Request r = workload_.next_request(due.user, due.at_s, epoch_ms);
  follow(due, r.id);
  if (rag_) {
    Rng& rng = workload_.rng(due.user);
    add_rag_reads(r, rng);
    maybe_rag_query(r, rng);
  }
  return r;
}

void SyntheticSource::drop(double /*now_s*/) {
  if (!extra_.empty()) {
    extra_.pop_front();
    return;
  }
  discard_inactive();
  const Due due = heap_.top();
  heap_.pop();
  follow(due, std::nullopt);
}

// Worker step 4 of the reference (spec §5.4 (a)): with probability request_probability the
// request also reads the chunks of one retrieval.
void SyntheticSource::add_rag_reads(Request& r, Rng& rng) {
  if (rng.random() >= cfg().rag.request_probability) return;
  if (auto got = rag_->retrieve(rng))
    for (auto& c : got->chunks) r.rag_reads.push_back(std::move(c.key));
}

// Spec §5.1 step 8: with probability request_probability the user also sends a RAG query, a
// decode request over the document's "rag_{doc}" entry sized as the retrieved chunks.
void SyntheticSource::maybe_rag_query(const Request& r, Rng& rng) {
  if (rng.random() >= cfg().rag.request_probability) return;
  auto got = rag_->retrieve(rng);
  if (!got) return;  // no document ingested yet
  Request q;
  q.id = workload_.next_id();
  q.user_index = r.user_index;
  q.qos = r.qos;
  q.priority = r.priority;
  q.context_tokens = got->tokens();
  q.generate_tokens = static_cast<std::uint64_t>(rng.randint(50, 200));
  q.cache_key = rag_query_key(got->doc_id);
  q.phase = RequestPhase::Decode;
  q.arrival_s = r.arrival_s;
  draw_prefix(q, rng, cfg());
  add_rag_reads(q, rng);
  extra_.push_back(std::move(q));
  ++rag_queries_;
}

bool SyntheticSource::set_active_users(int users, double now_s) {
  users = std::clamp(users, 1, workload_.user_count());
  for (int u = active_; u < users; ++u) {
    // A user still waiting for its request (or refused) comes back through finished().
    if (between_[static_cast<std::size_t>(u)] == Between::Off)
      schedule(u, now_s + workload_.next_think_s(u));
    ++activations_;
  }
  if (users < active_) deactivations_ += static_cast<std::uint64_t>(active_ - users);
  active_ = users;
  return true;
}

nlohmann::json SyntheticSource::describe() const {
  nlohmann::json j{{"source", "synthetic"},
                   {"users_initial", cfg().num_users},
                   {"users_final", active_},
                   {"user_profiles", workload_.user_count()},
                   {"users_activated", activations_},
                   {"users_deactivated", deactivations_},
                   {"requests_made", workload_.requests_made()}};
  if (rag_) j["rag_queries"] = rag_queries_;
  return j;
}

}  // namespace kvbench::workload
