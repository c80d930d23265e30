#!/usr/bin/env bash
# The S3 server of the S3 backend's tests and bench: s3rver 3.7.1 from npm (a small S3 server on
# the file system; it knows the key id S3RVER, secret S3RVER, and checks no V4 signature), installed once into a
# cache directory as tests/k8s installs its npm tools, then run in the foreground (exec, so the
# caller's pid is the server's).
#
#   tests/support/s3rver.sh --ensure           install if needed; exit 0, or 77 where it cannot be had
#   tests/support/s3rver.sh ARGS...            run s3rver with ARGS (e.g. -d DIR -a 127.0.0.1 -p PORT -s)
#
# Cache: $KVBENCH_S3RVER_DIR, default ~/.cache/kvbench/s3rver-3.7.1. Exit 77 (skip) where node or
# npm is missing or the npm registry cannot be reached the first time.
set -euo pipefail
version=3.7.1
dir=${KVBENCH_S3RVER_DIR:-${HOME:-/tmp}/.cache/kvbench/s3rver-$version}
bin="$dir/node_modules/s3rver/bin/s3rver.js"
command -v node >/dev/null 2>&1 || { echo "s3rver: node is not installed" >&2; exit 77; }
if [ ! -f "$bin" ]; then
  command -v npm >/dev/null 2>&1 || { echo "s3rver: npm is not installed" >&2; exit 77; }
  mkdir -p "$dir"
  # Several test processes may get here at once: one installs, the others wait for it.
  exec 9>"$dir/.install.lock"
  flock 9
  if [ ! -f "$bin" ]; then
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error "s3rver@$version" >&2) \
      || { echo "s3rver: npm install s3rver@$version failed (registry unreachable?)" >&2; exit 77; }
  fi
  exec 9>&-
fi
if [ "${1:-}" = "--ensure" ]; then exit 0; fi
exec node "$bin" "$@"
