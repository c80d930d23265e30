// RAG ingestion (spec §5.4): every chunk of a document is written through the cache, and
// rag.max_documents really removes the pushed-out documents' entries from the cache
// (spec §11.2.5: the reference only forgot their metadata).
#include "engine/rag_ingest.h"

#include <gtest/gtest.h>

#include <limits>

#include "app/engine_options.h"
#include "stats/counter_observer.h"
#include "tiers/null_tier.h"

namespace kvbench::engine {
namespace {

std::unique_ptr<cache::MultiTierCache> null_cache(stats::CounterObserver& counting) {
  std::vector<cache::TierSetup> tiers;
  tiers.push_back({std::make_unique<tiers::NullTier>(Level::Gpu), 0});
  tiers.push_back({std::make_unique<tiers::NullTier>(Level::Cpu), 0});
  tiers.push_back({std::make_unique<tiers::NullTier>(Level::Storage), std::numeric_limits<double>::infinity()});
  return std::make_unique<cache::MultiTierCache>(std::move(tiers), cache::CacheOptions{}, IoObserverList{&counting});
}

TEST(RagIngest, WritesEveryChunkOfEveryDocument) {
  config::RunConfig cfg;
  cfg.rag_num_docs = 4;
  stats::CacheCounters counters;
  stats::CounterObserver counting(counters);
  auto cache = null_cache(counting);
  workload::RagCorpus corpus(cfg.settings.rag, cfg.model_spec(), 1);
  RagIngestor ingest(app::engine_options_for(cfg), corpus, *cache);
  ingest.ingest_all(StopSignal{});
  std::uint64_t chunks = 0;
  for (int i = 0; i < 4; ++i) {
    const auto doc = corpus.plan(i);
    chunks += doc.chunks.size();
    for (const auto& c : doc.chunks) {
      const auto where = cache->lookup(c.key);
      ASSERT_TRUE(where) << c.key;
      EXPECT_EQ(where->second, model::entry_bytes(cfg.model_spec(), c.tokens, 1));
    }
  }
  EXPECT_EQ(corpus.documents(), 4u);
  EXPECT_EQ(ingest.describe()["chunks_written"], chunks);
  EXPECT_EQ(stats::CacheCounters::get(counters.prefill_writes), chunks);
}

TEST(RagIngest, MaxDocumentsRemovesTheEvictedDocumentsEntries) {
  config::RunConfig cfg;
  cfg.rag_num_docs = 5;
  cfg.settings.rag.max_documents = 2;
  stats::CacheCounters counters;
  stats::CounterObserver counting(counters);
  auto cache = null_cache(counting);
  workload::RagCorpus corpus(cfg.settings.rag, cfg.model_spec(), 1);
  RagIngestor ingest(app::engine_options_for(cfg), corpus, *cache);
  ingest.ingest(0);
  cache->allocate("rag_doc_0000", 4096, 32);  // the document's RAG-query entry
  for (int i = 1; i < 5; ++i) ingest.ingest(i);
  for (int i = 0; i < 5; ++i) {
    for (const auto& c : corpus.plan(i).chunks)
      EXPECT_EQ(cache->lookup(c.key).has_value(), i >= 3) << c.key;  // only the last two remain
  }
  EXPECT_FALSE(cache->lookup("rag_doc_0000"));
  EXPECT_EQ(corpus.documents(), 2u);
  const auto d = ingest.describe();
  EXPECT_EQ(d["documents_evicted"], 3);
  std::uint64_t evicted_chunks = 0;
  for (int i = 0; i < 3; ++i) evicted_chunks += corpus.plan(i).chunks.size();
  EXPECT_EQ(d["entries_removed"], evicted_chunks + 1);
  // Usage is exact after the removals: only the two held documents' chunks.
  std::uint64_t held = 0;
  for (int i = 3; i < 5; ++i)
    for (const auto& c : corpus.plan(i).chunks) held += model::entry_bytes(cfg.model_spec(), c.tokens, 1);
  std::uint64_t used = 0;
  for (const auto& u : cache->usage()) used += u.used_bytes;
  EXPECT_EQ(used, held);
}

}  // namespace
}  // namespace kvbench::engine
