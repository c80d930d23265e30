// The only translation unit that includes cpprestsdk: boost.asio makes it slow to compile.
#include "server/http_server.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cpprest/http_listener.h>
#include <pplx/threadpool.h>
#include <mutex>
#include <stdexcept>

#include "common/listen_address.h"
#include "server/routes.h"

namespace kvbench::server {
namespace {

namespace http = web::http;
using web::http::experimental::listener::http_listener;
using web::http::experimental::listener::http_listener_config;

// cpprestsdk's listener binds port 0 but cannot say which port it got, so a free port is found
// here first: bind port 0 on the same address, read it back, release it. Another process could
// take it in between; start() then retries with a new one.
int find_free_port(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(host.c_str(), "0", &hints, &found); rc != 0)
    throw std::runtime_error("cannot resolve '" + host + "': " + ::gai_strerror(rc));
  int port = 0;
  for (addrinfo* a = found; a != nullptr && port == 0; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    sockaddr_storage bound{};
    socklen_t len = sizeof(bound);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len) == 0) {
      port = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                         : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    }
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (port == 0) throw std::runtime_error("no free port on '" + host + "'");
  return port;
}

// A small pool: scrapes are rare and short, and the benchmark's own threads need the cores.
// Must happen before cpprestsdk first uses its pool; a second call throws, which is harmless.
void size_thread_pool() {
  static std::once_flag once;
  std::call_once(once, [] {
    try {
      crossplat::threadpool::initialize_with_threads(2);
    } catch (const std::exception&) {
    }
  });
}

}  // namespace

struct HttpServer::Impl {
  Impl(std::string h, int p, LiveSources sources) : host(std::move(h)), port(p), router(std::move(sources)) {}

  void open() {
    http_listener_config config;
    config.set_timeout(std::chrono::seconds(10));
    listener = std::make_unique<http_listener>(
        web::uri("http://" + format_listen_address(host, port)), config);
    listener->support([this](http::http_request request) { serve(request); });
    listener->open().wait();
  }

  void serve(http::http_request request) {
    Response r;
    try {
      r = router.handle(request.method(), request.relative_uri().path());
    } catch (const std::exception&) {
      r = {500, "application/json", std::string("{\"error\": \"internal error\"}\n")};
    }
    http::http_response response(static_cast<http::status_code>(r.status));
    if (r.allow_get_only) response.headers().add(http::header_names::allow, "GET");
    response.headers().add(http::header_names::cache_control, "no-store");
    response.set_body(std::move(r.body), r.content_type);
    // A client that hangs up makes reply() fail; observe that so pplx does not terminate.
    request.reply(response).then([](pplx::task<void> t) {
      try {
        t.get();
      } catch (...) {
      }
    });
  }

  void close() {
    std::lock_guard lock(close_mu);
    if (!listener) return;
    try {
      listener->close().wait();
    } catch (const std::exception&) {
    }
    listener.reset();
  }

  std::string host;
  int port;
  Router router;
  std::unique_ptr<http_listener> listener;
  std::mutex close_mu;
};

std::unique_ptr<HttpServer> HttpServer::start(const std::string& host, int port, LiveSources sources) {
  size_thread_pool();
  const bool any_port = port == 0;
  const int attempts = any_port ? 5 : 1;
  std::string last_error;
  for (int i = 0; i < attempts; ++i) {
    try {
      auto impl = std::make_unique<Impl>(host, any_port ? find_free_port(host) : port, sources);
      impl->open();
      return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
    } catch (const std::exception& e) {
      last_error = e.what();
    }
  }
  throw std::runtime_error("cannot listen on " + format_listen_address(host, port) + ": " + last_error);
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() { stop(); }

int HttpServer::port() const { return impl_->port; }
std::string HttpServer::address() const { return format_listen_address(impl_->host, impl_->port); }
void HttpServer::publish_results(std::shared_ptr<const nlohmann::json> results) {
  impl_->router.publish_results(std::move(results));
}
void HttpServer::stop() { impl_->close(); }

}  // namespace kvbench::server
