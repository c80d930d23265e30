#include "app/group_push.h"

#include <cctype>
#include <sstream>

#include "common/peer_list.h"
#include "server/http_client.h"

namespace kvbench::app {
namespace {

std::string metric_name(const std::string& key) {
  std::string name = "kvbench_group_";
  for (char c : key) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

}  // namespace

std::string group_summary_exposition(const nlohmann::json& aggregate, std::size_t expected) {
  std::ostringstream os;
  const auto gauge = [&os](const std::string& name, double value) {
    os << "# TYPE " << name << " gauge\n" << name << " " << value << "\n";
  };
  std::size_t collected = 0;
  bool partial = false;
  if (aggregate.contains("kvbench") && aggregate["kvbench"].is_object()) {
    const auto& k = aggregate["kvbench"];
    if (k.contains("groups") && k["groups"].is_number()) collected = k["groups"].get<std::size_t>();
    partial = k.contains("partial_failure");
  }
  gauge("kvbench_group_ranks_expected", static_cast<double>(expected));
  gauge("kvbench_group_ranks_collected", static_cast<double>(collected));
  gauge("kvbench_group_partial", partial ? 1 : 0);
  for (const auto& [key, value] : aggregate.items())
    if (value.is_number() && key != "kvbench") gauge(metric_name(key), value.get<double>());
  return os.str();
}

bool push_group_summary(const std::string& url, const std::string& run_id, const nlohmann::json& aggregate,
                        std::size_t expected, std::ostream& err) {
  std::string rest = url.rfind("http://", 0) == 0 ? url.substr(7) : url;
  const auto slash = rest.find('/');
  std::string prefix = slash == std::string::npos ? "" : rest.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  std::string why;
  const auto at = parse_peer_list(rest.substr(0, slash), why);
  if (!at || at->size() != 1) {
    err << "kvbench: error: collect: --pushgateway: expected http://HOST:PORT, got '" << url << "'\n";
    return false;
  }
  const std::string path = prefix + "/metrics/job/kvbench/run_id/" + run_id;
  const server::HttpReply reply = server::http_call(at->front().host, at->front().port, "PUT", path, 30,
                                                    group_summary_exposition(aggregate, expected),
                                                    "text/plain; version=0.0.4");
  if (reply.status / 100 == 2) return true;
  err << "kvbench: error: collect: the Pushgateway at " << url << " did not take the summary ("
      << (reply.status ? "HTTP " + std::to_string(reply.status) : reply.error) << ")\n";
  return false;
}

}  // namespace kvbench::app
