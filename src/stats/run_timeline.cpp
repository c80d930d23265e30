#include "stats/run_timeline.h"

#include <algorithm>
#include <utility>

namespace kvbench::stats {

RunTimeline::RunTimeline(double interval_s, const CacheCounters& counters, std::size_t max_points)
    : base_interval_s_(interval_s),
      interval_s_(interval_s),
      counters_(counters),
      max_points_(std::max<std::size_t>(2, max_points)),
      next_tick_s_(interval_s) {}

void RunTimeline::attach(const RequestStats& requests, LevelUsage usage) {
  requests_ = &requests;
  usage_ = std::move(usage);
}

void RunTimeline::begin() {
  last_ = read(counters_);
  last_s_ = 0;
  next_tick_s_ = interval_s_;
  read_latency_.take();  // what preconditioning measured is not the window's
  write_latency_.take();
}

void RunTimeline::on_event(const IoEvent& e) {
  // The same operations as the storage level's read and write latency lists (demotions apart).
  if (e.kind != EventKind::Io || e.level != Level::Storage || e.phase == Phase::Evict) return;
  if (!(e.total_s() > 0)) return;  // trace mode times nothing: no zeros posing as latencies
  (e.op == IoOp::Read ? read_latency_ : write_latency_).record(e.total_s());
}

RunTimeline::Reading RunTimeline::read(const CacheCounters& c) const {
  Reading r;
  if (requests_) {
    r.requests = requests_->requests_completed();
    r.tokens = requests_->window_edges().completed_tokens;
  }
  for (Level id : kLevels) {
    const TierCounters& t = c.tier(id);
    TimelineLevel& l = r.levels[static_cast<std::size_t>(id)];
    l.read_bytes = CacheCounters::get(t.kv_bytes_read);
    l.written_bytes = CacheCounters::get(t.kv_bytes_written);
    l.demoted_in_bytes = CacheCounters::get(t.demoted_in_bytes);
    l.demoted_out_bytes = CacheCounters::get(t.demoted_out_bytes);
  }
  return r;
}

void RunTimeline::tick(double now_s, std::int64_t queue_depth, std::int64_t in_flight) {
  const double due = next_tick_s_;
  close_interval(now_s, read(counters_), queue_depth, in_flight);
  // On the grid of the interval (a wall-clock tick that came late does not shift the next).
  next_tick_s_ = due + interval_s_;
  if (next_tick_s_ <= now_s) next_tick_s_ = now_s + interval_s_;
}

void RunTimeline::finish(double end_s, const CacheCounters* window, std::int64_t queue_depth,
                         std::int64_t in_flight) {
  const Reading now = read(window ? *window : counters_);
  // A window that closed on a tick leaves nothing after it, unless the counters moved.
  bool moved = now.requests != last_.requests;
  for (std::size_t i = 0; i < now.levels.size(); ++i)
    moved = moved || now.levels[i].read_bytes != last_.levels[i].read_bytes ||
            now.levels[i].written_bytes != last_.levels[i].written_bytes ||
            now.levels[i].demoted_in_bytes != last_.levels[i].demoted_in_bytes;
  if (end_s > last_s_ || moved) close_interval(std::max(end_s, last_s_), now, queue_depth, in_flight);
  next_tick_s_ = last_s_ + interval_s_;
}

void RunTimeline::close_interval(double end_s, const Reading& now, std::int64_t queue_depth,
                                 std::int64_t in_flight) {
  TimelinePoint p;
  p.start_s = last_s_;
  p.end_s = end_s;
  // Counters only grow inside a window; a reading taken from a copy never runs behind.
  const auto delta = [](std::uint64_t a, std::uint64_t b) { return a > b ? a - b : 0; };
  p.requests_completed = delta(now.requests, last_.requests);
  p.tokens = delta(now.tokens, last_.tokens);
  const std::array<std::uint64_t, kLevelCount> used = usage_ ? usage_() : std::array<std::uint64_t, kLevelCount>{};
  for (std::size_t i = 0; i < p.levels.size(); ++i) {
    const TimelineLevel &a = now.levels[i], &b = last_.levels[i];
    p.levels[i] = {delta(a.read_bytes, b.read_bytes), delta(a.written_bytes, b.written_bytes),
                   delta(a.demoted_in_bytes, b.demoted_in_bytes),
                   delta(a.demoted_out_bytes, b.demoted_out_bytes), used[i]};
  }
  p.storage_read = read_latency_.take();
  p.storage_write = write_latency_.take();
  p.queue_depth = queue_depth;
  p.in_flight = in_flight;
  points_.push_back(std::move(p));
  last_ = now;
  last_s_ = end_s;
  if (points_.size() >= max_points_) coarsen();
}

// Merges adjacent pairs (an odd last point stays as it is) and doubles the interval.
void RunTimeline::coarsen() {
  std::vector<TimelinePoint> merged;
  merged.reserve(points_.size() / 2 + 1);
  for (std::size_t i = 0; i < points_.size(); i += 2) {
    TimelinePoint a = std::move(points_[i]);
    if (i + 1 < points_.size()) {
      const TimelinePoint& b = points_[i + 1];
      a.end_s = b.end_s;
      a.requests_completed += b.requests_completed;
      a.tokens += b.tokens;
      for (std::size_t l = 0; l < a.levels.size(); ++l) {
        a.levels[l].read_bytes += b.levels[l].read_bytes;
        a.levels[l].written_bytes += b.levels[l].written_bytes;
        a.levels[l].demoted_in_bytes += b.levels[l].demoted_in_bytes;
        a.levels[l].demoted_out_bytes += b.levels[l].demoted_out_bytes;
        a.levels[l].used_bytes = b.levels[l].used_bytes;
      }
      a.storage_read.merge(b.storage_read);
      a.storage_write.merge(b.storage_write);
      a.queue_depth = std::max(a.queue_depth, b.queue_depth);
      a.in_flight = std::max(a.in_flight, b.in_flight);
    }
    merged.push_back(std::move(a));
  }
  points_ = std::move(merged);
  interval_s_ *= 2;
}

}  // namespace kvbench::stats
