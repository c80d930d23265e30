// Hostile clients cannot take a run down (issue 15 items 9 and 10), each on loopback, bounded in
// count and time: unfinished huge heads keep memory bounded, idle connections beyond the cap do
// not shut out a scrape, a slowloris is cut off, and no connection is accepted while the run's
// reserve of descriptors is short.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server/descriptor_budget.h"
#include "server/http_server.h"
#include "server/live_sources_fixture.h"
#include "server/raw_http_client.h"
#include "support/http_get.h"

namespace kvbench::server {
namespace {

using namespace testing;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

TEST(HttpLimits, UnfinishedHugeHeadsKeepMemoryBounded) {
  LiveFixture f;
  auto server = HttpServer::start("127.0.0.1", 0, f.sources);
  // Unused under the sanitizers, whose shadow memory makes RSS meaningless here.
  [[maybe_unused]] const std::size_t before = resident_bytes();
  // Ten clients each try to send a 16 MiB header line; the server holds at most 8 KiB of each.
  const std::string chunk = "X-Huge: " + std::string(1 << 20, 'a');
  std::vector<int> fds;
  std::size_t accepted_by_server = 0;
  for (int i = 0; i < 10; ++i) {
    const int fd = connect_loopback(server->port());
    ASSERT_GE(fd, 0);
    timeval tv{0, 200 * 1000};  // a server that stops reading must not stall the test
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    send_all(fd, "GET /livez HTTP/1.1\r\nHost: x\r\n");
    for (int mib = 0; mib < 16; ++mib) {
      const ssize_t n = ::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL);
      if (n <= 0) break;
      accepted_by_server += static_cast<std::size_t>(n);
    }
    fds.push_back(fd);
  }
  for (const int fd : fds) {
    const ReadResult r = read_until_close(fd, 2);
    EXPECT_TRUE(r.closed);
    if (!r.bytes.empty()) {
      EXPECT_EQ(status_of(r.bytes), 431);
    }
    ::close(fd);
  }
  [[maybe_unused]] const std::size_t after = resident_bytes();
#ifndef KVBENCH_SANITIZED
  EXPECT_LT(after, before + (24u << 20)) << "sent " << accepted_by_server << " bytes";
#endif
  EXPECT_EQ(testing_support::http_get(server->port(), "/livez").status, 200);
}

TEST(HttpLimits, IdleConnectionsBeyondTheCapDoNotShutOutAScrape) {
  LiveFixture f;
  HttpLimits limits;
  limits.max_connections = 8;
  auto server = HttpServer::start("127.0.0.1", 0, f.sources, limits);
  std::vector<int> idle;
  for (int i = 0; i < 40; ++i) {
    const int fd = connect_loopback(server->port());
    ASSERT_GE(fd, 0);
    idle.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto t0 = Clock::now();
  const auto reply = testing_support::http_request(server->port(), "GET", "/livez", "127.0.0.1", 1);
  EXPECT_EQ(reply.status, 200);
  EXPECT_LT(seconds_since(t0), 1.0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::size_t still_open = 0;
  for (const int fd : idle) {
    still_open += closed_by_peer(fd) ? 0 : 1;
    ::close(fd);
  }
  EXPECT_LE(still_open, 8u);
}

TEST(HttpLimits, IdleConnectionIsClosed) {
  LiveFixture f;
  HttpLimits limits;
  limits.idle_timeout = std::chrono::milliseconds(500);
  auto server = HttpServer::start("127.0.0.1", 0, f.sources, limits);
  const int fd = connect_loopback(server->port());
  ASSERT_GE(fd, 0);
  const auto t0 = Clock::now();
  const ReadResult r = read_until_close(fd, 3);
  EXPECT_TRUE(r.closed);
  EXPECT_TRUE(r.bytes.empty());  // nothing was asked, nothing is answered
  EXPECT_LT(seconds_since(t0), 1.5);
  ::close(fd);
}

TEST(HttpLimits, SlowlorisIsCutOffAtTheRequestDeadline) {
  LiveFixture f;
  HttpLimits limits;
  limits.idle_timeout = std::chrono::milliseconds(1000);
  limits.request_deadline = std::chrono::milliseconds(1500);
  auto server = HttpServer::start("127.0.0.1", 0, f.sources, limits);
  const int fd = connect_loopback(server->port());
  ASSERT_GE(fd, 0);
  const auto t0 = Clock::now();
  send_all(fd, "GET /livez HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  // A byte every 300 ms: never idle for a whole second, never done.
  bool answered = false;
  while (!answered && seconds_since(t0) < 4) {
    pollfd p{fd, POLLIN, 0};
    answered = ::poll(&p, 1, 300) > 0;  // the 408, or the end of the connection
    if (!answered) send_all(fd, "a");
  }
  const double elapsed = seconds_since(t0);
  EXPECT_TRUE(answered);
  EXPECT_GE(elapsed, 1.4);
  EXPECT_LT(elapsed, 2.2);
  const ReadResult r = read_until_close(fd, 2);  // closed soon after, though it keeps sending
  EXPECT_EQ(status_of(r.bytes), 408) << r.bytes;
  EXPECT_TRUE(r.closed);
  ::close(fd);
}

// In a child with a small descriptor limit: descriptors fill up to below the reserve; clients
// that connect then are not accepted (no descriptor spent, no CPU burnt spinning on accept),
// and are served once descriptors are free again.
int descriptor_reserve_child(int report_fd) {
  rlimit lim{256, 256};
  if (::setrlimit(RLIMIT_NOFILE, &lim) != 0) return 10;
  LiveFixture f;
  HttpLimits limits;
  limits.reserved_descriptors = 64;
  auto server = HttpServer::start("127.0.0.1", 0, f.sources, limits);
  std::vector<int> hog;
  while (free_descriptors() > 40) hog.push_back(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  const int port = server->port();
  if (::write(report_fd, &port, sizeof port) != sizeof port) return 11;
  rusage r0{};
  ::getrusage(RUSAGE_SELF, &r0);
  const std::size_t free_before = free_descriptors();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the parent's clients wait
  rusage r1{};
  ::getrusage(RUSAGE_SELF, &r1);
  const double cpu = static_cast<double>(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec + r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) +
                     (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec + r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
  const bool kept = free_descriptors() + 1 >= free_before;  // the server took none of them
  for (const int fd : hog) ::close(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // now the clients are served
  server->stop();
  if (!kept) return 12;
  if (cpu > 0.3) return 13;
  return 0;
}

TEST(HttpLimits, NoConnectionIsAcceptedWhileTheDescriptorReserveIsShort) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(pipe_fds[0]);
    ::_exit(descriptor_reserve_child(pipe_fds[1]));
  }
  ::close(pipe_fds[1]);
  int port = 0;
  ASSERT_EQ(::read(pipe_fds[0], &port, sizeof port), static_cast<ssize_t>(sizeof port));
  ::close(pipe_fds[0]);
  std::vector<int> clients;
  for (int i = 0; i < 20; ++i) {
    const int fd = connect_loopback(port);  // completes in the kernel's backlog
    ASSERT_GE(fd, 0);
    send_all(fd, "GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    clients.push_back(fd);
  }
  // Not answered while the child's descriptors are short...
  EXPECT_TRUE(read_until_close(clients[0], 0.8).bytes.empty());
  // ...and answered once they are free.
  for (const int fd : clients) {
    EXPECT_EQ(status_of(read_until_close(fd, 3).bytes), 200);
    ::close(fd);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "12: the server spent reserved descriptors; 13: it burnt CPU";
}

}  // namespace
}  // namespace kvbench::server
