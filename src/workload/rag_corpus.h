// RAG documents (spec §5.4): how a document is chunked, which documents are ingested, which
// chunks a query retrieves (zipfian or uniform) and which documents max_documents pushes out.
// Metadata only: the engine writes and removes the chunk entries in the cache. The engine's
// ingestion and the arrival source use it from different threads, hence the lock.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "workload/workload_settings.h"
#include "model/model_spec.h"
#include "workload/rng.h"

namespace kvbench::workload {

struct RagChunk {
  std::string key;  // "rag_{doc_id}_chunk_{i}"
  std::uint64_t tokens = 0;
};

struct RagDocument {
  std::string id;  // "doc_{i:04d}"
  std::uint64_t tokens = 0;
  std::vector<RagChunk> chunks;
};

enum class RetrievalDistribution { Zipfian, Uniform };

struct Retrieval {
  std::string doc_id;
  std::vector<RagChunk> chunks;  // distinct chunks, in the order drawn
  std::uint64_t tokens() const;
};

class RagCorpus {
 public:
  // `distribution_known` reports whether rag.retrieval_distribution named a known choice
  // (zipfian, uniform, random); an unknown one falls back to zipfian as the reference does.
  RagCorpus(const Rag& rag, const model::ModelSpec& model, std::uint64_t seed);

  bool distribution_known() const { return distribution_known_; }
  RetrievalDistribution distribution() const { return distribution_; }
  // max(1, min(chunk_size_tokens, max_chunk_bytes / bytes_per_token)).
  std::uint64_t tokens_per_chunk() const { return chunk_tokens_; }

  // Document `index` as ingestion will write it: its size drawn from the model's range
  // (large models [1024, 4096], others [4000, 12000] by default) and its chunks.
  // Deterministic per (seed, index).
  RagDocument plan(int index) const;
  // Chunks of a document of `tokens` tokens: ceil(tokens / tokens_per_chunk), the last one
  // holding the remainder.
  std::vector<RagChunk> chunk(const std::string& doc_id, std::uint64_t tokens) const;

  // Registers an ingested document (with only the chunks that were written). With
  // max_documents > 0, first drops the oldest documents until there is room and returns
  // them: their entries must be removed from the cache.
  std::vector<RagDocument> add(RagDocument doc);

  // A query: a random ingested document and min(top_k_chunks, chunks) distinct chunks of it.
  // Nothing while no document is ingested (the reference's fix 2eb39cf).
  std::optional<Retrieval> retrieve(Rng& rng) const;
  // The chunk indices a query draws from `n` chunks (exposed for tests).
  std::vector<std::size_t> draw_chunks(std::size_t n, Rng& rng) const;

  std::size_t documents() const;
  std::uint64_t documents_ingested() const;
  std::uint64_t documents_evicted() const;

 private:
  Rag rag_;
  bool large_model_;
  std::uint64_t chunk_tokens_;
  std::uint64_t seed_;
  RetrievalDistribution distribution_ = RetrievalDistribution::Zipfian;
  bool distribution_known_ = true;

  mutable std::mutex mu_;
  std::deque<RagDocument> docs_;  // ingestion order, oldest first
  std::uint64_t ingested_ = 0, evicted_ = 0;
};

}  // namespace kvbench::workload
