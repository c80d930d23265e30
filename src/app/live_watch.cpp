#include "app/live_watch.h"

#include <chrono>
#include <sstream>
#include <thread>

#include "common/clock_kind.h"
#include "common/log.h"
#include "common/run_mode.h"
#include "common/listen_address.h"
#include "report/run_identity.h"
#include "server/http_server.h"

namespace kvbench::app {
namespace {

std::array<double, stats::kQosCount> sla_targets(const config::RunConfig& cfg) {
  std::array<double, stats::kQosCount> ms{};
  for (std::size_t i = 0; i < ms.size(); ++i) ms[i] = cfg.settings.qos_profiles[i].target_latency_p95_ms;
  return ms;
}

}  // namespace

std::unique_ptr<LiveWatch> LiveWatch::create(const config::RunConfig& cfg) {
  if (!cfg.http_listen) return nullptr;
  return std::unique_ptr<LiveWatch>(new LiveWatch(cfg));
}

LiveWatch::LiveWatch(const config::RunConfig& cfg)
    : cfg_(cfg),
      metrics_(sla_targets(cfg)),
      recorder_(metrics_, /*timed=*/!cfg.trace_mode()) {}

LiveWatch::~LiveWatch() = default;

bool LiveWatch::start(const std::string& run_id, const stats::RunStatus& status, const stats::CacheCounters& counters,
                      const stats::RequestStats& requests, const cache::MultiTierCache& cache,
                      const trace::TraceWriter* writer) {
  const auto address = parse_listen_address(*cfg_.http_listen);  // validated by cli/
  if (!address) {
    log::error("--http-listen: invalid address '" + *cfg_.http_listen + "'");
    return false;
  }
  server::LiveSources sources;
  sources.info = {KVBENCH_VERSION,
                  cfg_.model,
                  run_mode_name(cfg_.trace_mode() ? RunMode::Trace : RunMode::Real),
                  clock_kind_name(cfg_.clock),
                  cfg_.tensor_parallel,
                  cfg_.num_gpus,
                  cfg_.num_users,
                  report::kvbench_commit(),
                  run_id,
                  cfg_.rank};
  sources.status = &status;
  sources.live = &metrics_;
  sources.cache = &counters;
  sources.requests = &requests;
  // One short lock on the cache metadata per scrape.
  sources.tiers = [&cache] {
    std::vector<stats::TierOccupancy> out;
    for (const cache::TierUsage& u : cache.usage()) out.push_back({u.id, u.used_bytes, u.limit_bytes, u.entries});
    return out;
  };
  if (writer) sources.trace_rows = [writer] { return writer->rows_recorded(); };
  try {
    server_ = server::HttpServer::start(address->host, address->port, std::move(sources));
  } catch (const std::exception& e) {
    log::error(std::string("--http-listen: ") + e.what());
    return false;
  }
  // Tests and scripts read the bound port from this line (it matters with port 0).
  log::info("HTTP server listening on " + server_->address() +
            " (/metrics /status /results /livez /readyz)");
  return true;
}

void LiveWatch::publish_results(nlohmann::json doc) {
  if (server_) server_->publish_results(std::make_shared<const nlohmann::json>(std::move(doc)));
}

void LiveWatch::linger_then_stop(const SignalWatcher& signals) {
  if (!server_) return;
  // A run stopped by a signal is being shut down (e.g. pod termination): do not hold it up.
  if (cfg_.http_linger > 0 && !signals.interrupted()) {
    std::ostringstream msg;
    msg << "HTTP server lingering " << cfg_.http_linger << " s (SIGTERM ends it)";
    log::info(msg.str());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(cfg_.http_linger);
    // A group's rank lingers for its collector (`kvbench collect`): once /results has been
    // served it stays a moment for the reply to leave, then goes.
    const bool until_collected = cfg_.group_size > 1;
    while (!signals.interrupted() && std::chrono::steady_clock::now() < deadline) {
      if (until_collected && server_->results_served() > 0) {
        log::info("Results collected: HTTP server stops in 1 s");
        std::this_thread::sleep_for(std::chrono::seconds(1));
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  server_->stop();
}

void LiveWatch::stop() {
  if (server_) server_->stop();
}

}  // namespace kvbench::app
