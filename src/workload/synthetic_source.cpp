#include "workload/synthetic_source.h"

#include <algorithm>

#include "workload/request_traits.h"

namespace kvbench::workload {

SyntheticSource::SyntheticSource(const config::RunConfig& cfg, int max_users, const RagCorpus* rag)
    : cfg_(cfg), workload_(cfg, max_users), rag_(rag), active_(cfg.num_users) {
  scheduled_.assign(static_cast<std::size_t>(workload_.user_count()), false);
  // Every user thinks before its first request, as the reference's user threads do.
  for (int u = 0; u < active_; ++u) schedule(u, workload_.next_think_s(u));
}

void SyntheticSource::schedule(int user, double at_s) {
  heap_.push({at_s, user});
  scheduled_[static_cast<std::size_t>(user)] = true;
}

// Users switched off keep their entry in the heap until it surfaces here.
void SyntheticSource::discard_inactive() {
  while (!heap_.empty() && heap_.top().user >= active_) {
    scheduled_[static_cast<std::size_t>(heap_.top().user)] = false;
    heap_.pop();
  }
}

std::optional<double> SyntheticSource::next_at() {
  if (!extra_.empty()) return extra_.front().arrival_s;
  discard_inactive();
  if (heap_.empty()) return std::nullopt;  // cannot happen: at least one user stays active
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
  schedule(due.user, due.at_s + workload_.next_think_s(due.user));
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
  schedule(due.user, due.at_s + workload_.next_think_s(due.user));
}

// Worker step 4 of the reference (spec §5.4 (a)): with probability request_probability the
// request also reads the chunks of one retrieval.
void SyntheticSource::add_rag_reads(Request& r, Rng& rng) {
  if (rng.random() >= cfg_.settings.rag.request_probability) return;
  if (auto got = rag_->retrieve(rng))
    for (auto& c : got->chunks) r.rag_reads.push_back(std::move(c.key));
}

// Spec §5.1 step 8: with probability request_probability the user also sends a RAG query, a
// decode request over the document's "rag_{doc}" entry sized as the retrieved chunks.
void SyntheticSource::maybe_rag_query(const Request& r, Rng& rng) {
  if (rng.random() >= cfg_.settings.rag.request_probability) return;
  auto got = rag_->retrieve(rng);
  if (!got) return;  // no document ingested yet
  Request q;
  q.id = workload_.next_id();
  q.user_index = r.user_index;
  q.qos = r.qos;
  q.priority = r.priority;
  q.context_tokens = got->tokens();
  q.generate_tokens = static_cast<std::uint64_t>(rng.randint(50, 200));
  q.cache_key = "rag_" + got->doc_id;
  q.phase = RequestPhase::Decode;
  q.arrival_s = r.arrival_s;
  draw_prefix(q, rng, cfg_);
  add_rag_reads(q, rng);
  extra_.push_back(std::move(q));
  ++rag_queries_;
}

bool SyntheticSource::set_active_users(int users, double now_s) {
  users = std::clamp(users, 1, workload_.user_count());
  for (int u = active_; u < users; ++u) {
    if (!scheduled_[static_cast<std::size_t>(u)]) schedule(u, now_s + workload_.next_think_s(u));
    ++activations_;
  }
  if (users < active_) deactivations_ += static_cast<std::uint64_t>(active_ - users);
  active_ = users;
  return true;
}

nlohmann::json SyntheticSource::describe() const {
  nlohmann::json j{{"source", "synthetic"},
                   {"users_initial", cfg_.num_users},
                   {"users_final", active_},
                   {"user_profiles", workload_.user_count()},
                   {"users_activated", activations_},
                   {"users_deactivated", deactivations_},
                   {"requests_made", workload_.requests_made()}};
  if (rag_) j["rag_queries"] = rag_queries_;
  return j;
}

}  // namespace kvbench::workload
