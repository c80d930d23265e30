// Multi-turn conversations (spec §5.2): which conversation each user is in, how many turns it
// has, and the cap on conversations kept (least recently used dropped first). Metadata only:
// dropping a conversation never touches the cache. Used by one thread (the arrival source).
#pragma once

#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>

namespace kvbench::workload {

class ConversationManager {
 public:
  ConversationManager(int max_conversations, int max_turns_per_conv);

  // Starts a conversation for `user_id`; its id is "conv_{user_id}_{start_ms}". Drops the least
  // recently used conversation first when the cap is reached.
  std::string start(const std::string& user_id, std::int64_t start_ms);
  bool exists(const std::string& conversation_id) const;
  int turns(const std::string& conversation_id) const;  // 0 if unknown
  bool at_turn_limit(const std::string& conversation_id) const;
  // Adds a turn and returns its number (1-based), or 0 if the conversation is unknown.
  int add_turn(const std::string& conversation_id, std::uint64_t tokens);
  std::uint64_t cumulative_tokens(const std::string& conversation_id) const;
  void end(const std::string& conversation_id);
  std::size_t size() const { return by_id_.size(); }
  std::uint64_t dropped() const { return dropped_; }

 private:
  struct Conversation {
    int turns = 0;
    std::uint64_t tokens = 0;
    std::list<std::string>::iterator lru;
  };
  void touch(Conversation& c);
  int max_conversations_;
  int max_turns_;
  std::unordered_map<std::string, Conversation> by_id_;
  std::list<std::string> lru_;  // front = least recently used
  std::uint64_t dropped_ = 0;
};

}  // namespace kvbench::workload
