#include "replay/replayer.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "replay/row_executor.h"

namespace kvbench::replay {
namespace {

using Steady = std::chrono::steady_clock;

// Rows queued per worker: enough to keep it busy, small enough that memory stays bounded.
constexpr std::size_t kQueuedPerWorker = 64;
constexpr auto kStopPoll = std::chrono::milliseconds(50);

struct Item {
  trace::TraceRow row;
  Steady::time_point due;
  bool paced = false;
};

// One worker: its queue of rows, in the order they were handed out, and its executor.
class Worker {
 public:
  Worker(LevelMap& levels, const IoObserverList& observers, ReplayTally& tally, const ReplayOptions& o,
         StopControl& stop)
      : exec_(levels, observers, tally, o.verify, o.payload_seed), tally_(tally), stop_(stop) {
    thread_ = std::thread([this] { loop(); });
  }
  ~Worker() { join(); }

  // Blocks while the queue is full; false when a stop came first.
  bool push(Item&& item) {
    std::unique_lock<std::mutex> lock(mu_);
    while (queue_.size() >= kQueuedPerWorker) {
      if (stop_.requested()) return false;
      space_.wait_for(lock, kStopPoll);
    }
    queue_.push_back(std::move(item));
    ready_.notify_one();
    return true;
  }
  void close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    ready_.notify_one();
  }
  void join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  void loop() {
    for (;;) {
      Item item;
      {
        std::unique_lock<std::mutex> lock(mu_);
        ready_.wait(lock, [&] { return closed_ || !queue_.empty(); });
        if (queue_.empty()) return;
        item = std::move(queue_.front());
        queue_.pop_front();
        space_.notify_one();
      }
      if (stop_.requested()) {
        tally_.abandoned().fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      if (item.paced) tally_.record_lag(std::chrono::duration<double>(Steady::now() - item.due).count());
      exec_.run(item.row);
    }
  }

  RowExecutor exec_;
  ReplayTally& tally_;
  StopControl& stop_;
  std::mutex mu_;
  std::condition_variable ready_, space_;
  std::deque<Item> queue_;
  bool closed_ = false;
  std::thread thread_;
};

std::int64_t epoch_us_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

ReplayWindow replay_rows(TraceStream& rows, const ReplayOptions& options, LevelMap& levels,
                         const IoObserverList& observers, ReplayTally& tally, StopControl& stop) {
  const std::size_t n = static_cast<std::size_t>(std::max(1, options.concurrency));
  std::vector<std::unique_ptr<Worker>> workers;
  for (std::size_t i = 0; i < n; ++i)
    workers.push_back(std::make_unique<Worker>(levels, observers, tally, options, stop));
  ReplayWindow w;
  const bool paced = options.speed > 0;
  const std::hash<std::string> hash;
  trace::TraceRow row;
  bool first = true;
  std::int64_t first_ts = 0, last_ts = 0;
  Steady::time_point start{};
  while (!stop.requested() && rows.next(row)) {
    if (first) {
      first = false;
      first_ts = row.timestamp_us;
      start = Steady::now();
      w.started_at_epoch_us = epoch_us_now();
    }
    last_ts = std::max(last_ts, row.timestamp_us);
    Item item;
    item.paced = paced;
    if (paced) {
      const double offset_s = static_cast<double>(row.timestamp_us - first_ts) / 1e6 / options.speed;
      item.due = start + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(offset_s));
      if (item.due > Steady::now() && stop.wait_until(item.due)) break;
    }
    Worker& worker = *workers[hash(row.key) % n];
    item.row = std::move(row);
    if (!worker.push(std::move(item))) break;
  }
  for (auto& worker : workers) worker->close();
  for (auto& worker : workers) worker->join();
  w.stopped = stop.requested();
  if (!first) {
    w.elapsed_s = std::chrono::duration<double>(Steady::now() - start).count();
    w.trace_span_s = static_cast<double>(last_ts - first_ts) / 1e6;
  }
  return w;
}

}  // namespace kvbench::replay
