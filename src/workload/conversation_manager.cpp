#include "workload/conversation_manager.h"

#include "workload/entry_keys.h"

namespace kvbench::workload {

ConversationManager::ConversationManager(int max_conversations, int max_turns_per_conv)
    : max_conversations_(max_conversations > 0 ? max_conversations : 1),
      max_turns_(max_turns_per_conv) {}

std::string ConversationManager::start(const std::string& user_id, std::int64_t start_ms) {
  std::string id = conversation_id(user_id, start_ms);
  // Two starts by one user within a millisecond would collide; the suffix keeps ids unique.
  for (int n = 2; by_id_.count(id); ++n)
    id = conversation_id(user_id, start_ms, n);
  while (static_cast<int>(by_id_.size()) >= max_conversations_) {
    by_id_.erase(lru_.front());
    lru_.pop_front();
    ++dropped_;
  }
  lru_.push_back(id);
  Conversation c;
  c.lru = std::prev(lru_.end());
  by_id_.emplace(id, c);
  return id;
}

bool ConversationManager::exists(const std::string& id) const { return by_id_.count(id) != 0; }

int ConversationManager::turns(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? 0 : it->second.turns;
}

bool ConversationManager::at_turn_limit(const std::string& id) const {
  return max_turns_ > 0 && turns(id) >= max_turns_;
}

void ConversationManager::touch(Conversation& c) { lru_.splice(lru_.end(), lru_, c.lru); }

int ConversationManager::add_turn(const std::string& id, std::uint64_t tokens) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return 0;
  it->second.turns += 1;
  it->second.tokens += tokens;
  touch(it->second);
  return it->second.turns;
}

std::uint64_t ConversationManager::cumulative_tokens(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? 0 : it->second.tokens;
}

void ConversationManager::end(const std::string& id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  lru_.erase(it->second.lru);
  by_id_.erase(it);
}

}  // namespace kvbench::workload
