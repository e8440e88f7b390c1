import { describe, expect, it } from 'vitest';
import { toKustomizationSpec } from './to-kustomization-spec.js';

const base = { sourceRef: { kind: 'GitRepository', name: 'repo' }, interval: '5m', prune: true };

describe('toKustomizationSpec (Flux Kustomization v1 field names and defaults)', () => {
  it('converts Go durations; retryInterval and timeout default to the interval later (retryIntervalOf/timeoutOf)', () => {
    const r = toKustomizationSpec({ ...base, retryInterval: '30s', path: './clusters/my-cluster' }, 'flotilla-system', {});
    expect(r).toMatchObject({ ok: true, spec: { intervalMs: 300_000, retryIntervalMs: 30_000, prune: true, path: './clusters/my-cluster' } });
    expect(r.ok && r.spec.timeoutMs).toBeUndefined();
  });

  it('Flux defaults: force false, substituteFrom optional false', () => {
    const r = toKustomizationSpec({ ...base, postBuild: { substituteFrom: [{ kind: 'ConfigMap', name: 'vars' }] } }, 'ns', {});
    expect(r.ok && r.spec.force).toBe(false);
    expect(r.ok && r.spec.postBuild?.substituteFrom).toEqual([{ kind: 'ConfigMap', name: 'vars', optional: false }]);
  });

  it('sourceRef without namespace means the Kustomization’s own namespace', () => {
    expect(toKustomizationSpec(base, 'team-a', {})).toMatchObject({ ok: true, sourceRef: { kind: 'GitRepository', name: 'repo', namespace: 'team-a' } });
    expect(toKustomizationSpec({ ...base, sourceRef: { ...base.sourceRef, namespace: 'shared' } }, 'team-a', {})).toMatchObject({ sourceRef: { namespace: 'shared' } });
  });

  it.each(['GitRepository', 'OCIRepository', 'Bucket', 'ExternalArtifact'])('accepts every Flux source kind: %s', (kind) => {
    expect(toKustomizationSpec({ ...base, sourceRef: { kind, name: 'src', apiVersion: 'source.toolkit.fluxcd.io/v1' } }, 'ns', {})).toMatchObject({ ok: true, sourceRef: { kind, name: 'src', namespace: 'ns' } });
  });

  it('cluster variables join substitution only when the spec has postBuild, as Flux substitutes only then', () => {
    const vars = { cluster_name: 'edge-1' };
    expect(toKustomizationSpec(base, 'ns', vars)).toMatchObject({ ok: true, spec: { intervalMs: 300_000 } });
    expect((toKustomizationSpec(base, 'ns', vars) as { spec: { clusterVariables?: unknown } }).spec.clusterVariables).toBeUndefined();
    expect(toKustomizationSpec({ ...base, postBuild: {} }, 'ns', vars)).toMatchObject({ ok: true, spec: { clusterVariables: vars } });
  });

  it('carries every field the agent acts on, with Flux’s names', () => {
    const full = {
      ...base,
      path: './apps',
      timeout: '2m',
      wait: true,
      force: true,
      suspend: false,
      targetNamespace: 'apps',
      namePrefix: 'p-',
      nameSuffix: '-s',
      commonMetadata: { labels: { team: 'a' }, annotations: { note: 'x' } },
      patches: [{ patch: 'kind: Deployment', target: { group: 'apps', version: 'v1', kind: 'Deployment', name: 'web', namespace: 'apps', labelSelector: 'a=b', annotationSelector: 'c=d' } }],
      images: [{ name: 'nginx', newName: 'mirror/nginx', newTag: '1.27', digest: 'sha256:abc' }],
      components: ['../components/a'],
      ignoreMissingComponents: true,
      buildMetadata: ['originAnnotations'],
      dependsOn: [{ name: 'infra', namespace: 'flux-system', readyExpr: "dep.status.conditions.exists(c, c.type == 'Ready')" }],
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'apps' }],
      healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', current: 'true', inProgress: 'false', failed: 'false' }],
      postBuild: { substitute: { a: 'b' }, substituteFrom: [{ kind: 'Secret', name: 's', optional: true }], substituteStrategy: 'Always' },
      decryption: { provider: 'sops', secretRef: { name: 'sops-age' } },
      serviceAccountName: 'deployer',
      deletionPolicy: 'WaitForTermination',
    };
    const r = toKustomizationSpec(full, 'ns', {});
    expect(r.ok).toBe(true);
    const { sourceRef: _s, interval: _i, timeout: _t, ...rest } = full;
    expect(r.ok && r.spec).toEqual({ ...rest, intervalMs: 300_000, timeoutMs: 120_000 });
  });

  it.each([
    [{ ...base, interval: '5 minutes' }, 'spec.interval', 'ReconciliationFailed'],
    [{ ...base, prune: undefined }, 'spec.prune', 'ReconciliationFailed'],
    [{ ...base, sourceRef: { kind: 'HelmRepository', name: 'x' } }, 'spec.sourceRef.kind', 'ReconciliationFailed'],
    [{ ...base, dependsOn: [{ namespace: 'x' }] }, 'spec.dependsOn.0.name', 'ReconciliationFailed'],
    [{ ...base, interval: '0s' }, 'spec.interval', 'ReconciliationFailed'],
    [{ ...base, deletionPolicy: 'Keep' }, 'spec.deletionPolicy', 'ReconciliationFailed'],
  ])('a bad spec names the field (%#)', (raw, field, reason) => {
    const r = toKustomizationSpec(raw, 'ns', {});
    expect(r).toMatchObject({ ok: false, field, reason });
    expect(!r.ok && r.message.startsWith(`${field}: `)).toBe(true);
  });

  it.each([
    // Flux: a healthCheckExprs or readyExpr that does not parse is terminal (InvalidCELExpression, Stalled).
    [{ ...base, healthCheckExprs: [{ apiVersion: 'a.io/v1', kind: 'X', current: 'status.(' }] }, 'spec.healthCheckExprs', 'InvalidCELExpression', /Reconciliation failed terminally due to configuration error: healthCheckExprs\[0\]\.current/],
    [{ ...base, dependsOn: [{ name: 'a' }, { name: 'b', readyExpr: 'dep.(' }] }, 'spec.dependsOn.1.readyExpr', 'InvalidCELExpression', /failed to evaluate dependency b/],
    // Flux with its ObjectLevelWorkloadIdentity gate off (the default) refuses decryption.serviceAccountName.
    [{ ...base, decryption: { provider: 'sops', serviceAccountName: 'kms' } }, 'spec.decryption.serviceAccountName', 'FeatureGateDisabled', /ObjectLevelWorkloadIdentity/],
    [{ ...base, kubeConfig: { secretRef: { name: 'remote' } } }, 'spec.kubeConfig', 'UnsupportedField', /spec\.kubeConfig is not supported/],
    [{ ...base, ignore: [{ paths: ['/spec/replicas'] }] }, 'spec.ignore', 'UnsupportedField', /spec\.ignore is not supported/],
    [{ ...base, buildMetadata: ['transformerAnnotations'] }, 'spec.buildMetadata', 'UnsupportedField', /transformerAnnotations/],
  ])('a field the agent cannot honour is refused by name (%#)', (raw, field, reason, message) => {
    const r = toKustomizationSpec(raw, 'ns', {});
    expect(r).toMatchObject({ ok: false, field, reason });
    expect(!r.ok && r.message).toMatch(message);
  });
});
