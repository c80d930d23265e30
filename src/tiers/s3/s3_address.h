// Where the S3 backend's requests go: the endpoint, path-style or virtual-host addressing, the
// object name of an entry (its key as the file backend names it, under the prefix), and the
// parsing of a --cache-dir s3://bucket/prefix. Pure functions, no I/O.
#pragma once

#include <string>
#include <string_view>

#include "common/backend_options.h"

namespace kvbench::tiers {

// Percent-encodes all but A-Z a-z 0-9 - _ . ~ (and '/' when `keep_slash`), uppercase hex as
// SigV4's canonical URI wants it.
std::string uri_encode(std::string_view s, bool keep_slash);

class S3Address {
 public:
  explicit S3Address(const S3Options& o);
  // scheme://host[:port] the requests go to, as chosen (for messages and storage_io).
  const std::string& endpoint() const { return endpoint_; }
  bool path_style() const { return path_style_; }
  // The URL of the bucket itself (with `query`, e.g. "uploads", appended after '?').
  std::string bucket_url(std::string_view query = {}) const;
  // The URL of an entry's object.
  std::string object_url(std::string_view key, std::string_view query = {}) const;
  // The object name of an entry: prefix + the file backend's name for the key.
  std::string object_name(std::string_view key) const;

 private:
  std::string base_;  // what a path starts after: https://host or https://bucket.host
  std::string endpoint_;
  std::string bucket_;
  std::string prefix_;  // empty or ends in '/'
  bool path_style_ = true;
};

// Splits "s3://bucket/some/prefix" into o.bucket and o.prefix; false if it is not such a URL.
bool parse_s3_url(std::string_view url, S3Options& o);

}  // namespace kvbench::tiers
