#include "trace/trace_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "trace/trace_writer.h"
#include "trace_test_util.h"

namespace kvbench::trace {
namespace {

using testing::read_file;
using testing::ScratchDir;

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

const std::string kHeader = "Timestamp,Operation,Object_Size_Bytes,Tier,Key,Phase\r\n";

std::vector<TraceRow> sample_rows() {
  return {
      {1795544098213367, IoOp::Write, 106561536, Level::Storage, "conv_user_0033_turn_1",
       Phase::Prefill},
      {5, IoOp::Read, 0, Level::Gpu, "with,comma", Phase::Decode},
      {-5, IoOp::Read, 18446744073709551615ull, Level::Cpu, "say \"hi\"", Phase::Evict},
      {7, IoOp::Write, 3, Level::Cpu, "two\r\nlines", Phase::Prefill},
      {8, IoOp::Write, 4, Level::Gpu, "", Phase::Decode},
  };
}

// Built by appending: g++ 12 warns falsely (-Wrestrict) on "literal" + std::string temporaries.
std::string numbered(std::string_view prefix, int i, std::string_view suffix = {}) {
  std::string s(prefix);
  s += std::to_string(i);
  s += suffix;
  return s;
}

void expect_same(const TraceRow& a, const TraceRow& b) {
  EXPECT_EQ(a.timestamp_us, b.timestamp_us);
  EXPECT_EQ(a.op, b.op);
  EXPECT_EQ(a.size, b.size);
  EXPECT_EQ(a.tier, b.tier);
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.phase, b.phase);
}

TEST(TraceReader, RoundTripPlainAndZstd) {
  ScratchDir dir;
  for (const char* name : {"rt.csv", "rt.csv.zst"}) {
    const std::string path = dir.file(name);
    const auto rows = sample_rows();
    {
      auto w = TraceWriter::open(path);
      for (const auto& r : rows) w->record(r.timestamp_us, r.op, r.size, r.tier, r.key, r.phase);
      w->close();
    }
    auto reader = TraceReader::open(path);
    TraceRow got;
    const std::uint64_t lines[] = {2, 3, 4, 5, 7};  // the key with CRLF spans lines 5 and 6
    for (std::size_t i = 0; i < rows.size(); ++i) {
      ASSERT_TRUE(reader->next(got)) << name << " row " << i;
      expect_same(got, rows[i]);
      EXPECT_EQ(reader->line(), lines[i]);
    }
    EXPECT_FALSE(reader->next(got));
    EXPECT_FALSE(reader->next(got));  // stays at the end
  }
}

// Many rows through zstd: crosses the reader's chunk boundaries and the decoder's buffers.
TEST(TraceReader, LargeZstdTraceReadsBackInOrder) {
  ScratchDir dir;
  const std::string path = dir.file("big.zst");
  constexpr int kRows = 300000;
  {
    auto w = TraceWriter::open(path);
    for (int i = 0; i < kRows; ++i) {
      const std::string key = numbered("user_", i, i % 1000 == 0 ? ",x" : "");
      w->record(i, IoOp::Read, i, Level::Cpu, key, Phase::Decode);
    }
    w->close();
  }
  auto reader = TraceReader::open(path);
  TraceRow row;
  int n = 0;
  while (reader->next(row)) {
    ASSERT_EQ(row.timestamp_us, n);
    ASSERT_EQ(row.key, numbered("user_", n, n % 1000 == 0 ? ",x" : ""));
    ++n;
  }
  EXPECT_EQ(n, kRows);
}

// A copy that lost its CRs, and a last line without its line ending, still read.
TEST(TraceReader, AcceptsLfOnlyAndMissingFinalNewline) {
  ScratchDir dir;
  const std::string path = dir.file("lf.csv");
  write_text(path,
             "Timestamp,Operation,Object_Size_Bytes,Tier,Key,Phase\n"
             "1.000000,Read,1,Tier-1,a,Decode\n"
             "2.5,Write,2,Tier-2,b,Evict");
  auto reader = TraceReader::open(path);
  TraceRow row;
  ASSERT_TRUE(reader->next(row));
  EXPECT_EQ(row.timestamp_us, 1000000);
  ASSERT_TRUE(reader->next(row));
  EXPECT_EQ(row.timestamp_us, 2500000);
  EXPECT_EQ(row.phase, Phase::Evict);
  EXPECT_FALSE(reader->next(row));
}

// The error names the file and the line, and says what is wrong.
void expect_error_at(const std::string& body, std::uint64_t line, const std::string& words) {
  ScratchDir dir;
  const std::string path = dir.file("bad.csv");
  write_text(path, kHeader + body);
  try {
    auto reader = TraceReader::open(path);
    TraceRow row;
    while (reader->next(row)) {
    }
    FAIL() << "expected a TraceFormatError for: " << body;
  } catch (const TraceFormatError& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.line(), line) << what;
    EXPECT_NE(what.find(path + ":" + std::to_string(line) + ": "), std::string::npos) << what;
    EXPECT_NE(what.find(words), std::string::npos) << what;
  }
}

TEST(TraceReader, MalformedLineNamesFileAndLine) {
  const std::string ok = "1.000000,Read,1,Tier-1,a,Decode\r\n";
  expect_error_at(ok + ok + "1.000000,Erase,1,Tier-1,a,Decode\r\n", 4, "Operation 'Erase'");
  expect_error_at(ok + "1.0000001,Read,1,Tier-1,a,Decode\r\n", 3, "Timestamp");
  expect_error_at(ok + "abc,Read,1,Tier-1,a,Decode\r\n", 3, "Timestamp");
  // One sign only: a second one used to read as positive, or overflow when negated.
  expect_error_at(ok + "--5,Read,1,Tier-1,a,Decode\r\n", 3, "Timestamp");
  expect_error_at(ok + "--10000000000000,Read,1,Tier-1,a,Decode\r\n", 3, "Timestamp");
  expect_error_at("1.000000,Read,-1,Tier-1,a,Decode\r\n", 2, "Object_Size_Bytes");
  expect_error_at("1.000000,Read,1,Tier-4,a,Decode\r\n", 2, "Tier 'Tier-4'");  // Tier-3 is the object level
  expect_error_at("1.000000,Read,1,Tier-1,a,Both\r\n", 2, "Phase 'Both'");
  expect_error_at("1.000000,Read,1,Tier-1,a\r\n", 2, "expected 6 fields");
  expect_error_at("1.000000,Read,1,Tier-1,a,Decode,extra\r\n", 2, "got 7");
  expect_error_at("1.000000,Read,1,Tier-1,\"multi\r\nline\",Decode\r\n" + ok + "x\r\n", 5,
                  "expected 6 fields");
  expect_error_at("1.000000,Read,1,Tier-1,\"open quote,Decode\r\n", 2, "unterminated");
}

TEST(TraceReader, WrongHeaderIsLineOne) {
  ScratchDir dir;
  const std::string path = dir.file("hdr.csv");
  write_text(path, "Time,Op\r\n");
  try {
    TraceReader::open(path);
    FAIL();
  } catch (const TraceFormatError& e) {
    EXPECT_EQ(e.line(), 1u);
    EXPECT_NE(std::string(e.what()).find(path + ":1: expected header"), std::string::npos)
        << e.what();
  }
  write_text(path, "");
  EXPECT_THROW(TraceReader::open(path), TraceFormatError);
}

// A trace whose writer died before close(): the reader says so instead of ending quietly.
TEST(TraceReader, TruncatedZstdFrameIsAnError) {
  ScratchDir dir;
  const std::string path = dir.file("cut.zst");
  {
    auto w = TraceWriter::open(path);
    for (int i = 0; i < 200000; ++i) {
      w->record(i, IoOp::Read, i, Level::Cpu, numbered("k", i), Phase::Decode);
    }
    w->close();
  }
  const std::string whole = read_file(path);
  write_text(path, whole.substr(0, whole.size() - 7));
  try {
    auto reader = TraceReader::open(path);
    TraceRow row;
    while (reader->next(row)) {
    }
    FAIL() << "expected an error";
  } catch (const TraceFormatError&) {
    FAIL() << "should be a truncation error, not a format error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(TraceReader, MissingFileNamesThePath) {
  try {
    TraceReader::open("/nonexistent/kvbench/trace.csv");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/kvbench/trace.csv"), std::string::npos);
  }
}

}  // namespace
}  // namespace kvbench::trace
