#include "tiers/s3/s3_address.h"

#include <cstdio>

#include "tiers/entry_file_name.h"

namespace kvbench::tiers {

std::string uri_encode(std::string_view s, bool keep_slash) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' ||
                       c == '_' || c == '.' || c == '~' || (keep_slash && c == '/');
    if (plain) {
      out += c;
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", u);
      out += hex;
    }
  }
  return out;
}

S3Address::S3Address(const S3Options& o) : bucket_(o.bucket), prefix_(o.prefix) {
  std::string ep = o.endpoint.empty() ? "https://s3." + o.region + ".amazonaws.com" : o.endpoint;
  while (!ep.empty() && ep.back() == '/') ep.pop_back();
  if (ep.find("://") == std::string::npos) ep = "http://" + ep;
  endpoint_ = ep;
  path_style_ = o.addressing == S3Addressing::Path || (o.addressing == S3Addressing::Auto && !o.endpoint.empty());
  while (!prefix_.empty() && prefix_.front() == '/') prefix_.erase(0, 1);
  if (!prefix_.empty() && prefix_.back() != '/') prefix_ += '/';
  if (path_style_) {
    base_ = endpoint_ + "/" + uri_encode(bucket_, false);
  } else {
    const auto scheme_end = endpoint_.find("://") + 3;
    base_ = endpoint_.substr(0, scheme_end) + bucket_ + "." + endpoint_.substr(scheme_end);
  }
}

std::string S3Address::bucket_url(std::string_view query) const {
  std::string url = base_ + "/";
  if (!query.empty()) url += "?" + std::string(query);
  return url;
}

std::string S3Address::object_name(std::string_view key) const { return prefix_ + entry_file_name(key); }

std::string S3Address::object_url(std::string_view key, std::string_view query) const {
  std::string url = base_ + "/" + uri_encode(object_name(key), true);
  if (!query.empty()) url += "?" + std::string(query);
  return url;
}

bool parse_s3_url(std::string_view url, S3Options& o) {
  constexpr std::string_view scheme = "s3://";
  if (!url.starts_with(scheme)) return false;
  url.remove_prefix(scheme.size());
  const auto slash = url.find('/');
  const std::string_view bucket = url.substr(0, slash);
  if (bucket.empty()) return false;
  o.bucket = std::string(bucket);
  o.prefix = slash == std::string_view::npos ? std::string() : std::string(url.substr(slash + 1));
  return true;
}

}  // namespace kvbench::tiers
