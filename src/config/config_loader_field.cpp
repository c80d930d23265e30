#include "config/config_loader_field.h"

#include <charconv>
#include <cmath>
#include <unordered_map>

#include "common/number_text.h"
#include "config/config_loader.h"

namespace kvbench::config::detail {
namespace {

// Keeps a message on one line and short, whatever the file holds.
std::string printable(std::string_view text) {
  constexpr std::size_t kMax = 60;
  std::string out;
  for (char c : text.substr(0, kMax)) out += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
  if (text.size() > kMax) out += "...";
  return out;
}

// A quoted scalar ("32") or one tagged !!str is a string in YAML, never a number; the
// reference (PyYAML) would reject it for an int or number key, and so do we.
bool is_string_scalar(const YAML::Node& n) {
  return n.Tag() == "!" || n.Tag() == "tag:yaml.org,2002:str";
}

// from_chars takes no leading '+', which YAML allows; "+-5" stays invalid.
std::string_view without_plus(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') {
    text.remove_prefix(1);
  }
  return text;
}

bool parse_int(const YAML::Node& n, std::int64_t& out) {
  if (!n.IsScalar() || is_string_scalar(n)) return false;
  const std::string_view text = without_plus(n.Scalar());
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// Plain decimal numbers only: from_chars alone would also take "inf", "nan" and hex.
bool parse_number(const YAML::Node& n, double& out) {
  if (!n.IsScalar() || is_string_scalar(n)) return false;
  const std::string_view text = without_plus(n.Scalar());
  bool digit = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+') {
      return false;
    }
  }
  if (!digit) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

std::string int_bounds_text(std::int64_t lo, std::int64_t hi) {
  const bool has_lo = lo > std::numeric_limits<int>::min();
  const bool has_hi = hi < std::numeric_limits<int>::max();
  if (has_lo && has_hi) return " in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (has_lo) return " >= " + std::to_string(lo);
  if (has_hi) return " <= " + std::to_string(hi);
  return "";
}

std::string number_bounds_text(const NumberBounds& b) {
  const bool has_lo = std::isfinite(b.lo), has_hi = std::isfinite(b.hi);
  if (has_lo && has_hi) {
    return std::string(" in ") + (b.lo_open ? "(" : "[") + number_text(b.lo) + ", " +
           number_text(b.hi) + (b.hi_open ? ")" : "]");
  }
  if (has_lo) return (b.lo_open ? " > " : " >= ") + number_text(b.lo);
  if (has_hi) return (b.hi_open ? " < " : " <= ") + number_text(b.hi);
  return "";
}

bool within(double v, const NumberBounds& b) {
  if (b.lo_open ? !(v > b.lo) : !(v >= b.lo)) return false;
  if (b.hi_open ? !(v < b.hi) : !(v <= b.hi)) return false;
  return true;
}

// "[512, 4096]" for a two-item list, as the user wrote it.
std::string list_text(const YAML::Node& n) {
  std::string out = "[";
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (i) out += ", ";
    out += n[i].IsScalar() ? printable(n[i].Scalar()) : describe(n[i]);
  }
  return out + "]";
}

}  // namespace

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence: {
      const auto n = node.size();
      return "a list of " + std::to_string(n) + (n == 1 ? " item" : " items");
    }
    case YAML::NodeType::Scalar:
      return (is_string_scalar(node) ? "the string '" : "'") + printable(node.Scalar()) + "'";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return "no value";
}

Field::Field(const std::string& source, YAML::Node node, std::string path, int line)
    : source_(&source), node_(std::move(node)), path_(std::move(path)), line_(line) {}

void Field::fail_at(int line, const std::string& message) const {
  throw ConfigError(*source_ + ":" + std::to_string(line) + ": " + message);
}

void Field::fail(const std::string& what) const { fail_at(line_, "key '" + path_ + "' " + what); }

std::int64_t Field::as_int64(std::int64_t lo, std::int64_t hi) const {
  std::int64_t v = 0;
  const std::string expected = "must be an int" + int_bounds_text(lo, hi);
  if (!parse_int(node_, v)) fail(expected + ", got " + describe(node_));
  if (v < lo || v > hi) {
    const bool too_large = v > hi && !(hi < std::numeric_limits<int>::max());
    fail(expected + ", got " + printable(node_.Scalar()) + (too_large ? " (too large)" : ""));
  }
  return v;
}

int Field::as_int(int lo, int hi) const { return static_cast<int>(as_int64(lo, hi)); }

double Field::as_number(NumberBounds bounds) const {
  double v = 0;
  const std::string expected = "must be a number" + number_bounds_text(bounds);
  if (!parse_number(node_, v)) fail(expected + ", got " + describe(node_));
  if (!within(v, bounds)) fail(expected + ", got " + printable(node_.Scalar()));
  return v;
}

std::string Field::as_string() const {
  if (!node_.IsScalar() || node_.Scalar().empty()) {
    fail("must be a non-empty string, got " + describe(node_));
  }
  return node_.Scalar();
}

std::pair<int, int> Field::as_int_range(int lo) const {
  const std::string expected =
      "must be a list of 2 ints [min, max], each >= " + std::to_string(lo) + ", with min <= max";
  if (!node_.IsSequence() || node_.size() != 2) fail(expected + ", got " + describe(node_));
  std::int64_t v[2] = {0, 0};
  for (std::size_t i = 0; i < 2; ++i) {
    if (!parse_int(node_[i], v[i]) || v[i] < lo || v[i] > kIntMax) {
      fail(expected + ", got " + list_text(node_));
    }
  }
  if (v[0] > v[1]) fail(expected + ", got " + list_text(node_));
  return {static_cast<int>(v[0]), static_cast<int>(v[1])};
}

std::pair<double, double> Field::as_number_range(double lo) const {
  const std::string expected =
      "must be a list of 2 numbers [min, max], each >= " + number_text(lo) + ", with min <= max";
  if (!node_.IsSequence() || node_.size() != 2) fail(expected + ", got " + describe(node_));
  double v[2] = {0, 0};
  for (std::size_t i = 0; i < 2; ++i) {
    if (!parse_number(node_[i], v[i]) || v[i] < lo) fail(expected + ", got " + list_text(node_));
  }
  if (v[0] > v[1]) fail(expected + ", got " + list_text(node_));
  return {v[0], v[1]};
}

void Field::as_map(std::initializer_list<FieldRule> rules) const {
  for_each_entry([&](const std::string& key, const Field& value) {
    for (const auto& rule : rules) {
      if (rule.key == key) {
        rule.apply(value);
        return;
      }
    }
    std::string valid;
    for (const auto& rule : rules) valid += (valid.empty() ? "" : ", ") + std::string(rule.key);
    fail_at(value.line(),
            "unknown key '" + value.path() + "'. Valid keys at this level: [" + valid + "]");
  });
}

void Field::for_each_entry(
    const std::function<void(const std::string& key, const Field& value)>& visit) const {
  if (node_.IsNull()) return;
  if (!node_.IsMap()) fail("must be a map, got " + describe(node_));
  std::unordered_map<std::string, int> seen;  // key -> line of its first appearance
  for (const auto& entry : node_) {
    // Copies: the iterator's pair is a temporary, references into it would dangle.
    const YAML::Node key_node = entry.first;
    const int line = key_node.Mark().is_null() ? line_ : key_node.Mark().line + 1;
    const std::string where = path_.empty() ? "at the top level" : "under '" + path_ + "'";
    if (!key_node.IsScalar()) {
      fail_at(line, "a key " + where + " must be a plain name, got " + describe(key_node));
    }
    const std::string& key = key_node.Scalar();
    const std::string path = path_.empty() ? printable(key) : path_ + "." + printable(key);
    // PyYAML silently keeps the last of two equal keys; a strict loader points at the typo.
    const auto [first, inserted] = seen.emplace(key, line);
    if (!inserted) {
      fail_at(line,
              "duplicate key '" + path + "' (first at line " + std::to_string(first->second) + ")");
    }
    visit(key, Field(*source_, entry.second, path, line));
  }
}

}  // namespace kvbench::config::detail
