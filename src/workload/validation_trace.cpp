#include "workload/validation_trace.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <vector>

namespace kvbench::workload {
namespace {

using json = nlohmann::json;

// Byte counts arrive as doubles; one of 2^64 or more (a typo such as 1e20) does not fit, and
// converting it would be undefined behaviour (found by tests/fuzz/validation_trace_fuzz).
std::uint64_t to_count(double n) {
  constexpr double kTwoTo64 = 18446744073709551616.0;
  return n < kTwoTo64 ? static_cast<std::uint64_t>(n) : std::numeric_limits<std::uint64_t>::max();
}

// Depth 0 outside, 1 the top array, 2 a record; anything deeper is skipped.
class ValidationSax {
 public:
  explicit ValidationSax(ValidationTrace& out) : out_(out) {}

  bool null() { return value(Kind::Other, 0, false); }
  bool boolean(bool b) { return value(Kind::Bool, 0, b); }
  bool number_integer(json::number_integer_t v) { return value(Kind::Number, static_cast<double>(v), false); }
  bool number_unsigned(json::number_unsigned_t v) { return value(Kind::Number, static_cast<double>(v), false); }
  bool number_float(json::number_float_t v, const json::string_t&) { return value(Kind::Number, v, false); }
  bool string(json::string_t&) { return value(Kind::Other, 0, false); }
  bool binary(json::binary_t&) { return value(Kind::Other, 0, false); }
  bool key(json::string_t& k) {
    if (depth_ == 2) key_ = k;
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

 private:
  enum class Kind { Bool, Number, Other };

  bool value(Kind kind, double number, bool flag) {
    if (depth_ == 0) {
      out_.error = "expected a JSON array of trace records, found a single value";
      return false;
    }
    if (depth_ == 1) ++out_.records_skipped;
    if (depth_ != 2) return true;
    const double n = kind == Kind::Number && std::isfinite(number) && number > 0 ? number : 0;
    if (key_ == "cache_hit") {
      has_hit_ = kind == Kind::Bool;
      hit_ = flag;
    } else if (key_ == "read_bytes") read_ = n;
    else if (key_ == "write_bytes") write_ = n;
    else if (key_ == "context_tokens") context_ = n;
    else if (key_ == "generation_tokens") generation_ = n;
    return true;
  }

  bool open(bool object) {
    if (depth_ == 0 && object) {
      out_.error = "expected a JSON array of trace records, found an object";
      return false;
    }
    if (depth_ == 1) {
      record_ = object;
      has_hit_ = false;
      read_ = write_ = context_ = generation_ = 0;
    }
    ++depth_;
    return true;
  }

  bool close() {
    --depth_;
    if (depth_ != 1) return true;
    if (!record_ || !has_hit_) {
      ++out_.records_skipped;
      return true;
    }
    ++out_.total_requests;
    out_.cache_hits += hit_ ? 1 : 0;
    out_.read_bytes += to_count(read_);
    out_.write_bytes += to_count(write_);
    out_.context_tokens_sum += context_;
    out_.generation_tokens_sum += generation_;
    return true;
  }

  ValidationTrace& out_;
  int depth_ = 0;
  std::string key_;
  bool record_ = false, has_hit_ = false, hit_ = false;
  double read_ = 0, write_ = 0, context_ = 0, generation_ = 0;
};

template <class Parse>
ValidationTrace run(Parse parse) {
  ValidationTrace out;
  ValidationSax sax(out);
  if (!parse(sax) && out.error.empty()) out.error = "invalid JSON";
  return out;
}

}  // namespace

double ValidationTrace::cache_hit_rate() const {
  return total_requests == 0 ? 0.0 : static_cast<double>(cache_hits) / static_cast<double>(total_requests);
}

json ValidationTrace::stats_json() const {
  const double n = total_requests > 0 ? static_cast<double>(total_requests) : 1.0;
  return {{"total_requests", total_requests},
          {"cache_hit_rate", cache_hit_rate()},
          {"read_write_ratio", static_cast<double>(read_bytes) /
                                   static_cast<double>(write_bytes > 0 ? write_bytes : 1)},
          {"context_tokens_mean", context_tokens_sum / n},
          {"generation_tokens_mean", generation_tokens_sum / n},
          {"records_skipped", records_skipped}};
}

ValidationTrace parse_validation_trace(std::string_view text) {
  return run([&](ValidationSax& sax) { return json::sax_parse(text.begin(), text.end(), &sax); });
}

ValidationTrace load_validation_trace(const std::string& path) {
  std::ifstream in;
  std::vector<char> buffer(1 << 20);
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  in.open(path, std::ios::binary);
  if (!in) {
    ValidationTrace out;
    out.error = std::string("cannot open: ") + std::strerror(errno);
    return out;
  }
  return run([&](ValidationSax& sax) { return json::sax_parse(in, &sax); });
}

json compare_with_trace(const ValidationTrace& trace, double bench) {
  const double t = trace.cache_hit_rate();
  json error_pct = nullptr;
  bool passed = false;
  if (t > 0) {
    const double e = std::fabs(bench - t) / t * 100.0;
    error_pct = e;
    passed = e <= 5.0;
  } else if (bench == 0) {
    error_pct = 0.0;
    passed = true;
  }
  // Which known difference the comparison sees (issue 16 item 3): kvbench reloads only the
  // earlier turns of a conversation, kv-cache.py also looks up queued later ones, which miss.
  std::string difference = "none: the hit rates agree within 5%";
  if (!passed && bench > t)
    difference = "kvbench's hit rate is higher: it reloads only earlier turns of a conversation, while "
                 "kv-cache.py also looks up later turns that are queued but not yet written (they always "
                 "miss: 1,007 of 2,511 reload lookups in a 70B realistic run); a trace recorded from "
                 "kv-cache.py reads lower (README, \"Where kvbench deliberately differs\")";
  else if (!passed)
    difference = "kvbench's hit rate is lower: the trace's workload differs (model, users, tier sizes, "
                 "multi-turn and prefix settings)";
  return {{"passed", passed},
          {"avg_error_pct", error_pct},
          {"difference", difference},
          {"comparison",
           {{"cache_hit_rate",
             {{"benchmark", bench}, {"trace", t}, {"error_pct", error_pct}, {"within_5pct", passed}}}}},
          {"trace_stats", trace.stats_json()}};
}

}  // namespace kvbench::workload
