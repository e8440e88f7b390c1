import type { JsonValue } from '../../yaml/parse.js';
import { isObject } from '../resource.js';

// Strategic-merge list keys of built-in Kubernetes types (patchMergeKey in the OpenAPI document),
// by field name. Custom resources have no schema, so their lists are replaced.
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  schedulingGates: 'name',
  readinessGates: 'conditionType',
  secrets: 'name',
  webhooks: 'name',
  podIPs: 'ip',
};

/** Lists of scalars that strategic merge unions instead of replacing. */
export const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

const BUILTIN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'scheduling.k8s.io', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io',
  'coordination.k8s.io', 'discovery.k8s.io', 'node.k8s.io', 'certificates.k8s.io', 'events.k8s.io', 'extensions',
  'flowcontrol.apiserver.k8s.io', 'resource.k8s.io',
]);

export function isBuiltinGroup(group: string): boolean {
  return BUILTIN_GROUPS.has(group);
}

export function mergeKeyFor(field: string, items: JsonValue[]): string | undefined {
  if (field === 'ports') {
    const first = items.find(isObject);
    if (!first) return undefined;
    if ('containerPort' in first) return 'containerPort';
    return 'port';
  }
  return MERGE_KEYS[field];
}
