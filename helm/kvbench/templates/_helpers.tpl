{{/*
Names. The full name is cut at 52 characters: a CronJob's name must leave room for the 11
characters its controller appends to each Job's name, and a Job's for the revision suffix.
*/}}
{{- define "kvbench.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 52 | trimSuffix "-" }}
{{- end }}

{{- define "kvbench.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kvbench.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Standard labels of every object. */}}
{{- define "kvbench.labels" -}}
helm.sh/chart: {{ include "kvbench.chart" . }}
{{ include "kvbench.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kvbench
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "kvbench.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kvbench.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The benchmark pods: selected by the Service, the PodMonitor and the helm test. */}}
{{- define "kvbench.podSelectorLabels" -}}
{{ include "kvbench.selectorLabels" . }}
app.kubernetes.io/component: benchmark
{{- end }}

{{- define "kvbench.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kvbench.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "kvbench.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
Name of the Job in job and indexed modes. It carries the release revision: a Job's pod template
is immutable, so every `helm upgrade` starts a new run (a new Job) and Helm deletes the old one.
*/}}
{{- define "kvbench.jobName" -}}
{{- printf "%s-%d" (include "kvbench.fullname" .) (int .Release.Revision) }}
{{- end }}

{{/* Number of TP groups of one run, and whether its Job is Indexed. */}}
{{- define "kvbench.groups" -}}
{{- if eq .Values.mode "indexed" }}{{ int .Values.indexed.groups }}
{{- else if eq .Values.mode "cronjob" }}{{ int .Values.cronjob.groups }}
{{- else }}1{{ end }}
{{- end }}

{{- define "kvbench.indexed" -}}
{{- if or (eq .Values.mode "indexed") (gt (int (include "kvbench.groups" .)) 1) }}true{{ end }}
{{- end }}

{{/* The name stem of this pod's files and directories: $(VAR) is expanded by the kubelet. */}}
{{- define "kvbench.podStem" -}}
$(KVBENCH_JOB_NAME)-rank-$(KVBENCH_RANK)
{{- end }}

{{- define "kvbench.traceDir" -}}
{{- if eq .Values.trace.volume.type "results" }}{{ printf "%s/traces" .Values.results.mountPath }}
{{- else }}{{ .Values.trace.mountPath }}{{ end }}
{{- end }}

{{/*
The run: section of config.yaml: the structured values, then `run` on top. Keys are normalised
to underscores, so that num-users in `run` replaces num_users instead of repeating it (kvbench
refuses a flag given twice in the file).
*/}}
{{- define "kvbench.runSection" -}}
{{- $b := .Values.benchmark }}
{{- $run := dict
  "model" $b.model
  "num_users" (int64 $b.numUsers)
  "duration" (int64 $b.duration)
  "generation_mode" $b.generationMode
  "performance_profile" $b.performanceProfile
  "gpu_mem_gb" $b.gpuMemGb
  "cpu_mem_gb" $b.cpuMemGb
  "storage_capacity_gb" $b.storageCapacityGb
  "clock" $b.clock
  "log_level" $b.logLevel
  "num_gpus" (int64 .Values.tp.numGpus)
  "tensor_parallel" (int64 .Values.tp.tensorParallel)
  "http_linger" (include "kvbench.httpLinger" . | int64)
}}
{{- /* An emptyDir NVMe tier sized from its limit, not from the node's free disk. */}}
{{- $lim := toString (.Values.cache.emptyDir.sizeLimit | default "") }}
{{- if and (not .Values.trace.enabled) (eq .Values.cache.type "emptyDir") (eq (float64 $b.storageCapacityGb) 0.0) (regexMatch "^[0-9]+(Gi|Ti)$" $lim) }}
{{- $gi := ternary (mul (int (trimSuffix "Ti" $lim)) 1024) (int (trimSuffix "Gi" $lim)) (hasSuffix "Ti" $lim) }}
{{- $_ := set $run "storage_capacity_gb" (div (mul $gi 9) 10) }}
{{- end }}
{{- if not (kindIs "invalid" $b.seed) }}
{{- $_ := set $run "seed" (int64 $b.seed) }}
{{- end }}
{{- with .Values.objectStorage }}
{{- if .enabled }}
{{- $_ := set $run "storage_backend" "s3" }}
{{- $_ := set $run "s3_bucket" .bucket }}
{{- if .endpoint }}{{ $_ := set $run "s3_endpoint" .endpoint }}{{ end }}
{{- $_ := set $run "s3_region" .region }}
{{- $_ := set $run "s3_addressing" .addressing }}
{{- $_ := set $run "s3_part_size" (mul (int64 .partSizeMib) 1048576) }}
{{- $_ := set $run "s3_concurrency" (int64 .concurrency) }}
{{- end }}
{{- end }}
{{- with .Values.objectTier }}
{{- if .enabled }}
{{- /* The object level (--object-tier, in the pod's args for the rank's prefix). */}}
{{- $_ := set $run "object_capacity_gb" (float64 .capacityGb) }}
{{- if not $.Values.objectStorage.enabled }}
{{- if .endpoint }}{{ $_ := set $run "s3_endpoint" .endpoint }}{{ end }}
{{- $_ := set $run "s3_region" .region }}
{{- $_ := set $run "s3_addressing" .addressing }}
{{- end }}
{{- end }}
{{- end }}
{{- range $k, $v := .Values.run }}
{{- $_ := set $run (replace "-" "_" $k) $v }}
{{- end }}
{{- toYaml $run }}
{{- end }}

{{/* --http-linger: the value, at least 15 s when a Pushgateway push must read the final figures
(300 s with the collector). */}}
{{- define "kvbench.httpLinger" -}}
{{- $l := int64 .Values.http.linger }}
{{- if .Values.pushgateway.enabled }}{{ $l = max 15 $l }}{{ end }}
{{- /* With the collector at least 300 s: a rank leaves 1 s after it was collected, so the
bound only matters when the collector starts late. */}}
{{- if include "kvbench.collector" . }}{{ $l = max 300 $l }}{{ end }}
{{- $l }}
{{- end }}

{{/*
A volume source from {type, emptyDir, hostPath, pvc, ephemeral}. Arguments: dict "v" (the
values) "claim" (the name of the claim the chart creates when pvc.claimName is empty) "root" ($).
*/}}
{{- define "kvbench.volumeSource" -}}
{{- $v := .v }}
{{- if eq $v.type "emptyDir" }}
{{- $e := dict }}
{{- with $v.emptyDir.medium }}{{ $_ := set $e "medium" . }}{{ end }}
{{- with $v.emptyDir.sizeLimit }}{{ $_ := set $e "sizeLimit" . }}{{ end }}
emptyDir:
{{- if $e }}
  {{- toYaml $e | nindent 2 }}
{{- else }} {}
{{- end }}
{{- else if eq $v.type "hostPath" }}
hostPath:
  path: {{ $v.hostPath.path }}
  type: {{ $v.hostPath.type }}
{{- else if eq $v.type "pvc" }}
persistentVolumeClaim:
  claimName: {{ $v.pvc.claimName | default .claim }}
{{- else if eq $v.type "ephemeral" }}
ephemeral:
  volumeClaimTemplate:
    metadata:
      labels:
        {{- include "kvbench.selectorLabels" .root | nindent 8 }}
    spec:
      accessModes:
        {{- toYaml $v.ephemeral.accessModes | nindent 8 }}
      {{- with $v.ephemeral.storageClassName }}
      storageClassName: {{ . }}
      {{- end }}
      resources:
        requests:
          storage: {{ $v.ephemeral.size }}
{{- else }}
{{- fail (printf "unknown volume type %q" $v.type) }}
{{- end }}
{{- end }}

{{/* Checks across values that the schema cannot express. */}}
{{- define "kvbench.validate" -}}
{{- if gt (int .Values.tp.tensorParallel) (int .Values.tp.numGpus) }}
{{- fail (printf "tp.tensorParallel (%d) must be <= tp.numGpus (%d)" (int .Values.tp.tensorParallel) (int .Values.tp.numGpus)) }}
{{- end }}
{{- if and (eq .Values.benchmark.clock "virtual") (not .Values.trace.enabled) }}
{{- fail "benchmark.clock: virtual needs trace mode (trace.enabled: true): real I/O is timed on the wall clock" }}
{{- end }}
{{- if and (eq .Values.mode "indexed") .Values.indexed.parallelism (gt (int .Values.indexed.parallelism) (int .Values.indexed.groups)) }}
{{- fail (printf "indexed.parallelism (%d) must be <= indexed.groups (%d)" (int .Values.indexed.parallelism) (int .Values.indexed.groups)) }}
{{- end }}
{{- if and (not .Values.trace.enabled) (eq .Values.cache.type "emptyDir") (kindIs "invalid" .Values.cache.emptyDir.sizeLimit) }}
{{- fail "cache.emptyDir.sizeLimit: null lets kvbench fill the node's disk (it sizes the NVMe tier from the free space): set a limit, e.g. 100Gi" }}
{{- end }}
{{- if and (gt (int (include "kvbench.groups" .)) 1) (eq .Values.results.volume.type "pvc") (not .Values.results.volume.pvc.claimName) (has "ReadWriteOnce" .Values.results.volume.pvc.accessModes) (not (has "ReadWriteMany" .Values.results.volume.pvc.accessModes)) }}
{{- fail "results.volume.pvc: a ReadWriteOnce claim with several TP groups: pods on other nodes cannot mount it; use accessModes [ReadWriteMany], an existing claimName, or results.volume.type emptyDir with `kvbench collect`" }}
{{- end }}
{{- if and .Values.objectTier.enabled (not .Values.objectTier.bucket) }}
{{- fail "objectTier.enabled needs objectTier.bucket (the object level's bucket)" }}
{{- end }}
{{- if and .Values.objectTier.enabled (not .Values.objectStorage.enabled) (not .Values.objectTier.credentialsSecret.name) }}
{{- fail "objectTier.enabled needs objectTier.credentialsSecret.name (the Secret with the S3 keys; never keys in values)" }}
{{- end }}
{{- if gt (int (include "kvbench.groups" .)) 1 }}
{{- if not .Values.service.enabled }}
{{- fail "service.enabled: false with several TP groups: the ranks' start barrier reaches its peers through the headless Service" }}
{{- end }}
{{- if and (eq .Values.mode "indexed") .Values.indexed.parallelism (lt (int .Values.indexed.parallelism) (int .Values.indexed.groups)) }}
{{- fail (printf "indexed.parallelism (%d) < indexed.groups (%d): the start barrier needs every group running at once" (int .Values.indexed.parallelism) (int .Values.indexed.groups)) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
"true" when the chart runs a collector pod (collector.enabled and several TP groups): it fetches
every rank's /results over the headless Service and pools them (templates/collector.yaml).
*/}}
{{- define "kvbench.collector" -}}
{{- if and .Values.collector.enabled (gt (int (include "kvbench.groups" .)) 1) }}true{{ end }}
{{- end }}

{{/*
"true" when each rank compares its own results (one group, or several without the collector);
with the collector the nightly check compares the pooled aggregate in the collector pod.
*/}}
{{- define "kvbench.rankNightly" -}}
{{- if and (include "kvbench.nightly" .) (not (include "kvbench.collector" .)) }}true{{ end }}
{{- end }}
