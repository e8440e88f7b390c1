import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isomorphicGit } from '@flotilla/git-source';
import type * as IsomorphicGit from 'isomorphic-git';
import type { HttpClient } from 'isomorphic-git';

// isomorphic-git is loaded at the first clone (the hub at idle never needs it); the loaded module is kept so
// that isNonFastForward, which only ever sees errors thrown after that, can stay synchronous.
let loaded: typeof IsomorphicGit.default | undefined;
async function gitModule(): Promise<typeof IsomorphicGit.default> {
  return (loaded ??= await isomorphicGit());
}

/** A hub GitRepository as the automation writes to it: its URL and an HTTP client carrying its credentials. */
export interface GitRemote {
  url: string;
  /** A fresh client per operation (it is bound to a signal). */
  http: () => HttpClient;
}

export interface Workspace {
  dir: string;
  /** The commit the branch pointed at when cloned. */
  base: string;
}

/** Clones `branch` into a temporary directory, runs `fn`, and removes the directory whatever happens. */
export async function withClone<T>(remote: GitRemote, branch: string, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const git = await gitModule();
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-automation-'));
  try {
    await git.clone({ fs, http: remote.http(), dir, url: remote.url, ref: branch, singleBranch: true, noTags: true });
    const base = await git.resolveRef({ fs, dir, ref: 'HEAD' });
    return await fn({ dir, base });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Commits the files as they are in the workspace; a file no longer there is removed. */
export async function commitAll(ws: Workspace, files: readonly string[], author: { name: string; email: string }, message: string, now: Date): Promise<string> {
  const git = await gitModule();
  for (const file of files) {
    if (fs.existsSync(path.join(ws.dir, file))) await git.add({ fs, dir: ws.dir, filepath: file });
    else await git.remove({ fs, dir: ws.dir, filepath: file });
  }
  const timestamp = Math.floor(now.getTime() / 1000);
  return git.commit({ fs, dir: ws.dir, message, author: { ...author, timestamp, timezoneOffset: 0 } });
}

/**
 * Whether a push was refused because the remote branch moved: isomorphic-git's own fast-forward check, or
 * the server's refusal to update a ref whose old value is no longer what the client saw (git-receive-pack
 * answers `ng <ref> failed to update ref` / `cannot lock ref`, or `non-fast-forward` with denyNonFastForwards).
 */
export function isNonFastForward(err: unknown): boolean {
  const Errors = loaded?.Errors;
  if (!Errors) return false;
  if (err instanceof Errors.PushRejectedError) return true;
  if (err instanceof Errors.GitPushError) {
    const reasons = Object.values(err.data.result.refs ?? {}).map((r) => r.error ?? '');
    return reasons.some((r) => /fast-forward|failed to update ref|cannot lock ref|fetch first|stale info/i.test(r)) || reasons.every((r) => r === '');
  }
  return false;
}

/**
 * Pushes `commit` to `branch`. Without `force`, a moved branch is refused by the server (never rewritten);
 * `force` is only for the automation's own proposal branch.
 */
export async function pushCommit(remote: GitRemote, ws: Workspace, commit: string, branch: string, force = false): Promise<void> {
  const git = await gitModule();
  const local = `refs/heads/flotilla-push-${commit.slice(0, 12)}`;
  await git.writeRef({ fs, dir: ws.dir, ref: local, value: commit, force: true });
  const res = await git.push({ fs, http: remote.http(), dir: ws.dir, url: remote.url, ref: local, remoteRef: `refs/heads/${branch}`, force });
  const refResult = Object.values(res.refs ?? {})[0];
  if (!res.ok || (refResult && !refResult.ok)) throw new git.Errors.PushRejectedError(refResult?.error?.includes('fast-forward') ? 'not-fast-forward' : 'tag-exists');
}

/**
 * A merge commit of `theirs` (already fetched) on top of the workspace's branch, with the two as parents,
 * as a forge's "merge commit" button makes it; the branch in the workspace moves to it. Returns its oid.
 */
export async function mergeCommit(ws: Workspace, theirs: string, author: { name: string; email: string }, message: string, now: Date): Promise<string> {
  const git = await gitModule();
  const ref = `refs/heads/flotilla-merge-${theirs.slice(0, 12)}`;
  await git.writeRef({ fs, dir: ws.dir, ref, value: theirs, force: true });
  const timestamp = Math.floor(now.getTime() / 1000);
  const r = await git.merge({ fs, dir: ws.dir, theirs: ref, fastForward: false, abortOnConflict: true, message, author: { ...author, timestamp, timezoneOffset: 0 } });
  if (!r.oid) throw new Error('the merge made no commit');
  return r.oid;
}

/** Fetches another branch of the same remote into the workspace; the commit it points at, or undefined. */
export async function fetchBranch(remote: GitRemote, ws: Workspace, branch: string): Promise<string | undefined> {
  const git = await gitModule();
  try {
    const r = await git.fetch({ fs, http: remote.http(), dir: ws.dir, url: remote.url, ref: branch, singleBranch: true, tags: false });
    return r.fetchHead ?? undefined;
  } catch (err) {
    if (err instanceof git.Errors.NotFoundError) return undefined;
    throw err;
  }
}

export async function isAncestor(ws: Workspace, ancestor: string, oid: string): Promise<boolean> {
  const git = await gitModule();
  if (ancestor === oid) return true;
  return git.isDescendent({ fs, dir: ws.dir, oid, ancestor, depth: -1 }).catch(() => false);
}

export async function readFileAt(ws: Workspace, commit: string, filepath: string): Promise<string | undefined> {
  const git = await gitModule();
  try {
    const { blob } = await git.readBlob({ fs, dir: ws.dir, oid: commit, filepath });
    return Buffer.from(blob).toString('utf8');
  } catch {
    return undefined;
  }
}
