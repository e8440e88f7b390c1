import type { ArtifactStore } from '@flotilla/git-source';

// Garbage collection of artifacts: keep the newest N per source (Flux keeps 2 by default,
// shared/reference/flux.md §4; we default to 3 so a rollback target and the previous one survive), and
// never delete an artifact something still uses (an assignment pins it, an agent is downloading it).
// Artifacts are content-addressed and may be shared by sources: a digest goes only when no source keeps it.

export const defaultArtifactsToKeep = 3;

export interface ArtifactRecord {
  digest: string;
  createdAt: Date;
}

export interface GcInput {
  store: ArtifactStore;
  /** Every known artifact, grouped by the source that produced it. */
  artifactsBySource: ReadonlyMap<string, readonly ArtifactRecord[]>;
  /** Digests that must survive whatever their age. */
  inUse: ReadonlySet<string>;
  keep?: number;
  /**
   * Also delete stored files that no record mentions and that are older than this (a put whose record
   * was never written). Omit to leave unknown files alone.
   */
  orphanGraceMs?: number;
  now?: Date;
}

export interface GcResult {
  deleted: string[];
  kept: string[];
}

export async function collectGarbage(input: GcInput): Promise<GcResult> {
  const keep = input.keep ?? defaultArtifactsToKeep;
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError('keep must be an integer of at least 1');
  const kept = new Set(input.inUse);
  const known = new Set<string>();
  for (const records of input.artifactsBySource.values()) {
    const newestFirst = [...records].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.digest < b.digest ? -1 : 1));
    const distinct = [...new Set(newestFirst.map((r) => r.digest))];
    distinct.slice(0, keep).forEach((d) => kept.add(d));
    distinct.forEach((d) => known.add(d));
  }
  const doomed = [...known].filter((d) => !kept.has(d));
  if (input.orphanGraceMs !== undefined) {
    const now = (input.now ?? new Date()).getTime();
    for (const item of await input.store.list()) {
      if (!known.has(item.digest) && !kept.has(item.digest) && now - item.lastModified.getTime() > input.orphanGraceMs) doomed.push(item.digest);
    }
  }
  const deleted: string[] = [];
  for (const digest of doomed.sort()) {
    if (await input.store.delete(digest)) deleted.push(digest);
  }
  return { deleted, kept: [...kept].sort() };
}
