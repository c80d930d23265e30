// The head of one HTTP/1.x request (request line and headers), parsed from the bytes a
// connection has received so far, within a byte bound. Only what the server acts on is kept:
// method, path, and whether the connection may stay open. Header values are never stored, so
// no answer can echo them (TRACE once echoed Authorization and Cookie).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kvbench::server {

struct RequestHead {
  std::string method;
  std::string path;         // the target's path, without query or fragment
  bool keep_alive = false;  // HTTP/1.1 unless "Connection: close"; HTTP/1.0 with "keep-alive"
  bool has_body = false;    // Content-Length > 0 or Transfer-Encoding: the server closes after
                            // answering rather than reading a body it has no use for
};

enum class HeadState { Incomplete, Complete, Invalid };

struct HeadParse {
  HeadState state = HeadState::Incomplete;
  std::size_t consumed = 0;  // Complete: bytes of the head, blank line included
  int error_status = 0;      // Invalid: 400, 414 (request line too long), 431 (head too long), 505
  RequestHead head;
};

// `received`: the connection's unconsumed bytes. Incomplete while no blank line has arrived and
// fewer than `max_head_bytes` are held; past that bound the request is Invalid (414 or 431).
// Lines may end in CRLF or a bare LF; empty lines before the request line are skipped.
// `scanned`: how many of these bytes an earlier call has already seen, so a head that trickles
// in a byte at a time is not searched from its start on every byte.
HeadParse parse_request_head(std::string_view received, std::size_t max_head_bytes, std::size_t scanned = 0);

}  // namespace kvbench::server
