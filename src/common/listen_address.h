// The HOST:PORT of --http-listen, parsed once so that cli/ can report a bad value as a usage
// error and app/ can hand the server a host and a port without re-parsing text. In common/
// because cli/ validates with it and server/ formats with it, and neither may use the other.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kvbench {

struct ListenAddress {
  std::string host;  // an IPv4 address or a host name
  int port = 0;      // 0 = let the system choose a free port
};

// "127.0.0.1:9866", "0.0.0.0:0", "localhost:9866", ":9866" (every address). Returns nullopt on anything else: missing
// host or port, port outside 0..65535, and IPv6 literals ("[::1]:9866"), which cpprestsdk
// 2.10's listener cannot bind (it splits host and port at the first ':').
std::optional<ListenAddress> parse_listen_address(std::string_view text);

std::string format_listen_address(const std::string& host, int port);

}  // namespace kvbench
