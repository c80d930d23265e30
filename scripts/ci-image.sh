#!/usr/bin/env bash
# CI stage `image` (.ci/run): builds the container image users deploy (docker/build.sh, from the
# committed tree) and runs its smoke test (docker/smoke-test.sh), printing the image's size and
# each smoke check; then the CUDA variant (docker/Dockerfile.cuda) where the CUDA toolkit is
# present. Needs root, podman and debootstrap (scripts/install-deps.sh) and Debian's mirrors: no
# image registry is used (the base is made with debootstrap once and kept in podman's storage,
# as are the layers, so a change that leaves CMakeLists.txt and src/ alone rebuilds nothing).
#
#   scripts/ci-image.sh
#     KVBENCH_IMAGE_SKIP=1    skip the stage (says so)
#     KVBENCH_IMAGE_BINARY    the kvbench the image wraps (docker/build.sh --binary): default
#                             ${BUILD_DIR:-build}/kvbench, the tests stage's RelWithDebInfo build
#                             (same Debian 12 libraries), so CI compiles kvbench once; "" or a
#                             missing file = the Dockerfile's own Release compile
#     KVBENCH_IMAGE_FULL=1    the Dockerfile's own compile even when that binary exists
#     KVBENCH_IMAGE_CCACHE    that compile's compiler cache (default
#                             /var/cache/kvbench-image-ccache, kept between runs)
#     KVBENCH_IMAGE_CUDA=0|1  build the CUDA variant: 1 = required, 0 = never; default: when
#                             /usr/local/cuda/bin/nvcc exists and NVIDIA's apt repository
#                             (which Dockerfile.cuda installs from) answers
#
# Exit 0 with "image: skipped (<reason>)" where podman cannot run here (not installed, not
# root, no working storage or runtime): the reason is printed so that a skip is never silent.
set -euo pipefail
cd "$(dirname "$0")/.."

skip() { echo "image: skipped ($*)"; exit 0; }
[ "${KVBENCH_IMAGE_SKIP:-0}" = 1 ] && skip "KVBENCH_IMAGE_SKIP=1"
command -v podman >/dev/null || skip "podman is not installed (scripts/install-deps.sh installs it)"
[ "$(id -u)" = 0 ] || skip "not root: debootstrap and podman's storage need root"
command -v debootstrap >/dev/null || skip "debootstrap is not installed (scripts/install-deps.sh installs it)"
# A working podman: its storage answers and a container runs (the base image is needed for that,
# so a failing `podman info` is the test before it exists).
podman info >/dev/null 2>&1 || skip "podman info fails: $(podman info 2>&1 | tail -1)"

t0=$SECONDS
tag=kvbench:ci
binary=${KVBENCH_IMAGE_BINARY-${BUILD_DIR:-build}/kvbench}
if [ "${KVBENCH_IMAGE_FULL:-0}" != 1 ] && [ -n "$binary" ] && [ -x "$binary" ]; then
  echo "image: the runtime stage around $binary (KVBENCH_IMAGE_FULL=1 compiles in the image)"
  build_opts=(--binary "$binary")
else
  # The compiler cache of the image builds, kept between CI runs like podman's layers.
  build_opts=(--ccache "${KVBENCH_IMAGE_CCACHE:-/var/cache/kvbench-image-ccache}")
fi
image=$(docker/build.sh --debootstrap-base "${build_opts[@]}" --jobs "$(nproc)" -t "$tag" | tail -1)
build_s=$((SECONDS - t0))
size=$(podman image inspect --format '{{.Size}}' "$image")
echo "image: built $image in $build_s s, $((size / 1048576)) MiB"
podman image history --format '{{.Size}}\t{{.CreatedBy}}' "$image" | cut -c1-110 | head -12

t1=$SECONDS
docker/smoke-test.sh --image "$image"
echo "image: smoke test in $((SECONDS - t1)) s"

cuda=${KVBENCH_IMAGE_CUDA:-auto}
if [ "$cuda" = auto ]; then
  # The CUDA image installs nvcc and libcudart from NVIDIA's apt repository inside the build:
  # built only where the toolkit is present and that repository answers.
  cuda=0
  if [ ! -x /usr/local/cuda/bin/nvcc ]; then
    echo "image: CUDA variant skipped (no CUDA toolkit at /usr/local/cuda)"
  elif ! curl -fsSI -m 10 https://developer.download.nvidia.com/compute/cuda/repos/debian12/x86_64/ >/dev/null 2>&1; then
    echo "image: CUDA variant skipped (toolkit present, but NVIDIA's apt repository developer.download.nvidia.com is not reachable)"
  else
    cuda=1
  fi
fi
if [ "$cuda" = 1 ]; then
  t2=$SECONDS
  cimage=$(docker/build.sh --cuda --debootstrap-base --jobs "$(nproc)" -t kvbench:ci-cuda | tail -1)
  csize=$(podman image inspect --format '{{.Size}}' "$cimage")
  echo "image: built $cimage in $((SECONDS - t2)) s, $((csize / 1048576)) MiB"
  docker/smoke-test.sh --image "$cimage"
fi
# Earlier builds' layers that no tag names any more: the cache keeps the current ones only.
podman image prune -f >/dev/null 2>&1 || true
echo "image: stage done in $((SECONDS - t0)) s"
