#include "tiers/s3/s3_credentials.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace kvbench::tiers {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::optional<S3Credentials> parse_credentials_file(const std::string& text, const std::string& profile) {
  std::istringstream in(text);
  std::string line;
  bool in_profile = false;
  S3Credentials c;
  while (std::getline(in, line)) {
    const std::string t = trimmed(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[' && t.back() == ']') {
      in_profile = trimmed(t.substr(1, t.size() - 2)) == profile;
      continue;
    }
    const auto eq = t.find('=');
    if (!in_profile || eq == std::string::npos) continue;
    const std::string key = trimmed(t.substr(0, eq));
    const std::string value = trimmed(t.substr(eq + 1));
    if (key == "aws_access_key_id") c.access_key_id = value;
    if (key == "aws_secret_access_key") c.secret_access_key = value;
    if (key == "aws_session_token") c.session_token = value;
  }
  if (c.access_key_id.empty() || c.secret_access_key.empty()) return std::nullopt;
  return c;
}

std::optional<S3Credentials> load_s3_credentials(std::string& why) {
  if (!env("AWS_ACCESS_KEY_ID").empty() && !env("AWS_SECRET_ACCESS_KEY").empty())
    return S3Credentials{env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"), env("AWS_SESSION_TOKEN"),
                         "environment"};
  std::string path = env("AWS_SHARED_CREDENTIALS_FILE");
  if (path.empty() && !env("HOME").empty()) path = env("HOME") + "/.aws/credentials";
  const std::string profile = env("AWS_PROFILE").empty() ? "default" : env("AWS_PROFILE");
  why = "no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment";
  if (path.empty()) return std::nullopt;
  std::ifstream f(path);
  if (!f) {
    why += ", and no credentials file " + path;
    return std::nullopt;
  }
  std::stringstream text;
  text << f.rdbuf();
  auto c = parse_credentials_file(text.str(), profile);
  if (!c) {
    why += ", and no profile [" + profile + "] with both keys in " + path;
    return std::nullopt;
  }
  c->source = path;
  return c;
}

}  // namespace kvbench::tiers
