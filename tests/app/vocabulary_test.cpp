// The vocabulary spelling tables (common/): every value has one word, every word parses back
// to its value, and the run flags offer exactly the table's words.
#include <gtest/gtest.h>

#include "cli/flag_table.h"
#include "common/autoscaler_mode.h"
#include "common/clock_kind.h"
#include "common/generation_mode.h"
#include "common/performance_profile.h"
#include "common/qos_class.h"
#include "common/run_mode.h"

namespace kvbench {
namespace {

template <class E, std::size_t N>
void expect_round_trip(const Spelling<E, N>& table) {
  for (const auto& [value, word] : table) {
    EXPECT_FALSE(word.empty());
    EXPECT_EQ(spelling_of(table, value), word);
    EXPECT_EQ(parse_spelling(table, word), value) << word;
  }
  EXPECT_EQ(parse_spelling(table, "no-such-word"), std::nullopt);
}

template <class E, std::size_t N>
void expect_flag_offers(std::string_view flag, const Spelling<E, N>& table) {
  const cli::FlagSpec* spec = cli::find_flag(flag);
  ASSERT_NE(spec, nullptr) << flag;
  EXPECT_EQ(spec->choices, spellings(table)) << flag;
}

TEST(Vocabulary, EveryTableRoundTrips) {
  expect_round_trip(kGenerationModeSpelling);
  expect_round_trip(kPerformanceProfileSpelling);
  expect_round_trip(kAutoscalerModeSpelling);
  expect_round_trip(kClockKindSpelling);
  expect_round_trip(kRunModeSpelling);
  expect_round_trip(kQosSpelling);
}

TEST(Vocabulary, FlagsOfferTheTablesWords) {
  expect_flag_offers("--generation-mode", kGenerationModeSpelling);
  expect_flag_offers("--performance-profile", kPerformanceProfileSpelling);
  expect_flag_offers("--autoscaler-mode", kAutoscalerModeSpelling);
  expect_flag_offers("--clock", kClockKindSpelling);
}

TEST(Vocabulary, NamesAreTheReferenceSpellings) {
  EXPECT_STREQ(generation_mode_name(GenerationMode::Realistic), "realistic");
  EXPECT_STREQ(clock_kind_name(ClockKind::Virtual), "virtual");
  EXPECT_STREQ(run_mode_name(RunMode::Trace), "trace");
  EXPECT_STREQ(qos_name(QosLevel::Batch), "batch");
  EXPECT_STREQ(kQosNames[1], "responsive");
}

}  // namespace
}  // namespace kvbench
