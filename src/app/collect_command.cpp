#include "app/collect_command.h"

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/command_table.h"
#include "app/group_push.h"
#include "common/peer_list.h"
#include "report/aggregate.h"
#include "report/results_json.h"
#include "server/http_client.h"

namespace kvbench::app {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

struct Rank {
  PeerAddress peer;
  bool answered = false;  // it answered at least once (404 while running)
  bool done = false;
  std::string failure;    // why it delivered no results; empty if it did
  std::string last_error;
  json doc;
};

// One pass over the ranks still owed: a rank that answered before and no longer answers died
// before it was collected (a rank lingers until collected), so it is not waited for.
void poll_ranks(std::vector<Rank>& ranks) {
  for (Rank& r : ranks) {
    if (r.done) continue;
    const server::HttpReply reply = server::http_get(r.peer.host, r.peer.port, "/results", 60);
    if (reply.status == 200) {
      r.doc = json::parse(reply.body, nullptr, false);
      r.done = true;
      if (r.doc.is_discarded() || !r.doc.is_object()) r.failure = "its /results is not JSON";
    } else if (reply.status != 0) {
      r.answered = true;  // 404: still running
      r.last_error = "HTTP " + std::to_string(reply.status);
    } else if (r.answered) {
      r.done = true;
      r.failure = "stopped answering before its results were collected (" + reply.error + ")";
    } else {
      r.last_error = reply.error;
    }
  }
}

bool all_done(const std::vector<Rank>& ranks) {
  for (const Rank& r : ranks)
    if (!r.done) return false;
  return true;
}

std::string health_of(const json& doc) {
  const json* k = doc.contains("kvbench") ? &doc["kvbench"] : nullptr;
  if (!k || !k->is_object() || !k->contains("health") || !(*k)["health"].is_object()) return "";
  return (*k)["health"].value("status", std::string());
}

std::string fingerprint_of(const json& doc) {
  const json* k = doc.contains("kvbench") ? &doc["kvbench"] : nullptr;
  if (!k || !k->is_object() || !k->contains("run") || !(*k)["run"].is_object()) return "";
  return (*k)["run"].value("workload_fingerprint", std::string());
}

struct CollectOptions {
  std::vector<PeerAddress> peers;
  std::string output;
  double timeout_s = 3600;
  std::string pushgateway;  // http://HOST:PORT, "" = no push
  std::string run_id = "group";
};

// Writes rank-N.json for each rank that delivered, the aggregate of them, and names the others
// in kvbench.partial_failure. Returns the exit code.
int write_outputs(const CollectOptions& o, std::vector<Rank>& ranks, CommandIo& io) {
  std::vector<report::AggregateInput> inputs;
  json missing = json::array();
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    Rank& r = ranks[i];
    if (r.failure.empty() && !r.done) r.failure = "no results within --timeout (" + r.last_error + ")";
    if (!r.failure.empty()) {
      io.err << "kvbench: error: collect: rank " << i << " at " << r.peer.text() << ": " << r.failure << "\n";
      missing.push_back({{"rank", i}, {"address", r.peer.text()}, {"reason", r.failure}});
      continue;
    }
    const std::string path = (std::filesystem::path(o.output) / ("rank-" + std::to_string(i) + ".json")).string();
    report::write_results_file(path, r.doc);
    if (health_of(r.doc) == "failed") {
      io.err << "kvbench: error: collect: rank " << i << " at " << r.peer.text() << ": its run health is failed\n";
      missing.push_back({{"rank", i}, {"address", r.peer.text()}, {"reason", "run health failed (kept in the aggregate)"}});
    }
    inputs.push_back({path, std::move(r.doc)});
  }
  if (inputs.empty()) {
    io.err << "kvbench: error: collect: no rank delivered results; no aggregate written\n";
    return 1;
  }
  for (const auto& in : inputs)
    if (fingerprint_of(in.doc) != fingerprint_of(inputs.front().doc)) {
      io.err << "kvbench: error: collect: '" << in.name << "' measured another workload than '" << inputs.front().name
             << "'; no aggregate written (`kvbench aggregate --force` merges them anyway)\n";
      return 1;
    }
  report::AggregateResult merged = report::merge_results(inputs);
  for (const auto& path : merged.uncatalogued)
    io.err << "kvbench: warning: collect: '" << path << "' has no entry in the metric catalog: left out\n";
  if (!missing.empty()) merged.merged["kvbench"]["partial_failure"] = {{"ranks", missing}, {"expected", ranks.size()}};
  report::write_results_file((std::filesystem::path(o.output) / "aggregate.json").string(), merged.merged);
  io.out << "collect: " << inputs.size() << " of " << ranks.size() << " ranks' results written to " << o.output
         << (missing.empty() ? "; aggregate.json pools them\n" : "; aggregate.json is PARTIAL (kvbench.partial_failure)\n");
  if (!o.pushgateway.empty() && !push_group_summary(o.pushgateway, o.run_id, merged.merged, ranks.size(), io.err))
    return 1;
  return missing.empty() ? 0 : 1;
}

}  // namespace

const std::vector<cli::FlagSpec>& collect_flags() {
  using T = cli::FlagType;
  static const std::vector<cli::FlagSpec> table = {
      cli::command_flag("--peers", T::String, "none", "HOST:PORT,... of every rank's --http-listen, in rank order"),
      cli::command_flag("--peers-pattern", T::String, "none", "The ranks as a pattern with {index} (e.g. 'kvbench-{index}.kvbench:8080')"),
      cli::command_flag("--group-size", T::Int, "the --peers count", "How many ranks (needed with --peers-pattern)"),
      cli::command_flag("--output", T::String, "(required)", "Folder for rank-N.json and aggregate.json"),
      cli::command_flag("--timeout", T::Float, "3600", "Seconds to wait for every rank's results"),
      cli::command_flag("--pushgateway", T::String, "off", "http://HOST:PORT of a Pushgateway to push the aggregate's summary to"),
      cli::command_flag("--run-id", T::String, "group", "The run_id grouping label of the push"),
  };
  return table;
}

int collect_command(const Invocation& call, CommandIo& io) {
  const auto text = [&](const char* name) { const std::string* v = call.parsed.last(name); return v ? *v : std::string(); };
  CollectOptions o;
  std::vector<std::string> errors;
  o.output = text("--output");
  if (o.output.empty()) errors.push_back("--output DIR is required");
  if (!text("--timeout").empty()) o.timeout_s = std::stod(text("--timeout"));
  if (o.timeout_s <= 0) errors.push_back("--timeout must be > 0");
  o.pushgateway = text("--pushgateway");
  if (!text("--run-id").empty()) o.run_id = text("--run-id");
  const std::string list = text("--peers"), pattern = text("--peers-pattern");
  int count = text("--group-size").empty() ? 0 : std::stoi(text("--group-size"));
  std::string why;
  if (count == 0 && pattern.empty() && !list.empty()) {
    if (const auto peers = parse_peer_list(list, why)) count = static_cast<int>(peers->size());
    else why = "--peers: " + why;
  }
  if (count < 1 && errors.empty() && why.empty()) why = "--group-size N is needed with --peers-pattern";
  if (why.empty()) {
    if (auto peers = resolve_peers(list, pattern, count, why)) o.peers = std::move(*peers);
  }
  if (!why.empty()) errors.push_back(why);
  if (!errors.empty()) return usage_errors(*find_command("collect"), errors, io);
  std::error_code ec;
  std::filesystem::create_directories(o.output, ec);
  std::vector<Rank> ranks;
  for (const PeerAddress& p : o.peers) {
    Rank r;
    r.peer = p;
    ranks.push_back(std::move(r));
  }
  const auto deadline = SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(
                                                 std::chrono::duration<double>(o.timeout_s));
  while (true) {
    poll_ranks(ranks);
    if (all_done(ranks) || SteadyClock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  try {
    return write_outputs(o, ranks, io);
  } catch (const std::exception& e) {
    io.err << "kvbench: error: collect: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace kvbench::app
