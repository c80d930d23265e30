// The Router: status codes, content types and bodies of every endpoint, without sockets.
#include "server/routes.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/live_sources_fixture.h"

namespace kvbench::server {
namespace {

using testing::LiveFixture;

TEST(Router, UnknownPathIs404WithJsonBody) {
  LiveFixture f;
  Router router(f.sources);
  for (const char* path : {"/", "/metrics/", "/status.json", "/admin", "/results/x"}) {
    const Response r = router.handle("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.content_type, "application/json");
    const auto body = nlohmann::json::parse(r.body);
    EXPECT_TRUE(body.contains("error"));
    EXPECT_EQ(body["path"], path);
  }
}

TEST(Router, OnlyGetIsAllowed) {
  LiveFixture f;
  Router router(f.sources);
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}) {
    const Response r = router.handle(method, "/status");
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_TRUE(r.allow_get_only);
    EXPECT_TRUE(nlohmann::json::parse(r.body).contains("error"));
  }
  EXPECT_EQ(router.handle("POST", "/nowhere").status, 404);  // unknown path first
}

TEST(Router, MetricsUsesTheExpositionContentType) {
  LiveFixture f;
  Router router(f.sources);
  const Response r = router.handle("GET", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("kvbench_build_info{version=\"9.9.9\",commit=\"\"} 1"), std::string::npos);
}

TEST(Router, StatusReportsTheLiveState) {
  LiveFixture f;
  f.add_traffic();
  Router router(f.sources);
  const Response r = router.handle("GET", "/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  const auto s = nlohmann::json::parse(r.body);
  EXPECT_EQ(s["state"], "running");
  EXPECT_EQ(s["model"], "llama3.1-8b");
  EXPECT_EQ(s["mode"], "trace");
  EXPECT_DOUBLE_EQ(s["elapsed_s"].get<double>(), 15);
  EXPECT_DOUBLE_EQ(s["planned_s"].get<double>(), 60);
  EXPECT_DOUBLE_EQ(s["progress"].get<double>(), 0.25);
  EXPECT_EQ(s["requests_completed"], 2);
  EXPECT_DOUBLE_EQ(s["tokens_per_sec"].get<double>(), 150.0 / 15);
  EXPECT_EQ(s["trace_rows"], 7);
  ASSERT_EQ(s["tiers"].size(), 3u);
  EXPECT_EQ(s["tiers"][0]["tier"], "gpu");
  EXPECT_EQ(s["tiers"][0]["used_bytes"], 1000);
  EXPECT_TRUE(s["tiers"][2]["limit_bytes"].is_null());  // unlimited NVMe
  for (const char* key : {"users", "queue_depth", "in_flight", "ready", "clock", "version"})
    EXPECT_TRUE(s.contains(key)) << key;
}

TEST(Router, ResultsAre404UntilPublished) {
  LiveFixture f;
  Router router(f.sources);
  Response r = router.handle("GET", "/results");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_NE(nlohmann::json::parse(r.body)["error"].get<std::string>().find("starting"), std::string::npos);
  router.publish_results(std::make_shared<const nlohmann::json>(nlohmann::json{{"requests_completed", 5}}));
  r = router.handle("GET", "/results");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(nlohmann::json::parse(r.body)["requests_completed"], 5);
}

TEST(Router, ReadyzFollowsTheReadyFlagLivezAlwaysOk) {
  LiveFixture f;
  Router router(f.sources);
  EXPECT_EQ(router.handle("GET", "/livez").status, 200);
  EXPECT_EQ(router.handle("GET", "/readyz").status, 503);
  f.status.mark_ready(1767225600000000);
  const Response r = router.handle("GET", "/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ready since_epoch_us=1767225600000000\n");  // a group's barrier reads it
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
}

TEST(Router, NoEndpointChangesTheRun) {
  LiveFixture f;
  f.add_traffic();
  Router router(f.sources);
  const std::string before = router.handle("GET", "/metrics").body;
  for (const char* method : {"GET", "POST", "PUT", "DELETE"})
    for (const char* path : {"/metrics", "/status", "/results", "/livez", "/readyz"}) router.handle(method, path);
  EXPECT_EQ(router.handle("GET", "/metrics").body, before);
  EXPECT_EQ(f.status.get_state(), stats::RunState::Running);
}

}  // namespace
}  // namespace kvbench::server
