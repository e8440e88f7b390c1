import { describe, expect, it } from 'vitest';
import { parseFluxYaml } from '../flux-yaml/flux-yaml.parse.js';
import type { ServiceDoc } from './fleet-sync.plan.js';
import { appliedSuspend, gitSuspendOf, withoutDefaultSuspend, withSuspend } from './git-suspend.js';

// Which spec.suspend a document sets, for kinds whose input carries it as a field (HelmRepository, Provider)
// and as part of a raw spec (OCIRepository, HelmRelease).

const docs = (suspend: string) =>
  `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata: { name: charts }
spec:
  url: https://charts.example.com
${suspend}---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata: { name: manifests }
spec:
  url: oci://ghcr.io/org/manifests
  ref: { tag: latest }
${suspend}---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: { name: podinfo }
spec:
  interval: 10m
  chart: { spec: { chart: podinfo, sourceRef: { kind: HelmRepository, name: charts } } }
${suspend}---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: { name: hook }
spec:
  type: generic
${suspend}`;

const parsed = (suspend: string): ServiceDoc[] => {
  const r = parseFluxYaml(docs(suspend));
  expect(r.problems).toEqual([]);
  return r.docs as ServiceDoc[];
};

describe('spec.suspend under Flux’s server-side apply rule', () => {
  it('a document that leaves spec.suspend out sets none (null), of every input shape', () => {
    expect(parsed('').map(gitSuspendOf)).toEqual([null, null, null, null]);
  });

  it('a document that sets it, true or false, is read as git’s value', () => {
    expect(parsed('  suspend: true\n').map(gitSuspendOf)).toEqual([true, true, true, true]);
    expect(parsed('  suspend: false\n').map(gitSuspendOf)).toEqual([false, false, false, false]);
  });

  it('a kept hand suspend is written where each kind’s input holds it, the rest of the document untouched', () => {
    const kept = parsed('').map((d) => withSuspend(d, true));
    expect(kept.map(gitSuspendOf)).toEqual([true, true, true, true]);
    expect(kept[1]!.input).toMatchObject({ spec: { url: 'oci://ghcr.io/org/manifests', ref: { tag: 'latest' }, suspend: true } });
    expect(kept[2]!.input).toMatchObject({ spec: { interval: '10m', suspend: true } });
    expect(kept[0]!.input).toMatchObject({ url: 'https://charts.example.com', suspend: true });
  });

  it('the applied value: git’s when set, else the object’s current one, else Flux’s default false', () => {
    expect(appliedSuspend(false, true)).toBe(false);
    expect(appliedSuspend(true, false)).toBe(true);
    expect(appliedSuspend(null, true)).toBe(true);
    expect(appliedSuspend(null, undefined)).toBe(false);
  });

  it('a spec that leaves suspend out and one with Flux’s default written in compare as the same spec; true stays', () => {
    expect(withoutDefaultSuspend({ path: './', suspend: false })).toEqual({ path: './' });
    expect(withoutDefaultSuspend({ path: './', suspend: true })).toEqual({ path: './', suspend: true });
    expect(withoutDefaultSuspend({ path: './' })).toEqual({ path: './' });
  });
});
