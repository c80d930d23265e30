// A Router Response as HTTP/1.1 bytes. The head is the one the cpprestsdk listener sent before
// (status line, then Allow, Cache-Control, Content-Length, Content-Type in that order), so
// every endpoint answers byte for byte as it did; "Connection: close" is added only when the
// server, not the client, ends the connection.
#pragma once

#include <string>
#include <string_view>

#include "server/routes.h"

namespace kvbench::server {

std::string_view reason_phrase(int status);

// `head_only`: a HEAD request (the GET head, Content-Length included, without the body).
// `announce_close`: add "Connection: close".
std::string response_bytes(const Response& r, bool head_only, bool announce_close);

// The server's own answers (400, 405, 408, 414, 431, 500, 505): a JSON body naming the
// problem, never anything the client sent. 405 carries "Allow: GET, HEAD".
Response server_error(int status);

}  // namespace kvbench::server
