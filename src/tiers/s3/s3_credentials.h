// Where the S3 backend's credentials come from: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and
// AWS_SESSION_TOKEN) in the environment, else the shared credentials file (AWS_SHARED_CREDENTIALS_FILE,
// or ~/.aws/credentials) under the profile AWS_PROFILE names ("default" otherwise), as the AWS
// CLI reads them. Never from the command line; nothing here is logged, and `source` only says
// where they were found.
#pragma once

#include <optional>
#include <string>

namespace kvbench::tiers {

struct S3Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty: long-term keys
  std::string source;         // "environment" or the file's path, for messages
};

// Reads the environment, then the file. nullopt when neither has both keys; `why` then says what
// was looked at (no secret in it).
std::optional<S3Credentials> load_s3_credentials(std::string& why);

// Parses one profile of a credentials file's text (INI: [profile] then key = value lines).
std::optional<S3Credentials> parse_credentials_file(const std::string& text, const std::string& profile);

}  // namespace kvbench::tiers
