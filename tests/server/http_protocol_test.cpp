// The server's HTTP over a real loopback socket: only GET and HEAD are served (405 for the rest,
// nothing the client sent echoed back), the answers are the bytes the cpprestsdk listener sent,
// keep-alive is bounded, and a head beyond its bound is refused (414, 431).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "server/http_server.h"
#include "server/live_sources_fixture.h"
#include "server/raw_http_client.h"
#include "server/routes.h"

namespace kvbench::server {
namespace {

using namespace testing;

struct Served {
  LiveFixture fixture;
  std::unique_ptr<HttpServer> server;
  explicit Served(HttpLimits limits = {}) { server = HttpServer::start("127.0.0.1", 0, fixture.sources, limits); }
  int port() const { return server->port(); }

  // One request's whole exchange: what came back before the server closed.
  std::string exchange(const std::string& request, double timeout_s = 3) const {
    const int fd = connect_loopback(port());
    if (fd < 0 || !send_all(fd, request)) return {};
    const std::string reply = read_until_close(fd, timeout_s).bytes;
    ::close(fd);
    return reply;
  }
};

TEST(HttpProtocol, OnlyGetAndHeadAreServedAndNothingIsEchoed) {
  Served s;
  for (const char* method : {"TRACE", "OPTIONS", "POST", "PUT", "DELETE", "PATCH", "CONNECT", "PROPFIND"}) {
    for (const char* path : {"/livez", "/status", "/nope", "*"}) {
      const std::string reply = s.exchange(std::string(method) + " " + path +
                                           " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret-token\r\n"
                                           "Cookie: session=c00kie\r\nContent-Length: 0\r\n\r\n");
      EXPECT_EQ(status_of(reply), 405) << method << " " << path << ": " << reply;
      EXPECT_NE(reply.find("\r\nAllow: GET, HEAD\r\n"), std::string::npos) << reply;
      EXPECT_EQ(reply.find("s3cret"), std::string::npos) << reply;
      EXPECT_EQ(reply.find("c00kie"), std::string::npos) << reply;
      EXPECT_EQ(reply.find("Authorization"), std::string::npos) << reply;
    }
  }
}

TEST(HttpProtocol, HeadIsTheGetHeadWithoutItsBody) {
  Served s;
  const std::string reply = s.exchange("HEAD /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply,
            "HTTP/1.1 200 OK\r\nCache-Control: no-store\r\nContent-Length: 3\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n");
}

// The bytes the cpprestsdk listener sent for these requests (captured from the build before).
TEST(HttpProtocol, AnswersAreTheListenersBytes) {
  Served s;
  EXPECT_EQ(s.exchange("GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            "HTTP/1.1 200 OK\r\nCache-Control: no-store\r\nContent-Length: 3\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nok\n");
  EXPECT_EQ(s.exchange("GET /nope?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            "HTTP/1.1 404 Not Found\r\nCache-Control: no-store\r\nContent-Length: 90\r\n"
            "Content-Type: application/json\r\n\r\n"
            "{\"error\":\"not found; endpoints: /metrics /status /results /livez /readyz\",\"path\":\"/nope\"}\n");
  s.fixture.status.ready.store(false);
  EXPECT_EQ(s.exchange("GET /readyz HTTP/1.0\r\n\r\n"),
            "HTTP/1.1 503 Service Unavailable\r\nCache-Control: no-store\r\nContent-Length: 10\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nnot ready\n");
  Router router(s.fixture.sources);
  const Response metrics = router.handle("GET", "/metrics");
  const std::string reply = s.exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.substr(reply.find("\r\n\r\n") + 4), metrics.body);
}

TEST(HttpProtocol, KeepAliveIsBoundedAndPipelinedRequestsAreAnswered) {
  HttpLimits limits;
  limits.max_requests_per_connection = 3;
  Served s(limits);
  const std::string get = "GET /livez HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string reply = s.exchange(get + get + get + get);
  std::size_t answers = 0;
  for (std::size_t at = reply.find("HTTP/1.1 200 OK"); at != std::string::npos; at = reply.find("HTTP/1.1 200 OK", at + 1))
    ++answers;
  EXPECT_EQ(answers, 3u) << reply;
  // Only the last answer says the server closes.
  EXPECT_EQ(reply.find("Connection: close"), reply.rfind("Connection: close"));
  EXPECT_GT(reply.find("Connection: close"), reply.rfind("HTTP/1.1 200 OK"));
}

TEST(HttpProtocol, HeadBeyondItsBoundIsRefused) {
  Served s;
  const std::string long_line = "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n";
  EXPECT_EQ(status_of(s.exchange(long_line)), 414);
  std::string many = "GET /livez HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 200; ++i) many += "X-Filler-" + std::to_string(i) + ": " + std::string(40, 'b') + "\r\n";
  EXPECT_EQ(status_of(s.exchange(many + "\r\n")), 431);
  // Just under the bound is served.
  std::string fits = "GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Pad: ";
  fits += std::string(8 * 1024 - fits.size() - 4, 'c') + "\r\n\r\n";
  EXPECT_EQ(status_of(s.exchange(fits)), 200);
}

TEST(HttpProtocol, MalformedRequestsAre400Or505) {
  Served s;
  EXPECT_EQ(status_of(s.exchange("GET /livez\r\n\r\n")), 400);
  EXPECT_EQ(status_of(s.exchange("GET  /livez HTTP/1.1\r\n\r\n")), 400);
  EXPECT_EQ(status_of(s.exchange("GET /livez HTTP/1.1\r\nno colon here\r\n\r\n")), 400);
  EXPECT_EQ(status_of(s.exchange("GET /livez HTTP/2.0\r\n\r\n")), 505);
  EXPECT_EQ(status_of(s.exchange("GET http://example/livez HTTP/1.1\r\nConnection: close\r\n\r\n")), 200);
}

}  // namespace
}  // namespace kvbench::server
