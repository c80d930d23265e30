// RAG documents (spec §5.4): chunk sizes and counts, document size ranges, the zipfian and
// uniform retrieval distributions (statistically, fixed seeds), max_documents eviction.
#include "workload/rag_corpus.h"

#include <gtest/gtest.h>

#include <set>

namespace kvbench::workload {
namespace {

const model::ModelSpec& find(const char* key) {
  static const auto models = model::builtin_models();
  for (const auto& m : models)
    if (m.key == key) return m;
  throw std::runtime_error(key);
}

TEST(RagCorpus, ChunksAreCeilOfTokensOverChunkSizeWithTheRemainderLast) {
  RagCorpus corpus(Rag{}, find("llama3.1-8b"), 1);
  EXPECT_EQ(corpus.tokens_per_chunk(), 512u);
  const auto chunks = corpus.chunk("doc_0007", 8000);
  ASSERT_EQ(chunks.size(), 16u);  // ceil(8000 / 512)
  EXPECT_EQ(chunks[0].key, "rag_doc_0007_chunk_0");
  EXPECT_EQ(chunks[15].key, "rag_doc_0007_chunk_15");
  EXPECT_EQ(chunks[0].tokens, 512u);
  EXPECT_EQ(chunks[15].tokens, 8000u - 15 * 512);
  EXPECT_EQ(corpus.chunk("d", 512).size(), 1u);
  EXPECT_EQ(corpus.chunk("d", 513).size(), 2u);
}

TEST(RagCorpus, MaxChunkBytesBoundsTheChunk) {
  Rag rag;
  rag.max_chunk_bytes = 1 << 20;  // 1 MiB / 131,072 B per token = 8 tokens
  EXPECT_EQ(RagCorpus(rag, find("llama3.1-8b"), 1).tokens_per_chunk(), 8u);
  rag.max_chunk_bytes = 1;  // less than one token: still 1
  EXPECT_EQ(RagCorpus(rag, find("llama3.1-8b"), 1).tokens_per_chunk(), 1u);
}

TEST(RagCorpus, DocumentSizesComeFromTheModelsRange) {
  RagCorpus small(Rag{}, find("llama3.1-8b"), 5);
  RagCorpus large(Rag{}, find("llama3.1-70b-instruct"), 5);
  for (int i = 0; i < 200; ++i) {
    const auto s = small.plan(i), l = large.plan(i);
    EXPECT_GE(s.tokens, 4000u);
    EXPECT_LE(s.tokens, 12000u);
    EXPECT_GE(l.tokens, 1024u);
    EXPECT_LE(l.tokens, 4096u);
  }
  EXPECT_EQ(small.plan(3).id, "doc_0003");
  EXPECT_EQ(small.plan(3).tokens, RagCorpus(Rag{}, find("llama3.1-8b"), 5).plan(3).tokens);
}

std::vector<double> first_pick_frequencies(const RagCorpus& corpus, std::size_t n, int draws) {
  Rng rng(77);
  std::vector<double> f(n, 0);
  for (int i = 0; i < draws; ++i) f[corpus.draw_chunks(n, rng)[0]] += 1.0 / draws;
  return f;
}

TEST(RagCorpus, ZipfianRetrievalFavoursEarlyChunksAsOneOverRank) {
  RagCorpus corpus(Rag{}, find("llama3.1-8b"), 1);
  const std::size_t n = 10;
  const auto f = first_pick_frequencies(corpus, n, 200000);
  double h = 0;
  for (std::size_t i = 0; i < n; ++i) h += 1.0 / static_cast<double>(i + 1);
  for (std::size_t i = 0; i < n; ++i) EXPECT_NEAR(f[i], 1.0 / static_cast<double>(i + 1) / h, 0.006) << i;
}

TEST(RagCorpus, UniformRetrievalIsFlat) {
  Rag rag;
  rag.retrieval_distribution = "random";  // an alias of uniform
  RagCorpus corpus(rag, find("llama3.1-8b"), 1);
  EXPECT_TRUE(corpus.distribution_known());
  EXPECT_EQ(corpus.distribution(), RetrievalDistribution::Uniform);
  for (double p : first_pick_frequencies(corpus, 8, 160000)) EXPECT_NEAR(p, 1.0 / 8, 0.006);
  rag.retrieval_distribution = "pareto";
  EXPECT_FALSE(RagCorpus(rag, find("llama3.1-8b"), 1).distribution_known());
}

TEST(RagCorpus, RetrievalTakesTopKDistinctChunks) {
  RagCorpus corpus(Rag{}, find("llama3.1-8b"), 1);
  Rng rng(3);
  for (int i = 0; i < 1000; ++i) {
    const auto picked = corpus.draw_chunks(16, rng);
    ASSERT_EQ(picked.size(), 5u);
    EXPECT_EQ(std::set<std::size_t>(picked.begin(), picked.end()).size(), 5u);
    for (auto p : picked) EXPECT_LT(p, 16u);
  }
  EXPECT_EQ(corpus.draw_chunks(3, rng).size(), 3u);  // min(top_k, chunks)
  EXPECT_TRUE(corpus.draw_chunks(0, rng).empty());
}

TEST(RagCorpus, NothingToRetrieveBeforeIngestion) {
  RagCorpus corpus(Rag{}, find("llama3.1-8b"), 1);
  Rng rng(1);
  EXPECT_FALSE(corpus.retrieve(rng));
  corpus.add(corpus.plan(0));
  const auto r = corpus.retrieve(rng);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->doc_id, "doc_0000");
  std::uint64_t sum = 0;
  for (const auto& c : r->chunks) sum += c.tokens;
  EXPECT_EQ(r->tokens(), sum);
}

TEST(RagCorpus, MaxDocumentsPushesOutTheOldestDocuments) {
  Rag rag;
  rag.max_documents = 2;
  RagCorpus corpus(rag, find("llama3.1-8b"), 1);
  EXPECT_TRUE(corpus.add(corpus.plan(0)).empty());
  EXPECT_TRUE(corpus.add(corpus.plan(1)).empty());
  const auto dropped = corpus.add(corpus.plan(2));
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0].id, "doc_0000");
  EXPECT_FALSE(dropped[0].chunks.empty());  // what the engine must remove from the cache
  EXPECT_EQ(corpus.documents(), 2u);
  EXPECT_EQ(corpus.documents_ingested(), 3u);
  EXPECT_EQ(corpus.documents_evicted(), 1u);
}

}  // namespace
}  // namespace kvbench::workload
