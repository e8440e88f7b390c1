import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { describe, expect, it } from 'vitest';
import { FLUX_KIND_OPERATIONS } from './flux-kind-registry.js';

describe('FLUX_KIND_OPERATIONS', () => {
  it('has an entry for every Flux kind, for both origins', () => {
    expect(Object.keys(FLUX_KIND_OPERATIONS).sort()).toEqual(Object.keys(FLUX_KINDS).sort());
    for (const ops of Object.values(FLUX_KIND_OPERATIONS)) expect(Object.keys(ops).sort()).toEqual(['cluster', 'hub']);
  });

  it('lets the hub act on what it places (Kustomizations) and agents on every kind Flux reconciles', () => {
    const hub = Object.entries(FLUX_KIND_OPERATIONS).filter(([, o]) => o.hub.length > 0).map(([k]) => k);
    expect(hub).toEqual(['Kustomization']);
    for (const [kind, o] of Object.entries(FLUX_KIND_OPERATIONS)) {
      expect(o.cluster, kind).toEqual(kind === 'ExternalArtifact' ? [] : ['reconcile', 'suspend', 'resume']);
    }
  });
});
