#!/usr/bin/env bash
# Container smoke test: builds the image (docker/build.sh) and runs it.
#
#   docker/smoke-test.sh [--image IMAGE] [build.sh options...]
#     --image IMAGE   test an existing image instead of building one
#     other options   passed to docker/build.sh (e.g. --debootstrap-base on a machine that
#                     reaches Debian mirrors but no image registry)
#
# Checks, each printed as "ok - ..." (the first failure stops the script with exit 1):
#   1. image config: ENTRYPOINT ["kvbench"], numeric non-root USER 10001, no compiler in it,
#      every shared library of kvbench resolved (ldd)
#   2. `kvbench --help` exits 0
#   3. a short trace-mode run writes a valid zstd trace and the results JSON to a mounted volume,
#      owned by the container's non-root user
#   4. SIGTERM (podman stop) ends a long run cleanly: exit 0, "interrupted": true in the
#      results, a complete zstd frame (what Kubernetes relies on for terminationGracePeriod)
# Runs with podman's runc runtime and explicit ulimits (hosts with hybrid cgroups refuse the
# defaults) and without network.
set -euo pipefail
cd "$(dirname "$0")/.."

image=""
build_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --image) image=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) build_args+=("$1"); shift ;;
  esac
done

for tool in podman zstd jq; do
  command -v "$tool" >/dev/null || { echo "smoke-test: $tool is not installed" >&2; exit 1; }
done

t0=$(date +%s)
if [ -z "$image" ]; then
  image=$(docker/build.sh "${build_args[@]}" | tail -1)
  echo "ok - built $image in $(( $(date +%s) - t0 )) s"
fi

run_opts=(--ulimit nofile=1024:1024 --ulimit nproc=4096:4096 --network none)
if command -v runc >/dev/null; then run_opts+=(--runtime runc); fi

fail() { echo "not ok - $*" >&2; exit 1; }

# 1. Image configuration.
entrypoint=$(podman image inspect --format '{{json .Config.Entrypoint}}' "$image")
[ "$entrypoint" = '["kvbench"]' ] || fail "ENTRYPOINT is $entrypoint, expected [\"kvbench\"]"
user=$(podman image inspect --format '{{.Config.User}}' "$image")
[ "$user" = "10001:10001" ] || fail "USER is '$user', expected 10001:10001"
uid=$(podman run --rm "${run_opts[@]}" --entrypoint id "$image" -u)
[ "$uid" = 10001 ] || fail "the container runs as uid $uid"
if podman run --rm "${run_opts[@]}" --entrypoint sh "$image" -c 'command -v gcc g++ cc cmake make' >/dev/null; then
  fail "the runtime image contains a compiler or build tool"
fi
missing=$(podman run --rm "${run_opts[@]}" --entrypoint ldd "$image" /usr/local/bin/kvbench | grep 'not found' || true)
[ -z "$missing" ] || fail "unresolved libraries: $missing"
size=$(podman image inspect --format '{{.Size}}' "$image")
echo "ok - image: ENTRYPOINT [\"kvbench\"], USER 10001, no compiler, all libraries found, $(( size / 1048576 )) MiB"

# 2. --help.
# The whole output is read before grep looks at it: `grep -q` leaving early breaks podman's pipe
# (and pipefail fails the check).
help=$(podman run --rm "${run_opts[@]}" "$image" --help) || fail "kvbench --help exited $?"
grep -q '^usage: kvbench' <<<"$help" || fail "kvbench --help"
echo "ok - kvbench --help"
# The kv-cache.py drop-in (issue 16): the reference's tools run `python3 kv-cache.py`.
help=$(podman run --rm "${run_opts[@]}" --entrypoint python3 "$image" /usr/local/bin/kv-cache.py --help) \
  || fail "python3 kv-cache.py --help exited $?"
grep -q '^usage: kvbench' <<<"$help" || fail "python3 kv-cache.py --help"
echo "ok - python3 kv-cache.py --help"

# 3. Short trace-mode run into a mounted volume.
data=$(mktemp -d /tmp/kvbench-smoke.XXXXXX)
trap 'podman rm -f kvbench-smoke-sigterm >/dev/null 2>&1 || true; rm -rf "$data"' EXIT
chmod 0777 "$data"
t1=$(date +%s)
podman run --rm "${run_opts[@]}" -v "$data:/data" "$image" \
  --model tiny-1b --num-users 20 --duration 5 --gpu-mem-gb 0 --cpu-mem-gb 1 \
  --generation-mode fast --seed 7 \
  --io-trace-log /data/trace.csv.zst --output /data/results.json >"$data/run.log" 2>&1 \
  || { rc=$?; cat "$data/run.log" >&2; fail "trace-mode run exited $rc"; }
[ -s "$data/trace.csv.zst" ] || fail "no trace written"
zstd -tq "$data/trace.csv.zst" || fail "the trace is not a valid zstd file"
zstd -dq "$data/trace.csv.zst" -o "$data/trace.csv"
header=$(head -n 1 "$data/trace.csv" | tr -d '\r')
[ "$header" = "Timestamp,Operation,Object_Size_Bytes,Tier,Key,Phase" ] || fail "trace header: $header"
rows=$(( $(wc -l <"$data/trace.csv") - 1 ))
[ "$rows" -gt 0 ] || fail "the trace has no rows"
jq -e '.interrupted == false and .requests_completed > 0 and (.summary.avg_throughput_tokens_per_sec > 0)' \
  "$data/results.json" >/dev/null || fail "results.json: $(head -c 400 "$data/results.json")"
owner=$(stat -c %u "$data/results.json")
echo "ok - trace-mode run in $(( $(date +%s) - t1 )) s: $rows trace rows, $(jq .requests_completed "$data/results.json") requests, files owned by uid $owner"

# 4. SIGTERM ends a run cleanly.
podman run -d --name kvbench-smoke-sigterm "${run_opts[@]}" -v "$data:/data" "$image" \
  --model tiny-1b --num-users 20 --duration 600 --gpu-mem-gb 0 --cpu-mem-gb 1 \
  --generation-mode fast --io-trace-log /data/sigterm.csv.zst --output /data/sigterm.json >/dev/null
sleep 4
t2=$(date +%s)
podman stop -t 30 kvbench-smoke-sigterm >/dev/null
code=$(podman wait kvbench-smoke-sigterm 2>/dev/null || podman inspect --format '{{.State.ExitCode}}' kvbench-smoke-sigterm)
stop_s=$(( $(date +%s) - t2 ))
[ "$code" = 0 ] || { podman logs kvbench-smoke-sigterm >&2 || true; fail "SIGTERM: exit code $code"; }
jq -e '.interrupted == true' "$data/sigterm.json" >/dev/null || fail "SIGTERM: results not marked interrupted"
zstd -tq "$data/sigterm.csv.zst" || fail "SIGTERM: the trace is not a complete zstd frame"
podman rm kvbench-smoke-sigterm >/dev/null
echo "ok - SIGTERM: stopped in $stop_s s, exit 0, results interrupted=true, trace complete"

echo "smoke test passed in $(( $(date +%s) - t0 )) s ($image)"
