// A minimal HTTP/1.1 client over a plain socket for the server tests: one request per
// connection ("Connection: close"), whole reply read until EOF. No HTTP library needed.
#pragma once

#include <map>
#include <string>

namespace kvbench::testing_support {

struct HttpReply {
  int status = 0;  // 0: no connection or no valid reply
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

HttpReply http_request(int port, const std::string& method, const std::string& path,
                       const std::string& host = "127.0.0.1", double timeout_s = 10);
HttpReply http_get(int port, const std::string& path);

}  // namespace kvbench::testing_support
