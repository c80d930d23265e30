// The S3 backend beyond the contract suite: signatures (s3rver does not check V4 signatures, so
// the headers libcurl signs are checked against the published AWS example of a signed S3 GET),
// and each failure a clear message, counted by cause: unknown keys (403), a missing bucket, an unreachable endpoint,
// throttling (503 SlowDown retried with backoff), a multipart upload that fails (aborted), a
// bucket that refuses DELETE (counted, reported, no crash; s3rver cannot refuse, so a scripted
// server answers 403 AccessDenied).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "s3_case.h"
#include "support/s3_server.h"
#include "tier_test_support.h"
#include "tiers/s3/s3_address.h"
#include "tiers/s3/s3_credentials.h"
#include "tiers/s3/s3_http.h"
#include "cache/multi_tier_cache.h"
#include "tiers/s3/s3_tier.h"

namespace kvbench::tiers {
namespace {

using testing::SeededSource;
using testing::kSeed;

// A loopback HTTP server that answers each request with the next canned answer and keeps what
// it was sent: enough to see the signed headers and to play a throttling S3.
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

class ScriptedServer {
 public:
  explicit ScriptedServer(std::vector<std::string> answers) : answers_(std::move(answers)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 8);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  // A copy under the lock: the socket orders the writes for the test, not for TSan.
  std::vector<std::string> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }

 private:
  void serve() {
    for (const std::string& answer : answers_) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string req;
      char buf[65536];
      // Headers, then as much body as Content-Length says.
      while (req.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        req.append(buf, static_cast<std::size_t>(n));
      }
      // libcurl asks before a body (Expect: 100-continue) and would wait a second for an answer.
      if (req.find("Expect: 100-continue") != std::string::npos) (void)!::write(c, kContinue, sizeof kContinue - 1);
      const auto cl = req.find("Content-Length: ");
      const std::size_t want = cl == std::string::npos ? 0 : std::stoul(req.substr(cl + 16));
      while (req.size() - req.find("\r\n\r\n") - 4 < want) {
        const ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        req.append(buf, static_cast<std::size_t>(n));
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        seen_.push_back(req);
      }
      (void)!::write(c, answer.data(), answer.size());
      ::close(c);  // one request per connection: libcurl reconnects
    }
  }
  std::vector<std::string> answers_;
  mutable std::mutex mu_;
  std::vector<std::string> seen_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

const std::string kOk = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
const std::string kSlowDown =
    "HTTP/1.1 503 Slow Down\r\nContent-Length: 73\r\nConnection: close\r\n\r\n"
    "<Error><Code>SlowDown</Code><Message>Please reduce rate.</Message></Error>";

// The example of a signed S3 GET in the AWS S3 API reference ("Signature Calculations for the
// Authorization Header", GET object with a Range): these keys, this date, this signature.
TEST(S3Signing, TheHeadersLibcurlSignsMatchThePublishedAwsExample) {
  ScriptedServer server({kOk});
  HttpExchange http(1, {{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "", "test"}, "us-east-1"});
  HttpRequest get = http_request("GET", "http://examplebucket.s3.amazonaws.com/test.txt",
                                 {"Range: bytes=0-9",
                                  "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                                  "x-amz-date: 20130524T000000Z"});
  get.connect_to = "examplebucket.s3.amazonaws.com:80:127.0.0.1:" + std::to_string(server.port());
  const HttpResponse r = http.submit(get).get();
  ASSERT_EQ(r.status, 200) << r.error;
  ASSERT_EQ(server.requests().size(), 1u);
  const std::string sent = server.requests()[0];
  EXPECT_NE(sent.find("Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                      "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                      "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
            std::string::npos)
      << sent;
}

TEST(S3Signing, SessionTokenTravelsAndNoSecretIsSent) {
  ScriptedServer server({kOk});
  HttpExchange http(1, {{"AKIDTOKEN", "the-secret-value", "the-session-token", "test"}, "eu-west-1"});
  const HttpResponse r = http.submit(http_request("GET", server.endpoint() + "/b/k")).get();
  ASSERT_EQ(r.status, 200) << r.error;
  const std::string sent = server.requests()[0];
  EXPECT_NE(sent.find("x-amz-security-token: the-session-token"), std::string::npos) << sent;
  EXPECT_NE(sent.find("/eu-west-1/s3/aws4_request"), std::string::npos) << sent;
  EXPECT_EQ(sent.find("the-secret-value"), std::string::npos) << "the secret only signs";
}

TEST(S3Credentials, AProfileOfTheCredentialsFile) {
  const std::string text =
      "[default]\naws_access_key_id = AKIDDEF\naws_secret_access_key = s1\n\n"
      "[bench]\naws_access_key_id=AKIDBENCH\naws_secret_access_key=s2\naws_session_token = tok\n";
  const auto d = parse_credentials_file(text, "default");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->access_key_id, "AKIDDEF");
  const auto b = parse_credentials_file(text, "bench");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->secret_access_key, "s2");
  EXPECT_EQ(b->session_token, "tok");
  EXPECT_FALSE(parse_credentials_file(text, "other"));
}

TEST(S3Address, PathStyleVirtualHostAndS3Urls) {
  S3Options o;
  ASSERT_TRUE(parse_s3_url("s3://bucket-a/runs/one", o));
  EXPECT_EQ(o.bucket, "bucket-a");
  EXPECT_EQ(o.prefix, "runs/one");
  EXPECT_FALSE(parse_s3_url("/tmp/cache", o));
  EXPECT_EQ(S3Address(o).object_url("k"), "https://bucket-a.s3.us-east-1.amazonaws.com/runs/one/k.kv");
  o.endpoint = "http://127.0.0.1:9000/";
  EXPECT_EQ(S3Address(o).object_url("a b"), "http://127.0.0.1:9000/bucket-a/runs/one/a%2520b.kv");
  o.addressing = S3Addressing::Virtual;
  EXPECT_EQ(S3Address(o).bucket_url("uploads="), "http://bucket-a.127.0.0.1:9000/?uploads=");
}

TEST(S3Faults, ThrottlingIsRetriedWithBackoffAndCounted) {
  // The last answer is for the DELETE a failed write sends (nothing of the key may stay).
  ScriptedServer server({kSlowDown, kSlowDown, kOk, kSlowDown, kSlowDown, kSlowDown, kOk});
  S3Options o;
  o.endpoint = server.endpoint();
  o.bucket = "b";
  o.max_retries = 2;
  S3Tier tier(o, {"k", "s", "", "test"});
  SeededSource src(kSeed);
  EXPECT_NO_THROW(tier.write("e", 1000, src));  // two SlowDowns, then stored
  EXPECT_EQ(tier.stats().retries.load(), 2u);
  SeededSource again(kSeed);
  try {
    tier.write("f", 1000, again);
    ADD_FAILURE() << "three SlowDowns with two retries must fail";
  } catch (const TierFailure& e) {
    EXPECT_EQ(e.error(), EAGAIN);
    EXPECT_NE(std::string(e.what()).find("throttled"), std::string::npos) << e.what();
  }
  EXPECT_EQ(tier.stats().failed_throttled.load(), 1u);
  EXPECT_EQ(tier.stats().retries.load(), 4u);
}

TEST(S3Faults, AnUnreachableEndpointIsOneMessageAndCounted) {
  S3Options o;
  o.endpoint = "http://127.0.0.1:" + std::to_string(testing_support::free_loopback_port());
  o.bucket = "b";
  S3Tier tier(o, {"k", "s", "", "test"});
  EXPECT_NE(tier.check_bucket().find("unreachable"), std::string::npos) << tier.check_bucket();
  SeededSource src(kSeed);
  EXPECT_THROW(tier.write("e", 100, src), TierFailure);
  EXPECT_GE(tier.stats().failed_unreachable.load(), 1u);
}

class S3WithServer : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::shared_s3_server().running()) GTEST_SKIP() << testing::shared_s3_server().why_not();
  }
  S3Options options(const std::string& prefix) { return testing::s3_test_options(testing::shared_s3_server(), prefix); }
};

// s3rver 3.7.1 checks only that a V4 request's access key id is one of its accounts (its
// middleware/authentication.js: "Signature version 4 calculation is unimplemented"), so an
// unknown key id is its 403; the signature itself is checked against AWS's example above.
TEST_F(S3WithServer, AnUnknownAccessKeyIs403) {
  S3Tier good(options("sig"), testing::s3_test_credentials());
  EXPECT_EQ(good.check_bucket(), "");
  S3Tier bad(options("sig"), {"AKIDUNKNOWN", testing_support::S3Server::kSecretKey, "", "test"});
  EXPECT_NE(bad.check_bucket().find("403"), std::string::npos) << bad.check_bucket();
  SeededSource src(kSeed);
  try {
    bad.write("e", 1000, src);
    ADD_FAILURE() << "an unknown key must be refused";
  } catch (const TierFailure& e) {
    EXPECT_EQ(e.error(), EACCES);
    EXPECT_NE(std::string(e.what()).find("403 InvalidAccessKeyId"), std::string::npos) << e.what();
  }
  EXPECT_GE(bad.stats().failed_forbidden.load(), 1u);
}

TEST_F(S3WithServer, AMissingBucketIsNamed) {
  S3Options o = options("x");
  o.bucket = "no-such-bucket";
  S3Tier tier(o, testing::s3_test_credentials());
  EXPECT_NE(tier.check_bucket().find("bucket 'no-such-bucket' does not exist"), std::string::npos) << tier.check_bucket();
  SeededSource src(kSeed);
  EXPECT_THROW(tier.write("e", 1000, src), TierFailure);
  EXPECT_GE(tier.stats().failed_no_bucket.load(), 1u);
}

// s3rver 3.7.1 answers AbortMultipartUpload with 405 (not implemented), so the abort is checked
// against a scripted server: create, one part stored, the source fails, the upload is aborted.
TEST(S3Faults, AFailedMultipartUploadIsAborted) {
  const std::string created =
      "HTTP/1.1 200 OK\r\nContent-Length: 89\r\nConnection: close\r\n\r\n"
      "<InitiateMultipartUploadResult><UploadId>up-42</UploadId></InitiateMultipartUploadResult>";
  const std::string part = "HTTP/1.1 200 OK\r\nETag: \"e1\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  const std::string aborted = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
  ScriptedServer server({created, part, aborted, kOk});
  S3Options o;
  o.endpoint = server.endpoint();
  o.bucket = "b";
  o.part_size = 64 << 10;
  o.concurrency = 1;  // one part in flight: the first is stored before the second is produced
  S3Tier tier(o, {"k", "s", "", "test"});
  SeededSource failing(kSeed, 100000);  // fails producing the second part
  EXPECT_THROW(tier.write("big", 200000, failing), std::runtime_error);
  EXPECT_EQ(tier.stats().uploads_aborted.load(), 1u);
  ASSERT_EQ(server.requests().size(), 4u);
  EXPECT_EQ(server.requests()[0].rfind("POST /b/big.kv?uploads= ", 0), 0u) << server.requests()[0];
  EXPECT_EQ(server.requests()[1].rfind("PUT /b/big.kv?partNumber=1&uploadId=up-42 ", 0), 0u) << server.requests()[1];
  EXPECT_EQ(server.requests()[2].rfind("DELETE /b/big.kv?uploadId=up-42 ", 0), 0u) << server.requests()[2];
  EXPECT_EQ(server.requests()[3].rfind("DELETE /b/big.kv ", 0), 0u) << "and the key itself";
}

const std::string kDeleteDenied =
    "HTTP/1.1 403 Forbidden\r\nContent-Length: 72\r\nConnection: close\r\n\r\n"
    "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>";

S3Options scripted(const ScriptedServer& server) {
  S3Options o;
  o.endpoint = server.endpoint();
  o.bucket = "b";
  o.concurrency = 1;
  return o;
}

TEST(S3Faults, ABucketRefusingDeleteIsCountedAndNamed) {
  ScriptedServer server({kDeleteDenied});
  S3Tier tier(scripted(server), {"k", "s", "", "test"});
  try {
    tier.remove("e");
    ADD_FAILURE() << "a refused DELETE must fail";
  } catch (const TierFailure& e) {
    EXPECT_EQ(e.error(), EACCES);
    EXPECT_NE(std::string(e.what()).find("403 AccessDenied"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("DELETE e"), std::string::npos) << e.what();
  }
  EXPECT_EQ(tier.stats().failed_deletes.load(), 1u);
  EXPECT_EQ(tier.stats().failed_forbidden.load(), 1u);
  const nlohmann::json j = s3_counters_json(tier.stats());
  EXPECT_EQ(j["delete_failures"], 1);
  EXPECT_EQ(j["failures"]["forbidden"], 1);
  EXPECT_EQ(j["requests"], 1);
  EXPECT_NE(tier.summary().find("1 deletes refused or failed"), std::string::npos) << tier.summary();
}

// The same refusal inside a run: the terminal level evicts by DELETE, the bucket refuses, the
// cache goes on (the entry is forgotten, the next write stored) and the refusal is counted.
TEST(S3Faults, AnEvictionWhoseDeleteIsRefusedDoesNotStopTheCache) {
  ScriptedServer server({kOk, kDeleteDenied, kOk});  // PUT a, DELETE a (refused), PUT b
  auto tier = std::make_unique<S3Tier>(scripted(server), S3Credentials{"k", "s", "", "test"});
  const auto stats = tier->shared_stats();
  std::vector<cache::TierSetup> setups;
  setups.push_back({std::move(tier), 1500});
  cache::MultiTierCache cache(std::move(setups), cache::CacheOptions{}, {});
  EXPECT_TRUE(cache.allocate("a", 1000, 1).ok);
  EXPECT_TRUE(cache.allocate("b", 1000, 1).ok) << "a refused DELETE makes room all the same";
  EXPECT_FALSE(cache.lookup("a").has_value());
  EXPECT_EQ(stats->failed_deletes.load(), 1u);
  ASSERT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(server.requests()[1].rfind("DELETE /b/a.kv ", 0), 0u) << server.requests()[1];
}

}  // namespace
}  // namespace kvbench::tiers
