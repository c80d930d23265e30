#include "common/peer_list.h"

#include <charconv>
#include <set>

namespace kvbench {
namespace {

std::optional<PeerAddress> parse_peer(std::string_view item, std::string& error) {
  const auto colon = item.rfind(':');
  if (item.empty()) {
    error = "an empty item (two commas, or a comma at an end)";
    return std::nullopt;
  }
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == item.size()) {
    error = "'" + std::string(item) + "' is not HOST:PORT";
    return std::nullopt;
  }
  const std::string_view host = item.substr(0, colon), port_text = item.substr(colon + 1);
  if (host.find(':') != std::string_view::npos || host.find('[') != std::string_view::npos) {
    error = "'" + std::string(item) + "': IPv6 literals are not supported; use a host name or IPv4";
    return std::nullopt;
  }
  int port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
    error = "'" + std::string(item) + "': the port must be 1..65535";
    return std::nullopt;
  }
  return PeerAddress{std::string(host), port};
}

bool no_duplicates(const std::vector<PeerAddress>& peers, std::string& error) {
  std::set<std::string> seen;
  for (const PeerAddress& p : peers) {
    if (!seen.insert(p.text()).second) {
      error = "'" + p.text() + "' is listed twice";
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::vector<PeerAddress>> parse_peer_list(std::string_view text, std::string& error) {
  std::vector<PeerAddress> peers;
  std::size_t begin = 0;
  while (true) {
    const std::size_t comma = text.find(',', begin);
    const std::string_view item = text.substr(begin, comma == std::string_view::npos ? text.npos : comma - begin);
    auto peer = parse_peer(item, error);
    if (!peer) return std::nullopt;
    peers.push_back(std::move(*peer));
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  if (!no_duplicates(peers, error)) return std::nullopt;
  return peers;
}

std::optional<std::vector<PeerAddress>> expand_peer_pattern(std::string_view pattern, int count,
                                                            std::string& error) {
  constexpr std::string_view kIndex = "{index}";
  const auto at = pattern.find(kIndex);
  if (at == std::string_view::npos || pattern.find(kIndex, at + 1) != std::string_view::npos) {
    error = "the pattern must contain {index} once (e.g. kvbench-{index}.kvbench:8080)";
    return std::nullopt;
  }
  std::vector<PeerAddress> peers;
  for (int i = 0; i < count; ++i) {
    std::string item(pattern);
    item.replace(at, kIndex.size(), std::to_string(i));
    auto peer = parse_peer(item, error);
    if (!peer) return std::nullopt;
    peers.push_back(std::move(*peer));
  }
  return peers;
}

std::optional<std::vector<PeerAddress>> resolve_peers(const std::string& list, const std::string& pattern,
                                                      int count, std::string& error) {
  if (!list.empty() && !pattern.empty()) {
    error = "--peers and --peers-pattern are mutually exclusive";
    return std::nullopt;
  }
  if (list.empty() && pattern.empty()) {
    error = "needs --peers HOST:PORT,... or --peers-pattern (e.g. 'kvbench-{index}.kvbench:8080')";
    return std::nullopt;
  }
  if (!pattern.empty()) {
    auto peers = expand_peer_pattern(pattern, count, error);
    if (!peers) error = "--peers-pattern: " + error;
    return peers;
  }
  auto peers = parse_peer_list(list, error);
  if (!peers) {
    error = "--peers: " + error;
    return std::nullopt;
  }
  if (static_cast<int>(peers->size()) != count) {
    error = "--peers names " + std::to_string(peers->size()) + " peers but --group-size is " +
            std::to_string(count) + " (every group, itself included)";
    return std::nullopt;
  }
  return peers;
}

}  // namespace kvbench
