#include "server/http_client.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

namespace kvbench::server {
namespace {

using Deadline = std::chrono::steady_clock::time_point;

// A reply larger than this is refused: a results document is a few MiB at most.
constexpr std::size_t kMaxReplyBytes = 256u << 20;

int ms_left(Deadline deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(left.count());
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Waits for `events` on fd until the deadline; false on timeout or error.
bool wait_for(int fd, short events, Deadline deadline) {
  pollfd p{fd, events, 0};
  while (true) {
    const int r = ::poll(&p, 1, ms_left(deadline));
    if (r > 0) return true;
    if (r == 0 || errno != EINTR) return false;
  }
}

// Non-blocking connect to the first address that answers before the deadline.
int connect_to(const std::string& host, int port, Deadline deadline, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  // getaddrinfo has no timeout of its own; resolvers answer within seconds, and a name not yet
  // in DNS (a pod not yet scheduled) fails fast with EAI_NONAME.
  if (const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0) {
    error = "cannot resolve " + host + ": " + ::gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  error = "no address for " + host;
  for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      int soerr = ETIMEDOUT;
      socklen_t len = sizeof soerr;
      if (wait_for(fd, POLLOUT, deadline)) ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
      rc = soerr == 0 ? 0 : -1;
      errno = soerr;
    }
    if (rc != 0) {
      error = "cannot connect to " + host + ":" + std::to_string(port) + ": " + std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  return fd;
}

bool send_all(int fd, const std::string& bytes, Deadline deadline) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(fd, POLLOUT, deadline)) return false;
    } else {
      return false;
    }
  }
  return true;
}

// Reads until EOF (Connection: close); false on timeout, error or an oversized reply.
bool read_all(int fd, std::string& out, Deadline deadline) {
  char buf[65536];
  while (true) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
      if (out.size() > kMaxReplyBytes) return false;
    } else if (n == 0) {
      return true;
    } else if (errno == EAGAIN || errno == EINTR) {
      if (!wait_for(fd, POLLIN, deadline)) return false;
    } else {
      return false;
    }
  }
}

void parse_reply(const std::string& raw, HttpReply& reply) {
  // "HTTP/1.x NNN Reason\r\n...\r\n\r\nbody"
  const auto head_end = raw.find("\r\n\r\n");
  if (raw.compare(0, 5, "HTTP/") != 0 || head_end == std::string::npos || raw.size() < 12) {
    reply.error = "malformed HTTP reply";
    return;
  }
  const auto space = raw.find(' ');
  const int status = space == std::string::npos ? 0 : std::atoi(raw.c_str() + space + 1);
  if (status < 100 || status > 599) {
    reply.error = "malformed HTTP status line";
    return;
  }
  reply.status = status;
  reply.body = raw.substr(head_end + 4);
}

}  // namespace

HttpReply http_call(const std::string& host, int port, const std::string& method, const std::string& path,
                    double timeout_s, const std::string& body, const std::string& content_type) {
  const Deadline deadline = std::chrono::steady_clock::now() +
                            std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(timeout_s));
  HttpReply reply;
  Fd sock{connect_to(host, port, deadline, reply.error)};
  if (sock.fd < 0) return reply;
  std::string request = method + " " + path + " HTTP/1.0\r\nHost: " + host + ":" + std::to_string(port) +
                        "\r\nConnection: close\r\n";
  if (method != "GET")
    request += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  request += "\r\n" + body;
  std::string raw;
  if (!send_all(sock.fd, request, deadline)) {
    reply.error = "cannot send the request to " + host + ":" + std::to_string(port);
    return reply;
  }
  if (!read_all(sock.fd, raw, deadline)) {
    reply.error = "no complete reply from " + host + ":" + std::to_string(port) + " within " +
                  std::to_string(timeout_s) + " s";
    return reply;
  }
  parse_reply(raw, reply);
  return reply;
}

}  // namespace kvbench::server
