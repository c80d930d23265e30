#include "trace/trace_reader.h"

#include <charconv>
#include <cstring>
#include <string_view>

#include "trace/byte_source.h"
#include "trace/csv_row.h"

namespace kvbench::trace {
namespace {

constexpr std::size_t kReadChunk = 256 * 1024;
constexpr std::size_t kFieldCount = 6;

// Quoted and cut short, for error messages. Built by appending: g++ 12 warns falsely
// (-Wrestrict) on "literal" + std::string temporaries.
std::string shown(std::string_view field) {
  constexpr std::size_t kMax = 60;
  std::string out = "'";
  out.append(field.substr(0, kMax));
  if (field.size() > kMax) out += "...";
  out += '\'';
  return out;
}

// Seconds with up to 6 decimals (the reference writes exactly 6) into integer microseconds.
bool parse_timestamp(std::string_view s, std::int64_t& out) {
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  const std::size_t dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  // from_chars takes a sign of its own: "--5" must not read as +5 s (nor overflow on negation).
  if (!whole.empty() && whole.front() == '-') return false;
  const std::string_view frac =
      dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (whole.empty() || frac.size() > 6 || (dot != std::string_view::npos && frac.empty())) {
    return false;
  }
  std::int64_t seconds = 0;
  const auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
  if (ec != std::errc() || p != whole.data() + whole.size()) return false;
  std::int64_t micros = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    const char c = i < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9') return false;
    micros = micros * 10 + (c - '0');
  }
  if (seconds > (INT64_MAX - micros) / 1'000'000) return false;
  const std::int64_t value = seconds * 1'000'000 + micros;
  out = negative ? -value : value;
  return true;
}

bool parse_size(std::string_view s, std::uint64_t& out) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

bool parse_op(std::string_view s, IoOp& out) {
  if (s == op_trace_name(IoOp::Write)) return out = IoOp::Write, true;
  if (s == op_trace_name(IoOp::Read)) return out = IoOp::Read, true;
  return false;
}

bool parse_tier(std::string_view s, Level& out) {
  if (s.size() != 6 || !s.starts_with("Tier-") || s[5] < '0' || s[5] >= '0' + kLevelCount) {
    return false;
  }
  out = static_cast<Level>(s[5] - '0');
  return true;
}

bool parse_phase(std::string_view s, Phase& out) {
  for (const Phase p : {Phase::Prefill, Phase::Decode, Phase::Evict}) {
    if (s == phase_trace_name(p)) return out = p, true;
  }
  return false;
}

}  // namespace

TraceFormatError::TraceFormatError(const std::string& path, std::uint64_t line,
                                   const std::string& reason)
    : std::runtime_error(path + ":" + std::to_string(line) + ": " + reason), line_(line) {}

std::unique_ptr<TraceReader> TraceReader::open(const std::string& path) {
  std::unique_ptr<TraceReader> reader(new TraceReader(path, open_source(path)));
  if (!reader->next_record()) reader->fail("empty file, expected the trace header");
  // Compare against the header the writer emits, minus its CRLF.
  const std::string_view header = kTraceHeader.substr(0, kTraceHeader.size() - 2);
  std::string got;
  for (std::size_t i = 0; i < reader->fields_.size(); ++i) {
    if (i > 0) got += ',';
    got += reader->fields_[i];
  }
  if (got != header) {
    reader->fail("expected header '" + std::string(header) + "', got " + shown(got));
  }
  return reader;
}

TraceReader::TraceReader(std::string path, std::unique_ptr<ByteSource> source)
    : path_(std::move(path)), source_(std::move(source)), buf_(kReadChunk) {}

TraceReader::~TraceReader() = default;

void TraceReader::fail(const std::string& reason) const {
  throw TraceFormatError(path_, record_line_, reason);
}

bool TraceReader::fill() {
  if (eof_) return false;
  // Keep the unparsed tail (a record cut by the chunk boundary) at the front.
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);  // one record longer than the buffer
  const std::size_t n = source_->read(buf_.data() + end_, buf_.size() - end_);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += n;
  return true;
}

bool TraceReader::next_record() {
  for (;;) {
    // Parse from begin_; if the record is incomplete, read more and parse it again from the
    // start (records are short, so re-scanning costs little).
    fields_.clear();
    fields_.emplace_back();
    std::uint64_t newlines = 0;
    bool in_quotes = false;
    bool field_was_quoted = false;
    std::size_t i = begin_;
    bool complete = false;
    for (; i < end_; ++i) {
      const char c = buf_[i];
      std::string& field = fields_.back();
      if (in_quotes) {
        if (c == '"') {
          if (i + 1 >= end_ && !eof_) break;  // need the next byte to tell "" from the end quote
          if (i + 1 < end_ && buf_[i + 1] == '"') {
            field += '"';
            ++i;
          } else {
            in_quotes = false;
          }
        } else {
          if (c == '\n') ++newlines;
          field += c;
        }
      } else if (c == ',') {
        fields_.emplace_back();
        field_was_quoted = false;
      } else if (c == '\n') {
        ++newlines;
        complete = true;
        ++i;
        break;
      } else if (c == '"' && field.empty() && !field_was_quoted) {
        in_quotes = true;
        field_was_quoted = true;
      } else if (c == '\r') {
        // CRLF (spec) or a bare LF (a copy that lost its CRs) ends the record; so does a final
        // CR at the end of the file. A CR elsewhere is data.
        if (i + 1 >= end_) {
          if (!eof_) break;
        } else if (buf_[i + 1] != '\n') {
          field += c;
        }
      } else {
        field += c;
      }
    }
    if (!complete && !eof_) {
      if (!fill() && begin_ == end_) return false;
      continue;
    }
    record_line_ = next_line_;
    if (!complete) {
      if (begin_ == end_) return false;
      // Last line without a line ending: accepted if it is whole.
      if (in_quotes) fail("unterminated quoted field at end of file");
      i = end_;
    }
    next_line_ += newlines;
    begin_ = i;
    return true;
  }
}

bool TraceReader::next(TraceRow& row) {
  if (!next_record()) return false;
  if (fields_.size() != kFieldCount) {
    fail("expected 6 fields (Timestamp,Operation,Object_Size_Bytes,Tier,Key,Phase), got " +
         std::to_string(fields_.size()));
  }
  if (!parse_timestamp(fields_[0], row.timestamp_us)) {
    fail("bad Timestamp " + shown(fields_[0]) + ", expected epoch seconds like 1795544098.213367");
  }
  if (!parse_op(fields_[1], row.op))
    fail("bad Operation " + shown(fields_[1]) + ", expected Write or Read");
  if (!parse_size(fields_[2], row.size)) {
    fail("bad Object_Size_Bytes " + shown(fields_[2]) + ", expected a decimal integer");
  }
  if (!parse_tier(fields_[3], row.tier))
    fail("bad Tier " + shown(fields_[3]) + ", expected Tier-0, Tier-1, Tier-2 or Tier-3 (the object level)");
  row.key = std::move(fields_[4]);
  if (!parse_phase(fields_[5], row.phase)) {
    fail("bad Phase " + shown(fields_[5]) + ", expected Prefill, Decode or Evict");
  }
  return true;
}

}  // namespace kvbench::trace
