#include "server/http_connections.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <exception>

#include "server/descriptor_budget.h"
#include "server/http_response_bytes.h"

namespace kvbench::server {
namespace {

using std::chrono::milliseconds;

// How long the listening socket rests when no descriptor may be spent: the pending connections
// wait in the kernel's backlog instead of spinning the accept loop (issue 15: 7 CPU-s per 5 s).
constexpr milliseconds kAcceptPause{100};
constexpr std::size_t kAcceptBatch = 16;
// After the last answer on a connection, what the client still sends is read and dropped for
// this long (or up to kDrainBytes), so closing does not reset the connection under the answer.
constexpr milliseconds kDrainTime{1000};
constexpr std::size_t kDrainBytes = 256 * 1024;

bool would_block() { return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR; }

}  // namespace

HttpConnections::~HttpConnections() {
  for (Connection& c : conns_) close(c);
}

void HttpConnections::close(Connection& c) {
  if (c.fd < 0) return;
  ::close(c.fd);
  c.fd = -1;
  --open_;
  std::string().swap(c.in);
  std::string().swap(c.out);
}

void HttpConnections::serve(int listen_fd, int wake_fd, const std::atomic<bool>& stopping) {
  std::vector<pollfd> fds;
  while (!stopping.load(std::memory_order_acquire)) {
    Clock::time_point now = Clock::now();
    fds.clear();
    fds.push_back({wake_fd, POLLIN, 0});
    const bool accepting = now >= accept_resume_;
    fds.push_back({accepting ? listen_fd : -1, POLLIN, 0});
    Clock::time_point wake_at = accepting ? now + milliseconds(1000) : accept_resume_;
    for (const Connection& c : conns_) {
      const short events = c.phase == Phase::Writing ? POLLOUT : POLLIN;
      fds.push_back({c.fd, events, 0});
      wake_at = std::min(wake_at, next_deadline(c));
    }
    const auto wait = std::chrono::duration_cast<milliseconds>(wake_at - now).count() + 1;
    if (::poll(fds.data(), fds.size(), static_cast<int>(std::clamp<std::int64_t>(wait, 0, 1000))) < 0 && errno != EINTR)
      return;
    now = Clock::now();
    const std::size_t polled = fds.size() - 2;
    if ((fds[1].revents & POLLIN) != 0) accept_ready(listen_fd, now);
    for (std::size_t i = 0; i < polled; ++i) {
      Connection& c = conns_[i];
      const short ev = fds[i + 2].revents;
      if (c.fd < 0 || ev == 0) continue;
      if ((ev & (POLLERR | POLLNVAL)) != 0) close(c);
      else if (c.phase == Phase::Writing) on_writable(c, now);
      else on_readable(c, now);  // POLLHUP too: recv then reports the end
    }
    for (Connection& c : conns_) expire(c, now);
    std::erase_if(conns_, [](const Connection& c) { return c.fd < 0; });
  }
}

void HttpConnections::accept_ready(int listen_fd, Clock::time_point now) {
  const std::size_t free = free_descriptors();
  const std::size_t spendable = free > limits_.reserved_descriptors ? free - limits_.reserved_descriptors : 0;
  if (spendable == 0) {
    accept_resume_ = now + kAcceptPause;
    return;
  }
  for (std::size_t i = 0; i < std::min(spendable, kAcceptBatch); ++i) {
    const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) accept_resume_ = now + kAcceptPause;
      if (errno == ECONNABORTED || errno == EPROTO || errno == EINTR) continue;
      return;  // EAGAIN: nothing left to accept
    }
    if (open_ >= limits_.max_connections && !make_room()) {
      ::close(fd);  // every slot is writing an answer: refused at once
      continue;
    }
    Connection c;
    c.fd = fd;
    c.phase_start = c.last_activity = now;
    conns_.push_back(std::move(c));
    ++open_;
  }
}

bool HttpConnections::make_room() {
  // A connection that has sent its last answer goes first, then the one that has waited
  // longest for its request: legitimate scrapes send theirs at once, idle and slow ones do not.
  Connection* victim = nullptr;
  for (Connection& c : conns_) {
    if (c.fd < 0 || c.phase == Phase::Writing) continue;
    if (victim == nullptr || (c.phase == Phase::Draining && victim->phase != Phase::Draining) ||
        (c.phase == victim->phase && c.phase_start < victim->phase_start))
      victim = &c;
  }
  if (victim == nullptr) return false;
  close(*victim);
  return true;
}

void HttpConnections::on_readable(Connection& c, Clock::time_point now) {
  if (c.phase == Phase::Draining) {
    char scratch[16384];
    const ssize_t n = ::recv(c.fd, scratch, sizeof scratch, 0);
    if (n > 0) c.drained += static_cast<std::size_t>(n);
    if ((n < 0 && !would_block()) || n == 0 || c.drained > kDrainBytes) close(c);
    return;
  }
  const std::size_t room = limits_.max_head_bytes - std::min(limits_.max_head_bytes, c.in.size());
  if (room == 0) return parse_and_answer(c, now);
  const std::size_t old = c.in.size();
  c.in.resize(old + room);
  const ssize_t n = ::recv(c.fd, c.in.data() + old, room, 0);
  c.in.resize(old + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
  if (n == 0 || (n < 0 && !would_block())) return close(c);
  if (n < 0) return;
  c.last_activity = now;
  parse_and_answer(c, now);
}

void HttpConnections::parse_and_answer(Connection& c, Clock::time_point now) {
  if (c.in.empty()) return;
  const HeadParse p = parse_request_head(c.in, limits_.max_head_bytes, c.scanned);
  c.scanned = c.in.size();
  if (p.state == HeadState::Incomplete) return;
  if (p.state == HeadState::Invalid) return answer_error(c, p.error_status, now);
  c.in.erase(0, p.consumed);
  c.scanned = 0;
  answer(c, p.head, now);
}

void HttpConnections::answer(Connection& c, const RequestHead& head, Clock::time_point now) {
  const bool head_only = head.method == "HEAD";
  if (!head_only && head.method != "GET") return answer_error(c, 405, now);
  Response r;
  try {
    r = router_.handle("GET", head.path);
  } catch (const std::exception&) {
    r = server_error(500);
  }
  ++c.requests;
  const bool keep = head.keep_alive && !head.has_body && c.requests < limits_.max_requests_per_connection;
  start_writing(c, response_bytes(r, head_only, !keep && head.keep_alive), !keep, now);
}

void HttpConnections::answer_error(Connection& c, int status, Clock::time_point now) {
  std::string().swap(c.in);  // what follows a bad head is not a request
  start_writing(c, response_bytes(server_error(status), false, true), true, now);
}

void HttpConnections::start_writing(Connection& c, std::string bytes, bool close_after, Clock::time_point now) {
  c.out = std::move(bytes);
  c.out_sent = 0;
  c.close_after_write = close_after;
  c.phase = Phase::Writing;
  c.phase_start = now;
  on_writable(c, now);  // most answers fit the socket buffer: sent without another poll
}

void HttpConnections::on_writable(Connection& c, Clock::time_point now) {
  while (c.out_sent < c.out.size()) {
    const ssize_t n = ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (!would_block()) close(c);
      return;
    }
    c.out_sent += static_cast<std::size_t>(n);
    c.last_activity = now;
  }
  finish_writing(c, now);
}

void HttpConnections::finish_writing(Connection& c, Clock::time_point now) {
  std::string().swap(c.out);
  c.phase_start = c.last_activity = now;
  if (c.close_after_write) {
    ::shutdown(c.fd, SHUT_WR);
    c.phase = Phase::Draining;
    return;
  }
  c.phase = Phase::Reading;
  c.scanned = 0;
  parse_and_answer(c, now);  // a request the client sent right behind the last one
}

HttpConnections::Clock::time_point HttpConnections::next_deadline(const Connection& c) const {
  switch (c.phase) {
    case Phase::Reading:
      return std::min(c.last_activity + limits_.idle_timeout, c.phase_start + limits_.request_deadline);
    case Phase::Writing:
      return std::min(c.last_activity + limits_.idle_timeout, c.phase_start + limits_.write_deadline);
    case Phase::Draining:
      return c.phase_start + kDrainTime;
  }
  return c.phase_start;
}

void HttpConnections::expire(Connection& c, Clock::time_point now) {
  if (c.fd < 0 || now < next_deadline(c)) return;
  // A request begun but not finished in time is told so; a silent connection is just closed.
  if (c.phase == Phase::Reading && !c.in.empty()) return answer_error(c, 408, now);
  close(c);
}

}  // namespace kvbench::server
