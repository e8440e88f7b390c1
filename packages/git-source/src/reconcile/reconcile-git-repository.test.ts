import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArtifactStore, StoredArtifact } from '../storage/artifact-store.js';
import { FsArtifactStore } from '../storage/fs-artifact-store.js';
import { parseGitRepositorySpec } from '../spec/git-repository.spec.js';
import { readyCondition } from '../status/git-repository.status.js';
import type { FetchedCommit, GitTransport, TreeEntry } from '../transport/git-transport.js';
import { reconcileGitRepository } from './reconcile-git-repository.js';

// Faults the real git server cannot produce on demand (a storage failure mid-write, a repo with an
// escaping symlink — the testenv pushes files, not links) use this in-memory transport.

const commit = 'c'.repeat(40);
function fakeTransport(files: Record<string, { content: string; mode?: TreeEntry['mode'] }>): GitTransport & { fetches: number } {
  const blobs = new Map<string, Uint8Array>();
  const entries: TreeEntry[] = Object.entries(files).map(([p, f]) => {
    const oid = createHash('sha1').update(p + f.content).digest('hex');
    blobs.set(oid, new TextEncoder().encode(f.content));
    return { path: p, mode: f.mode ?? 'file', oid };
  });
  const t = {
    fetches: 0,
    listRefs: async () => [{ ref: 'refs/heads/main', oid: commit }],
    fetchCommit: async (): Promise<FetchedCommit> => {
      t.fetches++;
      return { commit, message: 'a commit subject that is rather longer than fifty characters in total\n\nbody', entries, readBlob: async (oid) => blobs.get(oid) as Uint8Array, dispose: async () => undefined };
    },
  };
  return t;
}

const clock = { now: () => new Date('2026-11-21T01:00:00Z') };
const spec = (extra: object = {}) => {
  const r = parseGitRepositorySpec({ url: 'https://git.example.com/org/repo.git', interval: '5m', ref: { branch: 'main' }, ...extra });
  if (!r.ok) throw new Error('bad spec');
  return r.value;
};

const artifactUrl = (stored: StoredArtifact) => `/artifacts/${stored.digest}`;
let root: string;
let store: FsArtifactStore;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'reconcile-unit-'));
  store = new FsArtifactStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe(reconcileGitRepository.name, () => {
  it('an escaping symlink fails the artifact (StorageOperationFailed/ArchiveOperationFailed) and stores nothing', async () => {
    const transport = fakeTransport({ 'a.yaml': { content: 'a' }, 'evil': { content: '../../../etc/shadow', mode: 'symlink' } });
    const r = await reconcileGitRepository({ spec: spec(), store, artifactUrl, clock, transport });
    expect(r.outcome).toBe('failed');
    expect(readyCondition(r.status)).toMatchObject({ status: 'False', reason: 'ArchiveOperationFailed', message: expect.stringContaining("symlink 'evil' points outside the repository") });
    expect(r.status.conditions.find((c) => c.type === 'StorageOperationFailed')).toMatchObject({ status: 'True', reason: 'ArchiveOperationFailed' });
    expect(await store.list()).toEqual([]);
  });

  it('a storage failure is StorageOperationFailed with Flux wording', async () => {
    const broken: ArtifactStore = { ...store, list: () => store.list(), has: async () => false, put: async () => Promise.reject(new Error('disk full')), get: (d) => store.get(d), stat: (d) => store.stat(d), delete: (d) => store.delete(d) };
    const r = await reconcileGitRepository({ spec: spec(), store: broken, artifactUrl, clock, transport: fakeTransport({ 'a.yaml': { content: 'a' } }) });
    expect(readyCondition(r.status)).toMatchObject({ reason: 'ArchiveOperationFailed', message: 'unable to archive artifact to storage: disk full' });
  });

  it('an artifact that disappeared from the store is rebuilt even at the same revision', async () => {
    const transport = fakeTransport({ 'a.yaml': { content: 'a' } });
    const first = await reconcileGitRepository({ spec: spec(), store, artifactUrl, clock, transport });
    // Flux's NewArtifact event: the commit subject cut to 50 characters.
    expect(first.event?.message).toBe(`stored artifact for commit '${'a commit subject that is rather longer than fifty characters in total'.slice(0, 50)}...'`);
    await store.delete(first.status.artifact?.digest ?? '');
    const again = await reconcileGitRepository({ spec: spec(), store, artifactUrl, clock, transport, previous: first.status });
    expect(transport.fetches).toBe(2);
    expect(again.status.artifact?.digest).toBe(first.status.artifact?.digest);
    expect(await store.has(again.status.artifact?.digest ?? '')).toBe(true);
  });

  it('a corrupt stored artifact is detected, removed and rebuilt (Flux reconcileStorage digest check)', async () => {
    const transport = fakeTransport({ 'a.yaml': { content: 'a' } });
    const first = await reconcileGitRepository({ spec: spec(), store, artifactUrl, clock, transport });
    const digest = first.status.artifact?.digest ?? '';
    const file = path.join(root, ...(first.status.artifact?.path ?? '').split('/'));
    await writeFile(file, 'corrupted');
    const again = await reconcileGitRepository({ spec: spec(), store, artifactUrl, clock, transport, previous: first.status });
    // Same revision and digest as the status already advertised: nothing new for consumers, no event.
    expect(again.outcome).toBe('unchanged');
    expect(again.event).toBeUndefined();
    expect(transport.fetches).toBe(2);
    expect(again.status.artifact?.digest).toBe(digest);
    expect(await readFile(file, 'utf8')).not.toBe('corrupted');
    const unchanged = await reconcileGitRepository({ spec: spec(), store, artifactUrl, clock, transport, previous: again.status });
    expect(unchanged.outcome).toBe('unchanged');
  });

  it('a fetch that finds the stored revision records Flux\'s trace event GitOperationSucceeded "no changes since last reconciliation" (source-controller reconcileSource)', async () => {
    const transport = fakeTransport({ 'a.yaml': { content: 'a' } });
    const first = await reconcileGitRepository({ spec: spec(), store, artifactUrl, clock, transport });
    expect(first.event).toMatchObject({ severity: 'info', reason: 'NewArtifact' });
    const again = await reconcileGitRepository({ spec: spec(), store, artifactUrl, clock, transport, previous: first.status });
    expect(again.outcome).toBe('unchanged');
    expect(again.event).toEqual({
      severity: 'trace',
      reason: 'GitOperationSucceeded',
      message: `no changes since last reconciliation: observed revision '${first.status.artifact?.revision}'`,
      revision: first.status.artifact?.revision,
    });
  });

  it('a secret resolver error is AuthenticationFailed naming only the secret', async () => {
    const r = await reconcileGitRepository({
      spec: spec({ secretRef: { name: 'git-auth' } }),
      store,
      artifactUrl,
      clock,
      transport: fakeTransport({}),
      secrets: async () => Promise.reject(new Error('sealed secret failed authentication')),
    });
    expect(readyCondition(r.status)).toMatchObject({ reason: 'AuthenticationFailed', message: "failed to get secret 'git-auth': sealed secret failed authentication" });
  });

  it('observedGeneration follows the generation; conditions keep their transition time across reconciles', async () => {
    const transport = fakeTransport({ 'a.yaml': { content: 'a' } });
    const first = await reconcileGitRepository({ spec: spec(), generation: 4, store, artifactUrl, clock, transport });
    expect(first.status.observedGeneration).toBe(4);
    const later = { now: () => new Date('2026-11-21T02:00:00Z') };
    const second = await reconcileGitRepository({ spec: spec(), generation: 5, store, artifactUrl, clock: later, transport, previous: first.status });
    expect(second.outcome).toBe('unchanged');
    expect(readyCondition(second.status)).toMatchObject({ observedGeneration: 5, lastTransitionTime: '2026-11-21T01:00:00.000Z' });
    expect(second.requeueAfterMs).toBeGreaterThanOrEqual(285_000);
    expect(second.requeueAfterMs).toBeLessThanOrEqual(315_000);
  });

  it('after a failure, success with the same artifact is announced once with reason Succeeded (Flux FailureRecovery)', async () => {
    const transport = fakeTransport({ 'a.yaml': { content: 'a' } });
    const good = await reconcileGitRepository({ spec: spec(), store, artifactUrl, clock, transport });
    expect(good.event).toMatchObject({ reason: 'NewArtifact' });
    const failed = await reconcileGitRepository({ spec: spec(), store, artifactUrl, clock, transport: { ...transport, listRefs: async () => Promise.reject(new Error('boom')) }, previous: good.status });
    expect(failed.outcome).toBe('failed');
    const back = await reconcileGitRepository({ spec: spec(), store, artifactUrl, clock, transport, previous: failed.status });
    const revision = `main@sha1:${commit}`;
    expect(back.event).toEqual({ severity: 'info', reason: 'Succeeded', message: `stored artifact for commit '${revision}'`, revision });
    const quiet = await reconcileGitRepository({ spec: spec(), store, artifactUrl, clock, transport, previous: back.status });
    expect(quiet.event).toMatchObject({ severity: 'trace', reason: 'GitOperationSucceeded' });
  });
});
