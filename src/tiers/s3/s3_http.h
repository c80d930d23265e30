// The S3 backend's HTTP exchange over libcurl's multi interface: one thread drives every request
// of the process, at most `concurrency` in flight (--s3-concurrency), the rest queued; reused
// connections live in the multi handle. Each request is signed by libcurl itself
// (CURLOPT_AWS_SIGV4), never by kvbench. A caller submits a request and waits on its future;
// request and response bodies are the caller's buffers, so no byte is copied in between.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tiers/s3/s3_credentials.h"

namespace kvbench::tiers {

struct HttpRequest {
  std::string method;                // GET, HEAD, PUT, POST, DELETE
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  const std::byte* body = nullptr;   // PUT/POST payload (the caller's buffer, alive until done)
  std::size_t body_len = 0;
  std::byte* into = nullptr;         // GET: the response body lands here, at most into_cap bytes
  std::size_t into_cap = 0;
  std::string connect_to;            // CURLOPT_CONNECT_TO "host:port:addr:port" (tests: a public
                                     // host name signed, a loopback server answering)
};

// A request without a body; then the bytes it sends (PUT, POST) or where its answer lands (GET).
inline HttpRequest http_request(std::string method, std::string url, std::vector<std::string> headers = {}) {
  HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.headers = std::move(headers);
  return r;
}
inline HttpRequest sending(HttpRequest r, const std::byte* body, std::size_t len) {
  r.body = body;
  r.body_len = len;
  return r;
}
inline HttpRequest receiving(HttpRequest r, std::byte* into, std::size_t cap) {
  r.into = into;
  r.into_cap = cap;
  return r;
}

struct HttpResponse {
  long status = 0;          // 0: no HTTP answer (the transport failed or the request was cancelled)
  int curl_code = 0;        // CURLcode of the transfer
  std::string error;        // libcurl's message when the transport failed
  std::string text;         // the body when no `into` (an XML answer or error), first 64 KiB
  std::size_t received = 0; // bytes written to `into` (more than into_cap counts, none stored)
  std::string etag;         // the ETag header, quotes kept
  double ttfb_s = 0;        // time to the first byte of the answer
  double total_s = 0;
  std::uint64_t wire_up = 0;    // request line, headers and body as sent
  std::uint64_t wire_down = 0;  // status line, headers and body as received
};

// How every request is signed and sent.
struct HttpSigning {
  S3Credentials credentials;
  std::string region;
};

class HttpExchange {
 public:
  HttpExchange(unsigned concurrency, HttpSigning signing);
  ~HttpExchange();
  HttpExchange(const HttpExchange&) = delete;
  HttpExchange& operator=(const HttpExchange&) = delete;

  std::future<HttpResponse> submit(HttpRequest request);
  // Fails every queued and in-flight request at once (status 0, "cancelled"), and later ones.
  void cancel_all();

 private:
  struct Transfer;
  void loop();
  void start_queued();
  void finish(Transfer* t, int code);

  unsigned concurrency_;
  HttpSigning signing_;
  std::string userpwd_;  // key id and secret as libcurl takes them; never logged
  std::string sigv4_;    // "aws:amz:<region>:s3"
  void* multi_ = nullptr;  // CURLM*
  std::mutex mu_;
  std::deque<std::unique_ptr<Transfer>> queued_;
  std::vector<std::unique_ptr<Transfer>> active_;  // touched by the loop thread only
  std::atomic<bool> stop_{false};
  std::atomic<bool> cancelled_{false};
  std::thread thread_;
};

}  // namespace kvbench::tiers
