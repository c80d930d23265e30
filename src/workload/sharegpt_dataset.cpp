#include "workload/sharegpt_dataset.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "workload/entry_keys.h"

namespace kvbench::workload {
namespace {

using json = nlohmann::json;

// SAX handler over the depth structure: 0 outside, 1 the top array, 2 a record object,
// 3 its "conversations" array, 4 a message object. Containers that matter to nothing are
// skipped whole (skip_depth_).
class ShareGptSax {
 public:
  ShareGptSax(ShareGptDataset& out, const ShareGptOptions& opt) : out_(out), opt_(opt) {}

  bool null() { return scalar(Scalar::Other, {}); }
  bool boolean(bool) { return scalar(Scalar::Other, {}); }
  bool number_integer(json::number_integer_t v) { return scalar(Scalar::Integer, std::to_string(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return scalar(Scalar::Integer, std::to_string(v)); }
  bool number_float(json::number_float_t, const json::string_t&) { return scalar(Scalar::Other, {}); }
  bool string(json::string_t& s) { return scalar(Scalar::String, s); }
  bool binary(json::binary_t&) { return scalar(Scalar::Other, {}); }

  bool key(json::string_t& k) {
    if (skipping()) return true;
    if (depth_ == 2) record_key_ = k;
    else if (depth_ == 4) message_key_ = k;
    return true;
  }

  bool start_object(std::size_t) { return open(true); }
  bool start_array(std::size_t) { return open(false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    out_.error = "invalid JSON at byte " + std::to_string(position) + ": " + ex.what();
    return false;
  }

  bool stopped() const { return stopped_; }

 private:
  enum class Scalar { String, Integer, Other };

  bool skipping() const { return skip_depth_ >= 0; }

  // A new element of the top array; false stops the parse once enough records were read.
  bool begin_element() {
    if (out_.records_read >= opt_.max_conversations) {
      out_.stopped_at_limit = true;
      stopped_ = true;
      return false;
    }
    ++out_.records_read;
    return true;
  }

  bool scalar(Scalar kind, std::string_view text) {
    if (skipping()) return true;
    switch (depth_) {
      case 0:
        out_.error = "expected a JSON array of conversations, found a single value";
        return false;
      case 1:
        if (!begin_element()) return false;
        ++out_.records_skipped;
        return true;
      case 2:
        if (record_key_ == "id" && kind != Scalar::Other) id_ = std::string(text);
        if (record_key_ == "conversations") has_conversations_ = false;  // the last key wins
        return true;
      case 3:
        finish_message(false);
        return true;
      case 4:
        if (message_key_ == "from") from_ = kind == Scalar::String ? std::string(text) : std::string();
        if (message_key_ == "value") {
          value_ok_ = kind == Scalar::String;
          value_tokens_ = value_ok_ ? count_tokens(text) : 0;
        }
        return true;
      default:
        return true;
    }
  }

  std::uint32_t count_tokens(std::string_view text) const {
    // Capped later per role; the larger cap keeps either cap exact.
    return estimate_tokens(text, opt_.chars_per_token, UINT32_MAX);
  }

  bool open(bool object) {
    if (skipping()) {
      ++depth_;
      return true;
    }
    switch (depth_) {
      case 0:
        if (object) {
          out_.error = "expected a JSON array of conversations, found an object";
          return false;
        }
        break;
      case 1:
        if (!begin_element()) return false;
        if (!object) return skip();
        id_.clear();
        has_conversations_ = false;
        record_key_.clear();
        turns_.clear();
        break;
      case 2:
        if (record_key_ != "conversations" || object) return skip();
        has_conversations_ = true;
        turns_.clear();
        message_index_ = 0;
        break;
      case 3:
        if (!object) return skip();
        from_.clear();
        message_key_.clear();
        value_ok_ = true;  // a message without "value" counts as empty text, as .get('value', '')
        value_tokens_ = 1;
        break;
      case 4:
        if (message_key_ == "value") value_ok_ = false;
        if (message_key_ == "from") from_.clear();
        return skip();
      default:
        return skip();
    }
    ++depth_;
    return true;
  }

  bool skip() {
    skip_depth_ = depth_;
    ++depth_;
    return true;
  }

  bool close() {
    --depth_;
    if (skipping()) {
      if (depth_ > skip_depth_) return true;
      skip_depth_ = -1;
      // An ignored container that stood where a record or a message was expected.
      if (depth_ == 1) ++out_.records_skipped;
      if (depth_ == 3) finish_message(false);
      return true;
    }
    switch (depth_) {
      case 1: finish_record(); break;
      case 3: finish_message(value_ok_); break;
      default: break;
    }
    return true;
  }

  // Pairs messages at even indices with the next one: (human, gpt) makes a turn.
  void finish_message(bool ok) {
    const bool even = message_index_++ % 2 == 0;
    if (even) {
      pending_human_ = ok && from_ == "human";
      pending_context_ = value_tokens_;
      return;
    }
    if (pending_human_ && ok && from_ == "gpt") {
      ShareGptTurn t;
      t.context_tokens = std::min(pending_context_, opt_.max_context_tokens);
      t.generation_tokens = std::min(value_tokens_, opt_.max_generation_tokens);
      turns_.push_back(t);
    } else {
      ++out_.pairs_skipped;
    }
  }

  void finish_record() {
    if (!has_conversations_ || turns_.empty()) {
      ++out_.records_skipped;
      return;
    }
    ShareGptConversation c;
    c.id = id_.empty() ? sharegpt_conversation_id(out_.records_read - 1) : id_;
    c.turns = std::move(turns_);
    turns_.clear();
    out_.conversations.push_back(std::move(c));
  }

  ShareGptDataset& out_;
  const ShareGptOptions& opt_;
  int depth_ = 0;
  int skip_depth_ = -1;
  bool stopped_ = false;
  std::string record_key_, message_key_;
  std::string id_;
  bool has_conversations_ = false;
  std::vector<ShareGptTurn> turns_;
  std::uint64_t message_index_ = 0;
  std::string from_;
  bool value_ok_ = true;
  std::uint32_t value_tokens_ = 1;
  bool pending_human_ = false;
  std::uint32_t pending_context_ = 0;
};

ShareGptOptions sane(ShareGptOptions o) {
  if (o.chars_per_token <= 0) o.chars_per_token = 4;
  return o;
}

// `parse(sax)` runs nlohmann's SAX parser over the input.
template <class Parse>
ShareGptDataset run_parse(Parse parse, const ShareGptOptions& options) {
  ShareGptDataset out;
  const ShareGptOptions opt = sane(options);
  ShareGptSax sax(out, opt);
  const bool ok = parse(sax);
  if (!ok && !sax.stopped() && out.error.empty()) out.error = "invalid JSON";
  if (ok || sax.stopped()) out.error.clear();
  return out;
}

}  // namespace

std::uint32_t estimate_tokens(std::string_view text, int chars_per_token, std::uint32_t cap) {
  std::uint64_t code_points = 0;
  for (unsigned char c : text) code_points += (c & 0xC0) != 0x80;
  const std::uint64_t per = chars_per_token > 0 ? static_cast<std::uint64_t>(chars_per_token) : 4;
  std::uint64_t tokens = code_points / per;
  if (tokens < 1) tokens = 1;
  return static_cast<std::uint32_t>(tokens < cap ? tokens : cap);
}

std::uint64_t ShareGptDataset::total_turns() const {
  std::uint64_t n = 0;
  for (const auto& c : conversations) n += c.turns.size();
  return n;
}

ShareGptDataset parse_sharegpt(std::string_view text, const ShareGptOptions& options) {
  return run_parse([&](ShareGptSax& sax) { return json::sax_parse(text.begin(), text.end(), &sax); },
                   options);
}

ShareGptDataset load_sharegpt_file(const std::string& path, const ShareGptOptions& options) {
  std::ifstream in;
  std::vector<char> buffer(1 << 20);
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  in.open(path, std::ios::binary);
  if (!in) {
    ShareGptDataset out;
    out.error = std::string("cannot open: ") + std::strerror(errno);
    return out;
  }
  ShareGptDataset out =
      run_parse([&](ShareGptSax& sax) { return json::sax_parse(in, &sax); }, options);
  if (in.bad() && out.error.empty()) out.error = std::string("read error: ") + std::strerror(errno);
  return out;
}

}  // namespace kvbench::workload
