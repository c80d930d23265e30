// NVMe file names: safe for any key, unique, readable for ordinary keys, and recognisable.
#include "tiers/entry_file_name.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>

namespace kvbench::tiers {
namespace {

TEST(EntryFileName, OrdinaryKeysStayReadable) {
  EXPECT_EQ(entry_file_name("user_0001_ctx"), "user_0001_ctx.kv");
  EXPECT_EQ(entry_file_name("conv_user-7_turn_3"), "conv_user-7_turn_3.kv");
  EXPECT_EQ(entry_file_name("a.b"), "a.b.kv");
}

TEST(EntryFileName, UnsafeBytesAreEscaped) {
  EXPECT_EQ(entry_file_name("a/b"), "a%2Fb.kv");
  EXPECT_EQ(entry_file_name("../etc/passwd"), "%2E.%2Fetc%2Fpasswd.kv");
  EXPECT_EQ(entry_file_name(".hidden"), "%2Ehidden.kv");
  EXPECT_EQ(entry_file_name("."), "%2E.kv");
  EXPECT_EQ(entry_file_name("50%"), "50%25.kv");
  EXPECT_EQ(entry_file_name(std::string("a\0b", 3)), "a%00b.kv");
  EXPECT_EQ(entry_file_name("sp ace\n"), "sp%20ace%0A.kv");
  EXPECT_EQ(entry_file_name(""), "%.kv");
  for (const std::string key : {"a/b", "../x", "/", "~", "\xff\xfe"}) {
    const std::string name = entry_file_name(key);
    EXPECT_EQ(name.find('/'), std::string::npos) << key;
    EXPECT_NE(name[0], '.') << key;
  }
}

TEST(EntryFileName, DistinctKeysGetDistinctNamesThatFitNameMax) {
  std::mt19937_64 rng(7);
  std::set<std::string> keys, names;
  for (int i = 0; i < 20000; ++i) {
    std::string key(rng() % 400, '\0');
    for (char& c : key) c = static_cast<char>(rng() % 6 == 0 ? rng() % 256 : 'a' + rng() % 3);
    if (!keys.insert(key).second) continue;
    const std::string name = entry_file_name(key);
    EXPECT_LE(name.size(), 255u);
    EXPECT_TRUE(is_entry_file_name(name)) << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), keys.size());
  // Long keys that share their first 300 bytes still differ.
  const std::string prefix(300, 'k');
  EXPECT_NE(entry_file_name(prefix + "1"), entry_file_name(prefix + "2"));
}

TEST(EntryFileName, OnlyKvbenchNamesAreRecognised) {
  for (const char* name : {"user_1.kv", "%2Ehidden.kv", "a%2Fb.kv", "%.kv"}) EXPECT_TRUE(is_entry_file_name(name)) << name;
  for (const char* name : {"notes.txt", "x.npy", "x.kv.tmp", ".kv", "bad name.kv", "%zz.kv", "%2.kv", ".x.kv",
                           "x~1234.kv", "~probe.kv"})
    EXPECT_FALSE(is_entry_file_name(name)) << name;
}

}  // namespace
}  // namespace kvbench::tiers
