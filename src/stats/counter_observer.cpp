#include "stats/counter_observer.h"

namespace kvbench::stats {
namespace {

void add(Counter& c, std::uint64_t v) { CacheCounters::add(c, v); }

// A new entry or a demotion landing on a slower level is an offload (the reference's naming).
void count_offload(CacheCounters& c, Level to) {
  if (to == Level::Cpu) add(c.offloads_cpu, 1);
  if (to == Level::Storage) add(c.offloads_storage, 1);
}

void record(LatencyRecorder& total, LatencyRecorder& device, LatencyRecorder& host,
            Counter& overlapped_ns, const IoEvent& e) {
  total.record(e.total_s());
  device.record(e.device_s);
  host.record(e.host_s);
  if (e.overlapped_s > 0) add(overlapped_ns, static_cast<std::uint64_t>(e.overlapped_s * 1e9));
}

}  // namespace

void CounterObserver::on_io(const IoEvent& e) {
  TierCounters& t = c_.tier(e.level);
  if (e.phase == Phase::Evict) {
    if (e.op == IoOp::Read) return;  // a demotion is counted once, on its write
    add(c_.demotions, 1);
    count_offload(c_, e.level);
    if (e.level == Level::Storage) add(c_.storage_tokens_processed, e.tokens);
    add(c_.tier(e.from_level).demoted_out_bytes, e.bytes);
    add(t.demoted_in_bytes, e.bytes);
    return;
  }
  // Bytes count where they moved, from the tier operation itself (so a replay without a cache
  // gets them too): a failed write or read moved nothing and is in no byte total (issue 14,
  // "nothing counted that did not happen"), so total == the sum of the levels' bytes.
  if (e.op == IoOp::Read) {
    add(c_.total_read_bytes, e.bytes);
    add(t.kv_bytes_read, e.bytes);
    add(t.entries_read, 1);
    record(t.read_latency, t.read_device_latency, t.read_host_latency, t.read_overlapped_ns, e);
    return;
  }
  add(c_.total_write_bytes, e.bytes);
  add(t.kv_bytes_written, e.bytes);
  add(t.entries_written, 1);
  record(t.write_latency, t.write_device_latency, t.write_host_latency, t.write_overlapped_ns, e);
  count_offload(c_, e.level);
  if (e.level == Level::Storage) add(c_.storage_tokens_processed, e.tokens);
}

void CounterObserver::on_hit(const IoEvent& e) {
  add(c_.cache_hits, 1);
  add(c_.hits(e.type), 1);
  if (e.phase == Phase::Decode) add(c_.decode_reads, 1);
  add(c_.read_operations, 1);
  if (e.level == Level::Storage) add(c_.storage_tokens_processed, e.tokens);
}

void CounterObserver::on_event(const IoEvent& e) {
  switch (e.kind) {
    case EventKind::Io: return on_io(e);
    case EventKind::Hit: return on_hit(e);
    case EventKind::WriteRequest:  // spec §6.2 step 4: the attempt counts even if placement fails
      if (e.phase == Phase::Prefill) add(c_.prefill_writes, 1);
      add(c_.write_operations, 1);
      return;
    case EventKind::Miss:
      add(c_.cache_misses, 1);
      add(c_.misses(e.type), 1);
      return;
    case EventKind::WriteFailure:
      add(c_.write_failures, 1);
      if (e.cause == FailureCause::Cancelled) return add(c_.writes_cancelled, 1);
      return add(e.cause == FailureCause::NoRoom ? c_.write_failures_no_room : c_.write_io_errors, 1);
    case EventKind::ReadFailure:  // not a hit (the reference counted it as one), no bytes moved
      add(c_.read_failures, 1);
      if (e.cause == FailureCause::Cancelled) add(c_.reads_cancelled, 1);
      return;
    case EventKind::Deletion:
      add(c_.deletions, 1);
      add(c_.tier(e.level).deleted_bytes, e.bytes);
      return;
    // A move the run's end cut short drops its entry too, but no storage fault did it: counted
    // apart, out of demotion_failures and entries_lost (and so out of the run's health).
    case EventKind::DemotionFailure:
      return add(e.cause == FailureCause::Cancelled ? c_.demotions_cancelled : c_.demotion_failures, 1);
    case EventKind::VerifyMismatch: return add(c_.verify_mismatches, 1);
    case EventKind::EntryLost:
      if (e.cause == FailureCause::Cancelled) return;  // a cancelled demotion's: demotions_cancelled
      add(c_.entries_lost, 1);
      add(c_.tier(e.level).lost_bytes, e.bytes);
      return;
  }
}

}  // namespace kvbench::stats
