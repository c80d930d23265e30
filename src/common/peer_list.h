// The peers of a group of tensor-parallel runs (--peers, --peers-pattern): the HOST:PORT of
// every group's HTTP server, parsed once so that cli/ can refuse a bad list as a usage error and
// app/ (the start barrier, `kvbench collect`) can reach each one. In common/ beside
// listen_address.h for the same reason: cli/ validates with it, app/ uses it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kvbench {

struct PeerAddress {
  std::string host;  // an IPv4 address or a host name (an Indexed Job's per-pod DNS name)
  int port = 0;      // 1..65535: a peer is reached, never bound, so 0 means nothing
  std::string text() const { return host + ":" + std::to_string(port); }
};

// "10.0.0.1:8080,10.0.0.2:8080": comma-separated HOST:PORT. nullopt names the first bad item
// in `error` (an empty item, a missing or out-of-range port, a duplicate).
std::optional<std::vector<PeerAddress>> parse_peer_list(std::string_view text, std::string& error);

// "kvbench-{index}.kvbench:8080" expanded for index 0..count-1: how an Indexed Job's pods
// find each other through its headless Service. The pattern must contain "{index}" once.
std::optional<std::vector<PeerAddress>> expand_peer_pattern(std::string_view pattern, int count,
                                                            std::string& error);

// --peers or --peers-pattern (exactly one set, the other empty) for a group of `count`; the
// list must name exactly `count` peers. nullopt with the reason in `error`.
std::optional<std::vector<PeerAddress>> resolve_peers(const std::string& list, const std::string& pattern,
                                                      int count, std::string& error);

}  // namespace kvbench
