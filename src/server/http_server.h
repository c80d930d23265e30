// The one HTTP listener of a run (--http-listen): serves the Router's endpoints (GET and HEAD)
// on its own thread, within the bounds of HttpLimits, so no client can cost the run its memory,
// its descriptors or its results (issue 15 items 9 and 10; http_server.cpp says why it is not
// built on an HTTP library).
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "server/http_limits.h"
#include "server/live_sources.h"

namespace kvbench::server {

class HttpServer {
 public:
  // Starts serving on host:port; port 0 picks a free port (see port()). Throws
  // std::runtime_error naming the address when it cannot listen.
  // Raises RLIMIT_NOFILE's soft limit to the hard one (for the run's files as much as for the
  // server) and keeps the connection cap at most an eighth of it.
  static std::unique_ptr<HttpServer> start(const std::string& host, int port, LiveSources sources);
  static std::unique_ptr<HttpServer> start(const std::string& host, int port, LiveSources sources,
                                           HttpLimits limits);
  ~HttpServer();  // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;             // the bound port, never 0
  std::string address() const;  // "host:port"
  void publish_results(std::shared_ptr<const nlohmann::json> results);
  std::uint64_t results_served() const;  // /results answers with the results (Router)
  void stop();  // idempotent; open connections are closed, answers not yet sent dropped

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kvbench::server
