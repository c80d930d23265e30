#include "workload/system_prompts.h"

#include <openssl/evp.h>

#include <sstream>

#include "workload/entry_keys.h"

namespace kvbench::workload {
namespace {

int word_count(std::string_view s) {
  int n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\t' || c == '\n';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

SystemPrompt make(std::string_view text) {
  const int tokens = word_count(text);
  return {text, tokens, system_prompt_key(text, tokens)};
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 15]);
  }
  return out;
}

const std::array<SystemPrompt, 3>& system_prompts() {
  static const std::array<SystemPrompt, 3> prompts = {
      make("You are a helpful assistant."),
      make("You are an AI assistant helping with coding tasks."),
      make("You are a professional writing assistant."),
  };
  return prompts;
}

}  // namespace kvbench::workload
