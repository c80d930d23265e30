#include "cache/entry_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace kvbench::cache {
namespace {

TEST(EntryKey, ShortKeysInPlaceLongKeysOnTheHeapBothReadBack) {
  EntryKey key;
  EXPECT_EQ(key.view(), "");
  const std::string inline_max(EntryKey::kInline, 'a');
  key.assign(inline_max);
  EXPECT_EQ(key.view(), inline_max);
  const std::string long_key = "conv_" + std::string(70000, 'x') + "_turn_1";  // > 64 KiB too
  key.assign(long_key);
  EXPECT_EQ(key.view(), long_key);
  key.assign("conv_user_0033_1795544098213_turn_1");
  EXPECT_EQ(key.view(), "conv_user_0033_1795544098213_turn_1");
  key.assign(std::string_view("a,b\0c", 5));  // any bytes, including NUL
  EXPECT_EQ(key.view(), std::string_view("a,b\0c", 5));
}

TEST(EntryTable, FindsWhatWasInsertedAndNothingElse) {
  EntryTable table;
  auto [a, created_a] = table.try_emplace("user_1_turn_1");
  ASSERT_TRUE(created_a);
  EXPECT_EQ(a->state, EntryState::Writing);
  EXPECT_EQ(a->key.view(), "user_1_turn_1");
  auto [again, created_again] = table.try_emplace("user_1_turn_1");
  EXPECT_FALSE(created_again);
  EXPECT_EQ(again, a);
  EXPECT_EQ(table.find("user_1_turn_1"), a);
  EXPECT_EQ(table.find("user_1_turn_2"), nullptr);
  EXPECT_EQ(table.size(), 1u);
}

// A model (std::map) checked against the table through random inserts and erases, enough to
// grow the index many times and to shift probe runs back on erase.
TEST(EntryTable, MatchesAMapThroughGrowthAndErase) {
  EntryTable table;
  std::map<std::string, Entry*> model;
  std::mt19937 rng(7);
  for (int step = 0; step < 200000; ++step) {
    const std::string key = "k" + std::to_string(rng() % 20000);
    if (rng() % 3 == 0) {
      if (auto it = model.find(key); it != model.end()) {
        table.erase(it->second);
        model.erase(it);
      }
    } else {
      auto [e, created] = table.try_emplace(key);
      EXPECT_EQ(created, model.count(key) == 0) << key;
      if (created) e->size = static_cast<std::uint64_t>(step);
      model.emplace(key, e);
      EXPECT_EQ(model[key], e);
    }
  }
  ASSERT_EQ(table.size(), model.size());
  for (const auto& [key, e] : model) {
    ASSERT_EQ(table.find(key), e) << key;
    EXPECT_EQ(e->key.view(), key);
  }
  for (int i = 0; i < 20000; ++i) {
    const std::string key = "k" + std::to_string(i);
    EXPECT_EQ(table.find(key) != nullptr, model.count(key) == 1) << key;
  }
  std::size_t visited = 0;
  table.for_each([&](const Entry& e) {
    ++visited;
    EXPECT_EQ(model.at(std::string(e.key.view())), &e);
  });
  EXPECT_EQ(visited, model.size());
}

TEST(EntryTable, ErasedStorageIsReusedAndEntriesComeBackFresh) {
  EntryTable table;
  Entry* first = table.try_emplace("a").first;
  first->size = 42;
  first->readers = 3;
  first->state = EntryState::Ready;
  table.erase(first);
  EXPECT_EQ(table.find("a"), nullptr);
  EXPECT_EQ(table.size(), 0u);
  Entry* second = table.try_emplace("b").first;
  EXPECT_EQ(second, first);  // same storage ...
  EXPECT_EQ(second->size, 0u);  // ... with default fields and the new key
  EXPECT_EQ(second->readers, 0u);
  EXPECT_EQ(second->state, EntryState::Writing);
  EXPECT_EQ(second->key.view(), "b");
}

TEST(EntryTable, EntriesKeepTheirAddressWhileTheTableGrows) {
  EntryTable table;
  Entry* first = table.try_emplace("first").first;
  for (int i = 0; i < 50000; ++i) table.try_emplace("key_" + std::to_string(i));
  EXPECT_EQ(table.find("first"), first);
  EXPECT_EQ(first->key.view(), "first");
}

}  // namespace
}  // namespace kvbench::cache
