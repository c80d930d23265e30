// A real S3 server for one test: s3rver (tests/support/s3rver.sh) on a free loopback port with
// one bucket, started by the constructor and killed by the destructor. Where node is missing
// (or npm cannot install s3rver) it does not start and why_not() says so: the test skips.
// s3rver knows one account, S3RVER / S3RVER; it refuses other key ids (403) but does not check
// V4 signatures themselves.
#pragma once

#include <string>

namespace kvbench::testing_support {

class S3Server {
 public:
  static constexpr const char* kAccessKey = "S3RVER";
  static constexpr const char* kSecretKey = "S3RVER";

  explicit S3Server(const std::string& bucket = "kvbench");
  ~S3Server();
  S3Server(const S3Server&) = delete;
  S3Server& operator=(const S3Server&) = delete;

  bool running() const { return pid_ > 0; }
  const std::string& why_not() const { return why_not_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  const std::string& bucket() const { return bucket_; }
  const std::string& data_dir() const { return dir_; }
  // SIGKILL now, as a crash of the server mid-run.
  void kill_now();

 private:
  std::string bucket_;
  std::string dir_;
  int port_ = 0;
  int pid_ = -1;
  std::string why_not_;
};

// A loopback port nothing listens on right now (bound, read back, released).
int free_loopback_port();

}  // namespace kvbench::testing_support
