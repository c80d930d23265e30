// The summary of a collected group (`kvbench collect --pushgateway`): the pooled aggregate's
// headline figures as gauges, PUT to a Prometheus Pushgateway under job "kvbench" and the
// group's run_id, with how many ranks delivered, so a dashboard sees a partial group as such.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace kvbench::app {

// The exposition text pushed: every top-level number of `aggregate` as kvbench_group_<key>,
// plus kvbench_group_ranks_expected, kvbench_group_ranks_collected and kvbench_group_partial.
std::string group_summary_exposition(const nlohmann::json& aggregate, std::size_t expected);

// url: http://HOST:PORT (a path prefix after it is kept). False, said on `err`, when the
// Pushgateway refused or did not answer.
bool push_group_summary(const std::string& url, const std::string& run_id, const nlohmann::json& aggregate,
                        std::size_t expected, std::ostream& err);

}  // namespace kvbench::app
