// The S3 backend as a case of the tier contract suite: an S3Tier against one s3rver shared by the
// whole test binary (started on first use, killed at exit), each case under its own prefix so
// cases never see each other's objects. Parts of 1 MiB, so the suite's entries of a few MiB go
// through multipart uploads and several ranged GETs. Skipped where s3rver cannot run.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "backend_cases.h"
#include "support/s3_server.h"
#include "tiers/s3/s3_tier.h"

namespace kvbench::tiers::testing {

inline testing_support::S3Server& shared_s3_server() {
  static testing_support::S3Server server("kvbench-contract");
  return server;
}

inline S3Options s3_test_options(const testing_support::S3Server& server, const std::string& prefix) {
  S3Options o;
  o.endpoint = server.endpoint();
  o.bucket = server.bucket();
  o.prefix = prefix;
  o.part_size = 1 << 20;
  o.concurrency = 8;
  return o;
}

inline S3Credentials s3_test_credentials() {
  return {testing_support::S3Server::kAccessKey, testing_support::S3Server::kSecretKey, "", "test"};
}

inline BackendCase s3_case() {
  return {"s3", true, [](const std::string&, std::string& why) -> std::unique_ptr<Tier> {
            testing_support::S3Server& server = shared_s3_server();
            if (!server.running()) {
              why = server.why_not();
              return nullptr;
            }
            static std::atomic<int> n{0};
            return std::make_unique<S3Tier>(s3_test_options(server, "case" + std::to_string(n++)),
                                            s3_test_credentials());
          }};
}

}  // namespace kvbench::tiers::testing
