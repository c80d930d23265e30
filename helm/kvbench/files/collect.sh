#!/bin/sh
# The collector pod of a run of several TP groups (templates/collector.yaml): `kvbench collect`
# fetches every rank's /results through the headless Service (pod i of the run's Indexed Job is
# <run>-i.<service>) while the ranks linger, and writes rank-N.json and aggregate.json to the
# collector's own volume: no volume shared between nodes is needed. With the nightly regression
# check it runs under nightly.sh, which files the pooled aggregate under history/ and compares it
# with the aggregates of earlier nights. Exit codes: kvbench collect's (1 when a rank is missing
# or failed: the aggregate is partial), or nightly.sh's (3 on a regression).
#   BENCH_JOB      the benchmark Job's name (indexed mode), or
#   BENCH_CRONJOB  the benchmark CronJob's name (cronjob mode): a CronJob names each Job
#                  <cronjob>-<scheduled minute>, and both CronJobs share the schedule, so the
#                  night's benchmark Job is $BENCH_CRONJOB-<this Job's suffix>
set -u
: "${KVBENCH_JOB_NAME:?}" "${SERVICE:?}" "${PORT:?}" "${GROUP_SIZE:?}" "${OUTPUT_DIR:?}" "${TIMEOUT:=3600}"
: "${PUSHGATEWAY_URL:=}" "${NIGHTLY:=false}" "${HANDOFF_DIR:=}" "${KVBENCH:=kvbench}"
if [ -n "${BENCH_CRONJOB:-}" ]; then
  run="$BENCH_CRONJOB-${KVBENCH_JOB_NAME##*-}"
else
  run=${BENCH_JOB:?}
fi
set -- collect --peers-pattern "$run-{index}.$SERVICE:$PORT" --group-size "$GROUP_SIZE" \
  --timeout "$TIMEOUT" --run-id "$run"
[ -n "$PUSHGATEWAY_URL" ] && set -- "$@" --pushgateway "${PUSHGATEWAY_URL%/}"
echo "collect: run $run, $GROUP_SIZE ranks at $run-{index}.$SERVICE:$PORT"
if [ "$NIGHTLY" != true ]; then
  exec "$KVBENCH" "$@" --output "$OUTPUT_DIR/$run"
fi
# Nightly: nightly.sh runs the collector and files its folder under history/<date>-<run>/.
RESULTS_DIR=$OUTPUT_DIR KVBENCH_JOB_NAME=$run KVBENCH_RANK=pooled \
  sh "$(dirname "$0")/nightly.sh" "$@" --output "$OUTPUT_DIR/incoming-$run"
rc=$?
# The Pushgateway container of this pod waits for the regression figures in HANDOFF_DIR (it
# cannot know the run's name); a run that left none is reported as not compared.
if [ -n "$HANDOFF_DIR" ]; then
  prom=""
  for f in "$OUTPUT_DIR"/history/*-"$run"/regression-rank-pooled.prom; do [ -f "$f" ] && prom=$f; done
  if [ -n "$prom" ]; then
    cp "$prom" "$HANDOFF_DIR/regression.prom.tmp"
  else
    printf '# TYPE kvbench_regression_checked gauge\nkvbench_regression_checked{night="%s"} 0\n' "$run" \
      >"$HANDOFF_DIR/regression.prom.tmp"
  fi
  mv "$HANDOFF_DIR/regression.prom.tmp" "$HANDOFF_DIR/regression.prom"
fi
exit "$rc"
