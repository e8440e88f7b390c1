import type { Resource } from './resource.js';
import { gvkString } from './resource.js';

export const DEFAULT_ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role',
  'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange',
  'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
export const DEFAULT_ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** kustomize's legacy ordering: kinds first/last, then group_version_kind, namespace, name. */
export function legacySort(resources: Resource[], orderFirst = DEFAULT_ORDER_FIRST, orderLast = DEFAULT_ORDER_LAST): Resource[] {
  const rank = new Map<string, number>();
  orderFirst.forEach((k, i) => rank.set(k, -orderFirst.length + i));
  orderLast.forEach((k, i) => rank.set(k, 1 + i));
  const keyed = resources.map((r) => {
    const id = r.curId();
    const g = gvkString(id);
    return { r, rank: rank.get(id.kind) ?? 0, g, kind: id.kind, group: id.group, s: `${g}|${id.namespace || '~X'}|${id.name || '~N'}` };
  });
  keyed.sort((a, b) => {
    if (a.g !== b.g) {
      if (a.rank !== b.rank) return a.rank - b.rank;
      // kustomize's quirk: two Namespace kinds, one of them in the core group, compare in reverse.
      if (a.kind === 'Namespace' && b.kind === 'Namespace' && (a.group === '' || b.group === '')) return cmp(b.g, a.g);
      return cmp(a.g, b.g);
    }
    return cmp(a.s, b.s);
  });
  return keyed.map((k) => k.r);
}
