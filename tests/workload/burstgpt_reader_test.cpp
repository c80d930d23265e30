// BurstGPT input (spec §5.6) and the reference's TestTraceReplay facts (spec §10): path
// resolution, streaming rows in order, the row format, total tokens, malformed rows.
#include "workload/burstgpt_reader.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/run_binary.h"

namespace kvbench::workload {
namespace {

using testing_support::TempDir;

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// The reference's fixture shape: two files, 5 + 3 rows, timestamps continuing across files.
void write_trace_dir(const TempDir& dir) {
  write(dir.file("BurstGPT_1.csv"),
        "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n"
        "0,ChatGPT,100,20,120,Conversation log\n"
        "10,ChatGPT,200,40,240,Conversation log\n"
        "20,GPT-4,300,60,360,Conversation log\n"
        "30,ChatGPT,400,80,480,Conversation log\n"
        "40,ChatGPT,500,100,600,Conversation log\n");
  write(dir.file("BurstGPT_2.csv"),
        "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n"
        "50,GPT-4,150,30,180,Conversation log\n"
        "60,ChatGPT,250,50,300,Conversation log\n"
        "70,GPT-4,350,70,420,Conversation log\n");
}

std::vector<BurstRow> read_all(BurstTraceReader& r) {
  std::vector<BurstRow> rows;
  while (auto row = r.next()) rows.push_back(*row);
  return rows;
}

TEST(BurstTraceFiles, DirectoryResolvesToItsCsvFilesSortedByName) {
  TempDir dir;
  write_trace_dir(dir);
  write(dir.file("notes.txt"), "not a trace");
  const auto files = resolve_burst_trace_files(dir.path());
  ASSERT_EQ(files.size(), 2u);
  EXPECT_NE(files[0].find("BurstGPT_1.csv"), std::string::npos);
  EXPECT_NE(files[1].find("BurstGPT_2.csv"), std::string::npos);
}

TEST(BurstTraceFiles, SingleFileAndGlob) {
  TempDir dir;
  write_trace_dir(dir);
  EXPECT_EQ(resolve_burst_trace_files(dir.file("BurstGPT_1.csv")).size(), 1u);
  const auto globbed = resolve_burst_trace_files(dir.file("BurstGPT_*.csv"));
  ASSERT_EQ(globbed.size(), 2u);
  EXPECT_LT(globbed[0], globbed[1]);
  EXPECT_EQ(resolve_burst_trace_files(dir.file("BurstGPT_?.csv")).size(), 2u);
}

TEST(BurstTraceFiles, NothingToReadIsAnErrorNamingThePath) {
  TempDir dir;
  for (const std::string& path : {dir.file("missing.csv"), dir.file("*.nope"), dir.path()}) {
    try {
      resolve_burst_trace_files(path);
      FAIL() << path;
    } catch (const WorkloadInputError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
  }
}

TEST(BurstTraceReader, StreamsEveryRowOfEveryFileInOrder) {
  TempDir dir;
  write_trace_dir(dir);
  BurstTraceReader reader(resolve_burst_trace_files(dir.path()));
  const auto rows = read_all(reader);
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_EQ(rows[0].timestamp, 0.0);
  EXPECT_EQ(rows[0].request_tokens, 100u);
  EXPECT_EQ(rows[0].response_tokens, 20u);
  EXPECT_EQ(rows[0].total_tokens, 120u);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) {
      EXPECT_GT(rows[i].timestamp, rows[i - 1].timestamp) << i;
    }
    total += rows[i].total_tokens;
  }
  EXPECT_EQ(total, 2700u);  // 120+240+360+480+600 + 180+300+420
  EXPECT_EQ(reader.malformed_rows(), 0u);
  EXPECT_FALSE(reader.next());  // stays at the end
}

TEST(BurstTraceReader, SkipsAndCountsMalformedRowsAndIgnoresBlankLines) {
  TempDir dir;
  write(dir.file("t.csv"),
        "\xEF\xBB\xBFTimestamp,Model,Request tokens,Response tokens,Total tokens\r\n"
        "0,x,10,5,15\r\n"
        "\r\n"
        "bad,x,1,1,2\n"   // timestamp not a number
        "1,x,,3,3\n"      // empty request tokens
        "2,x,5,5\n"       // no Total tokens field although the column exists
        "3,x,1.5,1,2\n"   // tokens must be integers, as int() requires
        "4,x,-1,1,0\n"    // negative
        "5,x,\"7\",\"8\",15\n"
        "6,x,9,9,18");    // last line without a newline
  BurstTraceReader reader({dir.file("t.csv")});
  const auto rows = read_all(reader);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].request_tokens, 7u);
  EXPECT_EQ(rows[2].total_tokens, 18u);
  EXPECT_EQ(reader.malformed_rows(), 5u);
}

TEST(BurstGptRow, ColumnsAreFoundByNameAndOptionalOnesDefault) {
  const auto cols = parse_burstgpt_header("Model,Response tokens,Request tokens");
  ASSERT_TRUE(cols);
  EXPECT_EQ(cols->timestamp, -1);
  const auto row = parse_burstgpt_row("m, 7 ,11", *cols);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->timestamp, 0.0);  // no Timestamp column: 0
  EXPECT_EQ(row->request_tokens, 11u);
  EXPECT_EQ(row->response_tokens, 7u);
  EXPECT_EQ(row->total_tokens, 18u);  // no Total tokens column: the sum
  EXPECT_FALSE(parse_burstgpt_header("Timestamp,Model,Request tokens"));
  EXPECT_FALSE(parse_burstgpt_header(""));
}

TEST(BurstGptRow, RejectsWhatPythonWouldNotParseAndNonFiniteTimes) {
  const auto cols = *parse_burstgpt_header("Timestamp,Request tokens,Response tokens");
  EXPECT_TRUE(parse_burstgpt_row("1e3,1,2", cols));
  EXPECT_TRUE(parse_burstgpt_row("+2.5,+1,2", cols));
  for (const char* bad : {"nan,1,2", "inf,1,2", ",1,2", "1,0x10,2", "1,1", "1,\"2,3", "1,99999999999,1"})
    EXPECT_FALSE(parse_burstgpt_row(bad, cols)) << bad;
}

TEST(BurstGptRow, CsvQuotingSplitsLikeACsvReader) {
  std::vector<std::string_view> f;
  ASSERT_TRUE(split_csv_line("a,\"b,c\",\"d\"\"e\",", f));
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[1], "b,c");
  EXPECT_EQ(f[2], "d\"\"e");
  EXPECT_EQ(f[3], "");
  EXPECT_FALSE(split_csv_line("a,\"open", f));
}

TEST(BurstTraceCheck, RefusesFilesWithNoUsableRowNamingThem) {
  TempDir dir;
  write(dir.file("empty.csv"), "");
  write(dir.file("header_only.csv"), "Timestamp,Request tokens,Response tokens\n");
  write(dir.file("all_bad.csv"), "Timestamp,Request tokens,Response tokens\nx,y,z\n");
  write(dir.file("no_columns.csv"), "a,b\n1,2\n");
  for (const char* name : {"empty.csv", "header_only.csv", "all_bad.csv", "no_columns.csv", "missing.csv"}) {
    try {
      check_burst_trace_file(dir.file(name));
      FAIL() << name;
    } catch (const WorkloadInputError& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
  write(dir.file("ok.csv"), "Timestamp,Request tokens,Response tokens\nx,y,z\n1,2,3\n");
  EXPECT_NO_THROW(check_burst_trace_file(dir.file("ok.csv")));
}

}  // namespace
}  // namespace kvbench::workload
