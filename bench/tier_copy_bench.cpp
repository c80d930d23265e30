// Issue-5 targets of the memory tiers, each against its plain peer in the same run:
//  * CPU tier copy bandwidth (device time of write and read) >= 80 % of a plain memcpy of the
//    same sizes. The tier reuses freed entry buffers (its pool), so after one warm-up entry both
//    copy into mapped memory; a memcpy into freshly allocated memory is shown for scale.
//  * GPU tier host<->device bandwidth >= 90 % of a plain cudaMemcpyAsync from pinned memory
//    (only where kvbench was built with CUDA and a device is present).
// The payload is produced by a source whose work is host time, so device time is the copy.
// Usage: tier_copy_bench [--sizes-mib 64,512] [--repeat N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "datagen/payload.h"
#include "tiers/aligned_buffer.h"
#include "tiers/cpu_tier.h"
#include "tiers/gpu_tier.h"

#ifdef KVBENCH_HAVE_CUDA
#include <cuda_runtime.h>
#endif

namespace {

using kvbench::tiers::ByteSink;
using kvbench::tiers::ByteSource;
using kvbench::tiers::IoTiming;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

class Payload final : public ByteSource {
 public:
  explicit Payload(std::uint64_t seed) : seed_(seed) {}
  void fill(std::uint64_t offset, std::byte* dst, std::size_t len) override {
    kvbench::datagen::fill(seed_, offset, dst, len);
  }

 private:
  std::uint64_t seed_;
};

class Discard final : public ByteSink {
 public:
  void take(std::uint64_t, const std::byte*, std::size_t) override {}
};

const char* verdict(bool met) { return met ? "MET" : "NOT MET"; }

void cpu_bench(std::uint64_t size, int repeat) {
  kvbench::tiers::CpuTier tier(1 << 20, 2 * size);
  double w_dev = 0, r_dev = 0;
  {  // warm-up: the first entry meets fresh memory; its buffer then stays in the tier's pool
    Payload src(99);
    tier.write("e", size, src);
    tier.remove("e");
  }
  for (int i = 0; i < repeat; ++i) {
    Payload src(static_cast<std::uint64_t>(i));
    const IoTiming w = tier.write("e", size, src);
    Discard none;
    const IoTiming r = tier.read("e", 0, size, none);
    tier.remove("e");
    w_dev += w.device_s;
    r_dev += r.device_s;
  }
  // Peers: memcpy into a fresh huge-page-aligned buffer (what the tier's write does), and into a
  // warm one; for reads, memcpy out in the tier's 1 MiB pieces.
  kvbench::tiers::AlignedBuffer from(size, 2 << 20);
  kvbench::datagen::fill(1, 0, from.data(), size);
  double fresh = 0, warm = 0, pieces = 0;
  kvbench::tiers::AlignedBuffer reuse(size, 2 << 20);
  std::memset(reuse.data(), 0, size);
  kvbench::tiers::AlignedBuffer piece(1 << 20);
  for (int i = 0; i < repeat; ++i) {
    double t = now_s();
    {
      kvbench::tiers::AlignedBuffer to(size, 2 << 20);
      std::memcpy(to.data(), from.data(), size);
      fresh += now_s() - t;
    }
    t = now_s();
    std::memcpy(reuse.data(), from.data(), size);
    warm += now_s() - t;
    t = now_s();
    for (std::uint64_t off = 0; off < size; off += 1 << 20)
      std::memcpy(piece.data(), from.data() + off, std::min<std::uint64_t>(1 << 20, size - off));
    pieces += now_s() - t;
  }
  const double gib = static_cast<double>(size) * repeat / kGiB;
  std::printf("  cpu %4llu MiB  write %6.2f GiB/s vs memcpy %6.2f (%.2f, %s); memcpy into fresh memory %6.2f\n",
              static_cast<unsigned long long>(size >> 20), gib / w_dev, gib / warm, warm / w_dev,
              verdict(warm / w_dev >= 0.8), gib / fresh);
  std::printf("  cpu %4llu MiB  read  %6.2f GiB/s vs memcpy out in 1 MiB pieces %6.2f (%.2f, %s)\n",
              static_cast<unsigned long long>(size >> 20), gib / r_dev, gib / pieces, pieces / r_dev,
              verdict(pieces / r_dev >= 0.8));
}

#ifdef KVBENCH_HAVE_CUDA
void gpu_bench(std::uint64_t size, int repeat) {
  const kvbench::tiers::GpuProbe probe = kvbench::tiers::probe_gpus();
  if (probe.devices == 0) {
    std::printf("  gpu: skipped (%s)\n", probe.why_none.c_str());
    return;
  }
  auto tier = kvbench::tiers::make_gpu_tier(1);
  double w_dev = 0, r_dev = 0;
  for (int i = 0; i < repeat; ++i) {
    Payload src(static_cast<std::uint64_t>(i));
    const IoTiming w = tier->write("e", size, src);
    Discard none;
    const IoTiming r = tier->read("e", 0, size, none);
    tier->remove("e");
    w_dev += w.total_s() - w.host_s;
    r_dev += r.total_s() - r.host_s;
  }
  // Peer: one cudaMemcpyAsync of the whole entry from / to pinned memory, then a sync.
  void* pinned = nullptr;
  void* dev = nullptr;
  cudaSetDevice(0);
  cudaHostAlloc(&pinned, size, cudaHostAllocDefault);
  cudaMalloc(&dev, size);
  cudaStream_t stream;
  cudaStreamCreate(&stream);
  double h2d = 0, d2h = 0;
  for (int i = 0; i < repeat; ++i) {
    double t = now_s();
    cudaMemcpyAsync(dev, pinned, size, cudaMemcpyHostToDevice, stream);
    cudaStreamSynchronize(stream);
    h2d += now_s() - t;
    t = now_s();
    cudaMemcpyAsync(pinned, dev, size, cudaMemcpyDeviceToHost, stream);
    cudaStreamSynchronize(stream);
    d2h += now_s() - t;
  }
  cudaStreamDestroy(stream);
  cudaFree(dev);
  cudaFreeHost(pinned);
  const double gib = static_cast<double>(size) * repeat / kGiB;
  std::printf("  gpu %4llu MiB  write (H2D) %6.2f GiB/s vs cudaMemcpyAsync %6.2f (%.2f, %s)\n",
              static_cast<unsigned long long>(size >> 20), gib / w_dev, gib / h2d, h2d / w_dev,
              verdict(h2d / w_dev >= 0.9));
  std::printf("  gpu %4llu MiB  read  (D2H) %6.2f GiB/s vs cudaMemcpyAsync %6.2f (%.2f, %s)\n",
              static_cast<unsigned long long>(size >> 20), gib / r_dev, gib / d2h, d2h / r_dev,
              verdict(d2h / r_dev >= 0.9));
}
#else
void gpu_bench(std::uint64_t, int) { std::printf("  gpu: skipped (built without CUDA)\n"); }
#endif

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows when redirected to a file too
  std::vector<std::uint64_t> sizes = {64, 512};
  int repeat = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--repeat") {
      repeat = std::max(1, std::atoi(v.c_str()));
    } else if (a == "--sizes-mib") {
      sizes.clear();
      std::stringstream in(v);
      for (std::string item; std::getline(in, item, ',');) sizes.push_back(std::stoull(item));
    }
  }
  std::printf("tier_copy_bench: device time of tier writes/reads vs plain copies, %d repeats\n", repeat);
  for (const std::uint64_t mib : sizes) {
    cpu_bench(mib << 20, repeat);
    gpu_bench(mib << 20, repeat);
  }
  return 0;
}
