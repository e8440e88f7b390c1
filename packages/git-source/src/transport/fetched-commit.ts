import fs from 'node:fs';
import { isomorphicGit } from './isomorphic-git-module.js';
import { GitTransportError, type FetchedCommit, type TreeEntry, type TreeEntryMode } from './git-transport.js';

// Reading a fetched commit out of a local bare repository, whoever fetched it (isomorphic-git over http(s),
// the git binary over ssh): the same tree walk gives the same entries, hence the same artifact.

const modeOf: Record<string, TreeEntryMode> = { '100644': 'file', '100755': 'executable', '120000': 'symlink', '160000': 'submodule' };

export async function withSignal<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  if (signal.aborted) throw abortError(signal);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work(), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new GitTransportError('timeout', 'operation aborted');
}

export interface ReadFetchedCommitInput {
  gitdir: string;
  commit: string;
  signal: AbortSignal;
  /** isomorphic-git's object cache, shared with the fetch that filled gitdir when there was one. */
  cache?: object;
  /** Removes gitdir. */
  dispose: () => Promise<void>;
}

export async function readFetchedCommit(input: ReadFetchedCommitInput): Promise<FetchedCommit> {
  const { gitdir, commit, signal, dispose } = input;
  const cache = input.cache ?? {};
  const git = await isomorphicGit();
  const { commit: data } = await git.readCommit({ fs, gitdir, oid: commit, cache });
  const entries: TreeEntry[] = [];
  const walk = async (treeOid: string, prefix: string): Promise<void> => {
    const { tree } = await git.readTree({ fs, gitdir, oid: treeOid, cache });
    for (const e of tree) {
      const p = prefix ? `${prefix}/${e.path}` : e.path;
      if (e.type === 'tree') await walk(e.oid, p);
      else entries.push({ path: p, mode: modeOf[e.mode] ?? 'file', oid: e.oid });
    }
  };
  await withSignal(signal, () => walk(data.tree, ''));
  return {
    commit,
    message: data.message,
    entries,
    readBlob: async (oid) => (await git.readBlob({ fs, gitdir, oid, cache })).blob,
    dispose,
  };
}
