#!/usr/bin/env bash
# Installs every build and test dependency of kvbench from Debian packages (bookworm).
# CUDA is never installed here: it is optional and detected by CMake when present.
# clang, its runtime libraries (libFuzzer, sanitizers: libclang-rt-14-dev, only recommended by
# clang-14) and llvm-symbolizer (llvm-14) serve scripts/fuzz.sh.
# prometheus (the server and promtool) is for the /metrics tests; the tests start their own
# server on a loopback port (on a systemd host the package also enables its own service).
# yamllint, unzip, curl and prometheus-pushgateway are for tests/k8s (the Helm chart checks;
# Node.js >= 20 and npm are expected on the machine).
# fio is the peer bench/nvme_vs_fio measures the NVMe tier against.
# chromium (headless) renders a `kvbench report --html` page in tests/report (skipped without it).
# libcurl4-openssl-dev is the S3 backend's HTTP client (tiers/s3; the tests' S3 server, s3rver,
# comes from npm).
# podman, runc, debootstrap and jq are for the CI stage `image` (scripts/ci-image.sh: the
# container image built from a debootstrap base and smoke-tested; skipped where podman cannot run).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake pkg-config ca-certificates \
  libssl-dev \
  libyaml-cpp-dev libzstd-dev zstd liburing-dev \
  libgtest-dev libgmock-dev nlohmann-json3-dev \
  prometheus-cpp-dev libxlsxwriter-dev \
  clang libclang-rt-14-dev llvm-14 \
  prometheus \
  yamllint unzip curl prometheus-pushgateway \
  fio \
  chromium \
  libcurl4-openssl-dev \
  podman runc debootstrap jq \
  "$@"
