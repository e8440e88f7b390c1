import { describe, expect, it } from 'vitest';
import { inventoryId, type ObjectRef } from '../inventory/object-ref.js';
import type { KubeObject } from '../object/kube-object.js';
import { changeSetEntry, changeSetHasChanges, formatChangeSet } from './change-set.js';
import { excludedFromApply, forceRecreate, withOwnerLabels } from './flux-metadata.js';
import { planPrune, pruneSurvivors } from './plan-prune.js';
import { applyStage } from './reconcile-order.js';

const owner = { name: 'apps', namespace: 'flux-system' };
const ownerLabels = {
  'kustomize.toolkit.fluxcd.io/name': 'apps',
  'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
};
const o = (
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
  extra: { labels?: object; annotations?: object } = {},
): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), ...extra },
});
const ref = (group: string, kind: string, name: string, namespace = ''): ObjectRef => ({
  group,
  kind,
  namespace,
  name,
  version: 'v1',
});

describe('applyStage (flux.md §2 staged apply)', () => {
  it.each([
    ['CRDs are stage 1', 'apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'definitions'],
    ['Namespaces are stage 1', 'v1', 'Namespace', 'definitions'],
    ['ClusterRoles are stage 1', 'rbac.authorization.k8s.io/v1', 'ClusterRole', 'definitions'],
    ['kinds ending in Class are stage 2', 'storage.k8s.io/v1', 'StorageClass', 'classes'],
    ['IngressClass is stage 2', 'networking.k8s.io/v1', 'IngressClass', 'classes'],
    [
      'ClusterRoleBinding is not a definition',
      'rbac.authorization.k8s.io/v1',
      'ClusterRoleBinding',
      'resources',
    ],
    [
      'a CR named like a CRD in another group is not a definition',
      'example.com/v1',
      'CustomResourceDefinition',
      'resources',
    ],
    ['everything else is last', 'apps/v1', 'Deployment', 'resources'],
  ])('%s', (_rule, apiVersion, kind, stage) => {
    expect(applyStage({ apiVersion, kind })).toBe(stage);
  });
  it('custom stage kinds come after classes', () => {
    expect(
      applyStage(
        { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer' },
        new Set(['cert-manager.io/ClusterIssuer']),
      ),
    ).toBe('custom');
  });
});

describe('apply rules: exclusions, force and owner labels', () => {
  const existing = o('v1', 'ConfigMap', 'keep', 'apps');

  it('skips reconcile: disabled and ssa: Ignore (any case, label or annotation), and ssa: IfNotPresent once the object exists', () => {
    const ifNotPresent = o('v1', 'ConfigMap', 'keep', 'apps', { annotations: { 'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent' } });
    expect(excludedFromApply(ifNotPresent, existing)).toBe(true);
    expect(excludedFromApply(ifNotPresent, undefined)).toBe(false);
    expect(excludedFromApply(o('v1', 'Secret', 'ignored', 'apps', { labels: { 'kustomize.toolkit.fluxcd.io/ssa': 'ignore' } }), undefined)).toBe(true);
    expect(excludedFromApply(o('v1', 'ConfigMap', 'off', 'apps', { annotations: { 'kustomize.toolkit.fluxcd.io/reconcile': 'Disabled' } }), undefined)).toBe(true);
    expect(excludedFromApply(o('v1', 'ConfigMap', 'plain', 'apps'), existing)).toBe(false);
  });

  it('an exclusion on the live object counts too (someone marked it in the cluster)', () => {
    const marked = o('v1', 'ConfigMap', 'keep', 'apps', { annotations: { 'kustomize.toolkit.fluxcd.io/reconcile': 'disabled' } });
    expect(excludedFromApply(o('v1', 'ConfigMap', 'keep', 'apps'), marked)).toBe(true);
  });

  it('force recreate comes from spec.force or the kustomize.toolkit.fluxcd.io/force: Enabled annotation', () => {
    const forced = o('batch/v1', 'Job', 'migrate', 'apps', { annotations: { 'kustomize.toolkit.fluxcd.io/force': 'enabled' } });
    const plain = o('batch/v1', 'Job', 'other', 'apps');
    expect(forceRecreate(forced, undefined, false)).toBe(true);
    expect(forceRecreate(plain, undefined, false)).toBe(false);
    expect(forceRecreate(plain, forced, false)).toBe(true);
    expect(forceRecreate(plain, undefined, true)).toBe(true);
  });

  it('sets the owner labels, keeping the object’s own', () => {
    const labelled = withOwnerLabels(o('v1', 'ConfigMap', 'keep', 'apps', { labels: { app: 'x' } }), owner);
    expect((labelled.metadata as { labels: object }).labels).toEqual({ app: 'x', ...ownerLabels });
  });
});

describe('planPrune (flux.md §2 prune safety)', () => {
  const stale = [
    ref('apps', 'Deployment', 'old', 'apps'),
    ref('', 'ConfigMap', 'taken', 'apps'),
    ref('', 'Secret', 'pinned', 'apps'),
    ref('', 'ConfigMap', 'gone', 'apps'),
    ref('', 'ConfigMap', 'ignored', 'apps'),
  ];
  const live = new Map<string, KubeObject>([
    [inventoryId(stale[0] as ObjectRef), o('apps/v1', 'Deployment', 'old', 'apps', { labels: ownerLabels })],
    [
      inventoryId(stale[1] as ObjectRef),
      o('v1', 'ConfigMap', 'taken', 'apps', {
        labels: { ...ownerLabels, 'kustomize.toolkit.fluxcd.io/name': 'other' },
      }),
    ],
    [
      inventoryId(stale[2] as ObjectRef),
      o('v1', 'Secret', 'pinned', 'apps', {
        labels: ownerLabels,
        annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'Disabled' },
      }),
    ],
    [
      inventoryId(stale[4] as ObjectRef),
      o('v1', 'ConfigMap', 'ignored', 'apps', {
        labels: { ...ownerLabels, 'kustomize.toolkit.fluxcd.io/ssa': 'Ignore' },
      }),
    ],
  ]);

  it('deletes only owned, unprotected objects; reports the rest as skipped or already deleted', () => {
    const plan = planPrune({ stale, live, owner, prune: true, applySucceeded: true });
    expect(plan.delete.map((r) => r.name)).toEqual(['old']);
    expect(formatChangeSet(plan.settled)).toBe(
      'Secret/apps/pinned skipped\nConfigMap/apps/taken skipped\nConfigMap/apps/ignored skipped\nConfigMap/apps/gone deleted',
    );
    expect(plan.settled.find((e) => e.ref.name === 'taken')?.reason).toContain('owner labels');
  });

  it('deletes in reverse reconcile order: workloads before Namespaces and CRDs (ssa DeleteAll)', () => {
    const refs = [
      ref('apiextensions.k8s.io', 'CustomResourceDefinition', 'w.example.com'),
      ref('', 'Namespace', 'ns'),
      ref('apps', 'Deployment', 'd', 'ns'),
      ref('example.com', 'W', 'w', 'ns'),
    ];
    const owned = new Map(
      refs.map((r) => [
        inventoryId(r),
        o('v1', r.kind, r.name, r.namespace || undefined, { labels: ownerLabels }),
      ]),
    );
    expect(
      planPrune({ stale: refs, live: owned, owner, prune: true, applySucceeded: true }).delete.map(
        (r) => r.kind,
      ),
    ).toEqual(['W', 'Deployment', 'Namespace', 'CustomResourceDefinition']);
  });

  it('prunes nothing when spec.prune is false or the apply did not fully succeed', () => {
    expect(planPrune({ stale, live, owner, prune: false, applySucceeded: true })).toMatchObject({
      delete: [],
      disabledReason: 'spec.prune is false',
    });
    expect(planPrune({ stale, live, owner, prune: true, applySucceeded: false }).delete).toEqual([]);
  });

  it('an object whose delete was not confirmed survives into the inventory; skipped ones do not', () => {
    const results = [
      changeSetEntry(stale[1] as ObjectRef, 'skipped'),
      changeSetEntry(stale[3] as ObjectRef, 'deleted'),
    ];
    expect(pruneSurvivors(stale, results).map((r) => r.name)).toEqual(['old', 'pinned', 'ignored']);
  });
});

describe('change sets in Flux vocabulary', () => {
  it('formats `Kind/namespace/name action`, cluster-scoped without namespace', () => {
    const entries = [
      changeSetEntry(ref('apps', 'Deployment', 'nginx', 'default'), 'configured'),
      changeSetEntry(ref('', 'Namespace', 'apps'), 'created'),
    ];
    expect(formatChangeSet(entries)).toBe('Deployment/default/nginx configured\nNamespace/apps created');
    expect(changeSetHasChanges(entries)).toBe(true);
    expect(changeSetHasChanges([changeSetEntry(ref('', 'Namespace', 'apps'), 'unchanged')])).toBe(false);
  });
});
