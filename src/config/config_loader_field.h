// Internal to config_loader: one YAML value together with where it came from (dotted key
// path and line), so that every type, range or schema error can name both.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

namespace kvbench::config::detail {

// Allowed interval of a number leaf; an open end excludes its bound.
struct NumberBounds {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;
};
inline constexpr NumberBounds kNonNegative{0, std::numeric_limits<double>::infinity()};
inline constexpr NumberBounds kPositive{0, std::numeric_limits<double>::infinity(), true};
inline constexpr NumberBounds kProbability{0, 1};
inline constexpr NumberBounds kRatio{0, 1, true};  // (0, 1]

inline constexpr int kIntMax = std::numeric_limits<int>::max();
inline constexpr int kIntMin = std::numeric_limits<int>::min();

class Field;

// One key a map accepts and what to do with its value.
struct FieldRule {
  std::string_view key;
  std::function<void(const Field&)> apply;
};

// How a node reads in a message: "no value", "a map", "a list of 3 items", "'abc'".
std::string describe(const YAML::Node& node);

class Field {
 public:
  // `line` is the 1-based line of the key (a value's own mark is unreliable: a null value
  // points at the next token and an alias at its anchor).
  Field(const std::string& source, YAML::Node node, std::string path, int line);

  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  int line() const { return line_; }
  const std::string& source() const { return *source_; }

  // ConfigError "<source>:<line>: <message>".
  [[noreturn]] void fail_at(int line, const std::string& message) const;
  // ConfigError "<source>:<line>: key '<path>' <what>".
  [[noreturn]] void fail(const std::string& what) const;

  std::int64_t as_int64(std::int64_t lo, std::int64_t hi) const;
  int as_int(int lo = kIntMin, int hi = kIntMax) const;
  double as_number(NumberBounds bounds) const;
  std::string as_string() const;  // any non-empty scalar
  // [min, max] lists: exactly two values, both >= lo, min <= max.
  std::pair<int, int> as_int_range(int lo) const;
  std::pair<double, double> as_number_range(double lo) const;

  // Walks a map strictly, in file order: each key must name a rule, else "unknown key"
  // listing the valid keys; a key may not repeat. No value counts as an empty map, so a
  // section whose keys are all commented out is fine.
  void as_map(std::initializer_list<FieldRule> rules) const;
  // Visits every entry of a map whose keys are free-form (model_configs, run:), with the
  // same map, key and duplicate checks as as_map.
  void for_each_entry(
      const std::function<void(const std::string& key, const Field& value)>& visit) const;

 private:
  const std::string* source_;
  YAML::Node node_;
  std::string path_;
  int line_;
};

}  // namespace kvbench::config::detail
