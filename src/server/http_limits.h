// The bounds of the HTTP server (issue 15 items 9 and 10): what one client, or many, may cost a
// run. Every field bounds memory, descriptors or time; docs/http.md lists them for users.
#pragma once

#include <chrono>
#include <cstddef>

namespace kvbench::server {

struct HttpLimits {
  // Request line and headers together. A longer request line is answered 414, a longer head
  // 431; either way at most this many bytes of a request are ever held.
  std::size_t max_head_bytes = 8 * 1024;
  // Connections open at once. At the cap, a new connection takes the place of the one that has
  // waited longest for its request to arrive (an idle or slow client); when every slot is busy
  // writing a response, the new one is closed at once.
  std::size_t max_connections = 64;
  // No byte from the client for this long while a request is awaited: closed.
  std::chrono::milliseconds idle_timeout{5000};
  // The whole request head must arrive within this, however steadily it trickles in
  // (a slowloris sending a byte every few seconds is cut off here).
  std::chrono::milliseconds request_deadline{10000};
  // A response must be taken by the client within this (a reader that never reads).
  std::chrono::milliseconds write_deadline{30000};
  // Keep-alive is bounded: after this many requests the connection is closed.
  std::size_t max_requests_per_connection = 100;
  // Descriptors kept for the run's own files (NVMe entries, trace, results): no connection is
  // accepted while fewer than this many remain under RLIMIT_NOFILE.
  std::size_t reserved_descriptors = 256;
};

}  // namespace kvbench::server
