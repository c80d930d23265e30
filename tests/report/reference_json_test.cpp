// The results file as kv-cache.py writes its JSON (issue 16 item 6): the reference's keys in its
// order, other keys after them sorted, and whole numbers typed as integers.
#include "report/reference_json.h"

#include <gtest/gtest.h>

namespace kvbench::report {
namespace {

std::vector<std::string> keys_of(const nlohmann::ordered_json& o) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : o.items()) keys.push_back(k);
  return keys;
}

TEST(ReferenceJson, KeysInTheReferenceOrderThenSorted) {
  nlohmann::json doc = {{"seed", 42},
                        {"kvbench", nlohmann::json::object()},
                        {"requests_completed", 3},
                        {"interrupted", false},
                        {"summary",
                         {{"total_tokens", 1},
                          {"total_requests", 1},
                          {"cache_stats", {{"write_iops", 1}, {"cache_hit_rate", 0.5}, {"cache_hits", 2}}},
                          {"qos_metrics",
                           {{"batch", {{"no_data", true}}},
                            {"interactive",
                             {{"sla", {{"met", true}, {"target_p95_ms", 50}}},
                              {"latency_ms", {{"p95", 1.0}, {"mean", 0.5}}},
                              {"total_requests", 1}}}}}}}};
  std::string text;
  dump_reference_ordered(doc, nlohmann::detail::output_adapter<char>(text));
  const auto o = nlohmann::ordered_json::parse(text);
  EXPECT_EQ(text, o.dump(4)) << "the text of json.dump(indent=4) of the reordered document";
  EXPECT_EQ(keys_of(o), (std::vector<std::string>{"requests_completed", "seed", "summary", "interrupted", "kvbench"}));
  EXPECT_EQ(keys_of(o["summary"]), (std::vector<std::string>{"total_requests", "total_tokens", "cache_stats", "qos_metrics"}));
  EXPECT_EQ(keys_of(o["summary"]["cache_stats"]), (std::vector<std::string>{"cache_hit_rate", "cache_hits", "write_iops"}));
  EXPECT_EQ(keys_of(o["summary"]["qos_metrics"]), (std::vector<std::string>{"interactive", "batch"}));
  const auto& level = o["summary"]["qos_metrics"]["interactive"];
  EXPECT_EQ(keys_of(level), (std::vector<std::string>{"total_requests", "latency_ms", "sla"}));
  EXPECT_EQ(keys_of(level["latency_ms"]), (std::vector<std::string>{"mean", "p95"}));
  EXPECT_EQ(keys_of(level["sla"]), (std::vector<std::string>{"target_p95_ms", "met"}));
  EXPECT_EQ(nlohmann::json::parse(o.dump()), doc);  // the same document, reordered
}

TEST(ReferenceJson, WholeNumbersAreIntegers) {
  EXPECT_EQ(whole_or_double(50.0).dump(), "50");
  EXPECT_EQ(whole_or_double(0.0).dump(), "0");
  EXPECT_EQ(whole_or_double(12.5).dump(), "12.5");
  EXPECT_TRUE(whole_or_double(1000.0).is_number_integer());
}

}  // namespace
}  // namespace kvbench::report
