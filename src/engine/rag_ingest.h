// RAG document ingestion (spec §5.4), the engine's half of the RAG workload: writes each
// document's chunks through the cache (phase Prefill, as any new entry), registers the
// document, and when rag.max_documents pushes old documents out, removes their entries from
// the cache (spec §11.2.5: the reference called a missing delete method and freed nothing).
#pragma once

#include <atomic>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "cache/multi_tier_cache.h"
#include "engine/engine_options.h"
#include "engine/stop_signal.h"
#include "workload/rag_corpus.h"

namespace kvbench::engine {

class RagIngestor {
 public:
  RagIngestor(const EngineOptions& cfg, workload::RagCorpus& corpus, cache::MultiTierCache& cache);

  // Ingests document `index` ("doc_{index:04d}").
  void ingest(int index);
  // Ingests --rag-num-docs documents in order, stopping early on a stop request.
  void ingest_all(const StopSignal& stop);

  // documents_ingested/evicted, chunks_written/failed, entries_removed.
  nlohmann::json describe() const;

 private:
  const EngineOptions cfg_;
  workload::RagCorpus& corpus_;
  cache::MultiTierCache& cache_;
  std::atomic<std::uint64_t> chunks_written_{0}, chunks_failed_{0}, entries_removed_{0};
};

}  // namespace kvbench::engine
