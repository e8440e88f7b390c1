import type { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { TreeEntry } from '../transport/git-transport.js';
import { sourceIgnoreFile, sourceIgnoreFilter } from '../ignore/source-ignore.js';
import { checkSymlink } from '@flotilla/reconcile-core';

// The artifact tarball, built straight from git objects (no checkout): deterministic, so the same tree
// always gives the same sha256. As in Flux's storage.Archive: paths relative to the repo root, mtime/uid/
// gid zeroed, no user or group names, modes normalised (dirs 0750, files 0600, executables 0700), ignore
// rules applied, no .git. Entries are written depth-first in name order. Symlinks are kept when they stay
// inside the tree and refused when they leave it; submodules are skipped (recurseSubmodules is off).

export type ArchiveErrorCode = 'SYMLINK_ESCAPES_ROOT' | 'UNSAFE_PATH';

export class ArchiveError extends Error {
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export interface ArchiveInput {
  entries: readonly TreeEntry[];
  readBlob(oid: string): Promise<Uint8Array>;
  specIgnore?: string;
  /**
   * `none`: every entry goes in, as source-controller archives a Bucket's download (its keys were filtered
   * while indexing). Default `sourceignore`: the repository rules of source-ignore.ts.
   */
  ignoreRules?: 'sourceignore' | 'none';
}

export type ArchiveItem = { kind: 'dir'; path: string } | { kind: 'file'; entry: TreeEntry } | { kind: 'symlink'; entry: TreeEntry; target: string };

export interface ArchivePlan {
  /** What goes into the artifact, in archive order, parent directories included. */
  items: ArchiveItem[];
  fileCount: number;
}

const fixed = { mtime: new Date(0), uid: 0, gid: 0, uname: '', gname: '' };
const decoder = new TextDecoder('utf-8');

/** Applies ignore rules and the symlink check; throws ArchiveError before any byte is written. */
export async function planArchive(input: ArchiveInput): Promise<ArchivePlan> {
  // git fsck refuses these names, but a hostile server need not run fsck; an agent extracting `../x` or
  // `.git/hooks/…` from our tarball must never be possible.
  for (const e of input.entries) {
    const bad = e.path.split('/').find((c) => c === '' || c === '.' || c === '..' || c.toLowerCase() === '.git' || /[\\\0]/.test(c));
    if (bad !== undefined) throw new ArchiveError('UNSAFE_PATH', `the tree holds an unsafe path ${JSON.stringify(e.path)}; refusing to archive it`);
  }
  const sourceIgnoreFiles = new Map<string, string>();
  const links = new Map<string, string>();
  for (const e of input.entries) {
    const parts = e.path.split('/');
    if (parts[parts.length - 1] === sourceIgnoreFile && (e.mode === 'file' || e.mode === 'executable')) {
      sourceIgnoreFiles.set(parts.slice(0, -1).join('/'), decoder.decode(await input.readBlob(e.oid)));
    }
    if (e.mode === 'symlink') links.set(e.path, decoder.decode(await input.readBlob(e.oid)));
  }
  const ignored = input.ignoreRules === 'none' ? () => false : sourceIgnoreFilter({ sourceIgnoreFiles, specIgnore: input.specIgnore });
  const kept = input.entries.filter((e) => e.mode !== 'submodule' && !ignored(e.path, false));

  for (const e of kept) {
    if (e.mode !== 'symlink') continue;
    const target = links.get(e.path) ?? '';
    const check = checkSymlink(e.path, target, links);
    if (!check.ok) {
      const why = check.reason === 'loop' ? 'is part of a symlink loop' : check.reason === 'absolute' ? 'points to an absolute path' : 'points outside the repository';
      throw new ArchiveError('SYMLINK_ESCAPES_ROOT', `symlink '${e.path}' ${why} ('${target}'); refusing to archive it`);
    }
  }

  interface Dir {
    dirs: Map<string, Dir>;
    files: Map<string, TreeEntry>;
  }
  const root: Dir = { dirs: new Map(), files: new Map() };
  for (const e of kept) {
    const parts = e.path.split('/');
    let d = root;
    for (const p of parts.slice(0, -1)) {
      let next = d.dirs.get(p);
      if (!next) {
        next = { dirs: new Map(), files: new Map() };
        d.dirs.set(p, next);
      }
      d = next;
    }
    d.files.set(parts[parts.length - 1] as string, e);
  }
  const items: ArchiveItem[] = [];
  const visit = (d: Dir, prefix: string): void => {
    const names = [...new Set([...d.dirs.keys(), ...d.files.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      const p = prefix ? `${prefix}/${name}` : name;
      const sub = d.dirs.get(name);
      if (sub) {
        items.push({ kind: 'dir', path: p });
        visit(sub, p);
      }
      const file = d.files.get(name);
      if (file) items.push(file.mode === 'symlink' ? { kind: 'symlink', entry: file, target: links.get(file.path) ?? '' } : { kind: 'file', entry: file });
    }
  };
  visit(root, '');
  return { items, fileCount: kept.length };
}

/** Streams the planned archive as tar.gz; a failure while reading blobs errors the returned stream. */
export function archiveStream(plan: ArchivePlan, readBlob: (oid: string) => Promise<Uint8Array>): Readable {
  const pack = tar.pack();
  const gzip = createGzip({ level: 6 });
  pack.on('error', (err) => gzip.destroy(err));
  pack.pipe(gzip);
  const fill = async (): Promise<void> => {
    for (const item of plan.items) {
      if (item.kind === 'dir') {
        await addEntry(pack, { ...fixed, name: `${item.path}/`, type: 'directory', mode: 0o750 });
      } else if (item.kind === 'symlink') {
        await addEntry(pack, { ...fixed, name: item.entry.path, type: 'symlink', linkname: item.target, mode: 0o777 });
      } else {
        const body = Buffer.from(await readBlob(item.entry.oid));
        await addEntry(pack, { ...fixed, name: item.entry.path, type: 'file', mode: item.entry.mode === 'executable' ? 0o700 : 0o600, size: body.length }, body);
      }
    }
    pack.finalize();
  };
  fill().catch((err: unknown) => pack.destroy(err instanceof Error ? err : new Error(String(err))));
  return gzip;
}

function addEntry(pack: tar.Pack, header: Parameters<tar.Pack["entry"]>[0], body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry(header, body ?? '', (err) => (err ? reject(err) : resolve()));
  });
}
