import { describe, expect, it } from 'vitest';
import { FLUX_KINDS, fluxKind, HELM_CHART_SOURCE_KINDS, KUSTOMIZATION_SOURCE_KINDS } from './flux-kinds.js';

describe('FLUX_KINDS', () => {
  it('names each kind by its own key, with Flux’s group, version and apiVersion', () => {
    for (const [name, k] of Object.entries(FLUX_KINDS)) {
      expect(k.kind).toBe(name);
      expect(k.apiVersion).toBe(`${k.group}/${k.version}`);
      expect(k.plural).toBe(k.plural.toLowerCase());
    }
    expect(FLUX_KINDS.GitRepository.apiVersion).toBe('source.toolkit.fluxcd.io/v1');
    expect(FLUX_KINDS.Kustomization.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
    expect(FLUX_KINDS.HelmRelease.apiVersion).toBe('helm.toolkit.fluxcd.io/v2');
  });

  it('carries the short names Flux’s CRDs declare, none twice', () => {
    const shortNames = Object.values(FLUX_KINDS).flatMap((k) => k.shortNames);
    expect(shortNames).toEqual(['gitrepo', 'ocirepo', 'helmrepo', 'hc', 'ea', 'ks', 'hr']);
    expect(new Set(shortNames).size).toBe(shortNames.length);
  });

  it('looks kinds up by name, and only Flux’s', () => {
    expect(fluxKind('Bucket')?.plural).toBe('buckets');
    expect(fluxKind('Deployment')).toBeUndefined();
    expect(fluxKind('toString')).toBeUndefined();
    for (const k of [...KUSTOMIZATION_SOURCE_KINDS, ...HELM_CHART_SOURCE_KINDS]) expect(FLUX_KINDS[k].group).toBe('source.toolkit.fluxcd.io');
  });
});
