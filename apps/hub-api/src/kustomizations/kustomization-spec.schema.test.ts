import { loadCel, loadedCel } from '@flotilla/reconcile-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseKustomizationSpec } from './kustomization-spec.schema.js';

const base = { sourceRef: { kind: 'GitRepository', name: 'podinfo' }, interval: '5m', prune: true };

describe('parseKustomizationSpec without the CEL runtime (loaded only for a spec with an expression)', () => {
  // First in the file: nothing has loaded the runtime yet.
  it('validates a spec without healthCheckExprs or readyExpr while the runtime is not loaded', () => {
    expect(() => loadedCel()).toThrow(/before the CEL runtime was loaded/);
    expect(parseKustomizationSpec({ ...base, dependsOn: [{ name: 'x', readyExpr: '' }], healthCheckExprs: [] }).ok).toBe(true);
    expect(() => loadedCel()).toThrow(/before the CEL runtime was loaded/);
  });
});

describe('parseKustomizationSpec (Flux’s Kustomization definition plus the hub’s rules)', () => {
  // The callers await loadCelFor(spec) before validating; these cases include CEL expressions.
  beforeAll(() => loadCel());

  it('returns what Flux’s definition returns: its defaults (force false), nothing invented', () => {
    const r = parseKustomizationSpec(base);
    expect(r.ok && r.value).toEqual({ ...base, force: false });
  });

  it('substituteFrom optional defaults to false (Flux)', () => {
    const r = parseKustomizationSpec({ ...base, postBuild: { substituteFrom: [{ kind: 'Secret', name: 'vars' }] } });
    expect(r.ok && r.value.postBuild?.substituteFrom).toEqual([{ kind: 'Secret', name: 'vars', optional: false }]);
  });

  it.each([
    [{ ...base, prune: undefined }, 'prune', /required: true or false/],
    [{ ...base, interval: undefined }, 'interval', /is required/],
    [{ ...base, interval: '1d' }, 'interval', /./],
    [{ ...base, interval: '0s' }, 'interval', /greater than 0/],
    [{ ...base, timeout: '-1m' }, 'timeout', /./],
    [{ ...base, sourceRef: { kind: 'Bucket', name: 'x' } }, 'sourceRef.kind', /only GitRepository and OCIRepository sources exist at the hub/],
    [{ ...base, sourceRef: { kind: 'HelmRepository', name: 'x' } }, 'sourceRef.kind', /./],
    [{ ...base, sourceRef: { kind: 'GitRepository' } }, 'sourceRef.name', /required/],
    [{ ...base, sourceRef: { kind: 'GitRepository', name: 'Bad_Name' } }, 'sourceRef.name', /DNS-1123 subdomain/],
    [{ ...base, targetNamespace: 'Apps' }, 'targetNamespace', /DNS-1123 label/],
    [{ ...base, path: 'a/../../b' }, 'path', /inside the source/],
    [{ ...base, deletionPolicy: 'Keep' }, 'deletionPolicy', /./],
    [{ ...base, prunne: true }, 'prunne', /unknown field "prunne"/],
    [{ ...base, dependsOn: [{ name: 'x', ready: 'true' }] }, 'dependsOn.0.ready', /unknown field "ready"/],
    [{ ...base, dependsOn: [{ name: 'x', readyExpr: 'dep.(' }] }, 'dependsOn.0.readyExpr', /failed to parse the CEL expression/],
    [{ ...base, healthCheckExprs: [{ apiVersion: 'a.io/v1', kind: 'X', current: 'true', failed: '1 +' }] }, 'healthCheckExprs.0.failed', /failed to parse/],
    [{ ...base, healthCheckExprs: [{ apiVersion: 'a.io/v1', kind: 'X', current: 'true' }, { apiVersion: 'a.io/v2', kind: 'X', current: 'true' }] }, 'healthCheckExprs', /duplicate custom health check/],
    [{ ...base, healthChecks: [{ kind: 'Deployment', name: 'x' }] }, 'healthChecks.0.apiVersion', /required/],
    [{ ...base, kubeConfig: {} }, 'kubeConfig', /set one of configMapRef and secretRef/],
    [{ ...base, ignore: [{ paths: ['spec/replicas'] }] }, 'ignore.0', /paths\[0\]: "spec\/replicas" is not a JSON pointer/],
    [{ ...base, ignore: [{ paths: ['/spec'], target: { kind: '(' } }] }, 'ignore.0', /target\.kind: invalid regular expression/],
    [{ ...base, postBuild: { substitute: { '1x': 'a' } } }, 'postBuild.substitute.1x', /variable names/],
    [{ ...base, patches: [{ patch: ' ' }] }, 'patches.0.patch', /must not be empty/],
    ['kind: Kustomization', '', /must be an object/],
  ])('%j → error at %s', (spec, path, message) => {
    const r = parseKustomizationSpec(spec);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.path).toBe(path);
      expect(r.message).toMatch(message);
    }
  });

  it('a path that goes down and back up stays valid', () => {
    expect(parseKustomizationSpec({ ...base, path: './apps/../clusters/x' }).ok).toBe(true);
  });
});

describe('parseKustomizationSpec refuses unknown fields named like Object.prototype members', () => {
  it.each(['constructor', '__proto__', 'toString'])('refuses %s at the top level and inside sourceRef, naming it', (key) => {
    const top = parseKustomizationSpec(JSON.parse(`{${JSON.stringify(key)}: {}, "sourceRef": {"kind": "GitRepository", "name": "podinfo"}, "interval": "5m", "prune": true}`));
    expect(top).toEqual({ ok: false, path: key, message: `unknown field "${key}"` });
    const nested = parseKustomizationSpec(JSON.parse(`{"sourceRef": {"kind": "GitRepository", "name": "podinfo", ${JSON.stringify(key)}: 1}, "interval": "5m", "prune": true}`));
    expect(nested).toEqual({ ok: false, path: `sourceRef.${key}`, message: `unknown field "${key}"` });
  });
});

describe('parseKustomizationSpec says "is required" only for a missing field', () => {
  it('names the wrong type of a present field instead of calling it required', () => {
    const wrong = parseKustomizationSpec({ ...base, interval: 5 });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.path).toBe('interval');
      expect(wrong.message).not.toContain('required');
    }
    expect(parseKustomizationSpec({ sourceRef: base.sourceRef, prune: true })).toEqual({ ok: false, path: 'interval', message: 'is required' });
  });
});
