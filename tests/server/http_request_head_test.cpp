// The request-head parser: what it keeps, where a head ends, and its byte bound.
#include "server/http_request_head.h"

#include <gtest/gtest.h>

#include <string>

namespace kvbench::server {
namespace {

TEST(RequestHead, KeepsMethodPathAndConnectionOnly) {
  const std::string text = "GET /status?pretty=1 HTTP/1.1\r\nHost: a\r\nCookie: secret\r\n\r\nrest";
  const HeadParse p = parse_request_head(text, 8192);
  ASSERT_EQ(p.state, HeadState::Complete);
  EXPECT_EQ(p.consumed, text.size() - 4);
  EXPECT_EQ(p.head.method, "GET");
  EXPECT_EQ(p.head.path, "/status");
  EXPECT_TRUE(p.head.keep_alive);
  EXPECT_FALSE(p.head.has_body);
}

TEST(RequestHead, ConnectionAndBody) {
  EXPECT_FALSE(parse_request_head("GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n", 8192).head.keep_alive);
  EXPECT_FALSE(parse_request_head("GET / HTTP/1.0\r\n\r\n", 8192).head.keep_alive);
  EXPECT_TRUE(parse_request_head("GET / HTTP/1.0\r\nconnection: Keep-Alive\r\n\r\n", 8192).head.keep_alive);
  EXPECT_TRUE(parse_request_head("GET / HTTP/1.1\r\nContent-Length: 12\r\n\r\n", 8192).head.has_body);
  EXPECT_FALSE(parse_request_head("GET / HTTP/1.1\r\nContent-Length: 00\r\n\r\n", 8192).head.has_body);
  EXPECT_TRUE(parse_request_head("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 8192).head.has_body);
  EXPECT_EQ(parse_request_head("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 8192).error_status, 400);
}

TEST(RequestHead, BareLineFeedsAndLeadingEmptyLines) {
  const HeadParse p = parse_request_head("\r\n\nHEAD /livez HTTP/1.1\nHost: a\n\n", 8192);
  ASSERT_EQ(p.state, HeadState::Complete);
  EXPECT_EQ(p.head.method, "HEAD");
  EXPECT_EQ(p.head.path, "/livez");
}

TEST(RequestHead, IncompleteUntilTheBoundThenRefused) {
  EXPECT_EQ(parse_request_head("GET /livez HTTP/1.1\r\nHost: a\r\n", 64).state, HeadState::Incomplete);
  EXPECT_EQ(parse_request_head(std::string(64, 'G'), 64).error_status, 414);
  EXPECT_EQ(parse_request_head("GET / HTTP/1.1\r\n" + std::string(60, 'x'), 64).error_status, 431);
  EXPECT_EQ(parse_request_head("GET / HTTP/1.1\r\nA: " + std::string(60, 'x') + "\r\n\r\n", 64).error_status, 431);
  EXPECT_EQ(parse_request_head(std::string(64, '\n'), 64).error_status, 431);
  // Searching resumes where the last call stopped.
  const std::string text = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  EXPECT_EQ(parse_request_head(text, 8192, text.size() - 2).state, HeadState::Complete);
}

TEST(RequestHead, MalformedHeads) {
  for (const char* bad : {"GET /\r\n\r\n", "GET / HTTP/1.1 x\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n", "GET nopath HTTP/1.1\r\n\r\n",
                          "GET / HTTP/1.1\r\n folded\r\n\r\n", "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", "GET / HTTX/1.1\r\n\r\n"})
    EXPECT_EQ(parse_request_head(bad, 8192).error_status, 400) << bad;
  EXPECT_EQ(parse_request_head("GET / HTTP/3.0\r\n\r\n", 8192).error_status, 505);
}

}  // namespace
}  // namespace kvbench::server
