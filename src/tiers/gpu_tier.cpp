#include "tiers/gpu_tier.h"

#include <stdexcept>

#ifdef KVBENCH_HAVE_CUDA
#include <cuda_runtime.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "tiers/io_clock.h"
#endif

namespace kvbench::tiers {

#ifndef KVBENCH_HAVE_CUDA

GpuProbe probe_gpus() { return {0, {}, "kvbench was built without the CUDA toolkit"}; }

std::unique_ptr<Tier> make_gpu_tier(int, std::size_t, Level) {
  throw std::runtime_error("kvbench was built without the CUDA toolkit");
}

#else

namespace {

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess)
    throw std::runtime_error(std::string("gpu tier: ") + what + ": " + cudaGetErrorString(e));
}

// One stream and two pinned staging buffers: a piece is produced into (or consumed from) one
// buffer while the other one's copy is in flight.
struct Lane {
  Lane(int dev, std::size_t bytes) : device(dev) {
    try {
      check(cudaSetDevice(dev), "cudaSetDevice");
      check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreate");
      for (int k = 0; k < 2; ++k) {
        check(cudaHostAlloc(&pinned[k], bytes, cudaHostAllocDefault), "cudaHostAlloc");
        check(cudaEventCreateWithFlags(&done[k], cudaEventDisableTiming), "cudaEventCreate");
      }
    } catch (...) {
      release();  // a throwing constructor gets no destructor
      throw;
    }
  }
  ~Lane() { release(); }
  Lane(const Lane&) = delete;
  Lane& operator=(const Lane&) = delete;

  void release() noexcept {
    cudaSetDevice(device);
    if (stream != nullptr) cudaStreamSynchronize(stream);
    for (int k = 0; k < 2; ++k) {
      if (done[k] != nullptr) cudaEventDestroy(done[k]);
      if (pinned[k] != nullptr) cudaFreeHost(pinned[k]);
      done[k] = nullptr;
      pinned[k] = nullptr;
    }
    if (stream != nullptr) cudaStreamDestroy(stream);
    stream = nullptr;
  }

  int device;
  cudaStream_t stream = nullptr;
  void* pinned[2] = {nullptr, nullptr};
  cudaEvent_t done[2] = {nullptr, nullptr};
};

class GpuTier final : public Tier {
 public:
  GpuTier(int devices, std::size_t staging, Level level)
      : level_(level), staging_(staging), idle_(static_cast<std::size_t>(devices)) {
    for (int d = 0; d < devices; ++d) {
      check(cudaSetDevice(d), "cudaSetDevice");
      int pools = 0;
      cudaDeviceGetAttribute(&pools, cudaDevAttrMemoryPoolsSupported, d);
      pools_.push_back(pools != 0);
      if (pools != 0) {
        // Keep freed memory in the pool: returning it to the driver at every sync is slow.
        cudaMemPool_t pool = nullptr;
        check(cudaDeviceGetDefaultMemPool(&pool, d), "cudaDeviceGetDefaultMemPool");
        std::uint64_t keep = UINT64_MAX;
        check(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep), "cudaMemPoolSetAttribute");
      }
    }
  }

  ~GpuTier() override {
    for (auto& [key, e] : entries_) {
      cudaSetDevice(e.device);
      cudaFree(e.ptr);
    }
  }

  Level id() const override { return level_; }

  IoTiming write(const std::string& key, std::uint64_t size, ByteSource& src) override {
    const double start = monotonic_s();
    HostWork work;
    const int dev = static_cast<int>(next_device_.fetch_add(1, std::memory_order_relaxed) % idle_.size());
    check(cudaSetDevice(dev), "cudaSetDevice");
    Lease lane(*this, dev);
    std::byte* d = allocate(dev, size, lane->stream);
    try {
      int k = 0;
      for (std::uint64_t off = 0; off < size; off += staging_, k ^= 1) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(staging_, size - off));
        check(cudaEventSynchronize(lane->done[k]), "cudaEventSynchronize");  // buffer k is free
        // Overlapped while the other buffer's copy is still running.
        work.time([&] { src.fill(off, static_cast<std::byte*>(lane->pinned[k]), n); },
                  [&] { return off > 0 && cudaEventQuery(lane->done[k ^ 1]) == cudaErrorNotReady; });
        check(cudaMemcpyAsync(d + off, lane->pinned[k], n, cudaMemcpyHostToDevice, lane->stream), "cudaMemcpyAsync");
        check(cudaEventRecord(lane->done[k], lane->stream), "cudaEventRecord");
      }
      check(cudaStreamSynchronize(lane->stream), "cudaStreamSynchronize");
    } catch (...) {
      cudaStreamSynchronize(lane->stream);
      release(dev, d, lane->stream);
      remove(key);  // a failed write leaves nothing for the key, not even an older entry
      throw;
    }
    Stored replaced;
    {
      std::lock_guard lock(mu_);
      Stored& slot = entries_[key];
      replaced = slot;
      slot = {dev, d, size};
    }
    if (replaced.ptr != nullptr) {  // a rewrite of the key: free the old copy, not leak it
      check(cudaSetDevice(replaced.device), "cudaSetDevice");
      Lease old_lane(*this, replaced.device);
      release(replaced.device, replaced.ptr, old_lane->stream);
      check(cudaSetDevice(dev), "cudaSetDevice");
    }
    return timing_since(start, work);
  }

  IoTiming read(const std::string& key, std::uint64_t offset, std::uint64_t len,
                ByteSink& dst) override {
    const double start = monotonic_s();
    HostWork work;
    Stored e;
    {
      std::lock_guard lock(mu_);
      auto it = entries_.find(key);
      if (it == entries_.end()) throw std::runtime_error("gpu tier: no entry '" + key + "'");
      e = it->second;
    }
    if (offset > e.size || len > e.size - offset)
      throw std::runtime_error("gpu tier: read past the end of entry '" + key + "'");
    check(cudaSetDevice(e.device), "cudaSetDevice");
    Lease lane(*this, e.device);
    const std::uint64_t end = offset + len;
    std::uint64_t next = offset;
    std::uint64_t piece_off[2] = {0, 0};
    std::size_t piece_len[2] = {0, 0};
    bool pending[2] = {false, false};
    const auto issue = [&](int k) {
      if (next >= end) return;
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(staging_, end - next));
      check(cudaMemcpyAsync(lane->pinned[k], e.ptr + next, n, cudaMemcpyDeviceToHost, lane->stream), "cudaMemcpyAsync");
      check(cudaEventRecord(lane->done[k], lane->stream), "cudaEventRecord");
      pending[k] = true;
      piece_off[k] = next;
      piece_len[k] = n;
      next += n;
    };
    try {
      issue(0);
      issue(1);
      for (int k = 0; pending[k]; k ^= 1) {
        check(cudaEventSynchronize(lane->done[k]), "cudaEventSynchronize");
        pending[k] = false;
        work.time([&] { dst.take(piece_off[k], static_cast<const std::byte*>(lane->pinned[k]), piece_len[k]); },
                  [&] { return pending[k ^ 1] && cudaEventQuery(lane->done[k ^ 1]) == cudaErrorNotReady; });
        issue(k);
      }
    } catch (...) {
      cudaStreamSynchronize(lane->stream);  // no copy may land in a buffer after we leave
      throw;
    }
    return timing_since(start, work);
  }

  void remove(const std::string& key) override {
    Stored e;
    {
      std::lock_guard lock(mu_);
      auto it = entries_.find(key);
      if (it == entries_.end()) return;
      e = it->second;
      entries_.erase(it);
    }
    cudaSetDevice(e.device);
    Lease lane(*this, e.device);
    release(e.device, e.ptr, lane->stream);
  }

 private:
  struct Stored {
    int device = 0;
    std::byte* ptr = nullptr;
    std::uint64_t size = 0;
  };

  // Borrows an idle lane of a device (or makes one) and gives it back at scope exit. The pool
  // lock is held only to pop and push, never during a copy.
  class Lease {
   public:
    Lease(GpuTier& tier, int dev) : tier_(tier), dev_(dev) {
      {
        std::lock_guard lock(tier_.mu_);
        auto& idle = tier_.idle_[static_cast<std::size_t>(dev)];
        if (!idle.empty()) {
          lane_ = std::move(idle.back());
          idle.pop_back();
        }
      }
      if (!lane_) lane_ = std::make_unique<Lane>(dev, tier_.staging_);
    }
    ~Lease() {
      std::lock_guard lock(tier_.mu_);
      tier_.idle_[static_cast<std::size_t>(dev_)].push_back(std::move(lane_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lane* operator->() const { return lane_.get(); }

   private:
    GpuTier& tier_;
    int dev_;
    std::unique_ptr<Lane> lane_;
  };

  std::byte* allocate(int dev, std::uint64_t size, cudaStream_t stream) {
    void* p = nullptr;
    const std::size_t n = size > 0 ? static_cast<std::size_t>(size) : 1;
    if (pools_[static_cast<std::size_t>(dev)]) check(cudaMallocAsync(&p, n, stream), "cudaMallocAsync");
    else check(cudaMalloc(&p, n), "cudaMalloc");
    return static_cast<std::byte*>(p);
  }

  // Stream-ordered free: no device-wide synchronisation, unlike cudaFree.
  void release(int dev, void* p, cudaStream_t stream) {
    if (pools_[static_cast<std::size_t>(dev)]) {
      cudaFreeAsync(p, stream);
      cudaStreamSynchronize(stream);
    } else {
      cudaFree(p);
    }
  }

  Level level_;
  std::size_t staging_;
  std::vector<bool> pools_;
  std::atomic<unsigned> next_device_{0};
  std::mutex mu_;  // entries_ and idle_
  std::unordered_map<std::string, Stored> entries_;
  std::vector<std::vector<std::unique_ptr<Lane>>> idle_;
};

}  // namespace

GpuProbe probe_gpus() {
  GpuProbe probe;
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    probe.why_none = std::string("CUDA reports no usable device (") + cudaGetErrorString(e) + ")";
    return probe;
  }
  if (count <= 0) {
    probe.why_none = "no CUDA device is present";
    return probe;
  }
  probe.devices = count;
  for (int d = 0; d < count; ++d) {
    std::size_t free_b = 0, total_b = 0;
    if (cudaSetDevice(d) != cudaSuccess || cudaMemGetInfo(&free_b, &total_b) != cudaSuccess) free_b = 0;
    probe.free_bytes.push_back(free_b);
  }
  return probe;
}

std::unique_ptr<Tier> make_gpu_tier(int devices, std::size_t staging_bytes, Level level) {
  if (devices <= 0) throw std::runtime_error("gpu tier: no device");
  return std::make_unique<GpuTier>(devices, staging_bytes > 0 ? staging_bytes : 4 << 20, level);
}

#endif

}  // namespace kvbench::tiers
