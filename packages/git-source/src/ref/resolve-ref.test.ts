import { describe, expect, it } from 'vitest';
import { classifyGitError } from '../transport/isomorphic-git-transport.js';
import { mergeConditions, type Condition } from '../status/git-repository.status.js';
import { jitteredInterval, retryBackoff } from '../reconcile/requeue.js';
import { resolveRef } from './resolve-ref.js';
import { semverSelector } from './semver-adapter.js';

const c = (n: number) => String(n).repeat(40);
const refs = [
  { ref: 'refs/heads/main', oid: c(1) },
  { ref: 'refs/tags/v1.0.0', oid: c(2) },
  { ref: 'refs/tags/v1.1.0', oid: c(3), peeled: c(4) },
  { ref: 'refs/pull/7/head', oid: c(5) },
];

describe(resolveRef.name, () => {
  it('branch, tag (peeled), name and semver resolve to a ref and the commit to expect', () => {
    expect(resolveRef({ kind: 'branch', branch: 'main' }, refs, semverSelector)).toEqual({ ok: true, target: { kind: 'ref', ref: 'refs/heads/main' }, commit: c(1) });
    expect(resolveRef({ kind: 'tag', tag: 'v1.1.0' }, refs, semverSelector)).toEqual({ ok: true, target: { kind: 'ref', ref: 'refs/tags/v1.1.0' }, commit: c(4), tag: 'v1.1.0' });
    expect(resolveRef({ kind: 'name', name: 'refs/pull/7/head' }, refs, semverSelector)).toMatchObject({ ok: true, commit: c(5) });
    expect(resolveRef({ kind: 'semver', range: '~1.0' }, refs, semverSelector)).toMatchObject({ ok: true, tag: 'v1.0.0', commit: c(2) });
  });

  it('missing refs get source-controller wording', () => {
    expect(resolveRef({ kind: 'branch', branch: 'dev' }, refs, semverSelector)).toEqual({ ok: false, message: `couldn't find remote ref "refs/heads/dev"` });
    expect(resolveRef({ kind: 'semver', range: '>=2' }, refs, semverSelector)).toEqual({ ok: false, message: 'no match found for semver: >=2' });
    expect(resolveRef({ kind: 'commit', commit: c(9), branch: 'dev' }, refs, semverSelector)).toMatchObject({ ok: false });
  });

  it('a commit needs no listing; with a branch it fetches through that branch', () => {
    expect(resolveRef({ kind: 'commit', commit: c(9) }, [], semverSelector)).toEqual({ ok: true, target: { kind: 'commit', commit: c(9) }, commit: c(9) });
    expect(resolveRef({ kind: 'commit', commit: c(9), branch: 'main' }, refs, semverSelector)).toMatchObject({ target: { branchRef: 'refs/heads/main' } });
  });
});

describe(classifyGitError.name, () => {
  const url = 'https://git.example.com/x.git';
  it('maps HTTP and socket failures to kinds with messages free of credentials', () => {
    expect(classifyGitError({ code: 'HttpError', data: { statusCode: 401, statusMessage: 'Unauthorized' } }, url)).toMatchObject({ kind: 'auth', message: 'authentication failed (HTTP 401 Unauthorized)' });
    expect(classifyGitError({ code: 'HttpError', data: { statusCode: 404 } }, url)).toMatchObject({ kind: 'not-found' });
    expect(classifyGitError({ code: 'HttpError', data: { statusCode: 500 } }, url)).toMatchObject({ kind: 'protocol' });
    expect(classifyGitError({ code: 'ECONNREFUSED' }, url)).toMatchObject({ kind: 'network', message: 'unable to reach git.example.com: ECONNREFUSED' });
    expect(classifyGitError({ code: 'Weird', message: 'header Authorization: Bearer abc123' }, url).message).not.toContain('abc123');
  });

  it('an aborted signal wins over whatever error the abort caused', () => {
    const ac = new AbortController();
    ac.abort();
    expect(classifyGitError({ code: 'ECONNRESET' }, url, ac.signal)).toMatchObject({ kind: 'timeout' });
  });
});

describe('requeue (flux.md §2: ±5% jitter; retry backoff 750ms → 15m)', () => {
  it('jitter stays within ±5% of the interval', () => {
    expect(jitteredInterval(60_000, () => 0)).toBe(57_000);
    expect(jitteredInterval(60_000, () => 0.5)).toBe(60_000);
    expect(jitteredInterval(60_000, () => 1)).toBe(63_000);
  });

  it('backoff doubles from 750ms and caps at 15m', () => {
    expect([1, 2, 3, 4].map(retryBackoff)).toEqual([750, 1_500, 3_000, 6_000]);
    expect(retryBackoff(30)).toBe(900_000);
  });
});

describe(mergeConditions.name, () => {
  it('keeps lastTransitionTime while a condition keeps its status', () => {
    const prev: Condition[] = [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'a', observedGeneration: 1, lastTransitionTime: 'T0' }];
    const same = mergeConditions(prev, [{ ...prev[0]!, message: 'b', lastTransitionTime: 'T1' }]);
    expect(same[0]?.lastTransitionTime).toBe('T0');
    const flipped = mergeConditions(prev, [{ ...prev[0]!, status: 'False', lastTransitionTime: 'T1' }]);
    expect(flipped[0]?.lastTransitionTime).toBe('T1');
  });
});
