#include "support/s3_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace kvbench::testing_support {
namespace {

const std::string kScript = std::string(KVBENCH_SOURCE_DIR) + "/tests/support/s3rver.sh";

bool accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

S3Server::S3Server(const std::string& bucket) : bucket_(bucket) {
  const int ensure = std::system((kScript + " --ensure >/dev/null 2>&1").c_str());
  if (ensure != 0) {
    why_not_ = "s3rver is not available (node/npm missing or npm install failed; tests/support/s3rver.sh)";
    return;
  }
  char tmpl[] = "/tmp/kvbench_s3rver_XXXXXX";
  dir_ = ::mkdtemp(tmpl);
  port_ = free_loopback_port();
  pid_ = ::fork();
  if (pid_ == 0) {
    const int log = ::open((dir_ + "/s3rver.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(log, 1);
    ::dup2(log, 2);
    const std::string port = std::to_string(port_);
    const std::string data = dir_ + "/data";
    ::execl("/bin/bash", "bash", kScript.c_str(), "-d", data.c_str(), "-a", "127.0.0.1", "-p", port.c_str(), "-s",
            "--configure-bucket", bucket_.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (int i = 0; i < 200; ++i) {  // node starts in about half a second
    if (accepts(port_)) return;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  why_not_ = "s3rver did not start (see " + dir_ + "/s3rver.log)";
  kill_now();
}

void S3Server::kill_now() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

S3Server::~S3Server() {
  kill_now();
  if (!dir_.empty() && why_not_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

}  // namespace kvbench::testing_support
