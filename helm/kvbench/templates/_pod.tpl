{{/*
The Job spec shared by the three modes: one pod per TP group; Indexed when there are several.
*/}}
{{- define "kvbench.jobSpec" -}}
{{- $groups := int (include "kvbench.groups" .) }}
{{- if include "kvbench.indexed" . }}
completionMode: Indexed
completions: {{ $groups }}
parallelism: {{ .Values.indexed.parallelism | default $groups | int }}
{{- else }}
completions: 1
parallelism: 1
{{- end }}
backoffLimit: {{ int .Values.job.backoffLimit }}
{{- if not (kindIs "invalid" .Values.job.ttlSecondsAfterFinished) }}
ttlSecondsAfterFinished: {{ int64 .Values.job.ttlSecondsAfterFinished }}
{{- end }}
{{- with .Values.job.activeDeadlineSeconds }}
activeDeadlineSeconds: {{ int64 . }}
{{- end }}
# Exit code 2 is a usage or configuration error: retrying cannot help; 3 (nightly) is a
# regression the comparison found, which a rerun must not hide. A pod evicted or
# preempted (DisruptionTarget) is not the benchmark's failure and does not count.
podFailurePolicy:
  rules:
    - action: FailJob
      onExitCodes:
        containerName: kvbench
        operator: In
        values: [{{ if include "kvbench.rankNightly" . }}2, 3{{ else }}2{{ end }}]
    - action: Ignore
      onPodConditions:
        - type: DisruptionTarget
template:
  {{- include "kvbench.podTemplate" . | trim | nindent 2 }}
{{- end }}

{{- define "kvbench.podTemplate" -}}
{{- $stem := include "kvbench.podStem" . }}
{{- $trace := .Values.trace.enabled }}
metadata:
  labels:
    {{- include "kvbench.labels" . | nindent 4 }}
    app.kubernetes.io/component: benchmark
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    {{- if .Values.metrics.scrapeAnnotations }}
    prometheus.io/scrape: "true"
    prometheus.io/port: {{ .Values.http.port | quote }}
    prometheus.io/path: /metrics
    {{- end }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  restartPolicy: Never
  serviceAccountName: {{ include "kvbench.serviceAccountName" . }}
  {{- if gt (int (include "kvbench.groups" .)) 1 }}
  subdomain: {{ include "kvbench.fullname" . }}  # <job>-i.<service>: how the ranks find each other
  {{- end }}
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: {{ int64 .Values.terminationGracePeriodSeconds }}
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.runtimeClassName }}
  runtimeClassName: {{ . }}
  {{- end }}
  {{- with .Values.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  securityContext:
    {{- with .Values.podSecurityContext }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    seccompProfile:
      type: {{ .Values.seccompProfile.type }}
      {{- if eq .Values.seccompProfile.type "Localhost" }}
      localhostProfile: {{ .Values.seccompProfile.localhostProfile }}
      {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: kvbench
      image: {{ include "kvbench.image" . }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      {{- if include "kvbench.rankNightly" . }}
      # kvbench, then the regression check of files/nightly.sh on its results.
      command: [sh, /etc/kvbench/nightly.sh]
      {{- end }}
      args:
        - --config
        - /etc/kvbench/config.yaml
        - --output
        - {{ printf "%s/results-%s.json" .Values.results.mountPath $stem }}
        {{- if $trace }}
        - --io-trace-log
        - {{ printf "%s/trace-%s.csv%s" (include "kvbench.traceDir" .) $stem (ternary ".zst" "" .Values.trace.compress) }}
        {{- else }}
        - --cache-dir
        - {{ printf "%s/%s-rank-$(KVBENCH_RANK)" .Values.cache.mountPath (include "kvbench.fullname" .) }}
        {{- end }}
        {{- if .Values.results.xlsx }}
        - --xlsx-output
        - {{ printf "%s/results-%s.xlsx" .Values.results.mountPath $stem }}
        {{- end }}
        {{- if and .Values.objectStorage.enabled (not $trace) }}
        - --s3-prefix
        - {{ printf "%s/%s-rank-$(KVBENCH_RANK)" (trimSuffix "/" .Values.objectStorage.prefix) (include "kvbench.fullname" .) | trimPrefix "/" }}
        {{- end }}
        {{- if .Values.objectTier.enabled }}
        - --object-tier
        - {{ printf "s3://%s/%s/%s-rank-$(KVBENCH_RANK)" .Values.objectTier.bucket (trimAll "/" .Values.objectTier.prefix) (include "kvbench.fullname" .) | replace "//" "/" | replace "s3:/" "s3://" }}
        {{- end }}
        - --http-listen
        - {{ printf "%s:%d" (include "kvbench.httpHost" .) (int .Values.http.port) | quote }}
        {{- if gt (int (include "kvbench.groups" .)) 1 }}
        # The start barrier (README, "Several tensor-parallel groups"): pod i of an Indexed Job
        # is <job>-i, reachable as <job>-i.<headless service> through `subdomain`.
        - --group-size
        - {{ include "kvbench.groups" . | quote }}
        - --rank
        - $(KVBENCH_RANK)
        - --peers-pattern
        - {{ printf "$(KVBENCH_JOB_NAME)-{index}.%s:%d" (include "kvbench.fullname" .) (int .Values.http.port) | quote }}
        - --barrier-timeout
        - {{ .Values.indexed.barrierTimeoutSeconds | quote }}
        {{- end }}
        {{- range .Values.extraArgs }}
        - {{ . | quote }}
        {{- end }}
      env:
        - name: KVBENCH_JOB_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.labels['job-name']
        - name: KVBENCH_RANK
          {{- if include "kvbench.indexed" . }}
          valueFrom:
            fieldRef:
              fieldPath: metadata.annotations['batch.kubernetes.io/job-completion-index']
          {{- else }}
          value: "0"
          {{- end }}
        - name: KVBENCH_POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        {{- include "kvbench.podIpEnv" . | nindent 8 }}
        {{- if include "kvbench.rankNightly" . }}
        - name: RESULTS_DIR
          value: {{ .Values.results.mountPath | quote }}
        - name: REGRESSION_BASELINE
          value: {{ .Values.regression.baseline | quote }}
        - name: REGRESSION_WINDOW
          value: {{ .Values.regression.window | quote }}
        - name: REGRESSION_ARGS
          value: {{ join " " .Values.regression.compareArgs | quote }}
        - name: REGRESSION_REPORT
          value: {{ .Values.regression.htmlReport | quote }}
        {{- end }}
        {{- with .Values.objectStorage }}
        {{- if .enabled }}
        {{- /* The S3 keys, from the Secret only: never a value in the chart. */}}
        - name: AWS_ACCESS_KEY_ID
          valueFrom:
            secretKeyRef:
              name: {{ .credentialsSecret.name }}
              key: {{ .credentialsSecret.accessKeyIdKey }}
        - name: AWS_SECRET_ACCESS_KEY
          valueFrom:
            secretKeyRef:
              name: {{ .credentialsSecret.name }}
              key: {{ .credentialsSecret.secretAccessKeyKey }}
        {{- if .credentialsSecret.sessionTokenKey }}
        - name: AWS_SESSION_TOKEN
          valueFrom:
            secretKeyRef:
              name: {{ .credentialsSecret.name }}
              key: {{ .credentialsSecret.sessionTokenKey }}
        {{- end }}
        {{- end }}
        {{- end }}
        {{- if and .Values.objectTier.enabled (not .Values.objectStorage.enabled) }}
        {{- with .Values.objectTier.credentialsSecret }}
        {{- /* The object level's S3 keys, from the Secret only: never a value in the chart. */}}
        - name: AWS_ACCESS_KEY_ID
          valueFrom:
            secretKeyRef:
              name: {{ .name }}
              key: {{ .accessKeyIdKey }}
        - name: AWS_SECRET_ACCESS_KEY
          valueFrom:
            secretKeyRef:
              name: {{ .name }}
              key: {{ .secretAccessKeyKey }}
        {{- if .sessionTokenKey }}
        - name: AWS_SESSION_TOKEN
          valueFrom:
            secretKeyRef:
              name: {{ .name }}
              key: {{ .sessionTokenKey }}
        {{- end }}
        {{- end }}
        {{- end }}
        {{- with .Values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - name: http
          containerPort: {{ int .Values.http.port }}
          protocol: TCP
      {{- with .Values.probes.startup }}
      {{- if .enabled }}
      startupProbe:
        httpGet:
          path: /livez
          port: http
        periodSeconds: {{ int .periodSeconds }}
        timeoutSeconds: {{ int .timeoutSeconds }}
        failureThreshold: {{ int .failureThreshold }}
      {{- end }}
      {{- end }}
      {{- with .Values.probes.readiness }}
      {{- if .enabled }}
      readinessProbe:
        httpGet:
          path: /readyz
          port: http
        periodSeconds: {{ int .periodSeconds }}
        timeoutSeconds: {{ int .timeoutSeconds }}
        failureThreshold: {{ int .failureThreshold }}
      {{- end }}
      {{- end }}
      {{- with .Values.probes.liveness }}
      {{- if .enabled }}
      livenessProbe:
        httpGet:
          path: /livez
          port: http
        periodSeconds: {{ int .periodSeconds }}
        timeoutSeconds: {{ int .timeoutSeconds }}
        failureThreshold: {{ int .failureThreshold }}
      {{- end }}
      {{- end }}
      resources:
        {{- include "kvbench.resources" . | nindent 8 }}
      {{- with .Values.securityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      volumeMounts:
        - name: config
          mountPath: /etc/kvbench
          readOnly: true
        - name: tmp
          mountPath: /tmp
        - name: results
          mountPath: {{ .Values.results.mountPath }}
        {{- if not $trace }}
        - name: cache
          mountPath: {{ .Values.cache.mountPath }}
        {{- else if ne .Values.trace.volume.type "results" }}
        - name: traces
          mountPath: {{ .Values.trace.mountPath }}
        {{- end }}
    {{- if .Values.pushgateway.enabled }}
    - name: pushgateway-push
      image: {{ printf "%s:%s" .Values.pushgateway.image.repository .Values.pushgateway.image.tag }}
      imagePullPolicy: {{ .Values.pushgateway.image.pullPolicy }}
      command: [sh, /etc/kvbench/push.sh]
      env:
        - name: PUSHGATEWAY_URL
          value: {{ .Values.pushgateway.url | quote }}
        - name: PUSH_JOB
          value: {{ .Values.pushgateway.job | quote }}
        - name: PUSH_TIMEOUT
          value: {{ .Values.pushgateway.timeoutSeconds | default (add (int64 .Values.benchmark.duration) 3600) | int64 | quote }}
        - name: PUSH_STARTUP_TIMEOUT
          value: {{ .Values.pushgateway.startupSeconds | int64 | quote }}
        - name: KVBENCH_PORT
          value: {{ .Values.http.port | quote }}
        {{- include "kvbench.podIpEnv" . | nindent 8 }}
        - name: KVBENCH_HOST
          value: {{ ternary "127.0.0.1" (include "kvbench.httpHost" .) (eq .Values.http.bind "any") | quote }}
        {{- if include "kvbench.rankNightly" . }}
        - name: REGRESSION_PROM
          value: {{ printf "%s/history/*-$(KVBENCH_JOB_NAME)/regression-rank-$(KVBENCH_RANK).prom" .Values.results.mountPath | quote }}
        {{- end }}
        - name: KVBENCH_JOB_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.labels['job-name']
        - name: KVBENCH_RANK
          {{- if include "kvbench.indexed" . }}
          valueFrom:
            fieldRef:
              fieldPath: metadata.annotations['batch.kubernetes.io/job-completion-index']
          {{- else }}
          value: "0"
          {{- end }}
      {{- with .Values.pushgateway.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.securityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      volumeMounts:
        - name: config
          mountPath: /etc/kvbench
          readOnly: true
        {{- if include "kvbench.rankNightly" . }}
        - name: results
          mountPath: {{ .Values.results.mountPath }}
          readOnly: true
        {{- end }}
    {{- end }}
  volumes:
    - name: config
      configMap:
        name: {{ include "kvbench.fullname" . }}
        defaultMode: 0444
    - name: tmp
      emptyDir: {}
    - name: results
      {{- include "kvbench.volumeSource" (dict "v" .Values.results.volume "claim" (printf "%s-results" (include "kvbench.fullname" .)) "root" .) | trim | nindent 6 }}
    {{- if not $trace }}
    - name: cache
      {{- include "kvbench.volumeSource" (dict "v" .Values.cache "claim" (printf "%s-cache" (include "kvbench.fullname" .)) "root" .) | trim | nindent 6 }}
    {{- else if ne .Values.trace.volume.type "results" }}
    - name: traces
      {{- include "kvbench.volumeSource" (dict "v" .Values.trace.volume "claim" (printf "%s-traces" (include "kvbench.fullname" .)) "root" .) | trim | nindent 6 }}
    {{- end }}
{{- end }}

{{/*
Container resources: the values, the GPUs (limits only: the device plugin sets the request
equal), and memory for the CPU tier unless memory is given.
*/}}
{{- define "kvbench.resources" -}}
{{- $requests := deepCopy (.Values.resources.requests | default dict) }}
{{- $limits := deepCopy (.Values.resources.limits | default dict) }}
{{- if and .Values.memoryFromCpuTier (not (hasKey $requests "memory")) (not (hasKey $limits "memory")) }}
{{- $tier := ternary 0 (ceil .Values.benchmark.cpuMemGb | int64) .Values.trace.enabled }}
{{- $mem := printf "%dGi" (add $tier (int64 .Values.memoryOverheadGi)) }}
{{- $_ := set $requests "memory" $mem }}
{{- $_ := set $limits "memory" $mem }}
{{- end }}
{{- if .Values.gpu.enabled }}
{{- $_ := set $limits .Values.gpu.resourceName (int64 .Values.tp.numGpus) }}
{{- end }}
{{- $res := dict }}
{{- if $requests }}{{ $_ := set $res "requests" $requests }}{{ end }}
{{- if $limits }}{{ $_ := set $res "limits" $limits }}{{ end }}
{{- if $res }}
{{- toYaml $res }}
{{- else }}
{}
{{- end }}
{{- end }}

{{/*
The host of --http-listen (http.bind): the pod's IP through $(KVBENCH_POD_IP), 0.0.0.0, or the
address given. The Pushgateway sidecar reads /metrics at the same host (127.0.0.1 for 0.0.0.0).
*/}}
{{- define "kvbench.httpHost" -}}
{{- if eq .Values.http.bind "podIP" }}$(KVBENCH_POD_IP){{ else if eq .Values.http.bind "any" }}0.0.0.0{{ else }}{{ .Values.http.bind }}{{ end }}
{{- end }}

{{- define "kvbench.podIpEnv" -}}
- name: KVBENCH_POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
{{- end }}

{{/*
"true" when the nightly regression check runs (cronjob mode, regression.enabled); else empty.
*/}}
{{- define "kvbench.nightly" -}}
{{- if and (eq .Values.mode "cronjob") .Values.regression.enabled }}true{{ end }}
{{- end }}
