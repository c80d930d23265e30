#include "workload/rag_corpus.h"

#include <algorithm>

#include "workload/entry_keys.h"

namespace kvbench::workload {
namespace {

// Keeps the documents' sizes apart from every other random stream of the run.
constexpr std::uint64_t kDocumentStream = 0x7261675f646f6373ull;  // "rag_docs"

}  // namespace

std::uint64_t Retrieval::tokens() const {
  std::uint64_t sum = 0;
  for (const auto& c : chunks) sum += c.tokens;
  return sum;
}

RagCorpus::RagCorpus(const Rag& rag, const model::ModelSpec& model, std::uint64_t seed)
    : rag_(rag), large_model_(model::is_large_model(model)), seed_(seed) {
  const std::uint64_t bpt = std::max<std::uint64_t>(model::bytes_per_token(model), 1);
  const std::uint64_t by_bytes =
      rag.max_chunk_bytes > 0 ? static_cast<std::uint64_t>(rag.max_chunk_bytes) / bpt : 0;
  const std::uint64_t by_tokens = rag.chunk_size_tokens > 0 ? static_cast<std::uint64_t>(rag.chunk_size_tokens) : 1;
  chunk_tokens_ = std::max<std::uint64_t>(1, std::min(by_tokens, by_bytes));
  const std::string& d = rag.retrieval_distribution;
  if (d == "uniform" || d == "random") distribution_ = RetrievalDistribution::Uniform;
  else distribution_known_ = d == "zipfian";
}

std::vector<RagChunk> RagCorpus::chunk(const std::string& id, std::uint64_t tokens) const {
  std::vector<RagChunk> chunks;
  const std::uint64_t n = (tokens + chunk_tokens_ - 1) / chunk_tokens_;
  chunks.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i)
    chunks.push_back({rag_chunk_key(id, i),
                      std::min(chunk_tokens_, tokens - i * chunk_tokens_)});
  return chunks;
}

RagDocument RagCorpus::plan(int index) const {
  Rng rng = Rng::stream(seed_ ^ kDocumentStream, static_cast<std::uint64_t>(index));
  const int lo = large_model_ ? rag_.large_model_doc_tokens_min : rag_.small_model_doc_tokens_min;
  const int hi = large_model_ ? rag_.large_model_doc_tokens_max : rag_.small_model_doc_tokens_max;
  RagDocument doc;
  doc.id = rag_document_id(index);
  doc.tokens = static_cast<std::uint64_t>(rng.randint(std::max(0, lo), std::max(lo, hi)));
  doc.chunks = chunk(doc.id, doc.tokens);
  return doc;
}

std::vector<RagDocument> RagCorpus::add(RagDocument doc) {
  std::vector<RagDocument> dropped;
  std::lock_guard<std::mutex> lock(mu_);
  if (rag_.max_documents > 0) {
    while (docs_.size() >= static_cast<std::size_t>(rag_.max_documents)) {
      dropped.push_back(std::move(docs_.front()));
      docs_.pop_front();
      ++evicted_;
    }
  }
  docs_.push_back(std::move(doc));
  ++ingested_;
  return dropped;
}

std::vector<std::size_t> RagCorpus::draw_chunks(std::size_t n, Rng& rng) const {
  const std::size_t k = std::min<std::size_t>(n, static_cast<std::size_t>(std::max(0, rag_.top_k_chunks)));
  std::vector<std::size_t> picked;
  if (k == 0) return picked;
  // numpy's choice(n, k, replace=False, p): successive draws, each from the chunks not yet
  // taken with their weights renormalised. Zipfian weight of chunk i is 1/(i+1).
  std::vector<double> weight(n);
  for (std::size_t i = 0; i < n; ++i)
    weight[i] = distribution_ == RetrievalDistribution::Zipfian ? 1.0 / static_cast<double>(i + 1) : 1.0;
  double total = 0;
  for (double w : weight) total += w;
  picked.reserve(k);
  for (std::size_t draw = 0; draw < k; ++draw) {
    double u = rng.random() * total;
    std::size_t chosen = n;
    for (std::size_t i = 0; i < n; ++i) {
      if (weight[i] == 0) continue;
      chosen = i;  // the last candidate also absorbs rounding at the top end
      if (u < weight[i]) break;
      u -= weight[i];
    }
    picked.push_back(chosen);
    total -= weight[chosen];
    weight[chosen] = 0;
  }
  return picked;
}

std::optional<Retrieval> RagCorpus::retrieve(Rng& rng) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (docs_.empty()) return std::nullopt;
  const RagDocument& doc = docs_[static_cast<std::size_t>(rng.randint(0, static_cast<std::int64_t>(docs_.size()) - 1))];
  Retrieval r;
  r.doc_id = doc.id;
  for (std::size_t i : draw_chunks(doc.chunks.size(), rng)) r.chunks.push_back(doc.chunks[i]);
  return r;
}

std::size_t RagCorpus::documents() const {
  std::lock_guard<std::mutex> lock(mu_);
  return docs_.size();
}

std::uint64_t RagCorpus::documents_ingested() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ingested_;
}

std::uint64_t RagCorpus::documents_evicted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return evicted_;
}

}  // namespace kvbench::workload
