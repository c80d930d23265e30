#include <gtest/gtest.h>

#include <climits>
#include <string>

#include "trace/csv_row.h"

namespace kvbench::trace {
namespace {

std::string ts(std::int64_t us) {
  char buf[32];
  return std::string(buf, format_timestamp(buf, us));
}

std::string field(std::string_view f) {
  std::string buf(2 * f.size() + 2, '\0');
  return std::string(buf.data(), format_csv_field(buf.data(), f));
}

std::string row(std::int64_t us, IoOp op, std::uint64_t size, Level tier, std::string_view key,
                Phase phase) {
  std::string buf(max_row_bytes(key.size()), '\0');
  return std::string(buf.data(), format_row(buf.data(), us, op, size, tier, key, phase));
}

// Spec §7.2: epoch seconds with exactly six decimals, from integer microseconds.
TEST(TraceCsvRow, TimestampSixDecimalsFromMicros) {
  EXPECT_EQ(ts(1795544098213367), "1795544098.213367");
  EXPECT_EQ(ts(5), "0.000005");
  EXPECT_EQ(ts(0), "0.000000");
  EXPECT_EQ(ts(1'000'000), "1.000000");
  EXPECT_EQ(ts(1795543999914608), "1795543999.914608");
  EXPECT_EQ(ts(1795544098000010), "1795544098.000010");
  EXPECT_EQ(ts(-5), "-0.000005");  // Python: f"{-5e-6:.6f}"
  EXPECT_EQ(ts(-1'500'000), "-1.500000");
  EXPECT_EQ(ts(INT64_MAX), "9223372036854.775807");
  EXPECT_EQ(ts(INT64_MIN), "-9223372036854.775808");
}

// Spec §7.2: Python csv QUOTE_MINIMAL.
TEST(TraceCsvRow, KeyQuotedOnlyWhenCsvRequiresIt) {
  EXPECT_EQ(field("conv_user_0033_1795544098213_turn_1"), "conv_user_0033_1795544098213_turn_1");
  EXPECT_EQ(field(""), "");
  EXPECT_EQ(field("a,b"), "\"a,b\"");
  EXPECT_EQ(field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(field("\""), "\"\"\"\"");
  EXPECT_EQ(field("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(field("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(field("tab\tand space"), "tab\tand space");
}

// The scan goes 16 bytes at a time, then byte by byte: a quoting byte is found at every
// position of a long key, in the vector part and in the tail, and bytes ≥ 0x80 never count.
TEST(TraceCsvRow, QuotingByteFoundAtEveryPositionOfALongKey) {
  const std::string plain(40, 'k');
  for (const char special : {',', '"', '\r', '\n'}) {
    for (std::size_t at = 0; at < plain.size(); ++at) {
      std::string key = plain;
      key[at] = special;
      const std::string out = field(key);
      ASSERT_EQ(out.front(), '"') << "byte " << int(special) << " at " << at;
      ASSERT_EQ(out.size(), key.size() + 2 + (special == '"' ? 1 : 0));
    }
  }
  EXPECT_EQ(field(plain), plain);
  const std::string high(33, '\xAC');  // ',' | 0x80 and friends are not commas
  EXPECT_EQ(field(high), high);
}

// The seconds' digits are kept from the previous row of the thread: a change of second,
// of sign or of length must still print the right digits.
TEST(TraceCsvRow, TimestampDigitsFollowTheSecondFromRowToRow) {
  EXPECT_EQ(ts(9'999'999), "9.999999");
  EXPECT_EQ(ts(10'000'000), "10.000000");
  EXPECT_EQ(ts(10'000'001), "10.000001");
  EXPECT_EQ(ts(-10'000'001), "-10.000001");
  EXPECT_EQ(ts(1'000'000), "1.000000");
  EXPECT_EQ(ts(1795544098213367), "1795544098.213367");
  EXPECT_EQ(ts(1795544099000000), "1795544099.000000");
}

TEST(TraceCsvRow, RowNamesTiersOpsAndPhases) {
  EXPECT_EQ(row(1795544098213367, IoOp::Write, 106561536, Level::Storage,
                "conv_user_0033_1795544098213_turn_1", Phase::Prefill),
            "1795544098.213367,Write,106561536,Tier-2,conv_user_0033_1795544098213_turn_1,"
            "Prefill\r\n");
  EXPECT_EQ(row(1, IoOp::Read, 0, Level::Gpu, "k", Phase::Decode),
            "0.000001,Read,0,Tier-0,k,Decode\r\n");
  EXPECT_EQ(row(2, IoOp::Read, UINT64_MAX, Level::Cpu, "a,b", Phase::Evict),
            "0.000002,Read,18446744073709551615,Tier-1,\"a,b\",Evict\r\n");
}

// The bound the writer relies on to never overrun a block, at the extremes of every field.
TEST(TraceCsvRow, MaxRowBytesIsAnUpperBound) {
  const std::string quotes(100, '"');
  const std::string r =
      row(INT64_MIN, IoOp::Write, UINT64_MAX, Level::Storage, quotes, Phase::Prefill);
  EXPECT_LE(r.size(), max_row_bytes(quotes.size()));
  const std::string r2 = row(INT64_MIN, IoOp::Write, UINT64_MAX, Level::Storage, "", Phase::Prefill);
  EXPECT_LE(r2.size(), max_row_bytes(0));
}

}  // namespace
}  // namespace kvbench::trace
