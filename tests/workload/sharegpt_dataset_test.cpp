// ShareGPT parsing (spec §5.5): (human, gpt) pairs at even indices, odd turns, token estimate,
// skipped and counted malformed records, the --max-conversations limit, broken files.
#include "workload/sharegpt_dataset.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/run_binary.h"

namespace kvbench::workload {
namespace {

ShareGptOptions opts(std::uint64_t max = 500) {
  ShareGptOptions o;
  o.max_conversations = max;
  return o;
}

std::string msg(const char* from, const std::string& value) {
  return std::string("{\"from\":\"") + from + "\",\"value\":\"" + value + "\"}";
}

TEST(ShareGptParse, PairsBecomeTurnsWithTheCharsOverFourEstimate) {
  const std::string text = "[{\"id\":\"abc\",\"conversations\":[" + msg("human", std::string(40, 'q')) + "," +
                           msg("gpt", std::string(8001, 'a')) + "," + msg("human", "hi") + "," +
                           msg("gpt", "") + "]}]";
  const auto d = parse_sharegpt(text, opts());
  ASSERT_TRUE(d.error.empty()) << d.error;
  ASSERT_EQ(d.conversations.size(), 1u);
  const auto& c = d.conversations[0];
  EXPECT_EQ(c.id, "abc");
  ASSERT_EQ(c.turns.size(), 2u);
  EXPECT_EQ(c.turns[0].context_tokens, 10u);      // 40 / 4
  EXPECT_EQ(c.turns[0].generation_tokens, 2000u);  // 8001 / 4
  EXPECT_EQ(c.turns[1].context_tokens, 1u);        // at least 1
  EXPECT_EQ(c.turns[1].generation_tokens, 1u);     // empty text: 1
}

TEST(ShareGptParse, CapsAndUnicodeCharactersNotBytes) {
  // 8 characters of 3 bytes each: 2 tokens, not 6.
  EXPECT_EQ(estimate_tokens("\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac\u20ac", 4, 100), 2u);
  const std::string text = "[{\"conversations\":[" + msg("human", std::string(100000, 'x')) + "," +
                           msg("gpt", std::string(100000, 'y')) + "]}]";
  const auto d = parse_sharegpt(text, opts());
  ASSERT_EQ(d.conversations.size(), 1u);
  EXPECT_EQ(d.conversations[0].turns[0].context_tokens, 16384u);
  EXPECT_EQ(d.conversations[0].turns[0].generation_tokens, 2048u);
}

TEST(ShareGptParse, OddTurnsAndMismatchedPairs) {
  // human, gpt, human (odd: the last message has no answer and is ignored)
  const std::string odd = "{\"id\":\"odd\",\"conversations\":[" + msg("human", "aaaa") + "," + msg("gpt", "bbbb") +
                          "," + msg("human", "unanswered") + "]}";
  // system, human, gpt, human, gpt: every pair at an even index is out of step
  const std::string shifted = "{\"id\":\"shifted\",\"conversations\":[" + msg("system", "s") + "," +
                              msg("human", "h") + "," + msg("gpt", "g") + "," + msg("human", "h") + "," +
                              msg("gpt", "g") + "]}";
  // gpt first, then a good pair
  const std::string partial = "{\"id\":\"partial\",\"conversations\":[" + msg("gpt", "g") + "," +
                              msg("human", "h") + "," + msg("human", "hhhh") + "," + msg("gpt", "gggg") + "]}";
  const auto d = parse_sharegpt("[" + odd + "," + shifted + "," + partial + "]", opts());
  ASSERT_EQ(d.conversations.size(), 2u);
  EXPECT_EQ(d.conversations[0].id, "odd");
  EXPECT_EQ(d.conversations[0].turns.size(), 1u);
  EXPECT_EQ(d.conversations[1].id, "partial");
  EXPECT_EQ(d.conversations[1].turns.size(), 1u);
  EXPECT_EQ(d.records_skipped, 1u);  // "shifted" has no usable pair
  EXPECT_EQ(d.pairs_skipped, 3u);    // 2 in "shifted", 1 in "partial"
}

TEST(ShareGptParse, MalformedRecordsAreSkippedAndCounted) {
  const std::string good = "{\"conversations\":[" + msg("human", "h") + "," + msg("gpt", "g") + "]}";
  const std::string text = "[" + good + ", 5, \"text\", null, [1,2], {\"id\":\"x\"}, " +
                           "{\"conversations\": \"not a list\"}, " +
                           "{\"conversations\": [1, {\"from\":\"human\",\"value\":3}, " + msg("gpt", "g") + "]}, " +
                           "{\"id\": 42, \"meta\": {\"conversations\": []}, \"conversations\":[" + msg("human", "h") +
                           "," + msg("gpt", "g") + "]}]";
  const auto d = parse_sharegpt(text, opts());
  ASSERT_TRUE(d.error.empty()) << d.error;
  ASSERT_EQ(d.conversations.size(), 2u);
  EXPECT_EQ(d.conversations[0].id, "conv_0");  // no id: its index among the records
  EXPECT_EQ(d.conversations[1].id, "42");      // a numeric id, as Python's str()
  EXPECT_EQ(d.records_read, 9u);
  EXPECT_EQ(d.records_skipped, 7u);
}

TEST(ShareGptParse, ReadsOnlyMaxConversationsRecords) {
  std::string text = "[";
  for (int i = 0; i < 10; ++i)
    text += std::string(i ? "," : "") + "{\"conversations\":[" + msg("human", "h") + "," + msg("gpt", "g") + "]}";
  text += ",BROKEN";  // never reached
  const auto d = parse_sharegpt(text, opts(4));
  EXPECT_TRUE(d.error.empty()) << d.error;
  EXPECT_EQ(d.conversations.size(), 4u);
  EXPECT_EQ(d.records_read, 4u);
  EXPECT_TRUE(d.stopped_at_limit);
  EXPECT_EQ(d.conversations[3].id, "conv_3");
}

TEST(ShareGptParse, BrokenOrWrongShapedTextSetsAnErrorAndKeepsWhatWasRead) {
  EXPECT_FALSE(parse_sharegpt("{\"conversations\": []}", opts()).error.empty());
  EXPECT_FALSE(parse_sharegpt("\"just text\"", opts()).error.empty());
  EXPECT_FALSE(parse_sharegpt("", opts()).error.empty());
  const auto empty = parse_sharegpt(" [ ] ", opts());
  EXPECT_TRUE(empty.error.empty());
  EXPECT_EQ(empty.records_read, 0u);
  const std::string cut = "[{\"conversations\":[" + msg("human", "h") + "," + msg("gpt", "g") +
                          "]}, {\"conversations\":[" + msg("human", "h");
  const auto d = parse_sharegpt(cut, opts());
  EXPECT_FALSE(d.error.empty());
  EXPECT_EQ(d.conversations.size(), 1u);
}

TEST(ShareGptParse, FileIsStreamedAndAMissingOneReportsWhy) {
  testing_support::TempDir dir;
  std::ofstream(dir.file("d.json")) << "[{\"id\":\"f\",\"conversations\":[" << msg("human", "hello there")
                                    << "," << msg("gpt", "general kenobi") << "]}]";
  const auto d = load_sharegpt_file(dir.file("d.json"), opts());
  ASSERT_EQ(d.conversations.size(), 1u);
  EXPECT_EQ(d.conversations[0].turns[0].context_tokens, 2u);
  EXPECT_NE(load_sharegpt_file(dir.file("missing.json"), opts()).error.find("cannot open"), std::string::npos);
}

TEST(ShareGptParse, TheSampleDatasetParses) {
  const auto d = load_sharegpt_file(std::string(KVBENCH_SOURCE_DIR) + "/tests/data/workload/sharegpt_sample.json", opts());
  ASSERT_TRUE(d.error.empty()) << d.error;
  EXPECT_EQ(d.records_read, 12u);
  EXPECT_EQ(d.conversations.size(), 11u);  // the one opening with a system message has no pair
  EXPECT_EQ(d.total_turns(), 39u);
}

}  // namespace
}  // namespace kvbench::workload
