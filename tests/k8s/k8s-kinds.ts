// The Kubernetes kinds the chart renders, re-exported so that ts-json-schema-generator can turn
// kubernetes-models' TypeScript interfaces into one JSON schema with additionalProperties: false.
// kubernetes-models' own validate() checks types, formats and enums but lets unknown fields
// through; this schema catches those (a misspelt `readinesProbe` would otherwise pass).
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IPersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import type { IPod } from "kubernetes-models/v1/Pod";
import type { IService } from "kubernetes-models/v1/Service";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { ICronJob } from "kubernetes-models/batch/v1/CronJob";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IPodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";

export type ConfigMap = IConfigMap;
export type PersistentVolumeClaim = IPersistentVolumeClaim;
export type Pod = IPod;
export type Service = IService;
export type ServiceAccount = IServiceAccount;
export type CronJob = ICronJob;
export type Job = IJob;
export type NetworkPolicy = INetworkPolicy;
export type PodMonitor = IPodMonitor;
export type ServiceMonitor = IServiceMonitor;
export type PrometheusRule = IPrometheusRule;
