import { describe, expect, it } from 'vitest';
import { dependencyReady } from './dependency-ready.js';

const ok = {
  exists: true,
  generation: 2,
  observedGeneration: 2,
  ready: 'True' as const,
  lastAppliedRevision: 'main@sha1:aaa',
  sourceRef: 'GitRepository/flux-system/repo',
};
const id = 'Kustomization/flux-system/infra';

describe('dependencyReady (flux.md §2 dependencies)', () => {
  it('is ready when it exists, observed its generation and is Ready=True', () => {
    expect(
      dependencyReady(id, ok, {
        sourceRef: 'GitRepository/flux-system/other',
        artifactRevision: 'main@sha1:bbb',
      }),
    ).toEqual({ ready: true });
  });
  it.each([
    ['a missing dependency', { ...ok, exists: false }],
    ['an unobserved generation', { ...ok, observedGeneration: 1 }],
    ['Ready=False', { ...ok, ready: 'False' as const }],
    ['Ready unknown', { ...ok, ready: undefined }],
  ])('is DependencyNotReady with %s', (_name, dep) => {
    expect(dependencyReady(id, dep, {})).toMatchObject({ ready: false, reason: 'DependencyNotReady' });
  });
  it('same source: waits until the dependency applied the same revision (lockstep)', () => {
    const dependent = { sourceRef: ok.sourceRef, artifactRevision: 'main@sha1:bbb' };
    expect(dependencyReady(id, ok, dependent)).toMatchObject({ ready: false });
    expect(dependencyReady(id, { ...ok, lastAppliedRevision: 'main@sha1:bbb' }, dependent)).toEqual({
      ready: true,
    });
  });
});
