#!/usr/bin/env bash
# kvbench's S3 storage level against a plain curl PUT/GET loop on the same s3rver, with the same
# object sizes and the same requests in flight (issue 21 item 4), in one run:
#  * s3rver (tests/support/s3rver.sh) on a loopback port, data under the work directory;
#  * kvbench: C users in a closed loop (no think time), each request writing one entry of E
#    bytes (one PUT: E <= --s3-part-size) and reading it back twice (decode probe + one decode
#    batch: two GETs), N requests (--max-requests), --s3-concurrency C;
#  * curl: N objects of E bytes PUT, then each GET twice, C at a time (xargs -P C), signed by
#    curl's --aws-sigv4 as kvbench's libcurl signs;
#  * each side: payload bytes / wall time of the whole side (kvbench's process, curl's loop), the
#    bandwidth ratio kvbench / curl, and the bytes on the wire three ways: the loopback
#    interface's counters (/sys/class/net/lo/statistics, both directions: all loopback traffic of
#    the machine while the side ran), libcurl's own count (kvbench's "S3 tier:" line; curl's
#    -w size_request+size_upload+size_header+size_download), next to the payload bytes.
#
#   bench/s3_vs_curl/run.sh [KVBENCH] [--entry-mib E] [--requests N] [--concurrency C] [--work DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kvbench=${1:-$repo/build/kvbench}; shift || true
entry_mib=4; requests=48; conc=4; work=${TMPDIR:-/tmp}/s3_vs_curl.$$
while [ $# -gt 0 ]; do
  case $1 in
    --entry-mib) entry_mib=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --concurrency) conc=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }
"$repo/tests/support/s3rver.sh" --ensure || { echo "s3rver cannot be installed here" >&2; exit 77; }
mkdir -p "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$repo/tests/support/s3rver.sh" -d "$work/s3rver" -a 127.0.0.1 -p "$port" -s --configure-bucket bench &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done
endpoint=http://127.0.0.1:$port
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
entry=$((entry_mib << 20))
lo() { echo $(( $(cat /sys/class/net/lo/statistics/tx_bytes) + $(cat /sys/class/net/lo/statistics/rx_bytes) )); }
now() { date +%s.%N; }

# kvbench: one model whose entry is E bytes for a context of 1 token (4 KiB per layer).
one='{context_range: [1, 1], generation_range: [1, 1], think_time_range: [0, 0]}'
cat >"$work/bench.yaml" <<YAML
user_templates:
  chatbot: $one
  coding: $one
  document: $one
model_configs:
  bench-entry:
    name: "bench entry"
    num_layers: $((entry / 4096))
    hidden_dim: 1024
    num_heads: 1
    kv_heads: 1
    dtype: float16
    attention_type: gqa
YAML
lo0=$(lo); t0=$(now)
"$kvbench" --config "$work/bench.yaml" --model bench-entry --num-users "$conc" --workers "$conc" \
  --duration 3600 --max-requests "$requests" --gpu-mem-gb 0 --cpu-mem-gb 0 --generation-mode none \
  --disable-multi-turn --disable-prefix-caching --storage-backend s3 --s3-endpoint "$endpoint" \
  --s3-bucket bench --s3-prefix kvbench --s3-concurrency "$conc" --storage-capacity-gb 8 --seed 1 \
  --output "$work/kvbench.json" --quiet 2>"$work/kvbench.log" || { echo "kvbench failed:" >&2; cat "$work/kvbench.log" >&2; exit 1; }
t1=$(now); lo1=$(lo)
read -r kv_w kv_r < <(python3 -c '
import json,sys; j=json.load(open(sys.argv[1])); c=j["summary"]["cache_stats"]; g=1<<30
print(int(c["tier_storage_kv_bytes_written_gb"]*g), int(c["tier_storage_kv_bytes_read_gb"]*g))' "$work/kvbench.json")
kv_wire=$(sed -n 's/.*on the wire \([0-9]*\) B up, \([0-9]*\) B down.*/\1 \2/p' "$work/kvbench.log" | tail -1)

# curl: the same objects, the same requests in flight.
head -c "$entry" /dev/urandom >"$work/object"
sign=(--aws-sigv4 "aws:amz:us-east-1:s3" --user S3RVER:S3RVER -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -H "Expect:")
fmt='%{size_request} %{size_upload} %{size_header} %{size_download}\n'
export endpoint work fmt
seq "$requests" >"$work/keys"
lo2=$(lo); t2=$(now)
xargs -P "$conc" -I{} curl -sf "${sign[@]}" -T "$work/object" -o /dev/null -w "$fmt" "$endpoint/bench/curl/{}" \
  <"$work/keys" >"$work/curl.wire"
{ cat "$work/keys"; cat "$work/keys"; } | xargs -P "$conc" -I{} curl -sf "${sign[@]}" -o /dev/null -w "$fmt" \
  "$endpoint/bench/curl/{}" >>"$work/curl.wire"
t3=$(now); lo3=$(lo)
curl_w=$((requests * entry)); curl_r=$((2 * requests * entry))
curl_wire=$(awk '{up+=$1+$2; down+=$3+$4} END {print up, down}' "$work/curl.wire")

python3 - "$kv_w" "$kv_r" "$t0" "$t1" "$lo0" "$lo1" "$kv_wire" "$curl_w" "$curl_r" "$t2" "$t3" "$lo2" "$lo3" "$curl_wire" \
  "$entry_mib" "$requests" "$conc" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import sys
a = sys.argv[1:]
kv_w, kv_r, t0, t1, lo0, lo1 = int(a[0]), int(a[1]), float(a[2]), float(a[3]), int(a[4]), int(a[5])
kv_up, kv_down = (int(x) for x in a[6].split())
cw, cr, t2, t3, lo2, lo3 = int(a[7]), int(a[8]), float(a[9]), float(a[10]), int(a[11]), int(a[12])
c_up, c_down = (int(x) for x in a[13].split())
M = 1 << 20
kv_bw = (kv_w + kv_r) / (t1 - t0) / M
c_bw = (cw + cr) / (t3 - t2) / M
print(f"s3_vs_curl: {a[15]} entries of {a[14]} MiB, {a[16]} in flight, load average {a[17]}")
print(f"  kvbench: wrote {kv_w/M:.0f} MiB, read {kv_r/M:.0f} MiB in {t1-t0:.2f} s = {kv_bw:.1f} MiB/s")
print(f"  curl:    wrote {cw/M:.0f} MiB, read {cr/M:.0f} MiB in {t3-t2:.2f} s = {c_bw:.1f} MiB/s")
print(f"  bandwidth ratio kvbench / curl = {kv_bw / c_bw:.2f}")
print(f"  wire, kvbench: libcurl {kv_up/M:.1f} MiB up + {kv_down/M:.1f} MiB down = {(kv_up+kv_down)/(kv_w+kv_r):.4f} x payload; "
      f"loopback {(lo1-lo0)/2/M:.1f} MiB = {(lo1-lo0)/2/(kv_w+kv_r):.4f} x payload")
print(f"  wire, curl:    libcurl {c_up/M:.1f} MiB up + {c_down/M:.1f} MiB down = {(c_up+c_down)/(cw+cr):.4f} x payload; "
      f"loopback {(lo3-lo2)/2/M:.1f} MiB = {(lo3-lo2)/2/(cw+cr):.4f} x payload")
PY
