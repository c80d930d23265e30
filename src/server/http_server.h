// The one HTTP listener of a run (--http-listen): serves the Router's endpoints with
// cpprestsdk. This header keeps cpprestsdk (and boost.asio) out of every other translation
// unit: only http_server.cpp includes it.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "server/live_sources.h"

namespace kvbench::server {

class HttpServer {
 public:
  // Starts serving on host:port; port 0 picks a free port (see port()). Throws
  // std::runtime_error naming the address when it cannot listen.
  static std::unique_ptr<HttpServer> start(const std::string& host, int port, LiveSources sources);
  ~HttpServer();  // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;             // the bound port, never 0
  std::string address() const;  // "host:port"
  void publish_results(std::shared_ptr<const nlohmann::json> results);
  void stop();  // idempotent; in-flight requests are finished or dropped

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kvbench::server
