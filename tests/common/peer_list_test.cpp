// --peers and --peers-pattern (issue 20): what a group's members are called, and the bad lists
// refused before a run starts.
#include "common/peer_list.h"

#include <gtest/gtest.h>

namespace kvbench {
namespace {

TEST(PeerList, ParsesHostPortItemsInOrder) {
  std::string why;
  const auto peers = parse_peer_list("10.0.0.1:8080,kvbench-1.kvbench:9100", why);
  ASSERT_TRUE(peers) << why;
  ASSERT_EQ(peers->size(), 2u);
  EXPECT_EQ((*peers)[1].host, "kvbench-1.kvbench");
  EXPECT_EQ((*peers)[1].port, 9100);
  EXPECT_EQ((*peers)[0].text(), "10.0.0.1:8080");
}

TEST(PeerList, RefusesBadItemsNamingThem) {
  std::string why;
  EXPECT_FALSE(parse_peer_list("a:1,,b:2", why));
  EXPECT_NE(why.find("empty item"), std::string::npos);
  EXPECT_FALSE(parse_peer_list("a:0", why));
  EXPECT_NE(why.find("'a:0'"), std::string::npos);
  EXPECT_FALSE(parse_peer_list("a", why));
  EXPECT_FALSE(parse_peer_list("[::1]:80", why));
  EXPECT_FALSE(parse_peer_list("a:1,a:1", why));
  EXPECT_NE(why.find("twice"), std::string::npos);
}

TEST(PeerList, PatternExpandsForEveryIndex) {
  std::string why;
  const auto peers = expand_peer_pattern("kvbench-{index}.kvbench:8080", 3, why);
  ASSERT_TRUE(peers) << why;
  ASSERT_EQ(peers->size(), 3u);
  EXPECT_EQ((*peers)[2].host, "kvbench-2.kvbench");
  EXPECT_FALSE(expand_peer_pattern("kvbench.kvbench:8080", 3, why));
  EXPECT_FALSE(expand_peer_pattern("k-{index}-{index}:1", 3, why));
}

TEST(PeerList, ResolveNeedsExactlyOneFormAndTheRightCount) {
  std::string why;
  EXPECT_FALSE(resolve_peers("", "", 2, why));
  EXPECT_FALSE(resolve_peers("a:1,b:1", "k-{index}:1", 2, why));
  EXPECT_FALSE(resolve_peers("a:1,b:1", "", 3, why));
  EXPECT_NE(why.find("names 2 peers but --group-size is 3"), std::string::npos);
  EXPECT_TRUE(resolve_peers("a:1,b:1", "", 2, why));
}

}  // namespace
}  // namespace kvbench
