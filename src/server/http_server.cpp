// The run's HTTP server: a small HTTP/1.1 server of its own, one thread over poll(2), GET and
// HEAD only, every resource a client can hold bounded (server/http_limits.h, docs/http.md).
//
// Why not a library (issue 15 items 9 and 10 asked for the design card's packages where they
// can be bounded):
// - cpprestsdk 2.10's http_listener bounds none of it: it buffers a request head of any size
//   (ten unfinished 128 MB heads took a run to 1.4 GB), has no connection cap, never closes an
//   idle or slow connection (http_listener_config's timeout does not apply to reading a
//   request), serves every method (TRACE echoed Authorization and Cookie, OPTIONS answered 200)
//   and keeps accepting at the open-file limit.
// - prometheus-cpp's pull Exposer (civetweb) can bound request size, threads and timeouts, but
//   serves only registered metric collections: /status, /results, /livez and /readyz, with
//   their content types, cannot be served by it.
// - cpp-httplib 0.11.4 (Debian bookworm) checks each header line's length only once the whole
//   line is buffered and has no bound on the number of lines; its read timeout is per recv, so
//   a byte every few seconds holds a connection forever (no whole-request deadline); its
//   TaskQueue::enqueue returns nothing, so a queue cannot refuse a connection without leaking
//   its socket (no cap); at EMFILE it retries accept every millisecond.
// The server here needs none of boost.asio's compile cost either. What each URL answers stays
// in routes.cpp; http_response_bytes.cpp writes the same bytes the cpprestsdk listener did.
#include "server/http_server.h"

#include <netdb.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "common/listen_address.h"
#include "server/descriptor_budget.h"
#include "server/http_connections.h"
#include "server/routes.h"

namespace kvbench::server {
namespace {

// A listening socket on host:port (port 0: any free port). Throws naming the reason.
int open_listener(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
    throw std::runtime_error(std::string("cannot resolve host: ") + ::gai_strerror(rc));
  std::string error = "no address";
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      error = std::strerror(errno);
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 128) != 0) {
      error = std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) throw std::runtime_error(error);
  return fd;
}

int bound_port(int fd) {
  sockaddr_storage bound{};
  socklen_t len = sizeof(bound);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len) != 0) return 0;
  return bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                     : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
}

}  // namespace

struct HttpServer::Impl {
  Impl(std::string h, LiveSources sources, HttpLimits l) : host(std::move(h)), router(std::move(sources)), limits(l) {}

  ~Impl() {
    if (listen_fd >= 0) ::close(listen_fd);
    if (wake_fd >= 0) ::close(wake_fd);
  }

  void open(int requested_port) {
    listen_fd = open_listener(host, requested_port);
    port = bound_port(listen_fd);
    wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake_fd < 0) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
    thread = std::thread([this] {
      try {
        HttpConnections connections(router, limits);
        connections.serve(listen_fd, wake_fd, stopping);
      } catch (const std::exception&) {
        // Out of memory for a connection's buffers: the run goes on without its server.
      }
    });
  }

  void close() {
    std::lock_guard lock(close_mu);
    if (!thread.joinable()) return;
    stopping.store(true, std::memory_order_release);
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_fd, &one, sizeof one);
    thread.join();
  }

  std::string host;
  int port = 0;
  Router router;
  HttpLimits limits;
  int listen_fd = -1;
  int wake_fd = -1;
  std::atomic<bool> stopping{false};
  std::thread thread;
  std::mutex close_mu;
};

std::unique_ptr<HttpServer> HttpServer::start(const std::string& host, int port, LiveSources sources) {
  return start(host, port, std::move(sources), HttpLimits{});
}

std::unique_ptr<HttpServer> HttpServer::start(const std::string& host, int port, LiveSources sources,
                                              HttpLimits limits) {
  // More descriptors for the run's own files, and the connection cap kept far below them.
  const std::size_t descriptors = raise_descriptor_limit();
  limits.max_connections = std::max<std::size_t>(1, std::min(limits.max_connections, descriptors / 8));
  auto impl = std::make_unique<Impl>(host, std::move(sources), limits);
  try {
    impl->open(port);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + format_listen_address(host, port) + ": " + e.what());
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() { stop(); }

int HttpServer::port() const { return impl_->port; }
std::string HttpServer::address() const { return format_listen_address(impl_->host, impl_->port); }
void HttpServer::publish_results(std::shared_ptr<const nlohmann::json> results) {
  impl_->router.publish_results(std::move(results));
}

std::uint64_t HttpServer::results_served() const { return impl_->router.results_served(); }
void HttpServer::stop() { impl_->close(); }

}  // namespace kvbench::server
