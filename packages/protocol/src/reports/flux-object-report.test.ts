import { describe, expect, it } from 'vitest';
import { parseMessage } from '../parse-message.js';
import { fluxObjectDeleted, fluxObjectReport, type FluxObjectAsRead } from './flux-object-report.js';

const when = '2026-12-03T01:00:00Z';
const sha = `main@sha1:${'a'.repeat(40)}`;
const ready = (status: 'True' | 'False' | 'Unknown', reason: string, message: string) => ({ type: 'Ready', status, reason, message, lastTransitionTime: when, observedGeneration: 2 });

const kustomization: FluxObjectAsRead = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: {
    namespace: 'flux-system',
    name: 'apps',
    generation: 2,
    labels: { 'kustomize.toolkit.fluxcd.io/name': 'flux-system', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' },
  },
  spec: { interval: '10m', path: './apps', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
  status: {
    observedGeneration: 2,
    conditions: [ready('True', 'ReconciliationSucceeded', `Applied revision: ${sha}`)],
    lastAppliedRevision: sha,
    lastAttemptedRevision: sha,
    lastHandledReconcileAt: '2026-12-03T00:59:00Z',
    inventory: { entries: [{ id: 'apps_podinfo_apps_Deployment', v: 'v1' }] },
  },
};

describe('fluxObjectReport', () => {
  it('turns a Kustomization into its status and inventory items, with parent, revision and conditions', () => {
    const r = fluxObjectReport(kustomization, 'cluster');
    expect(r).toEqual({
      ok: true,
      status: {
        kind: 'Kustomization',
        origin: 'cluster',
        namespace: 'flux-system',
        name: 'apps',
        parent: { namespace: 'flux-system', name: 'flux-system' },
        labels: kustomization.metadata.labels,
        suspended: false,
        revision: sha,
        conditions: [ready('True', 'ReconciliationSucceeded', `Applied revision: ${sha}`)],
        lastAppliedRevision: sha,
        lastAttemptedRevision: sha,
        observedGeneration: 2,
        lastHandledReconcileAt: '2026-12-03T00:59:00Z',
      },
      inventory: { kind: 'Kustomization', origin: 'cluster', namespace: 'flux-system', name: 'apps', entries: [{ id: 'apps_podinfo_apps_Deployment', v: 'v1' }] },
    });
    // What the helper makes is what the protocol accepts.
    if (!r.ok) return;
    expect(parseMessage('status', { seq: 1, items: [r.status] }).ok).toBe(true);
    expect(parseMessage('inventory', { seq: 2, items: [r.inventory] }).ok).toBe(true);
  });

  it('reports the object’s labels (what Alerts’ matchLabels select on), at most 64 sorted by key, so a heavily labelled object never makes the batch invalid', () => {
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`team.example.com/l${String(i).padStart(2, '0')}`, `v${i}`]));
    const r = fluxObjectReport({ ...kustomization, metadata: { ...kustomization.metadata, labels: many } }, 'cluster');
    if (!r.ok) throw new Error('not reported');
    expect(Object.keys(r.status.labels ?? {})).toHaveLength(64);
    expect(r.status.labels?.['team.example.com/l00']).toBe('v0');
    expect(r.status.labels?.['team.example.com/l79']).toBeUndefined();
    expect(parseMessage('status', { seq: 1, items: [r.status] }).ok).toBe(true);
    const none = fluxObjectReport({ ...kustomization, metadata: { namespace: 'flux-system', name: 'apps' } }, 'cluster');
    expect(none.ok && none.status.labels).toEqual({});
  });

  it('the hub refuses a status item whose labels are not Kubernetes labels or are too many', () => {
    const item = (labels: Record<string, string>) => ({ namespace: 'flux-system', name: 'apps', conditions: [], observedGeneration: 0, labels });
    expect(parseMessage('status', { seq: 1, items: [item({ team: 'a', 'app.kubernetes.io/part-of': 'shop' })] }).ok).toBe(true);
    expect(parseMessage('status', { seq: 1, items: [item({ 'bad key!': 'a' })] }).ok).toBe(false);
    expect(parseMessage('status', { seq: 1, items: [item({ team: 'x'.repeat(64) })] }).ok).toBe(false);
    expect(parseMessage('status', { seq: 1, items: [item(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, 'v'])))] }).ok).toBe(false);
  });

  it('takes a source’s revision from status.artifact, and a suspended spec', () => {
    const r = fluxObjectReport(
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { namespace: 'flux-system', name: 'flux-system' },
        spec: { url: 'https://example.com/fleet.git', interval: '1m', suspend: true },
        status: { observedGeneration: 1, artifact: { revision: sha, digest: `sha256:${'b'.repeat(64)}`, path: 'p', url: 'u', lastUpdateTime: when } },
      },
      'cluster',
    );
    expect(r.ok && r.status).toMatchObject({ kind: 'GitRepository', suspended: true, revision: sha, conditions: [] });
    expect(r.ok && 'inventory' in r).toBe(false);
    expect(r.ok && r.status.parent).toBeUndefined();
  });

  it('takes a HelmRelease’s revision from its latest release’s chart version', () => {
    const r = fluxObjectReport(
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { namespace: 'apps', name: 'podinfo' },
        status: { history: [{ chartVersion: '6.5.4' }, { chartVersion: '6.5.3' }], lastAttemptedRevision: '6.5.4' },
      },
      'cluster',
    );
    expect(r.ok && r.status).toMatchObject({ revision: '6.5.4', lastAttemptedRevision: '6.5.4', observedGeneration: 0 });
  });

  it('carries a HelmRelease’s history and last attempt as helm-controller writes them (flux.md HelmRelease status: history, lastAttempted*, failure counters), and the hub’s schema takes them', () => {
    const snapshot = {
      name: 'podinfo', namespace: 'apps', version: 2, status: 'deployed', chartName: 'podinfo', chartVersion: '6.5.4', appVersion: '6.5.4',
      configDigest: `sha256:${'c'.repeat(64)}`, digest: `sha256:${'d'.repeat(64)}`, firstDeployed: when, lastDeployed: when,
      testHooks: { 'podinfo-test': { lastStarted: when, lastCompleted: when, phase: 'Succeeded' } },
    };
    const r = fluxObjectReport(
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { namespace: 'apps', name: 'podinfo' },
        status: {
          conditions: [ready('False', 'UpgradeFailed', 'Helm upgrade failed')],
          // The agent writes '' for a time helm never set; a broken snapshot (no version) is left out.
          history: [snapshot, { ...snapshot, version: 1, status: 'superseded', firstDeployed: '', lastDeployed: '0001-01-01T00:00:00Z', testHooks: undefined }, { chartVersion: 'x' }],
          lastAttemptedRevision: '6.5.4', lastAttemptedConfigDigest: snapshot.configDigest, lastAttemptedReleaseAction: 'upgrade',
          failures: 2, upgradeFailures: 2, installFailures: 0, storageNamespace: 'apps',
        },
      },
      'hub',
    );
    expect(r.ok && r.status.helm).toEqual({
      history: [
        { version: 2, status: 'deployed', chartName: 'podinfo', chartVersion: '6.5.4', appVersion: '6.5.4', configDigest: snapshot.configDigest, digest: snapshot.digest, firstDeployed: when, lastDeployed: when, testHooks: snapshot.testHooks },
        { version: 1, status: 'superseded', chartName: 'podinfo', chartVersion: '6.5.4', appVersion: '6.5.4', configDigest: snapshot.configDigest, digest: snapshot.digest },
      ],
      lastAttemptedConfigDigest: snapshot.configDigest,
      lastAttemptedReleaseAction: 'upgrade',
      failures: 2,
      upgradeFailures: 2,
      storageNamespace: 'apps',
    });
    expect(r.ok && parseMessage('status', { seq: 1, items: [r.status] }).ok).toBe(true);
    // Other kinds carry no helm part.
    const k = fluxObjectReport(kustomization, 'cluster');
    expect(k.ok && k.status).not.toHaveProperty('helm');
  });

  it('reads a never-reconciled object (observedGeneration -1, no status) as observed 0 with no conditions', () => {
    const r = fluxObjectReport({ ...kustomization, status: { observedGeneration: -1 } }, 'hub');
    expect(r.ok && r.status).toMatchObject({ origin: 'hub', observedGeneration: 0, conditions: [] });
    expect(r.ok && r.status.revision).toBeUndefined();
  });

  it('keeps legacy apiVersions of a Flux group (v1beta2 repositories still apply)', () => {
    expect(fluxObjectReport({ ...kustomization, apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta2' }, 'cluster').ok).toBe(true);
  });

  it('refuses kinds that are not Flux’s, or a Flux kind name in another group', () => {
    const deployment = fluxObjectReport({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { namespace: 'a', name: 'b' } }, 'cluster');
    expect(deployment).toEqual({ ok: false, error: { code: 'NOT_A_FLUX_KIND', message: 'apps/v1 Deployment is not a Flux kind' } });
    const impostor = fluxObjectReport({ ...kustomization, apiVersion: 'kustomize.config.k8s.io/v1beta1' }, 'cluster');
    expect(impostor.ok || impostor.error.code).toBe('NOT_A_FLUX_KIND');
    const proto = fluxObjectReport({ ...kustomization, kind: 'toString' }, 'cluster');
    expect(proto.ok || proto.error.code).toBe('NOT_A_FLUX_KIND');
  });

  it('refuses an object without a namespace', () => {
    const r = fluxObjectReport({ ...kustomization, metadata: { name: 'apps' } }, 'cluster');
    expect(r.ok || r.error.code).toBe('OBJECT_UNNAMED');
  });

  it('drops conditions that are not Flux-shaped, cuts long messages and cleans text Postgres refuses', () => {
    const r = fluxObjectReport(
      {
        ...kustomization,
        status: {
          conditions: [
            { type: 'Ready', status: 'Maybe', reason: 'X', message: 'bad status', lastTransitionTime: when },
            ready('False', 'BuildFailed', `kustomize build failed: ${'x'.repeat(40_000)}\u0000\uD800`),
          ],
          lastHandledReconcileAt: 'not a time',
        },
      },
      'cluster',
    );
    if (!r.ok) throw new Error('expected ok');
    expect(r.status.conditions).toHaveLength(1);
    expect(r.status.conditions[0]!.message.length).toBeLessThanOrEqual(32_768);
    expect(r.status.conditions[0]!.message).not.toContain('\u0000');
    expect(r.status.lastHandledReconcileAt).toBeUndefined();
    expect(parseMessage('status', { seq: 1, items: [r.status] }).ok).toBe(true);
  });
});

describe('fluxObjectDeleted', () => {
  it('makes the item that tells the hub an object left the cluster', () => {
    const item = fluxObjectDeleted({ kind: 'GitRepository', namespace: 'flux-system', name: 'old' }, 'cluster');
    expect(parseMessage('status', { seq: 1, items: [item] })).toEqual({ ok: true, message: { seq: 1, items: [item] } });
  });
});

describe('status and inventory items', () => {
  const legacy = { namespace: 'flotilla-system', name: 'apps', conditions: [], observedGeneration: 1 };

  it('still accept today’s items without kind or origin (hub-placed Kustomizations)', () => {
    expect(parseMessage('status', { seq: 1, items: [legacy] })).toEqual({ ok: true, message: { seq: 1, items: [legacy] } });
    expect(parseMessage('inventory', { seq: 1, items: [{ namespace: 'n', name: 'a', entries: [] }] }).ok).toBe(true);
  });

  it('refuse a kind outside FLUX_KINDS and an unknown origin', () => {
    expect(parseMessage('status', { seq: 1, items: [{ ...legacy, kind: 'Deployment' }] }).ok).toBe(false);
    expect(parseMessage('status', { seq: 1, items: [{ ...legacy, origin: 'somewhere' }] }).ok).toBe(false);
    expect(parseMessage('inventory', { seq: 1, items: [{ namespace: 'n', name: 'a', kind: 'Secret', entries: [] }] }).ok).toBe(false);
  });

  it('refuse names and namespaces the API server would not admit (the hub shows and parses them)', () => {
    for (const bad of [{ name: 'a_b' }, { name: 'A' }, { name: 'a/b' }, { namespace: 'a.b' }, { namespace: 'x'.repeat(64) }]) {
      expect(parseMessage('status', { seq: 1, items: [{ ...legacy, ...bad }] }).ok, JSON.stringify(bad)).toBe(false);
    }
    expect(parseMessage('status', { seq: 1, items: [{ ...legacy, kind: 'HelmRelease', origin: 'cluster', parent: { namespace: 'flux-system', name: 'Apps' } }] }).ok).toBe(false);
    expect(parseMessage('suspend', { kind: 'Bucket', namespace: 'n', name: 'b..c' }).ok).toBe(false);
  });

  it('refuse a deleted item that says deleted: false, and a deleted item without a name', () => {
    expect(parseMessage('status', { seq: 1, items: [{ kind: 'Bucket', namespace: 'n', name: 'b', deleted: false }] }).ok).toBe(false);
    expect(parseMessage('status', { seq: 1, items: [{ kind: 'Bucket', namespace: 'n', deleted: true }] }).ok).toBe(false);
  });

  it('carry any Flux kind in reconcile, suspend and resume, and nothing else', () => {
    expect(parseMessage('reconcile', { kind: 'OCIRepository', namespace: 'n', name: 'o', requestedAt: when }).ok).toBe(true);
    expect(parseMessage('suspend', { kind: 'Kustomization', namespace: 'n', name: 'k' }).ok).toBe(true);
    expect(parseMessage('suspend', { kind: 'Deployment', namespace: 'n', name: 'k' }).ok).toBe(false);
    expect(parseMessage('resume', { kind: 'HelmRelease', namespace: 'n', name: 'h' }, { version: 2 }).ok).toBe(false);
  });
});
