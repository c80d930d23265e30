// What each URL answers, independent of the HTTP transport: http_connections.cpp only turns a
// request into (method, path) and a Response back into bytes. Read-only by construction: no
// route changes the run. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "server/live_sources.h"

namespace kvbench::server {

struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
  bool allow_get_only = false;  // 405: send "Allow: GET, HEAD"
};

class Router {
 public:
  explicit Router(LiveSources sources) : sources_(std::move(sources)) {}

  // `path` without the query string. Unknown paths: 404; known paths with a method other than
  // GET: 405. Error bodies are JSON: {"error": "...", "path": "..."}.
  Response handle(std::string_view method, std::string_view path) const;

  // The final results JSON, served by /results from now on (404 before). Serialised on the
  // first request, on the server's thread, so publishing costs the run nothing.
  void publish_results(std::shared_ptr<const nlohmann::json> results);

  const LiveSources& sources() const { return sources_; }
  // How many times /results answered 200: a rank lingering for its collector sees it was
  // collected (the body was handed to the transport; a client that dropped it collects again).
  std::uint64_t results_served() const { return results_served_.load(std::memory_order_relaxed); }

 private:
  Response results() const;

  LiveSources sources_;
  mutable std::mutex mu_;
  std::shared_ptr<const nlohmann::json> results_;
  mutable std::shared_ptr<const std::string> results_text_;
  mutable std::atomic<std::uint64_t> results_served_{0};  // shared: a slow client blocks no one
};

}  // namespace kvbench::server
