import type { ObjectRef } from '../inventory/object-ref.js';

// fluxcd/pkg/ssa's ReconcileOrder: kinds listed first (in this order), kinds listed last, everything else in
// between; then group, kind, namespace and name. Used to list inventories and stale objects stably.
const FIRST = [
  'CustomResourceDefinition',
  'Namespace',
  'ClusterRole',
  'ClusterClass',
  'RuntimeClass',
  'PriorityClass',
  'StorageClass',
  'VolumeSnapshotClass',
  'IngressClass',
  'GatewayClass',
  'ClusterRoleBinding',
  'ResourceQuota',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'ConfigMap',
  'Secret',
  'Service',
  'LimitRange',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
const KIND_INDEX = new Map<string, number>([
  ...FIRST.map((k, i) => [k, i - FIRST.length] as const),
  ...LAST.map((k, i) => [k, i + 1] as const),
]);

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareRefs(
  a: Pick<ObjectRef, 'group' | 'kind' | 'namespace' | 'name'>,
  b: Pick<ObjectRef, 'group' | 'kind' | 'namespace' | 'name'>,
): number {
  if (a.group !== b.group || a.kind !== b.kind) {
    const ia = KIND_INDEX.get(a.kind) ?? 0;
    const ib = KIND_INDEX.get(b.kind) ?? 0;
    if (ia !== ib) return ia - ib;
    return a.group !== b.group ? cmp(a.group, b.group) : cmp(a.kind, b.kind);
  }
  return a.namespace !== b.namespace ? cmp(a.namespace, b.namespace) : cmp(a.name, b.name);
}

export type ApplyStage = 'definitions' | 'classes' | 'custom' | 'resources';

/**
 * The server-side apply stage of an object (fluxcd/pkg/ssa ApplyAllStaged): CRDs, Namespaces and ClusterRoles
 * first (then wait until they are ready), kinds ending in `Class` next (then wait), optional custom stage
 * kinds (`group/Kind` or `Kind` for core), then everything else.
 */
export function applyStage(
  ref: { apiVersion: string; kind: string },
  customStageKinds: ReadonlySet<string> = new Set(),
): ApplyStage {
  const kind = ref.kind.toLowerCase();
  if (kind === 'customresourcedefinition' && ref.apiVersion.startsWith('apiextensions.k8s.io/'))
    return 'definitions';
  if (kind === 'namespace' && ref.apiVersion === 'v1') return 'definitions';
  if (kind === 'clusterrole' && ref.apiVersion.startsWith('rbac.authorization.k8s.io/')) return 'definitions';
  if (ref.kind.endsWith('Class')) return 'classes';
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  if (customStageKinds.has(group ? `${group}/${ref.kind}` : ref.kind)) return 'custom';
  return 'resources';
}

/** Stages that must be ready before the next stage is applied. */
export const WAIT_AFTER_STAGE: Readonly<Record<ApplyStage, boolean>> = {
  definitions: true,
  classes: true,
  custom: false,
  resources: false,
};
export const STAGE_ORDER: readonly ApplyStage[] = ['definitions', 'classes', 'custom', 'resources'];
