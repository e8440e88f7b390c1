import { describe, expect, it } from 'vitest';
import { fluxObjectState } from './flux-object-state.js';
import { eventRows, inventoryRows, statusRows } from './report-rows.js';
import { parseRetention } from './retention-duration.js';

const condition = { type: 'Ready', status: 'True' as const, reason: 'ReconciliationSucceeded', message: 'ok', lastTransitionTime: '2026-11-21T00:00:00Z' };

describe('report rows', () => {
  it('keeps the last item per Kustomization in a batch (one statement cannot update a row twice)', () => {
    const rows = statusRows([
      { namespace: 'ns', name: 'a', conditions: [condition], observedGeneration: 1 },
      { namespace: 'ns', name: 'b', conditions: [], observedGeneration: 1 },
      { namespace: 'ns', name: 'a', conditions: [condition], observedGeneration: 2, lastAppliedRevision: 'main@sha1:x' },
    ]);
    expect(rows.map((r) => [r.name, r.observedGeneration, r.lastAppliedRevision])).toEqual([
      ['a', 2, 'main@sha1:x'],
      ['b', 1, null],
    ]);
    expect(inventoryRows([{ namespace: 'ns', name: 'a', entries: [{ id: 'x', v: 'v1' }] }, { namespace: 'ns', name: 'a', entries: [] }])).toEqual([
      { kind: 'Kustomization', origin: 'hub', namespace: 'ns', name: 'a', inventory: [] },
    ]);
  });

  it('stores each workload image with its repository, tag and digest (kustomize’s image split)', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const [row] = inventoryRows([
      {
        namespace: 'ns',
        name: 'a',
        entries: [
          { id: 'ns_web_apps_Deployment', v: 'v1', images: ['nginx:1.25.3', `127.0.0.1:5000/org/app@${digest}`] },
          { id: 'ns_cfg__ConfigMap', v: 'v1' },
        ],
      },
    ]);
    expect(row?.inventory).toEqual([
      {
        id: 'ns_web_apps_Deployment',
        v: 'v1',
        images: [
          { ref: 'nginx:1.25.3', name: 'nginx', tag: '1.25.3', digest: '' },
          { ref: `127.0.0.1:5000/org/app@${digest}`, name: '127.0.0.1:5000/org/app', tag: '', digest },
        ],
      },
      { id: 'ns_cfg__ConfigMap', v: 'v1' },
    ]);
  });

  it('reads items without kind or origin as hub-placed Kustomizations, and keeps objects of other kinds apart', () => {
    const rows = statusRows([
      { namespace: 'ns', name: 'a', conditions: [condition], observedGeneration: 1, lastAppliedRevision: 'main@sha1:x' },
      { kind: 'GitRepository', origin: 'cluster', namespace: 'ns', name: 'a', conditions: [], observedGeneration: 1, suspended: true, revision: 'main@sha1:y' },
      { kind: 'Bucket', origin: 'cluster', namespace: 'ns', name: 'gone', deleted: true },
    ]);
    expect(rows.map((r) => [r.kind, r.origin, r.ready, r.state, r.revision, r.suspended, r.deleted])).toEqual([
      ['Kustomization', 'hub', 'True', 'ready', 'main@sha1:x', null, false],
      ['GitRepository', 'cluster', 'Unknown', 'suspended', 'main@sha1:y', true, false],
      ['Bucket', 'cluster', 'Unknown', 'progressing', null, null, true],
    ]);
  });

  it('takes Ready’s status, reason and message and the parent Kustomization', () => {
    const [row] = statusRows([
      {
        kind: 'HelmRelease',
        origin: 'cluster',
        namespace: 'apps',
        name: 'podinfo',
        parent: { namespace: 'flux-system', name: 'apps' },
        conditions: [{ ...condition, status: 'False', reason: 'InstallFailed', message: 'timed out' }],
        observedGeneration: 3,
      },
    ]);
    expect(row).toMatchObject({ ready: 'False', readyReason: 'InstallFailed', readyMessage: 'timed out', state: 'failing', parentNamespace: 'flux-system', parentName: 'apps' });
  });

  it('keeps a HelmRelease’s history and last attempt, and no helm part for other kinds or deletions', () => {
    const helm = { history: [{ version: 1, status: 'failed', chartName: 'demo', chartVersion: '1.0.0', configDigest: 'sha256:c' }], failures: 1, installFailures: 1, lastAttemptedReleaseAction: 'install' };
    const rows = statusRows([
      { kind: 'HelmRelease', origin: 'hub', namespace: 'flotilla-system', name: 'demo', conditions: [], observedGeneration: 1, helm },
      { kind: 'Kustomization', origin: 'hub', namespace: 'flotilla-system', name: 'apps', conditions: [], observedGeneration: 1, helm },
      { kind: 'HelmRelease', origin: 'hub', namespace: 'flotilla-system', name: 'gone', deleted: true },
    ]);
    expect(rows.map((r) => [r.name, r.helm])).toEqual([
      ['demo', helm],
      ['apps', null],
      ['gone', null],
    ]);
  });
});

describe('fluxObjectState', () => {
  it('is suspended before anything else, then follows Ready', () => {
    expect(fluxObjectState('True', true)).toBe('suspended');
    expect(fluxObjectState('True', false)).toBe('ready');
    expect(fluxObjectState('False', false)).toBe('failing');
    expect(fluxObjectState('Unknown', false)).toBe('progressing');
    expect(fluxObjectState(undefined, false)).toBe('progressing');
  });

  it('removes NUL characters and replaces lone surrogates, which Postgres text and jsonb refuse (else the batch could never be written)', () => {
    const [row] = eventRows([{ involvedObject: { kind: 'Kustomization', name: 'a' }, severity: 'error', reason: 'BuildFailed', message: 'bad\u0000 yaml in missing-\ud800.yaml', timestamp: '2026-11-21T00:00:00Z' }]);
    expect(row).toEqual({ kind: 'Kustomization', namespace: null, name: 'a', severity: 'error', reason: 'BuildFailed', message: 'bad yaml in missing-\ufffd.yaml', revision: null, occurredAt: '2026-11-21T00:00:00Z' });
    const [status] = statusRows([{ namespace: 'ns', name: 'a', conditions: [{ ...condition, message: 'x\udc00\u0000' }], observedGeneration: 1 }]);
    expect(status!.conditions).toEqual([{ ...condition, message: 'x\ufffd' }]);
  });

  it('cleans every text a status or event row stores, field by field, and leaves the validated items as they were', () => {
    const bad = 'x\u0000\ud800';
    const item = {
      kind: 'HelmRelease' as const,
      origin: 'cluster' as const,
      namespace: `ns${bad}`,
      name: `a${bad}`,
      parent: { namespace: `p${bad}`, name: `k${bad}` },
      labels: { [`team${bad}`]: `v${bad}` },
      revision: `r${bad}`,
      lastAppliedRevision: `la${bad}`,
      lastAttemptedRevision: `lt${bad}`,
      lastHandledReconcileAt: `t${bad}`,
      conditions: [{ ...condition, reason: `re${bad}`, message: `m${bad}` }],
      observedGeneration: 1,
      helm: { history: [{ version: 1, status: `deployed${bad}`, chartName: 'demo', chartVersion: '1.0.0', configDigest: 'sha256:c' }], failures: 0, installFailures: 0 },
    };
    const before = structuredClone(item);
    const [row] = statusRows([item]);
    const fixed = 'x\ufffd';
    expect(row).toMatchObject({
      namespace: `ns${fixed}`,
      name: `a${fixed}`,
      parentNamespace: `p${fixed}`,
      parentName: `k${fixed}`,
      labels: { [`team${fixed}`]: `v${fixed}` },
      readyReason: `re${fixed}`,
      readyMessage: `m${fixed}`,
      revision: `r${fixed}`,
      lastAppliedRevision: `la${fixed}`,
      lastAttemptedRevision: `lt${fixed}`,
      lastHandledReconcileAt: `t${fixed}`,
      conditions: [{ ...condition, reason: `re${fixed}`, message: `m${fixed}` }],
      helm: { history: [{ status: `deployed${fixed}` }] },
    });
    expect(item).toEqual(before);
    const [deleted] = statusRows([{ namespace: `ns${bad}`, name: `gone${bad}`, deleted: true }]);
    expect(deleted).toMatchObject({ namespace: `ns${fixed}`, name: `gone${fixed}` });
    const event = { involvedObject: { kind: `K${bad}`, namespace: `ns${bad}`, name: `a${bad}` }, severity: 'info' as const, reason: `R${bad}`, message: `m${bad}`, revision: `r${bad}`, timestamp: '2026-11-21T00:00:00Z' };
    expect(eventRows([event])).toEqual([
      { kind: `K${fixed}`, namespace: `ns${fixed}`, name: `a${fixed}`, severity: 'info', reason: `R${fixed}`, message: `m${fixed}`, revision: `r${fixed}`, occurredAt: '2026-11-21T00:00:00Z' },
    ]);
  });

  it('caps observedGeneration at the int4 column range instead of failing the whole batch', () => {
    expect(statusRows([{ namespace: 'ns', name: 'a', conditions: [], observedGeneration: 2 ** 40 }])[0]!.observedGeneration).toBe(2_147_483_647);
  });
});

describe('parseRetention (FLOTILLA_EVENT_RETENTION)', () => {
  it('reads Go duration units plus d', () => {
    expect(parseRetention('7d')).toBe(7 * 86_400_000);
    expect(parseRetention('1d12h')).toBe(36 * 3_600_000);
    expect(parseRetention('90m')).toBe(5_400_000);
    expect(parseRetention(' 1.5h ')).toBe(5_400_000);
    expect(parseRetention('400d')).toBe(400 * 86_400_000);
    expect(parseRetention('1h30m10s')).toBe(5_410_000);
  });

  it.each(['', '7', 'seven days', '7w', '-1d', '+1d', '0s', '1.5d', 'd', '100ns'])('refuses %j', (text) => {
    expect(parseRetention(text)).toBeUndefined();
  });
});
