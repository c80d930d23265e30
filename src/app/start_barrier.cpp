#include "app/start_barrier.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string_view>

#include "common/log.h"
#include "engine/clock.h"
#include "server/http_client.h"

namespace kvbench::app {
namespace {

using SteadyClock = std::chrono::steady_clock;

SteadyClock::duration seconds(double s) {
  return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(s));
}

// One round over the peers not yet seen ready; `why` keeps each one's last answer.
void poll_round(const BarrierOptions& options, BarrierOutcome& out, std::vector<std::string>& why,
                SteadyClock::time_point deadline) {
  for (std::size_t i = 0; i < options.peers.size(); ++i) {
    if (out.ready_at_epoch_us[i] != 0) continue;
    const double left = std::chrono::duration<double>(deadline - SteadyClock::now()).count();
    const PeerAddress& peer = options.peers[i];
    const server::HttpReply reply = server::http_get(peer.host, peer.port, "/readyz", std::clamp(left, 0.05, 2.0));
    if (reply.status == 200) {
      const std::int64_t at = ready_instant_of(reply.body);
      if (at > 0) out.ready_at_epoch_us[i] = at;
      else why[i] = "its /readyz names no ready instant (an older kvbench?)";
    } else {
      why[i] = reply.status ? "not ready (HTTP " + std::to_string(reply.status) + ")" : reply.error;
    }
  }
}

}  // namespace

std::int64_t ready_instant_of(const std::string& readyz_body) {
  constexpr std::string_view kKey = "since_epoch_us=";
  const auto at = readyz_body.find(kKey);
  if (at == std::string::npos) return 0;
  return std::strtoll(readyz_body.c_str() + at + kKey.size(), nullptr, 10);
}

BarrierOutcome wait_for_peers(const BarrierOptions& options, engine::StopSignal& stop) {
  BarrierOutcome out;
  out.ready_at_epoch_us.assign(options.peers.size(), 0);
  std::vector<std::string> why(options.peers.size(), "not polled yet");
  const auto begin = SteadyClock::now();
  const auto deadline = begin + seconds(options.timeout_s);
  log::info("Start barrier: waiting for " + std::to_string(options.peers.size()) + " groups to be ready");
  while (true) {
    poll_round(options, out, why, deadline);
    out.waited_s = std::chrono::duration<double>(SteadyClock::now() - begin).count();
    if (std::none_of(out.ready_at_epoch_us.begin(), out.ready_at_epoch_us.end(), [](auto t) { return t == 0; })) break;
    if (SteadyClock::now() >= deadline) {
      out.failure = "start barrier: not every group was ready after " + std::to_string(options.timeout_s) +
                    " s (--barrier-timeout):";
      for (std::size_t i = 0; i < options.peers.size(); ++i)
        if (out.ready_at_epoch_us[i] == 0)
          out.failure += " rank " + std::to_string(i) + " at " + options.peers[i].text() + " (" + why[i] + ");";
      out.failure.pop_back();
      return out;
    }
    if (stop.wait_until(std::min(deadline, SteadyClock::now() + seconds(options.poll_interval_s)))) {
      out.interrupted = true;
      return out;
    }
  }
  const std::int64_t last = *std::max_element(out.ready_at_epoch_us.begin(), out.ready_at_epoch_us.end());
  out.start_at_epoch_us = last + static_cast<std::int64_t>(options.margin_s * 1e6);
  out.ok = true;
  const double in_s = static_cast<double>(out.start_at_epoch_us - engine::system_epoch_us()) / 1e6;
  log::info("Start barrier: all " + std::to_string(options.peers.size()) + " groups ready; the window opens in " +
            std::to_string(std::max(0.0, in_s)) + " s");
  return out;
}

nlohmann::json group_json(int rank, const BarrierOptions& options, const BarrierOutcome& barrier,
                          std::int64_t window_start_us, std::int64_t window_end_us) {
  nlohmann::json peers = nlohmann::json::array();
  for (std::size_t i = 0; i < options.peers.size(); ++i)
    peers.push_back({{"rank", i}, {"address", options.peers[i].text()}, {"ready_at_epoch_us", barrier.ready_at_epoch_us[i]}});
  return {
      {"rank", rank},
      {"group_size", options.peers.size()},
      {"peers", std::move(peers)},
      {"barrier_wait_s", barrier.waited_s},
      // The instant every group agreed on, and when this one's window really ran: the
      // difference is this group's start skew (its late wake-up, not the others').
      {"start_at_epoch_us", barrier.start_at_epoch_us},
      {"window_start_epoch_us", window_start_us},
      {"window_end_epoch_us", window_end_us},
      {"start_skew_ms", static_cast<double>(window_start_us - barrier.start_at_epoch_us) / 1e3},
  };
}

}  // namespace kvbench::app
