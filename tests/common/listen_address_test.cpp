// --http-listen HOST:PORT parsing: what is accepted and what is refused.
#include "common/listen_address.h"

#include <gtest/gtest.h>

namespace kvbench {
namespace {

TEST(ListenAddress, AcceptsHostsAndPorts) {
  auto a = parse_listen_address("127.0.0.1:9100");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 9100);
  a = parse_listen_address("0.0.0.0:0");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port, 0);
  a = parse_listen_address("localhost:65535");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "localhost");
  a = parse_listen_address(":9866");  // every address, as Go's listeners read it (issue 16)
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "0.0.0.0");
  EXPECT_EQ(a->port, 9866);
}

TEST(ListenAddress, RefusesMalformedValues) {
  for (const char* bad : {"", "9100", ":", "host:", "host:65536", "host:-1", "host:80x", "::1:80",
                          "[]:80", "a b:80", "host:+80", "http://host:80",
                          "[::1]:80", "[::]:0"})  // IPv6 literals: cpprestsdk cannot bind them
    EXPECT_FALSE(parse_listen_address(bad)) << bad;
}

}  // namespace
}  // namespace kvbench
