/**
 * A directory tree held in memory: relative POSIX path (no leading "/", no "." or ".." segments)
 * → file content. Directories are implied by the paths of their files. The build never touches a disk;
 * callers (CLI, agent, hub) fill a FileTree from wherever the source lives.
 */
export type FileTree = ReadonlyMap<string, Uint8Array | string>;

export function fileTreeFromRecord(files: Record<string, Uint8Array | string>): FileTree {
  return new Map(Object.entries(files));
}

/** Joins and normalises a relative path; `undefined` when it leaves the root. */
export function joinPath(dir: string, rel: string): string | undefined {
  if (rel.startsWith('/')) return undefined;
  const parts = dir === '' || dir === '.' ? [] : dir.split('/');
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

/** Index of a FileTree: which paths are files and which are directories. */
export class TreeIndex {
  readonly dirs = new Set<string>(['']);
  constructor(readonly tree: FileTree) {
    for (const p of tree.keys()) {
      let d = dirname(p);
      while (!this.dirs.has(d)) {
        this.dirs.add(d);
        d = dirname(d);
      }
    }
  }
  isFile(p: string): boolean {
    return this.tree.has(p);
  }
  isDir(p: string): boolean {
    return this.dirs.has(p);
  }
  /** Names of the entries (files and directories) directly in `dir`, sorted like Go's filepath.Walk. */
  entries(dir: string): { name: string; path: string; isDir: boolean }[] {
    const prefix = dir === '' ? '' : `${dir}/`;
    const seen = new Map<string, boolean>();
    for (const p of this.tree.keys()) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const i = rest.indexOf('/');
      if (i < 0) seen.set(rest, false);
      else seen.set(rest.slice(0, i), true);
    }
    return [...seen.keys()].sort().map((name) => ({ name, path: prefix + name, isDir: seen.get(name) === true }));
  }
  /** Files directly in `dir`, sorted. */
  filesIn(dir: string): string[] {
    const out: string[] = [];
    for (const p of this.tree.keys()) if (dirname(p) === dir) out.push(p);
    return out.sort();
  }
  /** All files below `dir`, sorted (lexical by full path). */
  filesBelow(dir: string): string[] {
    const prefix = dir === '' ? '' : `${dir}/`;
    const out: string[] = [];
    for (const p of this.tree.keys()) if (p.startsWith(prefix)) out.push(p);
    return out.sort();
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function fileText(content: Uint8Array | string): string | undefined {
  if (typeof content === 'string') return content;
  try {
    return decoder.decode(content);
  } catch {
    return undefined;
  }
}

export function fileBytes(content: Uint8Array | string): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}
