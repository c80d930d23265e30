#!/usr/bin/env bash
# Installs the dependencies, builds with warnings as errors and runs the tests with ctest.
#   scripts/test.sh            every test
#   scripts/test.sh LABEL      one ctest label: unit (in-process, seconds), integration (runs the
#                              kvbench binary or a real server), slow (minutes), k8s (Helm chart)
# Labels are set per test file in tests/CMakeLists.txt; `ctest -N -L LABEL` lists a label's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
LABEL=${1:-}
case "$LABEL" in
  ""|unit|integration|slow|k8s) ;;
  *) echo "test.sh: unknown label '$LABEL' (unit, integration, slow, k8s)" >&2; exit 2 ;;
esac
./scripts/install-deps.sh
./scripts/build.sh
cd "${BUILD_DIR:-build}"
args=(--output-on-failure -j"$(nproc)")
if [ -n "$LABEL" ]; then args+=(-L "^${LABEL}\$"); fi
ctest "${args[@]}"
