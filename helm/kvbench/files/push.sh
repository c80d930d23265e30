#!/bin/sh
# Pushes kvbench's final figures to a Prometheus Pushgateway (the chart's pushgateway-push
# container). Waits until /status reports the run over (done, failed or interrupted), reads
# /metrics while kvbench lingers (--http-linger) and PUTs it under
#   $PUSHGATEWAY_URL/metrics/job/$PUSH_JOB/run_id/$KVBENCH_JOB_NAME/rank/$KVBENCH_RANK
# Exit 0 once pushed (or when the run was interrupted by SIGTERM and nothing is left to push),
# 1 when the push failed or the run never reported its end within $PUSH_TIMEOUT seconds.
set -u
trap 'echo "push: terminated before the run ended; nothing pushed"; exit 0' TERM INT
# KVBENCH_HOST: the address kvbench binds (http.bind; the pod IP by default).
base="http://${KVBENCH_HOST:-127.0.0.1}:${KVBENCH_PORT}"
target="${PUSHGATEWAY_URL%/}/metrics/job/${PUSH_JOB}/run_id/${KVBENCH_JOB_NAME}/rank/${KVBENCH_RANK}"
deadline=$(( $(date +%s) + PUSH_TIMEOUT ))
startup_deadline=$(( $(date +%s) + ${PUSH_STARTUP_TIMEOUT:-600} ))
# PUSH_REGRESSION_ONLY=1: the collector pod's push container, which has no kvbench to read
# (kvbench collect pushes the pooled summary itself): only the regression figures are pushed.
if [ "${PUSH_REGRESSION_ONLY:-0}" != 1 ]; then
  seen=0
  misses=0
  while :; do
    if status=$(curl -fsS --max-time 5 "$base/status" 2>/dev/null); then
      seen=1
      misses=0
      state=$(printf '%s' "$status" | tr -d ' \n' | sed -n 's/.*"state":"\([a-z]*\)".*/\1/p')
      case "$state" in done|failed|interrupted) break ;; esac
    elif [ "$seen" = 1 ]; then
      misses=$(( misses + 1 ))
      if [ "$misses" -ge 5 ]; then
        echo "push: kvbench stopped serving before reporting the end of its run; nothing pushed" >&2
        exit 1
      fi
    fi
    if [ "$seen" = 0 ] && [ "$(date +%s)" -ge "$startup_deadline" ]; then
      echo "push: kvbench never answered within ${PUSH_STARTUP_TIMEOUT:-600} s (it died before serving?); nothing pushed" >&2
      exit 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "push: the run did not end within ${PUSH_TIMEOUT} s; nothing pushed" >&2
      exit 1
    fi
    sleep 2 &
    wait $!
  done
  if ! metrics=$(curl -fsS --max-time 10 "$base/metrics"); then
    echo "push: could not read $base/metrics after the run (state $state)" >&2
    exit 1
  fi
  if printf '%s\n' "$metrics" | curl -fsS --max-time 30 -X PUT --data-binary @- "$target"; then
    echo "push: run state $state, $(printf '%s\n' "$metrics" | grep -vc '^#') samples pushed to $target"
  else
    echo "push: the Pushgateway refused or did not answer: $target" >&2
    exit 1
  fi
fi
# Nightly regression check (files/nightly.sh): once kvbench has exited, its comparison writes
# REGRESSION_PROM (a glob on the results volume); its figures replace the previous night's
# under /metrics/job/$PUSH_JOB-regression/rank/$KVBENCH_RANK, so an alert sees the last night.
[ -n "${REGRESSION_PROM:-}" ] || exit 0
while :; do
  found=""
  for f in $REGRESSION_PROM; do [ -f "$f" ] && found=$f; done
  [ -n "$found" ] && break
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "push: no regression figures at $REGRESSION_PROM within ${PUSH_TIMEOUT} s" >&2
    exit 1
  fi
  sleep 2 &
  wait $!
done
regression="${PUSHGATEWAY_URL%/}/metrics/job/${PUSH_JOB}-regression/rank/${KVBENCH_RANK}"
if curl -fsS --max-time 30 -X PUT --data-binary @"$found" "$regression"; then
  echo "push: $(grep -vc '^#' "$found") regression samples pushed to $regression"
else
  echo "push: the Pushgateway refused the regression figures: $regression" >&2
  exit 1
fi
