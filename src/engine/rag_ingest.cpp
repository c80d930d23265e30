#include "engine/rag_ingest.h"

#include "common/log.h"
#include "model/kv_layout.h"
#include "workload/entry_keys.h"

namespace kvbench::engine {

RagIngestor::RagIngestor(const EngineOptions& cfg, workload::RagCorpus& corpus,
                         cache::MultiTierCache& cache)
    : cfg_(cfg), corpus_(corpus), cache_(cache) {}

void RagIngestor::ingest(int index) {
  workload::RagDocument doc = corpus_.plan(index);
  std::vector<workload::RagChunk> written;
  written.reserve(doc.chunks.size());
  const model::KvLayout layout(cfg_.model_spec(), cfg_.tensor_parallel);
  for (auto& chunk : doc.chunks) {
    const cache::WriteResult w = cache_.allocate(layout.entry(chunk.key, chunk.tokens), Phase::Prefill);
    if (!w.ok) {
      chunks_failed_.fetch_add(1, std::memory_order_relaxed);
      log::warning("Failed to allocate cache for chunk " + chunk.key + ".");
      continue;  // as the reference: a document keeps the chunks that could be written
    }
    chunks_written_.fetch_add(1, std::memory_order_relaxed);
    written.push_back(std::move(chunk));
  }
  doc.chunks = std::move(written);
  for (const workload::RagDocument& old : corpus_.add(std::move(doc))) {
    std::uint64_t removed = 0;
    for (const auto& chunk : old.chunks) removed += cache_.remove(chunk.key) ? 1 : 0;
    // The document's query entry ("rag_{doc}", written by its first RAG query) goes too.
    removed += cache_.remove(workload::rag_query_key(old.id)) ? 1 : 0;
    entries_removed_.fetch_add(removed, std::memory_order_relaxed);
    log::debug("Evicted RAG document " + old.id + " (" + std::to_string(old.chunks.size()) +
               " chunks, " + std::to_string(removed) + " cache entries removed)");
  }
}

void RagIngestor::ingest_all(const StopSignal& stop) {
  for (int i = 0; i < cfg_.rag_num_docs && !stop.requested(); ++i) ingest(i);
}

nlohmann::json RagIngestor::describe() const {
  return {{"documents_ingested", corpus_.documents_ingested()},
          {"documents_evicted", corpus_.documents_evicted()},
          {"documents_held", corpus_.documents()},
          {"tokens_per_chunk", corpus_.tokens_per_chunk()},
          {"chunks_written", chunks_written_.load()},
          {"chunks_failed", chunks_failed_.load()},
          {"entries_removed", entries_removed_.load()},
          {"retrieval_distribution",
           corpus_.distribution() == workload::RetrievalDistribution::Uniform ? "uniform" : "zipfian"}};
}

}  // namespace kvbench::engine
