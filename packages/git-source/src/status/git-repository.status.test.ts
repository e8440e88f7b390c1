import { describe, expect, it } from 'vitest';
import { progressingStatus, readyCondition, type GitRepositoryStatus } from './git-repository.status.js';

const now = new Date('2026-11-21T03:00:00Z');

describe(progressingStatus.name, () => {
  it('a first reconcile is "building artifact"; observedGeneration stays -1 until one finishes (flux.md §0)', () => {
    const s = progressingStatus(undefined, 1, now);
    expect(s.observedGeneration).toBe(-1);
    expect(readyCondition(s)).toMatchObject({ status: 'Unknown', reason: 'Progressing', message: 'building artifact' });
    expect(s.conditions.find((c) => c.type === 'Reconciling')).toMatchObject({ status: 'True', reason: 'Progressing' });
  });

  it('a new generation says so and keeps the advertised artifact', () => {
    const previous: GitRepositoryStatus = {
      observedGeneration: 1,
      conditions: [{ type: 'ArtifactInStorage', status: 'True', reason: 'Succeeded', message: "stored artifact for revision 'main@sha1:x'", observedGeneration: 1, lastTransitionTime: 'T0' }],
      artifact: { revision: 'main@sha1:x', digest: 'sha256:y', size: 1, url: '/artifacts/sha256:y', path: 'k', lastUpdateTime: 'T0' },
    };
    const s = progressingStatus(previous, 2, now);
    expect(readyCondition(s)?.message).toBe('processing object: new generation 1 -> 2');
    expect(s.artifact).toEqual(previous.artifact);
    expect(s.conditions.find((c) => c.type === 'ArtifactInStorage')).toMatchObject({ status: 'True', lastTransitionTime: 'T0' });
  });
});
