#include "common/listen_address.h"

#include <charconv>

namespace kvbench {

std::optional<ListenAddress> parse_listen_address(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon != text.rfind(':')) return std::nullopt;  // IPv6 too
  // ":PORT" is every address, as Go's and Prometheus' listeners read it.
  const std::string_view host = colon == 0 ? std::string_view("0.0.0.0") : text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (port_text.empty()) return std::nullopt;
  for (char c : host)
    if (c == ' ' || c == '/' || c == '[' || c == ']' || c == '@') return std::nullopt;
  int port = -1;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535)
    return std::nullopt;
  return ListenAddress{std::string(host), port};
}

std::string format_listen_address(const std::string& host, int port) { return host + ":" + std::to_string(port); }

}  // namespace kvbench
