// ShareGPT datasets (spec §5.5): a JSON array of records {"id": ..., "conversations":
// [{"from": "human"|"gpt", "value": text}, ...]}. Each (human, gpt) message pair becomes one
// turn whose token counts are estimated from the text (characters / chars_per_token_estimate,
// at least 1, capped by the sharegpt section of config.yaml). Only the first
// --max-conversations records are read; parsing is streamed (SAX), so a multi-GiB file costs
// the turns kept, never the text. parse_sharegpt() works on a string, for tests and fuzzing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kvbench::workload {

struct ShareGptTurn {
  std::uint32_t context_tokens = 0;
  std::uint32_t generation_tokens = 0;
};

struct ShareGptConversation {
  std::string id;  // the record's "id", else "conv_{index}"
  std::vector<ShareGptTurn> turns;
};

struct ShareGptOptions {
  std::uint64_t max_conversations = 500;  // records read (the reference's data[:max])
  int chars_per_token = 4;
  std::uint32_t max_context_tokens = 16384;
  std::uint32_t max_generation_tokens = 2048;
};

struct ShareGptDataset {
  std::vector<ShareGptConversation> conversations;
  std::uint64_t records_read = 0;     // records looked at (at most max_conversations)
  std::uint64_t records_skipped = 0;  // not an object, no "conversations" array, or no usable pair
  std::uint64_t pairs_skipped = 0;    // message pairs not (human, gpt) with string values
  bool stopped_at_limit = false;      // more records follow the ones read
  // Set when the text is not a JSON array or is cut/broken; records read before the fault
  // are kept (the one being read when it happened is dropped).
  std::string error;

  std::uint64_t total_turns() const;
};

ShareGptDataset parse_sharegpt(std::string_view json_text, const ShareGptOptions& options);

// Streams the file. A file that cannot be opened or read sets `error` (with the reason) and
// returns no conversation.
ShareGptDataset load_sharegpt_file(const std::string& path, const ShareGptOptions& options);

// The reference's estimate: Unicode characters (UTF-8 code points) / chars_per_token, >= 1.
std::uint32_t estimate_tokens(std::string_view utf8_text, int chars_per_token, std::uint32_t cap);

}  // namespace kvbench::workload
