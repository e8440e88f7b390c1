import { describe, expect, it } from 'vitest';
import { commitState, type ClusterResult } from './commit-state.js';

const rev = 'main@sha1:1111111111111111111111111111111111111111';
const old = 'main@sha1:0000000000000000000000000000000000000000';
const ready = (name: string, applied = rev): ClusterResult => ({
  name,
  row: { ready: 'True', state: 'ready', lastAppliedRevision: applied, lastAttemptedRevision: applied },
});
const failing = (name: string, attempted = rev): ClusterResult => ({
  name,
  row: { ready: 'False', state: 'failing', lastAppliedRevision: old, lastAttemptedRevision: attempted },
});

describe(commitState.name, () => {
  it('success only when every targeted cluster is Ready at that revision', () => {
    expect(commitState(rev, [ready('a'), ready('b')])).toEqual({
      state: 'success',
      description: 'Ready on 2 clusters',
    });
    expect(commitState(rev, [ready('a'), ready('b', old)]).state).toBe('pending');
    expect(commitState(rev, [ready('a'), { name: 'b', row: null }])).toEqual({
      state: 'pending',
      description: 'applied on 1 of 2 clusters',
    });
    expect(commitState(rev, []).state).toBe('pending');
  });

  it('failure names the clusters that failed at that revision; a failure at an older revision does not count', () => {
    expect(commitState(rev, [ready('a'), failing('b'), failing('c')])).toEqual({
      state: 'failure',
      description: 'failing on 2 of 3 clusters: b, c',
    });
    expect(commitState(rev, [ready('a'), failing('b', old)]).state).toBe('pending');
  });
});
