#include "server/http_request_head.h"

#include <cctype>
#include <cstring>

namespace kvbench::server {
namespace {

// RFC 9110 token characters (methods and header names).
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0) continue;
    if (std::strchr("!#$%&'*+-.^_`|~", ch) == nullptr || ch == '\0') return false;
  }
  return true;
}

bool equals_lower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != lower[i]) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Does a comma-separated Connection value name `option`?
bool names_option(std::string_view value, std::string_view option) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    if (equals_lower(trim(value.substr(0, comma)), option)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

// Origin form ("/path?q"), absolute form ("http://host/path") or "*"; empty when invalid.
std::string path_of(std::string_view target) {
  for (const char ch : target) {
    if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7f) return {};
  }
  if (target == "*") return "*";
  if (const std::size_t scheme = target.find("://"); target.front() != '/' && scheme != std::string_view::npos) {
    const std::size_t slash = target.find('/', scheme + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  if (target.front() != '/') return {};
  return std::string(target.substr(0, target.find_first_of("?#")));
}

// One header line of the head: sets what the server needs, reports malformed lines.
bool read_header(std::string_view line, RequestHead& head, bool& close_asked, bool& keep_alive_asked) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) return false;  // also folding
  const std::string_view name = line.substr(0, colon);
  const std::string_view value = trim(line.substr(colon + 1));
  if (equals_lower(name, "connection")) {
    close_asked = close_asked || names_option(value, "close");
    keep_alive_asked = keep_alive_asked || names_option(value, "keep-alive");
  } else if (equals_lower(name, "content-length")) {
    if (value.empty() || value.find_first_not_of("0123456789") != std::string_view::npos) return false;
    head.has_body = head.has_body || value.find_first_not_of('0') != std::string_view::npos;
  } else if (equals_lower(name, "transfer-encoding")) {
    head.has_body = true;
  }
  return true;
}

HeadParse invalid(int status) {
  HeadParse p;
  p.state = HeadState::Invalid;
  p.error_status = status;
  return p;
}

// The next line of `text` from `pos` without its terminator; pos moves past it.
std::string_view next_line(std::string_view text, std::size_t& pos) {
  const std::size_t eol = text.find('\n', pos);
  std::string_view line = text.substr(pos, eol - pos);
  pos = eol + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

HeadParse parse_complete_head(std::string_view head_text, std::size_t consumed) {
  std::size_t pos = 0;
  const std::string_view request_line = next_line(head_text, pos);
  const std::size_t sp1 = request_line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || request_line.find(' ', sp2 + 1) != std::string_view::npos) return invalid(400);
  HeadParse p;
  p.head.method = std::string(request_line.substr(0, sp1));
  p.head.path = path_of(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
  const std::string_view version = request_line.substr(sp2 + 1);
  if (!is_token(p.head.method) || p.head.path.empty()) return invalid(400);
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || !std::isdigit(static_cast<unsigned char>(version[5])) ||
      version[6] != '.' || !std::isdigit(static_cast<unsigned char>(version[7])))
    return invalid(400);
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return invalid(505);
  bool close_asked = false;
  bool keep_alive_asked = false;
  while (pos < head_text.size()) {
    const std::string_view line = next_line(head_text, pos);
    if (line.empty()) break;
    if (!read_header(line, p.head, close_asked, keep_alive_asked)) return invalid(400);
  }
  p.head.keep_alive = version == "HTTP/1.1" ? !close_asked : keep_alive_asked && !close_asked;
  p.state = HeadState::Complete;
  p.consumed = consumed;
  return p;
}

}  // namespace

HeadParse parse_request_head(std::string_view received, std::size_t max_head_bytes, std::size_t scanned) {
  std::size_t start = 0;
  while (start < received.size() && (received[start] == '\r' || received[start] == '\n')) ++start;
  const std::string_view text = received.substr(start);
  // The head ends at the first empty line: "\n\n" or "\n\r\n".
  std::size_t end = std::string_view::npos;
  const std::size_t from = scanned > start + 3 ? scanned - start - 3 : 0;
  for (std::size_t nl = text.find('\n', from); nl != std::string_view::npos; nl = text.find('\n', nl + 1)) {
    if (nl + 1 < text.size() && text[nl + 1] == '\n') {
      end = nl + 2;
      break;
    }
    if (nl + 2 < text.size() && text[nl + 1] == '\r' && text[nl + 2] == '\n') {
      end = nl + 3;
      break;
    }
  }
  const std::size_t first_eol = text.find('\n');
  const bool line_too_long = first_eol == std::string_view::npos ? text.size() >= max_head_bytes : first_eol >= max_head_bytes;
  if (line_too_long) return invalid(414);
  if (end == std::string_view::npos) return received.size() >= max_head_bytes ? invalid(431) : HeadParse{};
  if (end > max_head_bytes) return invalid(431);
  return parse_complete_head(text.substr(0, end), start + end);
}

}  // namespace kvbench::server
