import { describe, expect, it } from 'vitest';
import { toKustomizationSpec } from './to-kustomization-spec.js';

const base = { sourceRef: { kind: 'GitRepository', name: 'repo' }, interval: '5m', prune: true };

describe('toKustomizationSpec (flux.md §1.6 field names and defaults)', () => {
  it('converts Go durations; retryInterval and timeout default to the interval later (retryIntervalOf/timeoutOf)', () => {
    const r = toKustomizationSpec({ ...base, retryInterval: '30s', path: './clusters/my-cluster' }, 'flotilla-system', {});
    expect(r).toMatchObject({ ok: true, spec: { intervalMs: 300_000, retryIntervalMs: 30_000, prune: true, path: './clusters/my-cluster' } });
    expect(r.ok && r.spec.timeoutMs).toBeUndefined();
  });

  it('sourceRef without namespace means the Kustomization’s own namespace', () => {
    expect(toKustomizationSpec(base, 'team-a', {})).toMatchObject({ ok: true, sourceRef: { kind: 'GitRepository', name: 'repo', namespace: 'team-a' } });
    expect(toKustomizationSpec({ ...base, sourceRef: { ...base.sourceRef, namespace: 'shared' } }, 'team-a', {})).toMatchObject({ sourceRef: { namespace: 'shared' } });
  });

  it('cluster variables join substitution only when the spec has postBuild, as Flux substitutes only then', () => {
    const vars = { cluster_name: 'edge-1' };
    expect(toKustomizationSpec(base, 'ns', vars)).toMatchObject({ ok: true, spec: { intervalMs: 300_000 } });
    expect((toKustomizationSpec(base, 'ns', vars) as { spec: { clusterVariables?: unknown } }).spec.clusterVariables).toBeUndefined();
    expect(toKustomizationSpec({ ...base, postBuild: {} }, 'ns', vars)).toMatchObject({ ok: true, spec: { clusterVariables: vars } });
  });

  it.each([
    [{ ...base, interval: '5 minutes' }, 'spec.interval'],
    [{ ...base, prune: undefined }, 'spec.prune'],
    [{ ...base, sourceRef: { kind: 'HelmRepository', name: 'x' } }, 'spec.sourceRef.kind'],
    [{ ...base, dependsOn: [{ namespace: 'x' }] }, 'spec.dependsOn.0.name'],
    [{ ...base, interval: '0s' }, 'spec.interval'],
  ])('a bad spec names the field (%#)', (raw, field) => {
    const r = toKustomizationSpec(raw as Record<string, unknown>, 'ns', {});
    expect(r).toMatchObject({ ok: false, field });
    expect(!r.ok && r.message.startsWith(`${field}: `)).toBe(true);
  });
});
