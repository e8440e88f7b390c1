import { beforeAll, describe, expect, it } from 'vitest';
import { EVERY_KUSTOMIZATION_FIELD } from '@flotilla/protocol/flux/testing';
import { timeoutOf } from '../reconcile/kustomization-spec.js';
import { loadCel } from '@flotilla/reconcile-core';
import { toKustomizationSpec } from './to-kustomization-spec.js';

const base = { sourceRef: { kind: 'GitRepository', name: 'repo' }, interval: '5m', prune: true };

// Its callers load the CEL runtime first when the spec has expressions (loadCelFor); these tests have some.
beforeAll(loadCel);

describe('toKustomizationSpec (Flux Kustomization v1 field names and defaults)', () => {
  it('converts Go durations; retryInterval defaults to the interval later (retryIntervalOf), the timeout is worked out here', () => {
    const r = toKustomizationSpec({ ...base, retryInterval: '30s', path: './clusters/my-cluster' }, 'flotilla-system');
    expect(r).toMatchObject({ ok: true, spec: { intervalMs: 300_000, retryIntervalMs: 30_000, timeoutMs: 270_000, prune: true, path: './clusters/my-cluster' } });
  });

  describe('(flux.md §2: timeout defaults to interval − 30s, floor 30s)', () => {
    const timeoutMsOf = (spec: Record<string, unknown>) => {
      const r = toKustomizationSpec({ ...base, ...spec }, 'ns');
      if (!r.ok) throw new Error(r.message);
      return r.spec.timeoutMs;
    };
    it.each([
      ['spec.timeout when set', { interval: '5m', timeout: '2m' }, 120_000],
      ['spec.timeout above the interval', { interval: '1m', timeout: '10m' }, 600_000],
      ['the interval less 30s without a timeout', { interval: '5m' }, 270_000],
      ['the floor when the interval less 30s is below 30s', { interval: '45s' }, 30_000],
      ['the floor when the interval is below 30s', { interval: '10s' }, 30_000],
      ['the floor when spec.timeout is below 30s', { interval: '10m', timeout: '8s' }, 30_000],
      ['exactly 30s', { interval: '1m' }, 30_000],
    ])('%s', (_name, spec, expected) => {
      expect(timeoutMsOf(spec)).toBe(expected);
    });

    it('the pipeline uses a timeout already worked out as given, and applies the same rule when it is absent', () => {
      expect(timeoutOf({ prune: true, intervalMs: 600_000, timeoutMs: 3_000 })).toBe(3_000);
      expect(timeoutOf({ prune: true, intervalMs: 600_000 })).toBe(570_000);
      expect(timeoutOf({ prune: true, intervalMs: 10_000 })).toBe(30_000);
    });
  });

  it('Flux defaults: force false, substituteFrom optional false', () => {
    const r = toKustomizationSpec({ ...base, postBuild: { substituteFrom: [{ kind: 'ConfigMap', name: 'vars' }] } }, 'ns');
    expect(r.ok && r.spec.force).toBe(false);
    expect(r.ok && r.spec.postBuild?.substituteFrom).toEqual([{ kind: 'ConfigMap', name: 'vars', optional: false }]);
  });

  it('sourceRef without namespace means the Kustomization’s own namespace', () => {
    expect(toKustomizationSpec(base, 'team-a')).toMatchObject({ ok: true, sourceRef: { kind: 'GitRepository', name: 'repo', namespace: 'team-a' } });
    expect(toKustomizationSpec({ ...base, sourceRef: { ...base.sourceRef, namespace: 'shared' } }, 'team-a')).toMatchObject({ sourceRef: { namespace: 'shared' } });
  });

  it.each(['GitRepository', 'OCIRepository', 'Bucket', 'ExternalArtifact'])('accepts every Flux source kind: %s', (kind) => {
    expect(toKustomizationSpec({ ...base, sourceRef: { kind, name: 'src', apiVersion: 'source.toolkit.fluxcd.io/v1' } }, 'ns')).toMatchObject({ ok: true, sourceRef: { kind, name: 'src', namespace: 'ns' } });
  });


  it('carries every field Flux defines that the agent acts on, with Flux’s names; durations in ms', () => {
    // The fields the agent refuses (each tested below) are left out; everything else must come through.
    const { kubeConfig: _k, decryption, ...actedOn } = EVERY_KUSTOMIZATION_FIELD;
    const full = { ...actedOn, decryption: { provider: decryption.provider, secretRef: decryption.secretRef } };
    const r = toKustomizationSpec(full, 'ns');
    expect(r.ok).toBe(true);
    const { sourceRef, interval: _in, retryInterval: _r, timeout: _t, ...fields } = full;
    expect(r.ok && r.spec).toEqual({ ...fields, intervalMs: 300_000, retryIntervalMs: 60_000, timeoutMs: 120_000 });
    expect(r.ok && r.sourceRef).toEqual({ kind: sourceRef.kind, name: sourceRef.name, namespace: sourceRef.namespace });
  });

  it('a suspended spec is not judged until it resumes, as Flux checks suspend first', () => {
    expect(toKustomizationSpec({ ...base, suspend: true, kubeConfig: { secretRef: { name: 'remote' } } }, 'ns')).toMatchObject({ ok: true, spec: { suspend: true } });
  });

  it('the complete Flux spec is refused for its first field the agent cannot honour, not silently trimmed', () => {
    expect(toKustomizationSpec(EVERY_KUSTOMIZATION_FIELD, 'ns')).toMatchObject({ ok: false, field: 'spec.decryption.serviceAccountName', reason: 'FeatureGateDisabled' });
  });

  it.each([
    [{ ...base, interval: '5 minutes' }, 'spec.interval', 'ReconciliationFailed'],
    [{ ...base, prune: undefined }, 'spec.prune', 'ReconciliationFailed'],
    [{ ...base, sourceRef: { kind: 'HelmRepository', name: 'x' } }, 'spec.sourceRef.kind', 'ReconciliationFailed'],
    [{ ...base, dependsOn: [{ namespace: 'x' }] }, 'spec.dependsOn.0.name', 'ReconciliationFailed'],
    [{ ...base, interval: '0s' }, 'spec.interval', 'ReconciliationFailed'],
    [{ ...base, deletionPolicy: 'Keep' }, 'spec.deletionPolicy', 'ReconciliationFailed'],
  ])('a bad spec names the field (%#)', (raw, field, reason) => {
    const r = toKustomizationSpec(raw, 'ns');
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
    [{ ...base, buildMetadata: ['transformerAnnotations'] }, 'spec.buildMetadata', 'UnsupportedField', /transformerAnnotations/],
  ])('a field the agent cannot honour is refused by name (%#)', (raw, field, reason, message) => {
    const r = toKustomizationSpec(raw, 'ns');
    expect(r).toMatchObject({ ok: false, field, reason });
    expect(!r.ok && r.message).toMatch(message);
  });
});
