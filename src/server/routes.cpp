#include "server/routes.h"

#include <array>
#include <nlohmann/json.hpp>

#include "server/metrics_exposition.h"
#include "server/status_json.h"

namespace kvbench::server {
namespace {

constexpr const char* kJson = "application/json";
constexpr const char* kText = "text/plain; charset=utf-8";
constexpr std::array<std::string_view, 5> kPaths = {"/metrics", "/status", "/results", "/livez", "/readyz"};

Response json_error(int status, std::string_view message, std::string_view path) {
  // error_handler replace: the path comes from the client and may not be valid UTF-8.
  const nlohmann::json body{{"error", std::string(message)}, {"path", std::string(path)}};
  return {status, kJson, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"};
}

}  // namespace

Response Router::handle(std::string_view method, std::string_view path) const {
  bool known = false;
  for (std::string_view p : kPaths) known = known || p == path;
  if (!known) return json_error(404, "not found; endpoints: /metrics /status /results /livez /readyz", path);
  if (method != "GET") {
    Response r = json_error(405, "method not allowed; kvbench's HTTP endpoints are read-only (GET)", path);
    r.allow_get_only = true;
    return r;
  }
  if (path == "/metrics") return {200, kMetricsContentType, render_metrics(sources_)};
  if (path == "/status") return {200, kJson, build_status_json(sources_).dump(2) + "\n"};
  if (path == "/results") {
    Response r = results();
    if (r.status == 200) results_served_.fetch_add(1, std::memory_order_relaxed);
    return r;
  }
  if (path == "/livez") return {200, kText, "ok\n"};
  // /readyz
  // The ready instant lets a group's peers agree on one start (app/start_barrier.h).
  if (sources_.status->ready.load(std::memory_order_acquire))
    return {200, kText,
            "ready since_epoch_us=" + std::to_string(sources_.status->ready_at_epoch_us.load()) + "\n"};
  return {503, kText, "not ready\n"};
}

void Router::publish_results(std::shared_ptr<const nlohmann::json> results) {
  std::lock_guard lock(mu_);
  results_ = std::move(results);
  results_text_.reset();
}

Response Router::results() const {
  std::shared_ptr<const std::string> text;
  {
    std::lock_guard lock(mu_);
    if (results_ && !results_text_) {
      // Compact: the latency lists make the indented form several times larger.
      results_text_ = std::make_shared<const std::string>(
          results_->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    }
    text = results_text_;
  }
  if (!text) {
    const std::string state(stats::run_state_name(sources_.status->get_state()));
    return json_error(404, "results are not available until the run has finished (state: " + state + ")",
                      "/results");
  }
  return {200, kJson, *text};
}

}  // namespace kvbench::server
