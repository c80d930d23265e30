#include "server/http_response_bytes.h"

namespace kvbench::server {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

std::string response_bytes(const Response& r, bool head_only, bool announce_close) {
  std::string out;
  out.reserve(160 + (head_only ? 0 : r.body.size()));
  out += "HTTP/1.1 ";
  out += std::to_string(r.status);
  out += ' ';
  out += reason_phrase(r.status);
  out += "\r\n";
  if (r.allow_get_only) out += "Allow: GET, HEAD\r\n";
  out += "Cache-Control: no-store\r\n";
  if (announce_close) out += "Connection: close\r\n";
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  out += "Content-Type: " + r.content_type + "\r\n\r\n";
  if (!head_only) out += r.body;
  return out;
}

Response server_error(int status) {
  std::string message;
  switch (status) {
    case 405: message = "method not allowed; kvbench's HTTP endpoints are read-only (GET, HEAD)"; break;
    case 408: message = "request not received in time"; break;
    case 414: message = "request line too long"; break;
    case 431: message = "request headers too large"; break;
    case 505: message = "HTTP version not supported; use HTTP/1.1 or HTTP/1.0"; break;
    case 500: message = "internal error"; break;
    default: message = "bad request"; break;
  }
  Response r{status, "application/json", "{\"error\":\"" + message + "\"}\n"};
  r.allow_get_only = status == 405;
  return r;
}

}  // namespace kvbench::server
