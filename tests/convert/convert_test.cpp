// kvbench convert (issue 17): object names and streams, the fio iolog lines a row becomes, the
// set-up of objects read before written, the sai3 op-log, and bad input (skipped and counted,
// or exit 2 naming the file).
#include "convert/convert.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "convert/object_names.h"
#include "convert/sai3_export.h"
#include "support/run_binary.h"

namespace kvbench::convert {
namespace {

using testing_support::read_file;
using testing_support::TempDir;

const std::string kHeader = "Timestamp,Operation,Object_Size_Bytes,Tier,Key,Phase\r\n";

std::string write_trace(const TempDir& dir, const std::string& name, const std::string& rows) {
  std::ofstream(dir.file(name), std::ios::binary) << kHeader << rows;
  return dir.file(name);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

struct Result {
  int code;
  std::string out, err;
};

Result convert(ConvertOptions o) {
  std::ostringstream out, err;
  const int code = run_convert(o, out, err);
  return {code, out.str(), err.str()};
}

TEST(ConvertNames, SafeKeysAreTheirOwnFileNames) {
  EXPECT_EQ(object_file_name("conv_user_0033_1795544098213_turn_1"), "conv_user_0033_1795544098213_turn_1");
  const std::string odd = object_file_name("a/b c,\"d\"");
  EXPECT_EQ(odd.find_first_of("/ ,\""), std::string::npos);
  EXPECT_NE(object_file_name("a/b"), object_file_name("a_b"));  // the hash tells them apart
  EXPECT_LE(object_file_name(std::string(500, 'k')).size(), 200u);
}

TEST(ConvertNames, AUsersKeysShareItsStream) {
  EXPECT_EQ(stream_of_key("conv_user_0033_1795544098213_turn_1"), "user_0033");
  EXPECT_EQ(stream_of_key("user_0007_req_000042"), "user_0007");
  EXPECT_EQ(stream_of_key("trace_user_17_req_0017"), "user_17");
  EXPECT_EQ(stream_of_key("rag_doc_0003_chunk_2").rfind("shared-", 0), 0u);
  EXPECT_EQ(stream_of_key("precond_12"), stream_of_key("precond_12"));
}

// A Write becomes --io-size pieces and a datasync; a Read of an object the trace never wrote
// is set up first; times are µs from the first row, starting at 1; other levels are skipped.
TEST(ConvertFio, RowsBecomePiecesSyncsAndASetUp) {
  TempDir dir;
  ConvertOptions o;
  o.inputs = {write_trace(dir, "t.csv",
                          "100.000000,Write,12288,Tier-2,user_0001_a,Prefill\r\n"
                          "100.000500,Read,12288,Tier-2,user_0001_a,Decode\r\n"
                          "100.000700,Read,5000,Tier-1,user_0001_b,Decode\r\n"
                          "100.001000,Read,4096,Tier-2,user_0002_old,Decode\r\n")};
  o.output_dir = dir.file("out");
  o.io_size = 8192;
  const Result r = convert(o);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string d = std::filesystem::path(dir.file("out")).lexically_normal().string() + "/data";
  EXPECT_EQ(lines(read_file(dir.file("out/stream-0000.iolog"))),
            (std::vector<std::string>{"fio version 3 iolog", "1 " + d + "/user_0001_a add",
                                      "1 " + d + "/user_0001_a open",
                                      "1 " + d + "/user_0001_a write 0 8192",
                                      "1 " + d + "/user_0001_a write 8192 4096",
                                      "1 " + d + "/user_0001_a datasync 0 0",
                                      "501 " + d + "/user_0001_a read 0 8192",
                                      "501 " + d + "/user_0001_a read 8192 4096"}));
  EXPECT_EQ(lines(read_file(dir.file("out/setup.iolog"))),
            (std::vector<std::string>{"fio version 3 iolog", "1 " + d + "/user_0002_old add",
                                      "1 " + d + "/user_0002_old open",
                                      "1 " + d + "/user_0002_old write 0 4096",
                                      "1 " + d + "/user_0002_old datasync 0 0"}));
  const std::string job = read_file(dir.file("out/replay.fio"));
  for (const char* want : {"ioengine=io_uring\n", "direct=1\n", "replay_time_scale=100\n", "[setup]\n",
                           "stonewall\n", "number_ios=4\n", "[stream-0001]\n"})
    EXPECT_NE(job.find(want), std::string::npos) << want << " in\n" << job;
  EXPECT_NE(r.out.find("3 rows of the storage level"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("reads 16384 B, writes 12288 B"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 rows of other levels"), std::string::npos) << r.out;
}

TEST(ConvertFio, SpeedScalesTimeAndZeroMeansNoWaits) {
  TempDir dir;
  ConvertOptions o;
  o.inputs = {write_trace(dir, "t.csv", "1.0,Write,4096,Tier-2,k,Prefill\r\n")};
  o.output_dir = dir.file("a");
  o.speed = 2.5;
  ASSERT_EQ(convert(o).code, 0);
  EXPECT_NE(read_file(dir.file("a/replay.fio")).find("replay_time_scale=250\n"), std::string::npos);
  o.output_dir = dir.file("b");
  o.speed = 0;
  ASSERT_EQ(convert(o).code, 0);
  EXPECT_NE(read_file(dir.file("b/replay.fio")).find("replay_no_stall=1\n"), std::string::npos);
}

TEST(ConvertSai3, OpLogHasNamedColumnsAndRfc3339Starts) {
  EXPECT_EQ(rfc3339_utc(1795544098213367), "2026-11-24T18:14:58.213367Z");
  EXPECT_EQ(rfc3339_utc(0), "1970-01-01T00:00:00.000000Z");
  TempDir dir;
  ConvertOptions o;
  o.format = ExportFormat::Sai3;
  o.all_levels = true;
  o.inputs = {write_trace(dir, "t.csv",
                          "1795544098.213367,Write,106561536,Tier-0,conv_user_0033_x,Prefill\r\n"
                          "1795544098.213523,Read,106561536,Tier-2,conv_user_0033_x,Decode\r\n")};
  o.output_dir = dir.file("s");
  ASSERT_EQ(convert(o).code, 0);
  EXPECT_EQ(lines(read_file(dir.file("s/oplog.tsv"))),
            (std::vector<std::string>{"idx\top\tbytes\tfile\tstart",
                                      "0\tPUT\t106561536\tconv_user_0033_x\t2026-11-24T18:14:58.213367Z",
                                      "1\tGET\t106561536\tconv_user_0033_x\t2026-11-24T18:14:58.213523Z"}));
}

TEST(ConvertBadInput, MalformedRowsAreSkippedCountedAndShown) {
  TempDir dir;
  ConvertOptions o;
  o.inputs = {write_trace(dir, "t.csv",
                          "1.0,Write,4096,Tier-2,k,Prefill\r\n"
                          "x,Write,4096,Tier-2,k,Prefill\r\n"
                          "2.0,Write,4096,Tier-9,k,Prefill\r\n"
                          "3.0,Read,0,Tier-2,k,Decode\r\n"
                          "4.0,Read,4096\r\n")};
  o.output_dir = dir.file("out");
  const Result r = convert(o);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("skipped 3 malformed rows"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 rows of 0 bytes"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find(dir.file("t.csv") + ":3: bad Timestamp"), std::string::npos) << r.err;
}

TEST(ConvertBadInput, NoUsableRowOrWrongHeaderExitsTwoNamingTheFile) {
  TempDir dir;
  ConvertOptions o;
  o.inputs = {write_trace(dir, "t.csv", "1.0,Write,4096,Tier-1,k,Prefill\r\n")};
  o.output_dir = dir.file("out");
  Result r = convert(o);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(dir.file("t.csv") + ": no usable row at the storage level"), std::string::npos) << r.err;
  std::ofstream(dir.file("h.csv")) << "time,op\r\n1,2\r\n";
  o.inputs = {dir.file("h.csv")};
  r = convert(o);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(dir.file("h.csv") + ":1: expected header"), std::string::npos) << r.err;
}

TEST(ConvertBadInput, OutputThatIsAFileIsOneLine) {
  TempDir dir;
  ConvertOptions o;
  o.inputs = {write_trace(dir, "t.csv", "1.0,Write,4096,Tier-2,k,Prefill\r\n")};
  std::ofstream(dir.file("taken")) << "x";
  o.output_dir = dir.file("taken");
  const Result r = convert(o);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("--output " + dir.file("taken") + ": "), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kvbench::convert
