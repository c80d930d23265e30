// A spelling table: the one list of the words that name an enum's values. Flag parsing, the
// --help choices, `kvbench schema` and the reports all read it, so a value is spelled the
// same everywhere and adding one adds it everywhere.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace kvbench {

template <class E, std::size_t N>
using Spelling = std::array<std::pair<E, std::string_view>, N>;

// The word for `value`; "" for a value the table lacks (a bug, kept out of the output).
template <class E, std::size_t N>
constexpr std::string_view spelling_of(const Spelling<E, N>& table, E value) {
  for (const auto& [v, word] : table)
    if (v == value) return word;
  return "";
}

// The value a word names, exactly as spelled in the table.
template <class E, std::size_t N>
constexpr std::optional<E> parse_spelling(const Spelling<E, N>& table, std::string_view word) {
  for (const auto& [v, w] : table)
    if (w == word) return v;
  return std::nullopt;
}

// Table words are string literals, so a word's data() is NUL-terminated: the *_name
// functions return it as a const char*, which both streams and std::string + accept.

// Every word, in table order (the order --help lists the choices in).
template <class E, std::size_t N>
std::vector<std::string_view> spellings(const Spelling<E, N>& table) {
  std::vector<std::string_view> out;
  for (const auto& entry : table) out.push_back(entry.second);
  return out;
}

}  // namespace kvbench
