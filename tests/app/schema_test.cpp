// `kvbench schema`: valid JSON Schema text that mirrors the flag table, and the Helm chart's
// values.schema.json agrees with it wherever the chart mirrors a flag (benchmark.* and the
// flags run: may not override).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/command_table.h"
#include "app/schema_command.h"
#include "cli/flag_table.h"

namespace kvbench::app {
namespace {

using nlohmann::json;

json printed_schema() {
  std::ostringstream out, err;
  EXPECT_EQ(dispatch({"schema"}, out, err), 0) << err.str();
  return json::parse(out.str());  // throws (fails the test) unless it is JSON
}

json chart_schema() {
  std::ifstream in(std::string(KVBENCH_SOURCE_DIR) + "/helm/kvbench/values.schema.json");
  return json::parse(in);
}

// numUsers → num_users
std::string snake(const std::string& camel) {
  std::string out;
  for (char ch : camel) {
    if (std::isupper(static_cast<unsigned char>(ch)))
      out += '_', out += static_cast<char>(std::tolower(ch));
    else
      out += ch;
  }
  return out;
}

std::vector<std::string> model_keys(const json& schema) {
  std::vector<std::string> keys;
  for (const auto& alt : schema["$defs"]["model"]["oneOf"]) keys.push_back(alt["const"]);
  return keys;
}

TEST(Schema, IsJsonSchemaOfEveryFlag) {
  const json s = printed_schema();
  EXPECT_EQ(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(s["type"], "object");
  for (const auto& f : cli::flag_table()) {
    std::string key(f.name.substr(2));
    for (auto& ch : key) ch = ch == '-' ? '_' : ch;
    ASSERT_TRUE(s["properties"].contains(key)) << key;
    EXPECT_EQ(s["properties"][key]["x-kvbench-flag"], f.name);
  }
  const json& users = s["properties"]["num_users"];
  EXPECT_EQ(users["type"], "integer");
  EXPECT_EQ(users["default"], 100);
  EXPECT_EQ(users["exclusiveMinimum"], 0);
  EXPECT_EQ(users["maximum"], 100000);
  EXPECT_EQ(s["properties"]["generation_mode"]["enum"], json({"none", "fast", "realistic"}));
  EXPECT_EQ(s["properties"]["generation_mode"]["default"], "realistic");
  EXPECT_EQ(s["properties"]["enable_rag"]["default"], false);
  EXPECT_EQ(s["properties"]["model"]["$ref"], "#/$defs/model");
  EXPECT_EQ(model_keys(s).size(), 9u);
}

TEST(Schema, ChartBenchmarkValuesMirrorTheFlags) {
  const json flags = printed_schema();
  const json chart = chart_schema()["properties"]["benchmark"]["properties"];
  ASSERT_FALSE(chart.empty());
  for (auto it = chart.begin(); it != chart.end(); ++it) {
    const std::string key = snake(it.key());
    SCOPED_TRACE("benchmark." + it.key() + " vs --" + key);
    ASSERT_TRUE(flags["properties"].contains(key));
    const json& flag = flags["properties"][key];
    const json& value = it.value();
    if (key == "model") {
      EXPECT_EQ(value["enum"].get<std::vector<std::string>>(), model_keys(flags));
      continue;
    }
    if (value.contains("enum")) {
      EXPECT_EQ(value["enum"], flag["enum"]);
    }
    if (value.contains("type")) {
      const json types = value["type"].is_array() ? value["type"] : json::array({value["type"]});
      EXPECT_NE(std::find(types.begin(), types.end(), flag["type"]), types.end()) << types.dump();
    }
    // The chart may narrow a flag's range, never widen it.
    if (value.contains("minimum")) {
      const double lo = value["minimum"];
      if (flag.contains("minimum")) {
        EXPECT_GE(lo, flag["minimum"].get<double>());
      }
      if (flag.contains("exclusiveMinimum")) {
        EXPECT_GT(lo, flag["exclusiveMinimum"].get<double>());
      }
    }
    if (value.contains("maximum") && flag.contains("maximum")) {
      EXPECT_LE(value["maximum"].get<double>(), flag["maximum"].get<double>());
    }
    if (flag.contains("maximum") && !value.contains("maximum") && value.contains("type"))
      ADD_FAILURE() << "the chart accepts values above --" << key << "'s maximum";
  }
}

TEST(Schema, FlagsTheChartReservesAreFlags) {
  const json flags = printed_schema();
  const json reserved = chart_schema()["properties"]["run"]["propertyNames"]["not"]["enum"];
  ASSERT_FALSE(reserved.empty());
  for (const auto& name : reserved) {
    std::string key = name;
    for (auto& ch : key) ch = ch == '-' ? '_' : ch;
    EXPECT_TRUE(flags["properties"].contains(key)) << name;
  }
}

}  // namespace
}  // namespace kvbench::app
