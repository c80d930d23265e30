// Offline checks of the kvbench Helm chart and Grafana dashboard, with the real tools.
// Run by check_chart.sh, which installs the npm packages and Helm first:
//
//   node check_chart.mjs --helm HELM --kvbench KVBENCH --prometheus PROMETHEUS --pushgateway PUSHGATEWAY \n//     --work DIR --kinds-schema FILE --grafana-schema FILE
//
// Every check prints "ok - ..." or "not ok - ..." (with the reason); the exit code is the
// number of failed checks (capped at 100). Nothing is skipped: a missing tool is a failure.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import Ajv from "ajv";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const chart = path.join(repo, "helm/kvbench");

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
for (const k of ["helm", "kvbench", "prometheus", "promtool", "pushgateway", "work", "kinds-schema", "grafana-schema"]) {
  if (!args[k]) {
    console.error(`check_chart.mjs: --${k} is required`);
    process.exit(100);
  }
}
const work = args.work;
fs.mkdirSync(work, { recursive: true });

// ---------------------------------------------------------------------------------------------
// Reporting.
let failures = 0;
let checks = 0;
function ok(name, detail = "") {
  checks++;
  console.log(`ok - ${name}${detail ? ` (${detail})` : ""}`);
}
function notOk(name, why) {
  checks++;
  failures++;
  console.log(`not ok - ${name}\n${String(why).replace(/^/gm, "    ")}`);
}
// Runs fn; any exception (or assertion) is that check's failure.
async function check(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    ok(name, [detail, `${((Date.now() - t0) / 1000).toFixed(1)} s`].filter(Boolean).join(", "));
  } catch (e) {
    notOk(name, e && e.stack && !(e instanceof AssertionError) ? e.stack : e.message ?? e);
  }
}
class AssertionError extends Error {}
function expect(cond, msg) {
  if (!cond) throw new AssertionError(msg);
}

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 256 << 20, ...opts });
  if (r.error) throw new AssertionError(`${cmd}: ${r.error.message}`);
  return r;
}
function runOk(cmd, argv, opts = {}) {
  const r = run(cmd, argv, opts);
  if (r.status !== 0) throw new AssertionError(`${cmd} ${argv.join(" ")} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

// ---------------------------------------------------------------------------------------------
// Values: the chart's defaults with a values file on top, merged as Helm does (maps merge,
// anything else replaces; null deletes).
function merge(base, over) {
  if (over === undefined) return base;
  if (over === null) return undefined;
  if (typeof base !== "object" || base === null || Array.isArray(base) || typeof over !== "object" || Array.isArray(over))
    return over;
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const m = merge(base[k], v);
    if (m === undefined) delete out[k];
    else out[k] = m;
  }
  return out;
}
const defaults = YAML.parse(fs.readFileSync(path.join(chart, "values.yaml"), "utf8"));
const ciDir = path.join(chart, "ci");
const ciFiles = fs.readdirSync(ciDir).filter((f) => f.endsWith(".yaml")).sort();

// ---------------------------------------------------------------------------------------------
// Models: kubernetes-models' validate() (types, formats, enums, required) and a strict schema
// generated from its TypeScript interfaces (unknown fields).
const MODELS = {
  "v1/ConfigMap": "kubernetes-models/v1/ConfigMap",
  "v1/PersistentVolumeClaim": "kubernetes-models/v1/PersistentVolumeClaim",
  "v1/Pod": "kubernetes-models/v1/Pod",
  "v1/Service": "kubernetes-models/v1/Service",
  "v1/ServiceAccount": "kubernetes-models/v1/ServiceAccount",
  "networking.k8s.io/v1/NetworkPolicy": "kubernetes-models/networking.k8s.io/v1/NetworkPolicy",
  "batch/v1/Job": "kubernetes-models/batch/v1/Job",
  "batch/v1/CronJob": "kubernetes-models/batch/v1/CronJob",
  "monitoring.coreos.com/v1/PodMonitor": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor",
  "monitoring.coreos.com/v1/ServiceMonitor": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor",
  "monitoring.coreos.com/v1/PrometheusRule": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule",
};
const ajvK8s = new Ajv({ strict: false, allErrors: true });
ajvK8s.addSchema(JSON.parse(fs.readFileSync(args["kinds-schema"], "utf8")), "kinds");
const strictValidators = {};
function strictValidator(kind) {
  strictValidators[kind] ??= ajvK8s.compile({ $ref: `kinds#/definitions/${kind}` });
  return strictValidators[kind];
}
async function validateObject(obj) {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const mod = MODELS[key];
  expect(mod, `${key} ${obj.metadata?.name}: a kind the checks do not know (add it to MODELS and k8s-kinds.ts)`);
  const Model = (await import(mod))[obj.kind];
  try {
    new Model(obj).validate();
  } catch (e) {
    throw new AssertionError(`${key} ${obj.metadata?.name}: kubernetes-models: ${e.message}`);
  }
  const v = strictValidator(obj.kind);
  if (!v(obj)) {
    const errs = v.errors.map((e) => `${e.instancePath} ${e.message}${e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : ""}`);
    throw new AssertionError(`${key} ${obj.metadata?.name}: strict schema: ${[...new Set(errs)].slice(0, 8).join("; ")}`);
  }
}

function parseDocs(text, what) {
  const docs = YAML.parseAllDocuments(text, { uniqueKeys: true, strict: true, prettyErrors: true });
  const objs = [];
  for (const d of docs) {
    expect(d.errors.length === 0, `${what}: YAML errors: ${d.errors.map((e) => e.message).join("; ")}`);
    expect(d.warnings.length === 0, `${what}: YAML warnings: ${d.warnings.map((e) => e.message).join("; ")}`);
    const o = d.toJS();
    if (o !== null && o !== undefined) objs.push(o);
  }
  return objs;
}

// ---------------------------------------------------------------------------------------------
// What a rendered chart must say, given its values.
const CHART_OWNED = ["config", "output", "io_trace_log", "cache_dir", "http_listen", "xlsx_output"];
function sortedJson(x) {
  if (Array.isArray(x)) return `[${x.map(sortedJson).join(",")}]`;
  if (x && typeof x === "object") return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(x[k])}`).join(",")}}`;
  return JSON.stringify(x);
}
function subset(small, big) {
  return Object.entries(small ?? {}).every(([k, v]) => big?.[k] === v);
}
function assertRender(objs, V, monitoring, dashboardText) {
  const byKind = (k) => objs.filter((o) => o.kind === k);
  const facts = [];
  for (const o of objs) {
    const l = o.metadata?.labels ?? {};
    for (const k of ["helm.sh/chart", "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/managed-by"])
      expect(l[k], `${o.kind} ${o.metadata?.name}: label ${k} missing`);
    expect(o.metadata.name.length <= 63, `${o.kind} ${o.metadata.name}: name longer than 63`);
  }

  // Workload: the benchmark's Job or CronJob (the collector's are checked below).
  const component = (o) => o.metadata?.labels?.["app.kubernetes.io/component"];
  const jobs = byKind("Job").filter((o) => component(o) === "benchmark");
  const crons = byKind("CronJob").filter((o) => component(o) === "benchmark");
  let jobSpec;
  if (V.mode === "cronjob") {
    expect(crons.length === 1 && jobs.length === 0, `cronjob mode: expected 1 CronJob and no Job, got ${crons.length}/${jobs.length}`);
    const c = crons[0];
    expect(c.metadata.name.length <= 52, `CronJob name ${c.metadata.name} longer than 52`);
    expect(c.spec.concurrencyPolicy === "Forbid", `CronJob concurrencyPolicy is ${c.spec.concurrencyPolicy}, expected Forbid`);
    expect(c.spec.schedule === V.cronjob.schedule, "CronJob schedule");
    expect(Number.isInteger(c.spec.successfulJobsHistoryLimit) && Number.isInteger(c.spec.failedJobsHistoryLimit), "CronJob history limits");
    if (V.cronjob.timeZone) expect(c.spec.timeZone === V.cronjob.timeZone, "CronJob timeZone");
    jobSpec = c.spec.jobTemplate.spec;
    facts.push("CronJob Forbid");
  } else {
    expect(jobs.length === 1 && crons.length === 0, `${V.mode} mode: expected 1 Job and no CronJob, got ${jobs.length}/${crons.length}`);
    jobSpec = jobs[0].spec;
  }
  if (V.job.ttlSecondsAfterFinished !== null)
    expect(jobSpec.ttlSecondsAfterFinished === V.job.ttlSecondsAfterFinished, "ttlSecondsAfterFinished");
  expect(jobSpec.backoffLimit === V.job.backoffLimit, "backoffLimit");
  const groups = V.mode === "indexed" ? V.indexed.groups : V.mode === "cronjob" ? V.cronjob.groups : 1;
  const indexed = V.mode === "indexed" || groups > 1;
  if (indexed) {
    expect(jobSpec.completionMode === "Indexed", `completionMode is ${jobSpec.completionMode}, expected Indexed`);
    expect(jobSpec.completions === groups, `completions ${jobSpec.completions}, expected ${groups}`);
    const par = V.mode === "indexed" && V.indexed.parallelism ? V.indexed.parallelism : groups;
    expect(jobSpec.parallelism === par, `parallelism ${jobSpec.parallelism}, expected ${par}`);
    facts.push(`Indexed x${groups}, parallelism ${par}`);
  } else {
    expect(jobSpec.completionMode === undefined && jobSpec.completions === 1 && jobSpec.parallelism === 1, "a single-run Job: 1 completion, no Indexed mode");
  }
  const rules = jobSpec.podFailurePolicy?.rules ?? [];
  expect(rules.some((r) => r.action === "FailJob" && r.onExitCodes?.values?.includes(2)), "podFailurePolicy: exit code 2 fails the Job");

  // Pod.
  const tpl = jobSpec.template;
  const pod = tpl.spec;
  expect(pod.restartPolicy === "Never", "restartPolicy Never");
  expect(pod.terminationGracePeriodSeconds >= 30, `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} < 30`);
  expect(pod.securityContext?.runAsNonRoot === true, "runAsNonRoot");
  expect(pod.securityContext?.seccompProfile?.type === V.seccompProfile.type, "seccompProfile.type");
  const c = pod.containers.find((x) => x.name === "kvbench");
  expect(c, "no kvbench container");
  expect(c.securityContext?.allowPrivilegeEscalation === false, "allowPrivilegeEscalation false");
  const argv = c.args;
  const flag = (f) => {
    const i = argv.indexOf(f);
    return i < 0 ? undefined : argv[i + 1];
  };
  expect(flag("--config") === "/etc/kvbench/config.yaml", `--config is ${flag("--config")}`);
  expect(flag("--output")?.startsWith(`${V.results.mountPath}/results-$(KVBENCH_JOB_NAME)-rank-$(KVBENCH_RANK)`), `--output ${flag("--output")}`);
  const bind = V.http.bind ?? "podIP";
  const host = bind === "podIP" ? "$(KVBENCH_POD_IP)" : bind === "any" ? "0.0.0.0" : bind;
  expect(flag("--http-listen") === `${host}:${V.http.port}`, `--http-listen is ${flag("--http-listen")}`);
  if (bind === "podIP") {
    const ip = c.env.find((e) => e.name === "KVBENCH_POD_IP");
    expect(ip?.valueFrom?.fieldRef?.fieldPath === "status.podIP", "KVBENCH_POD_IP from status.podIP");
  }
  // NetworkPolicy: ingress to the HTTP port only, from the monitoring namespaces, the collector
  // and the release's own pods.
  const nps = byKind("NetworkPolicy");
  expect(nps.length === (V.networkPolicy.enabled ? 1 : 0), `NetworkPolicy iff networkPolicy.enabled (${nps.length})`);
  if (nps.length) {
    const np = nps[0].spec;
    const sel = Object.entries(np.podSelector.matchLabels ?? {});
    expect(sel.length > 0 && sel.every(([k, v]) => tpl.metadata.labels[k] === v), "NetworkPolicy selects the benchmark pods");
    expect(np.policyTypes.length === 1 && np.policyTypes[0] === "Ingress" && np.ingress.length === 1, "NetworkPolicy: one ingress rule");
    const rule = np.ingress[0];
    expect(rule.ports.length === 1 && rule.ports[0].port === V.http.port, "NetworkPolicy: the HTTP port only");
    const names = rule.from.map((p) => p.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"]).filter((n) => n);
    for (const ns of V.networkPolicy.monitoringNamespaces ?? []) expect(names.includes(ns), `NetworkPolicy admits namespace ${ns}`);
    expect(rule.from.every((p) => p.podSelector || p.namespaceSelector || p.ipBlock), "NetworkPolicy: no empty peer (which would admit everyone)");
    facts.push(`NetworkPolicy from ${rule.from.length} peers`);
  }
  if (V.trace.enabled) {
    expect(flag("--io-trace-log")?.includes("$(KVBENCH_RANK)") && !argv.includes("--cache-dir"), "trace mode: --io-trace-log per rank and no --cache-dir");
  } else {
    expect(/^\/.*\/kvb-kvbench-rank-\$\(KVBENCH_RANK\)$/.test(flag("--cache-dir")) && flag("--cache-dir").startsWith(V.cache.mountPath) && !argv.includes("--io-trace-log"),
      `real mode: --cache-dir <mountPath>/<release>-rank-N and no trace (got ${flag("--cache-dir")})`);
  }
  const env = Object.fromEntries(c.env.map((e) => [e.name, e]));
  expect(env.KVBENCH_JOB_NAME?.valueFrom?.fieldRef?.fieldPath === "metadata.labels['job-name']", "KVBENCH_JOB_NAME from the job-name label");
  if (indexed)
    expect(env.KVBENCH_RANK?.valueFrom?.fieldRef?.fieldPath === "metadata.annotations['batch.kubernetes.io/job-completion-index']", "KVBENCH_RANK = JOB_COMPLETION_INDEX");
  else expect(env.KVBENCH_RANK?.value === "0", "KVBENCH_RANK 0");

  // Config map: mounted read-only, passed with --config, accepted keys.
  const cms = byKind("ConfigMap");
  const cfgVol = pod.volumes.find((v) => v.name === "config");
  expect(cfgVol?.configMap?.name, "config volume is not a ConfigMap");
  const cm = cms.find((m) => m.metadata.name === cfgVol.configMap.name);
  expect(cm, `ConfigMap ${cfgVol.configMap.name} is not rendered`);
  const mount = c.volumeMounts.find((m) => m.name === "config");
  expect(mount?.readOnly === true && mount.mountPath === "/etc/kvbench", "ConfigMap mounted read-only at /etc/kvbench");
  const cfg = YAML.parse(cm.data["config.yaml"], { uniqueKeys: true });
  const runKeys = Object.keys(cfg.run);
  const norm = runKeys.map((k) => k.replace(/-/g, "_"));
  expect(new Set(norm).size === norm.length, `run: a flag set twice: ${runKeys}`);
  for (const k of CHART_OWNED) expect(!norm.includes(k), `run: ${k} is the chart's (command line)`);
  expect(cfg.run.num_gpus === V.tp.numGpus && cfg.run.tensor_parallel === V.tp.tensorParallel, "run: num_gpus / tensor_parallel from tp");
  for (const [k, v] of Object.entries(V.run ?? {})) expect(cfg.run[k.replace(/-/g, "_")] === v, `run.${k} not passed through`);
  for (const [k, v] of Object.entries(V.config ?? {})) expect(sortedJson(cfg[k]) === sortedJson(v), `config.${k} not passed through`);

  // The object level (--object-tier): its bucket with a prefix per rank, keys only from a Secret.
  const ot = V.objectTier ?? {};
  if (ot.enabled) {
    expect(new RegExp(`^s3://${ot.bucket}/.*-rank-\\$\\(KVBENCH_RANK\\)$`).test(flag("--object-tier") ?? ""),
      `objectTier: --object-tier s3://bucket/... per rank (got ${flag("--object-tier")})`);
    expect(cfg.run.object_capacity_gb === ot.capacityGb, "objectTier: run.object_capacity_gb from capacityGb");
    const secret = (V.objectStorage?.enabled ? V.objectStorage : ot).credentialsSecret.name;
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) {
      const ref = env[name]?.valueFrom?.secretKeyRef;
      expect(ref?.name === secret && env[name].value === undefined, `objectTier: ${name} from Secret ${secret} only`);
    }
    facts.push(`object level in ${ot.bucket}`);
  } else {
    expect(flag("--object-tier") === undefined, "no objectTier: no --object-tier");
  }

  // Object storage: the storage level in a bucket, keys only from the Secret, a prefix per rank.
  const os3 = V.objectStorage ?? {};
  if (os3.enabled && !V.trace.enabled) {
    expect(cfg.run.storage_backend === "s3" && cfg.run.s3_bucket === os3.bucket, "objectStorage: run.storage_backend s3 and its bucket");
    expect(cfg.run.s3_part_size === os3.partSizeMib * 1048576, "objectStorage: --s3-part-size in bytes");
    expect(/-rank-\$\(KVBENCH_RANK\)$/.test(flag("--s3-prefix") ?? ""), `objectStorage: --s3-prefix per rank (got ${flag("--s3-prefix")})`);
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) {
      const ref = env[name]?.valueFrom?.secretKeyRef;
      expect(ref?.name === os3.credentialsSecret.name && env[name].value === undefined, `objectStorage: ${name} from Secret ${os3.credentialsSecret.name} only`);
    }
    facts.push(`S3 bucket ${os3.bucket}`);
  } else {
    expect(cfg.run.storage_backend === undefined, "no objectStorage: no S3 storage level");
    if (!V.objectTier?.enabled) expect(env.AWS_SECRET_ACCESS_KEY === undefined, "no objectStorage: no S3 settings or keys");
  }

  // GPUs: limits only, = tp.numGpus.
  const gpuName = V.gpu.resourceName;
  const lim = c.resources?.limits?.[gpuName];
  expect(c.resources?.requests?.[gpuName] === undefined, `${gpuName} must be in limits only`);
  if (V.gpu.enabled) {
    expect(Number(lim) === V.tp.numGpus, `${gpuName} limit ${lim}, expected tp.numGpus = ${V.tp.numGpus}`);
    facts.push(`${lim} GPU`);
  } else expect(lim === undefined, `${gpuName} limit set with gpu.enabled false`);

  // Probes.
  const port = c.ports.find((p) => p.name === "http");
  expect(port?.containerPort === V.http.port, "container port http");
  expect(c.readinessProbe?.httpGet?.path === "/readyz" && c.readinessProbe.httpGet.port === "http", "readinessProbe on /readyz");
  expect(c.livenessProbe?.httpGet?.path === "/livez" && c.livenessProbe.httpGet.port === "http", "livenessProbe on /livez");

  // Volumes.
  const vols = Object.fromEntries(pod.volumes.map((v) => [v.name, v]));
  for (const m of c.volumeMounts) expect(vols[m.name], `volumeMount ${m.name} has no volume`);
  const pvcs = byKind("PersistentVolumeClaim").map((p) => p.metadata.name);
  for (const v of pod.volumes)
    if (v.persistentVolumeClaim) {
      const n = v.persistentVolumeClaim.claimName;
      const given = [V.results.volume.pvc.claimName, V.trace.volume.pvc.claimName, V.cache.pvc.claimName].includes(n);
      expect(given || pvcs.includes(n), `volume ${v.name}: claim ${n} neither given nor rendered`);
    }
  if (!V.trace.enabled) expect(vols.cache && Object.keys(vols.cache).includes(V.cache.type === "pvc" ? "persistentVolumeClaim" : V.cache.type), `cache volume is not ${V.cache.type}`);

  // Service, monitors.
  const podLabels = tpl.metadata.labels;
  const svcs = byKind("Service");
  if (V.service.enabled) {
    expect(svcs.length === 1 && subset(svcs[0].spec.selector, podLabels), "Service selects the benchmark pods");
  }
  const pms = byKind("PodMonitor");
  const wantPm = monitoring && V.metrics.podMonitor.enabled;
  expect(pms.length === (wantPm ? 1 : 0), `PodMonitor: ${pms.length}, expected ${wantPm ? 1 : 0} (monitoring API ${monitoring ? "present" : "absent"})`);
  if (wantPm) {
    expect(subset(pms[0].spec.selector.matchLabels, podLabels), "PodMonitor selects the benchmark pods");
    expect(subset(V.metrics.podMonitor.additionalLabels, pms[0].metadata.labels), "PodMonitor additionalLabels");
    expect(pms[0].spec.podMetricsEndpoints[0].port === "http", "PodMonitor port http");
    facts.push("PodMonitor");
  }
  const sms = byKind("ServiceMonitor");
  const wantSm = monitoring && V.metrics.serviceMonitor.enabled && V.service.enabled;
  expect(sms.length === (wantSm ? 1 : 0), `ServiceMonitor: ${sms.length}, expected ${wantSm ? 1 : 0}`);
  if (wantSm) {
    expect(subset(sms[0].spec.selector.matchLabels, svcs[0].metadata.labels), "ServiceMonitor selects the Service");
    expect(subset(V.metrics.serviceMonitor.additionalLabels, sms[0].metadata.labels), "ServiceMonitor additionalLabels");
    facts.push("ServiceMonitor");
  }

  // Pushgateway.
  const pusher = pod.containers.find((x) => x.name === "pushgateway-push");
  expect(!!pusher === !!V.pushgateway.enabled && !!cm.data["push.sh"] === !!V.pushgateway.enabled, "pushgateway container and push.sh iff pushgateway.enabled");
  if (pusher) facts.push("Pushgateway push");

  // Nightly regression check (cronjob mode): kvbench runs under files/nightly.sh, exit 3 fails
  // the Job, and the Pushgateway container reads the regression figures off the results volume.
  // With the collector (several groups) the check runs in the collector pod on the pooled
  // aggregate instead.
  const nightly = V.mode === "cronjob" && V.regression.enabled;
  const collectorOn = groups > 1 && V.collector.enabled;
  const rankNightly = nightly && !collectorOn;
  expect((c.command?.join(" ") === "sh /etc/kvbench/nightly.sh") === rankNightly && !!cm.data["nightly.sh"] === nightly,
    "kvbench runs under nightly.sh iff cronjob mode with regression.enabled and no collector (the ConfigMap has it iff nightly)");
  if (rankNightly) {
    expect(rules.some((r) => r.action === "FailJob" && r.onExitCodes?.values?.includes(3)), "podFailurePolicy: a regression (exit 3) fails the Job");
    const envOf = (x, n) => x.env.find((e) => e.name === n)?.value;
    expect(envOf(c, "RESULTS_DIR") === V.results.mountPath && envOf(c, "REGRESSION_WINDOW") === String(V.regression.window), "nightly env");
    if (pusher) {
      expect(envOf(pusher, "REGRESSION_PROM")?.startsWith(`${V.results.mountPath}/history/`), "pusher: REGRESSION_PROM under history/");
      expect(pusher.volumeMounts.some((m) => m.name === "results" && m.readOnly), "pusher mounts the results read-only");
    }
    facts.push("nightly regression check");
  }

  // Collector (several groups): kvbench collect against the ranks' per-pod DNS names, its own
  // volume, admitted by the NetworkPolicy; the nightly check on the pooled aggregate.
  const colls = [...byKind("Job"), ...byKind("CronJob")].filter((o) => component(o) === "collector");
  expect(colls.length === (collectorOn ? 1 : 0), `collector objects: ${colls.length}, expected ${collectorOn ? 1 : 0}`);
  expect(!!cm.data["collect.sh"] === collectorOn, "collect.sh in the ConfigMap iff the collector runs");
  if (collectorOn) {
    const co = colls[0];
    let cspec;
    if (V.mode === "cronjob") {
      expect(co.kind === "CronJob" && co.metadata.name.length <= 52, `collector: a CronJob named within 52 characters (${co.kind} ${co.metadata.name})`);
      expect(co.spec.schedule === crons[0].spec.schedule && co.spec.timeZone === crons[0].spec.timeZone && co.spec.concurrencyPolicy === "Forbid",
        "collector CronJob: the benchmark's schedule and time zone, Forbid");
      cspec = co.spec.jobTemplate.spec;
    } else {
      expect(co.kind === "Job", `collector: a Job in ${V.mode} mode`);
      cspec = co.spec;
    }
    expect(cspec.completionMode === undefined && cspec.backoffLimit === 0, "collector: one pod, never retried");
    const cpod = cspec.template.spec;
    const cc = cpod.containers.find((x) => x.name === "collector");
    expect(cc?.command?.join(" ") === "sh /etc/kvbench/collect.sh", "collector runs collect.sh");
    const cenv = Object.fromEntries(cc.env.map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(cenv.SERVICE === svcs[0]?.metadata.name && cenv.PORT === String(V.http.port) && cenv.GROUP_SIZE === String(groups),
      `collector: peers <run>-{index}.${svcs[0]?.metadata.name}:${V.http.port}, ${groups} ranks`);
    if (V.mode === "cronjob") expect(cenv.BENCH_CRONJOB === crons[0].metadata.name, "collector: BENCH_CRONJOB is the benchmark CronJob");
    else expect(cenv.BENCH_JOB === jobs[0].metadata.name, "collector: BENCH_JOB is the benchmark Job");
    expect(cenv.NIGHTLY === String(nightly), "collector: NIGHTLY iff the nightly check");
    expect(cenv.PUSHGATEWAY_URL === (V.pushgateway.enabled ? V.pushgateway.url : ""), "collector: pushes the summary iff pushgateway.enabled");
    const cvol = cpod.volumes.find((v) => v.name === "collected");
    const cm2 = cc.volumeMounts.find((m) => m.name === "collected");
    expect(cvol && cm2?.mountPath === V.collector.mountPath, "collector: its own volume at collector.mountPath");
    if (cvol.persistentVolumeClaim) {
      const n = cvol.persistentVolumeClaim.claimName;
      expect(n === V.collector.volume.pvc.claimName || pvcs.includes(n), `collector claim ${n} neither given nor rendered`);
      expect(![vols.results?.persistentVolumeClaim?.claimName].includes(n), "collector: not the ranks' results claim");
    }
    const cpush = cpod.containers.find((x) => x.name === "pushgateway-push");
    expect(!!cpush === (nightly && !!V.pushgateway.enabled), "collector: a regression push container iff nightly with the Pushgateway");
    if (cpush) expect(cpush.env.some((e) => e.name === "PUSH_REGRESSION_ONLY" && e.value === "1"), "collector pusher: regression figures only");
    if (nps.length) {
      const clabels = cspec.template.metadata.labels;
      expect(nps[0].spec.ingress[0].from.some((p) => p.podSelector && !p.namespaceSelector && subset(p.podSelector.matchLabels, clabels)),
        "NetworkPolicy admits the chart's collector pod");
    }
    expect(cfg.run.http_linger >= 300, `collector: ranks linger >= 300 s (http_linger ${cfg.run.http_linger})`);
    facts.push(`collector ${co.kind}${nightly ? " (pooled nightly)" : ""}`);
  }

  // PrometheusRule (example, off by default).
  const prs = byKind("PrometheusRule");
  const wantPr = monitoring && !!V.prometheusRule?.enabled;
  expect(prs.length === (wantPr ? 1 : 0), `PrometheusRule: ${prs.length}, expected ${wantPr ? 1 : 0}`);
  if (wantPr) {
    expect(subset(V.prometheusRule.additionalLabels, prs[0].metadata.labels), "PrometheusRule additionalLabels");
    facts.push("PrometheusRule");
  }

  // Dashboard.
  const dash = cms.find((m) => m.data?.["kvbench.json"] !== undefined);
  if (V.dashboard.enabled) {
    expect(dash?.metadata.labels.grafana_dashboard === "1", "dashboard ConfigMap labelled grafana_dashboard: \"1\"");
    expect(dash.data["kvbench.json"] === dashboardText, "dashboard ConfigMap differs from dashboards/kvbench.json");
  }

  // helm test.
  const tests = byKind("Pod").filter((p) => p.metadata.annotations?.["helm.sh/hook"] === "test");
  if (V.service.enabled) {
    expect(tests.length === 1, "one helm test pod");
    const script = tests[0].spec.containers[0].command.join(" ");
    expect(script.includes("/livez") && script.includes("/readyz"), "helm test checks /livez and /readyz");
  }
  return facts.join(", ");
}

// ---------------------------------------------------------------------------------------------
const dashboardPath = path.join(repo, "dashboards/kvbench.json");
const chartDashboardPath = path.join(chart, "dashboards/kvbench.json");
const dashboardText = fs.readFileSync(dashboardPath, "utf8");

const helm = args.helm;
const renders = []; // {name, file, V, monitoring}

await check("helm version", () => runOk(helm, ["version", "--short"]).trim());

await check("helm lint --strict (chart defaults)", () => {
  runOk(helm, ["lint", "--strict", chart]);
});
for (const f of ciFiles) {
  await check(`helm lint --strict -f ci/${f}`, () => {
    runOk(helm, ["lint", "--strict", chart, "-f", path.join(ciDir, f)]);
  });
}

for (const f of ciFiles) {
  const V = merge(defaults, YAML.parse(fs.readFileSync(path.join(ciDir, f), "utf8")) ?? {});
  for (const monitoring of [false, true]) {
    const name = `${path.basename(f, ".yaml")}${monitoring ? "-monitoring" : ""}`;
    const out = path.join(work, `${name}.yaml`);
    await check(`helm template ${name} (mode ${V.mode})`, () => {
      const argv = ["template", "kvb", chart, "--namespace", "bench", "-f", path.join(ciDir, f)];
      if (monitoring) argv.push("--api-versions", "monitoring.coreos.com/v1");
      fs.writeFileSync(out, runOk(helm, argv));
      renders.push({ name, file: out, V, monitoring });
      return `${fs.statSync(out).size} bytes`;
    });
  }
}

await check("yamllint: chart sources (Chart.yaml, values.yaml, ci/, bad-values/)", () => {
  const files = [path.join(chart, "Chart.yaml"), path.join(chart, "values.yaml"), ...ciFiles.map((f) => path.join(ciDir, f)),
    ...fs.readdirSync(path.join(here, "bad-values")).map((f) => path.join(here, "bad-values", f))];
  runOk("yamllint", ["-s", "-c", path.join(here, "yamllint-source.yaml"), ...files]);
  return `${files.length} files`;
});
await check("yamllint: rendered manifests", () => {
  runOk("yamllint", ["-s", "-c", path.join(here, "yamllint-rendered.yaml"), ...renders.map((r) => r.file)]);
  return `${renders.length} renders`;
});

for (const r of renders) {
  await check(`${r.name}: every object valid against the Kubernetes models (kubernetes-models + strict)`, async () => {
    const objs = parseDocs(fs.readFileSync(r.file, "utf8"), r.name);
    for (const o of objs) await validateObject(o);
    return `${objs.length} objects: ${[...new Set(objs.map((o) => o.kind))].join(", ")}`;
  });
  await check(`${r.name}: chart facts`, () => assertRender(parseDocs(fs.readFileSync(r.file, "utf8"), r.name), r.V, r.monitoring, dashboardText));
}

// The example PrometheusRule: promtool checks its rules and runs a unit test (a night with a
// regressed metric fires KvbenchRegression with the ratio; a first night fires NotCompared).
for (const r of renders.filter((x) => x.monitoring)) {
  const pr = parseDocs(fs.readFileSync(r.file, "utf8"), r.name).find((o) => o.kind === "PrometheusRule");
  if (!pr) continue;
  await check(`${r.name}: promtool check rules and test rules on the PrometheusRule`, () => {
    const dir = fs.mkdtempSync(path.join(work, "rules-"));
    const rules = path.join(dir, "rules.yaml");
    fs.writeFileSync(rules, YAML.stringify({ groups: pr.spec.groups }));
    runOk(args.promtool, ["check", "rules", rules]);
    const job = `${r.V.pushgateway.job}-regression`;
    // The annotations as Prometheus fills them in for the series below.
    const ann = (alert, fill) => Object.fromEntries(Object.entries(pr.spec.groups[0].rules.find((x) => x.alert === alert).annotations)
      .map(([k, v]) => [k, fill.reduce((t, [from, to]) => t.split(from).join(to), v)]));
    const regAnn = ann("KvbenchRegression", [["{{ $labels.metric }}", "storage_read_gibps"], ["{{ $labels.rank }}", "pooled"], ['{{ $value | printf "%.3g" }}', "0.85"]]);
    const ncAnn = ann("KvbenchNightlyNotCompared", [["{{ $labels.rank }}", "1"]]);
    const test = {
      rule_files: [rules],
      evaluation_interval: "1m",
      tests: [{
        interval: "1m",
        input_series: [
          { series: `kvbench_regression{job="${job}",metric="storage_read_gibps",rank="pooled"}`, values: "1x90" },
          { series: `kvbench_regression_ratio{job="${job}",metric="storage_read_gibps",rank="pooled"}`, values: "0.85x90" },
          { series: `kvbench_regression{job="${job}",metric="tokens_per_sec",rank="pooled"}`, values: "0x90" },
          { series: `kvbench_regression_checked{job="${job}",night="n1",rank="1"}`, values: "0x90" },
        ],
        alert_rule_test: [
          { eval_time: "5m", alertname: "KvbenchRegression", exp_alerts: [{ exp_labels: { metric: "storage_read_gibps", rank: "pooled", severity: r.V.prometheusRule.severity }, exp_annotations: regAnn }] },
          { eval_time: "90m", alertname: "KvbenchNightlyNotCompared", exp_alerts: [{ exp_labels: { rank: "1", severity: "info" }, exp_annotations: ncAnn }] },
        ],
      }],
    };
    const testFile = path.join(dir, "test.yaml");
    fs.writeFileSync(testFile, YAML.stringify(test));
    const res = run(args.promtool, ["test", "rules", testFile]);
    expect(res.status === 0, `promtool test rules failed:\n${res.stdout}${res.stderr}`);
    fs.rmSync(dir, { recursive: true, force: true });
    return `${pr.spec.groups[0].rules.length} rules`;
  });
}

// Bad values: refused by values.schema.json (or the chart's own checks), with the reason.
const badDir = path.join(here, "bad-values");
for (const f of fs.readdirSync(badDir).filter((x) => x.endsWith(".yaml")).sort()) {
  await check(`bad values refused: ${f}`, () => {
    const text = fs.readFileSync(path.join(badDir, f), "utf8");
    const want = /^# expect: (.*)$/m.exec(text)?.[1];
    expect(want, `${f}: no "# expect: <text in the error>" line`);
    const r = run(helm, ["template", "kvb", chart, "-f", path.join(badDir, f)]);
    expect(r.status !== 0, `helm template accepted ${f}`);
    expect(r.stderr.includes(want), `the error does not mention "${want}":\n${r.stderr}`);
    // helm lint enforces values.schema.json but only logs the templates' own fail() checks
    // (Helm's lint mode), so only schema violations must also fail lint.
    if (r.stderr.includes("don't meet the specifications of the schema")) {
      const l = run(helm, ["lint", "--strict", chart, "-f", path.join(badDir, f)]);
      expect(l.status !== 0, `helm lint accepted ${f}`);
    }
    return r.stderr.split("\n").find((l) => l.includes(want)).trim().slice(0, 110);
  });
}

// kvbench itself accepts every rendered config.yaml (keys, flag names, values, tp <= gpus).
for (const r of renders.filter((x) => !x.monitoring)) {
  await check(`${r.name}: kvbench accepts the rendered config.yaml`, () => {
    const objs = parseDocs(fs.readFileSync(r.file, "utf8"), r.name);
    const cm = objs.find((o) => o.kind === "ConfigMap" && o.data?.["config.yaml"]);
    const dir = fs.mkdtempSync(path.join(work, "cfg-"));
    const cfgFile = path.join(dir, "config.yaml");
    fs.writeFileSync(cfgFile, cm.data["config.yaml"]);
    // The file as the pod gets it; the command line turns it into a one-second simulated run.
    const res = run(args.kvbench, ["--config", cfgFile, "--io-trace-log", path.join(dir, "t.csv"), "--output", path.join(dir, "r.json"),
      "--clock", "virtual", "--duration", "1", "--num-users", "2", "--gpu-mem-gb", "0", "--cpu-mem-gb", "0", "--workers", "2",
      "--http-linger", "0"], { timeout: 60000 });
    expect(res.status === 0, `kvbench exited ${res.status}:\n${res.stderr.slice(-2000)}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

// ---------------------------------------------------------------------------------------------
// Dashboard.
await check("dashboard: helm/kvbench/dashboards/kvbench.json is byte-for-byte dashboards/kvbench.json", () => {
  const a = fs.readFileSync(dashboardPath);
  const b = fs.readFileSync(chartDashboardPath);
  expect(!fs.lstatSync(chartDashboardPath).isSymbolicLink(), "the chart's copy must be a file, not a symlink");
  expect(Buffer.compare(a, b) === 0, "the copies differ: cp dashboards/kvbench.json helm/kvbench/dashboards/kvbench.json");
  return `${a.length} bytes`;
});

const dash = JSON.parse(dashboardText);
await check("dashboard: valid against the @grafana/schema Dashboard schema (ajv)", () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const v = ajv.compile(JSON.parse(fs.readFileSync(args["grafana-schema"], "utf8")));
  expect(v(dash), v.errors?.map((e) => `${e.instancePath} ${e.message}`).slice(0, 10).join("\n"));
});

function allPanels(d) {
  return (d.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
}
const exprs = allPanels(dash).flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
await check("dashboard: structure (ids, grid, datasource, variables namespace/job/pod)", () => {
  const ps = allPanels(dash);
  const ids = ps.map((p) => p.id);
  expect(new Set(ids).size === ids.length, "panel ids are not unique");
  const cells = new Set();
  for (const p of ps) {
    const g = p.gridPos;
    expect(g && g.w > 0 && g.h > 0 && g.x + g.w <= 24, `panel ${p.title}: bad gridPos`);
    for (let x = g.x; x < g.x + g.w; x++)
      for (let y = g.y; y < g.y + g.h; y++) {
        expect(!cells.has(`${x},${y}`), `panel ${p.title} overlaps another at ${x},${y}`);
        cells.add(`${x},${y}`);
      }
    if (p.type === "row") continue;
    expect(p.title && p.targets?.length, `panel ${p.id}: no title or targets`);
    expect(p.datasource?.uid === "${datasource}", `panel ${p.title}: datasource is not \${datasource}`);
    for (const t of p.targets) {
      expect(t.expr && t.refId, `panel ${p.title}: target without expr/refId`);
      for (const v of ["namespace", "job", "pod"])
        expect(t.expr.includes(`${v}=~"$${v}"`), `panel ${p.title}: ${t.refId} does not filter on $${v}`);
    }
  }
  const vars = dash.templating.list.map((v) => v.name);
  for (const v of ["datasource", "namespace", "job", "pod"]) expect(vars.includes(v), `no template variable ${v}`);
  return `${ps.filter((p) => p.type !== "row").length} panels, ${exprs.length} queries`;
});

// Metric names: documented in docs/metrics.md; the issue's topics covered.
const documented = new Map();
for (const m of fs.readFileSync(path.join(repo, "docs/metrics.md"), "utf8").matchAll(/^\| `(kvbench_[a-z_]+)` \| (\w+) \|/gm))
  documented.set(m[1], m[2]);
await check("dashboard: every metric is one of docs/metrics.md", () => {
  expect(documented.size > 20, `only ${documented.size} metrics found in docs/metrics.md`);
  const used = new Set();
  for (const { panel, expr } of exprs)
    for (const m of expr.matchAll(/\bkvbench_[a-z_]+/g)) {
      let name = m[0];
      if (!documented.has(name)) name = name.replace(/_(bucket|sum|count)$/, "");
      expect(documented.has(name), `panel ${panel}: ${m[0]} is not in docs/metrics.md`);
      if (m[0] !== name) expect(documented.get(name) === "histogram", `${m[0]}: ${name} is not a histogram`);
      used.add(name);
    }
  for (const need of ["kvbench_io_bytes_total", "kvbench_io_latency_seconds", "kvbench_tier_used_bytes", "kvbench_tier_limit_bytes",
    "kvbench_evictions_total", "kvbench_cache_hits_total", "kvbench_cache_misses_total", "kvbench_request_latency_seconds",
    "kvbench_run_state", "kvbench_io_latency_by_size_seconds", "kvbench_request_latency_target_seconds",
    "kvbench_cache_read_failures_total", "kvbench_cache_verify_mismatches_total", "kvbench_requests_abandoned_total"])
    expect(used.has(need), `no panel shows ${need}`);
  for (const q of ["0.5", "0.95", "0.99"])
    expect(exprs.some((e) => e.expr.startsWith(`histogram_quantile(${q},`) && e.expr.includes("kvbench_io_latency_seconds_bucket")), `no p${q} I/O latency`);
  const unused = [...documented.keys()].filter((k) => !used.has(k));
  return `${used.size} of ${documented.size} documented metrics used${unused.length ? `; not shown: ${unused.join(", ")}` : ""}`;
});

// Issue 20's views of a group of pods: a run selector, per-rank panels, a storage-latency heatmap,
// SLO lines, latency per entry-size class.
await check("dashboard: run selector, per-rank panels, storage latency heatmap, SLO lines, size classes", () => {
  const ps = allPanels(dash);
  expect(dash.templating.list.some((v) => v.name === "run_id" && /kvbench_run_info/.test(v.definition)), "no run_id variable from kvbench_run_info");
  const perRank = ps.filter((p) => (p.targets ?? []).some((t) => /by \((le, )?rank\b/.test(t.expr) && t.expr.includes('run_id=~"$run_id"')));
  expect(perRank.some((p) => p.targets.some((t) => t.expr.includes("kvbench_io_bytes_total"))), "no bandwidth per rank of the selected run");
  expect(perRank.some((p) => p.targets.some((t) => t.expr.startsWith("histogram_quantile(0.99,"))), "no p99 per rank of the selected run");
  const heat = ps.filter((p) => p.type === "heatmap");
  expect(heat.some((p) => p.targets.some((t) => t.format === "heatmap" && t.expr.includes('tier="nvme"'))), "no storage latency heatmap");
  const slo = ps.filter((p) => p.fieldConfig?.defaults?.custom?.thresholdsStyle?.mode?.startsWith("line"));
  expect(slo.length >= 2, "fewer than two panels with SLO threshold lines");
  expect(exprs.some((e) => /sum by \(le, size_class\)/.test(e.expr)), "no latency per size_class");
  return `${perRank.length} per-rank panels, ${heat.length} heatmaps, ${slo.length} panels with SLO lines`;
});

// ---------------------------------------------------------------------------------------------
// Every query returns data from a real Prometheus that scraped a real kvbench run.
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function getJson(url) {
  const r = await fetch(url);
  const j = await r.json();
  expect(r.ok && j.status === "success", `${url}: ${r.status} ${JSON.stringify(j).slice(0, 300)}`);
  return j.data;
}

// Starts kvbench with --http-listen 127.0.0.1:0 and resolves to {proc, port} once it logs its port.
function startKvbench(argv) {
  const kv = spawn(args.kvbench, [...argv, "--http-listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  return new Promise((resolve, reject) => {
    const onData = (b) => {
      log += b;
      const m = /HTTP server listening on 127\.0\.0\.1:(\d+)/.exec(log);
      if (m) resolve({ proc: kv, port: Number(m[1]), log: () => log });
    };
    kv.stdout.on("data", onData);
    kv.stderr.on("data", onData);
    kv.on("exit", (code) => reject(new AssertionError(`kvbench exited ${code} before listening:\n${log.slice(-2000)}`)));
    setTimeout(() => reject(new AssertionError(`kvbench did not log its HTTP port:\n${log.slice(-2000)}`)), 30000);
  });
}
async function stopAll(procs) {
  for (const p of procs) if (p.exitCode === null) p.kill("SIGTERM");
  await sleep(500);
  for (const p of procs) if (p.exitCode === null) p.kill("SIGKILL");
}

await check("dashboard: every query returns data from Prometheus scraping a live kvbench run", async () => {
  const dir = fs.mkdtempSync(path.join(work, "prom-"));
  const procs = [];
  try {
    // A wall-clock trace run with small GPU and CPU tiers, so that entries are evicted.
    const kv = await startKvbench(["--model", "tiny-1b", "--num-users", "40", "--duration", "40", "--gpu-mem-gb", "0.05",
      "--cpu-mem-gb", "0.2", "--generation-mode", "fast", "--seed", "3", "--io-trace-log", path.join(dir, "trace.csv.zst"),
      "--output", path.join(dir, "results.json"), "--http-linger", "60",
      // A small storage level over the object level (null in trace mode): the Object level panels get data.
      "--storage-capacity-gb", "0.5", "--object-tier", "s3://kvbench/objects"]);
    procs.push(kv.proc);
    const kvPort = kv.port;
    const promPort = await freePort();
    fs.writeFileSync(path.join(dir, "prometheus.yml"), [
      "global: {scrape_interval: 1s, evaluation_interval: 1s}",
      "scrape_configs:",
      "  - job_name: kvbench-ci",
      "    static_configs:",
      `      - targets: ["127.0.0.1:${kvPort}"]`,
      "        labels: {namespace: bench, pod: kvb-kvbench-1-0-abcde}",
      ""].join("\n"));
    const prom = spawn(args.prometheus, [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "tsdb")}`,
      `--web.listen-address=127.0.0.1:${promPort}`, "--log.level=warn"], { stdio: ["ignore", "ignore", "pipe"] });
    procs.push(prom);
    let promLog = "";
    prom.stderr.on("data", (b) => (promLog += b));
    const base = `http://127.0.0.1:${promPort}/api/v1`;
    // Wait for 15 s of samples while the run is going.
    const t0 = Date.now();
    for (;;) {
      expect(Date.now() - t0 < 60000, `Prometheus collected no kvbench samples:\n${promLog.slice(-1500)}`);
      try {
        const d = await getJson(`${base}/query?query=${encodeURIComponent("count_over_time(kvbench_build_info[1m])")}`);
        if (d.result.length && Number(d.result[0].value[1]) >= 15) break;
      } catch (e) {
        /* not up yet */
      }
      await sleep(1000);
    }
    // Template variables: label_values(metric{...}, label) through the series API.
    const varValues = { namespace: "bench", job: "kvbench-ci", pod: "kvb-kvbench-1-0-abcde" };
    // The run selector's value is the run's own run_id (new each run), as kvbench_run_info says.
    const info = await getJson(`${base}/query?query=${encodeURIComponent("kvbench_run_info")}`);
    varValues.run_id = info.result[0]?.metric.run_id;
    expect(/^[0-9a-f]{16}$/.test(varValues.run_id ?? ""), `kvbench_run_info has no run_id: ${JSON.stringify(info.result)}`);
    for (const v of dash.templating.list.filter((x) => x.type === "query")) {
      const q = typeof v.query === "string" ? v.query : v.query.query;
      const m = /^label_values\((.*),\s*(\w+)\)$/.exec(q);
      expect(m, `variable ${v.name}: not a label_values() query: ${q}`);
      const match = m[1].replace(/\$(\w+)/g, (_, n) => varValues[n]);
      const d = await getJson(`${base}/series?match[]=${encodeURIComponent(match)}`);
      const vals = new Set(d.map((s) => s[m[2]]));
      expect(vals.has(varValues[v.name]), `variable ${v.name}: ${q} gives ${[...vals]}`);
    }
    const subst = (e) => e.replace(/\$__rate_interval/g, "10s").replace(/\$__range/g, "1m").replace(/\$(namespace|job|pod|run_id)\b/g, (_, n) => varValues[n]);
    const empty = [];
    const nanOnly = [];
    for (const { panel, expr } of exprs) {
      const d = await getJson(`${base}/query?query=${encodeURIComponent(subst(expr))}`);
      if (d.result.length === 0) empty.push(`${panel}: ${expr}`);
      else if (d.result.every((r) => r.value[1] === "NaN")) nanOnly.push(panel);
    }
    expect(empty.length === 0, `queries without data:\n${empty.join("\n")}`);
    return `${exprs.length} queries, ${dash.templating.list.length - 1} variables` + (nanOnly.length ? `; NaN only (nothing timed in trace mode): ${[...new Set(nanOnly)].join(", ")}` : "");
  } finally {
    await stopAll(procs);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The chart's Pushgateway container script against a real Pushgateway and a real kvbench run.
await check("pushgateway: files/push.sh pushes the final figures of a finished run, grouped by run id and rank", async () => {
  const dir = fs.mkdtempSync(path.join(work, "push-"));
  const procs = [];
  try {
    const gwPort = await freePort();
    const gw = spawn(args.pushgateway, [`--web.listen-address=127.0.0.1:${gwPort}`, "--log.level=warn"], { stdio: ["ignore", "ignore", "pipe"] });
    procs.push(gw);
    const kv = await startKvbench(["--model", "tiny-1b", "--num-users", "10", "--duration", "3", "--gpu-mem-gb", "0", "--cpu-mem-gb", "0.2",
      "--generation-mode", "fast", "--io-trace-log", path.join(dir, "trace.csv"), "--output", path.join(dir, "results.json"), "--http-linger", "30"]);
    procs.push(kv.proc);
    const env = { ...process.env, PUSHGATEWAY_URL: `http://127.0.0.1:${gwPort}/`, PUSH_JOB: "kvbench", KVBENCH_JOB_NAME: "kvb-kvbench-1",
      KVBENCH_RANK: "3", KVBENCH_PORT: String(kv.port), PUSH_TIMEOUT: "60" };
    const r = await new Promise((resolve) => {
      const p = spawn("sh", [path.join(chart, "files/push.sh")], { env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      p.stdout.on("data", (b) => (out += b));
      p.stderr.on("data", (b) => (out += b));
      p.on("exit", (code) => resolve({ code, out }));
    });
    expect(r.code === 0, `push.sh exited ${r.code}:\n${r.out}`);
    const text = await (await fetch(`http://127.0.0.1:${gwPort}/metrics`)).text();
    const grouped = /kvbench_requests_completed_total\{(?=[^}]*job="kvbench")(?=[^}]*rank="3")(?=[^}]*run_id="kvb-kvbench-1")/;
    expect(grouped.test(text), `the Pushgateway has no kvbench_requests_completed_total for run_id kvb-kvbench-1 rank 3:\n${text.split("\n").filter((l) => l.includes("kvbench_")).slice(0, 5).join("\n")}`);
    expect(/kvbench_run_state\{(?=[^}]*state="done")[^}]*\} 1\b/.test(text), "the pushed kvbench_run_state is not done");
    return r.out.trim().split("\n").pop();
  } finally {
    await stopAll(procs);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The nightly step against the real binary: a first night is filed under history/ with nothing
// to compare; a second one is compared with it (once `kvbench compare` exists in the binary).
await check("nightly: files/nightly.sh files each night under history/<date>-<run id>/ and compares it with the last nights", async () => {
  const dir = fs.mkdtempSync(path.join(work, "nightly-"));
  try {
    const night = (job) => {
      const out = path.join(dir, `results-${job}-rank-0.json`);
      const argv = [path.join(chart, "files/nightly.sh"), "--model", "tiny-1b", "--num-users", "10", "--duration", "5", "--gpu-mem-gb", "0",
        "--cpu-mem-gb", "0.2", "--generation-mode", "fast", "--clock", "virtual", "--seed", "3", "--quiet",
        "--io-trace-log", path.join(dir, `trace-${job}.csv`), "--output", out];
      const env = { ...process.env, KVBENCH: args.kvbench, RESULTS_DIR: dir, KVBENCH_JOB_NAME: job, KVBENCH_RANK: "0", REGRESSION_WINDOW: "3" };
      return spawnSync("sh", argv, { env, encoding: "utf8" });
    };
    const day = new Date().toISOString().slice(0, 10);
    const first = night("kvb-1");
    expect(first.status === 0, `first night exited ${first.status}:\n${first.stderr}`);
    const h1 = path.join(dir, "history", `${day}-kvb-1`);
    expect(fs.existsSync(path.join(h1, "results-kvb-1-rank-0.json")), "first night's results not in history/");
    expect(/kvbench_regression_checked\{[^}]*\} 0/.test(fs.readFileSync(path.join(h1, "regression-rank-0.prom"), "utf8")), "first night: checked 0");
    const commands = spawnSync(args.kvbench, ["--help"], { encoding: "utf8" }).stdout ?? "";
    if (!/^ {2}compare\s/m.test(commands)) return "first night filed; kvbench compare not in this binary, second night not run";
    const second = night("kvb-2");
    expect(second.status === 0 || second.status === 3, `second night exited ${second.status}:\n${second.stderr}`);
    const h2 = path.join(dir, "history", `${day}-kvb-2`);
    for (const f of ["verdict-rank-0.md", "verdict-rank-0.json", "report-rank-0.html", "regression-rank-0.prom"])
      expect(fs.existsSync(path.join(h2, f)), `second night: no ${f}`);
    const prom = fs.readFileSync(path.join(h2, "regression-rank-0.prom"), "utf8");
    expect(/kvbench_regression\{metric="[^"]+"\} [01]/.test(prom), `no kvbench_regression per metric:\n${prom}`);
    return `second night exit ${second.status}, ${prom.split("\n").filter((l) => l.startsWith("kvbench_regression{")).length} metrics`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// files/collect.sh: the peers it gives kvbench collect (a stub prints its arguments): in cronjob
// mode the night's benchmark Job is the benchmark CronJob's name with this Job's suffix.
await check("collector: files/collect.sh names the night's ranks <job>-{index}.<service>:<port>", () => {
  const dir = fs.mkdtempSync(path.join(work, "collect-"));
  const stub = path.join(dir, "kvbench");
  fs.writeFileSync(stub, '#!/bin/sh\necho "$@"\n', { mode: 0o755 });
  const base = { ...process.env, KVBENCH: stub, SERVICE: "kvb-kvbench", PORT: "9866", GROUP_SIZE: "3", OUTPUT_DIR: dir, TIMEOUT: "99" };
  const cron = spawnSync("sh", [path.join(chart, "files/collect.sh")], { env: { ...base, BENCH_CRONJOB: "kvb-kvbench", KVBENCH_JOB_NAME: "kvb-kvbench-collect-29412345",
    PUSHGATEWAY_URL: "http://gw:9091/" }, encoding: "utf8" });
  expect(cron.status === 0, `collect.sh exited ${cron.status}: ${cron.stderr}`);
  const want = `collect --peers-pattern kvb-kvbench-29412345-{index}.kvb-kvbench:9866 --group-size 3 --timeout 99 --run-id kvb-kvbench-29412345 --pushgateway http://gw:9091 --output ${dir}/kvb-kvbench-29412345`;
  expect(cron.stdout.includes(want), `cronjob mode: got\n${cron.stdout}\nexpected\n${want}`);
  const idx = spawnSync("sh", [path.join(chart, "files/collect.sh")], { env: { ...base, BENCH_JOB: "kvb-kvbench-1", KVBENCH_JOB_NAME: "kvb-kvbench-collect-1" }, encoding: "utf8" });
  expect(idx.status === 0 && idx.stdout.includes(`--peers-pattern kvb-kvbench-1-{index}.kvb-kvbench:9866 --group-size 3 --timeout 99 --run-id kvb-kvbench-1 --output ${dir}/kvb-kvbench-1`),
    `indexed mode: got\n${idx.stdout}${idx.stderr}`);
  fs.rmSync(dir, { recursive: true, force: true });
});

// The collector's nightly step (files/nightly.sh under files/collect.sh) against the real binary:
// two live ranks per night, collected and pooled; the second night's aggregate is compared with
// the first's; a night with a rank missing is filed as partial and not compared.
await check("nightly (collector): files/nightly.sh collect pools the ranks and compares the pooled aggregates", async () => {
  const dir = fs.mkdtempSync(path.join(work, "pooled-"));
  const procs = [];
  try {
    const night = async (job, ranks) => {
      const ports = [await freePort(), await freePort()];
      for (let i = 0; i < ranks; i++) {
        const p = spawn(args.kvbench, ["--model", "tiny-1b", "--num-users", "10", "--duration", "1", "--gpu-mem-gb", "0", "--cpu-mem-gb", "0.2",
          "--generation-mode", "fast", "--seed", String(7 + i), "--quiet", "--io-trace-log", path.join(dir, `trace-${job}-${i}.csv`),
          "--output", path.join(dir, `local-${job}-${i}.json`), "--http-listen", `127.0.0.1:${ports[i]}`, "--http-linger", "30"], { stdio: "ignore" });
        procs.push(p);
      }
      const env = { ...process.env, KVBENCH: args.kvbench, RESULTS_DIR: dir, KVBENCH_JOB_NAME: job, KVBENCH_RANK: "pooled", REGRESSION_WINDOW: "3" };
      const argv = [path.join(chart, "files/nightly.sh"), "collect", "--peers", ports.map((p) => `127.0.0.1:${p}`).join(","),
        "--timeout", ranks === 2 ? "30" : "3", "--output", path.join(dir, `incoming-${job}`)];
      return await new Promise((resolve) => {
        const p = spawn("sh", argv, { env, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        p.stdout.on("data", (b) => (out += b));
        p.stderr.on("data", (b) => (out += b));
        p.on("exit", (code) => resolve({ code, out }));
      });
    };
    const day = new Date().toISOString().slice(0, 10);
    const first = await night("kvb-1", 2);
    expect(first.code === 0, `first night exited ${first.code}:\n${first.out}`);
    const h1 = path.join(dir, "history", `${day}-kvb-1`);
    for (const f of ["rank-0.json", "rank-1.json", "aggregate.json"]) expect(fs.existsSync(path.join(h1, f)), `first night: no ${f} in history/`);
    expect(!fs.existsSync(path.join(dir, "incoming-kvb-1")), "first night: the collector's folder is left behind");
    const second = await night("kvb-2", 2);
    expect(second.code === 0 || second.code === 3, `second night exited ${second.code}:\n${second.out}`);
    const h2 = path.join(dir, "history", `${day}-kvb-2`);
    const verdict = JSON.parse(fs.readFileSync(path.join(h2, "verdict-rank-pooled.json"), "utf8"));
    expect(JSON.stringify(verdict).includes("aggregate.json"), "second night: the verdict does not compare the pooled aggregates");
    expect(/kvbench_regression\{metric="[^"]+"\} [01]/.test(fs.readFileSync(path.join(h2, "regression-rank-pooled.prom"), "utf8")), "second night: no kvbench_regression");
    const third = await night("kvb-3", 1);
    expect(third.code === 1, `a night with a rank missing exited ${third.code}, expected 1:\n${third.out}`);
    const h3 = path.join(dir, "history", `${day}-kvb-3`);
    expect(fs.existsSync(path.join(h3, "aggregate-partial.json")) && !fs.existsSync(path.join(h3, "aggregate.json")), "partial night: aggregate-partial.json only");
    expect(/kvbench_regression_checked\{[^}]*\} 0/.test(fs.readFileSync(path.join(h3, "regression-rank-pooled.prom"), "utf8")), "partial night: checked 0");
    return `second night exit ${second.code}; partial night filed, not compared`;
  } finally {
    await stopAll(procs);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

console.log(`\n${checks - failures} of ${checks} checks passed`);
process.exit(Math.min(failures, 100));
