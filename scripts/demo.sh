#!/usr/bin/env bash
# Installs the dependencies, builds kvbench and runs a short benchmark on the built-in default:
# a 20-second trace-mode run (llama3.1-8b, 50 users, GPU 1 GiB / CPU 2 GiB / NVMe) writing its
# zstd trace, results JSON and console report (report.txt) into a fresh temp dir. Configures
# without the tests and bench programs and builds only the kvbench binary (time: README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
BUILD_TARGET=kvbench ./scripts/build.sh -DKVBENCH_TESTS=OFF -DKVBENCH_BENCH=OFF
out=$(mktemp -d /tmp/kvbench-demo.XXXXXX)
./build/kvbench --model llama3.1-8b --num-users 50 --duration 20 --gpu-mem-gb 1 --cpu-mem-gb 2 \
  --generation-mode fast --seed 42 --io-trace-log "$out/trace.csv.zst" --output "$out/results.json" "$@" \
  | tee "$out/report.txt"
echo
echo "Outputs in $out (report.txt: the console report above):"
ls -l "$out"
