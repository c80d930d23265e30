// The connections of the HTTP server and their life: accept within the connection cap and the
// descriptor reserve, read a bounded request head within its deadline, answer from the Router,
// write, keep alive (bounded) or close. One thread drives it all with poll(2) (serve()); no
// state is shared with other threads except the Router, which is thread-safe.
#pragma once

#include <poll.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "server/http_limits.h"
#include "server/http_request_head.h"
#include "server/routes.h"

namespace kvbench::server {

class HttpConnections {
 public:
  using Clock = std::chrono::steady_clock;

  HttpConnections(Router& router, HttpLimits limits) : router_(router), limits_(limits) {}
  ~HttpConnections();  // closes every connection still open
  HttpConnections(const HttpConnections&) = delete;
  HttpConnections& operator=(const HttpConnections&) = delete;

  // Runs until `stopping` is set and `wake_fd` (an eventfd) becomes readable.
  void serve(int listen_fd, int wake_fd, const std::atomic<bool>& stopping);

 private:
  enum class Phase { Reading, Writing, Draining };
  struct Connection {
    int fd = -1;  // -1: closed, removed at the end of the loop's turn
    Phase phase = Phase::Reading;
    std::string in;           // unconsumed bytes, never more than max_head_bytes
    std::size_t scanned = 0;  // bytes of `in` the parser has already searched
    std::string out;
    std::size_t out_sent = 0;
    bool close_after_write = false;
    std::size_t requests = 0;
    std::size_t drained = 0;
    Clock::time_point phase_start;    // reading: the request deadline counts from here
    Clock::time_point last_activity;  // a byte read or written
  };

  void accept_ready(int listen_fd, Clock::time_point now);
  bool make_room();  // at the cap: close the connection that waited longest for its request
  void on_readable(Connection& c, Clock::time_point now);
  void on_writable(Connection& c, Clock::time_point now);
  void parse_and_answer(Connection& c, Clock::time_point now);
  void answer(Connection& c, const RequestHead& head, Clock::time_point now);
  void answer_error(Connection& c, int status, Clock::time_point now);
  void start_writing(Connection& c, std::string bytes, bool close_after, Clock::time_point now);
  void finish_writing(Connection& c, Clock::time_point now);
  void expire(Connection& c, Clock::time_point now);
  Clock::time_point next_deadline(const Connection& c) const;
  void close(Connection& c);

  Router& router_;
  HttpLimits limits_;
  std::vector<Connection> conns_;
  std::size_t open_ = 0;
  Clock::time_point accept_resume_{};  // the listening socket is not polled before this
};

}  // namespace kvbench::server
