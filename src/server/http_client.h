// The client side of kvbench's HTTP: one request per connection to a peer's server (its
// /readyz for the start barrier, its /results for `kvbench collect`) or a Pushgateway, over a
// plain socket with every step bounded by one deadline, so a peer that is down, slow or not yet
// resolvable in DNS costs at most the timeout. HTTP/1.0 with Connection: close: the reply ends
// at EOF, which is all kvbench's own server and a Pushgateway need.
#pragma once

#include <string>

namespace kvbench::server {

struct HttpReply {
  int status = 0;     // 0: no reply (see error)
  std::string body;
  std::string error;  // why there was no reply: name resolution, refused, timeout, malformed
};

// method "GET" (no body) or "PUT"/"POST" with `body` as `content_type`. Never throws.
HttpReply http_call(const std::string& host, int port, const std::string& method, const std::string& path,
                    double timeout_s, const std::string& body = "", const std::string& content_type = "");

inline HttpReply http_get(const std::string& host, int port, const std::string& path, double timeout_s) {
  return http_call(host, port, "GET", path, timeout_s);
}

}  // namespace kvbench::server
