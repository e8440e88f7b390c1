// A symlink may point anywhere inside an artifact, but never outside it: whoever extracts the tarball
// would otherwise follow it out of its directory. The hub checks when it archives a repository, the agent
// again when it reads an artifact. Targets are resolved the way a filesystem would,
// following the tree's other symlinks, because a purely lexical check misses `a -> sub/up/..` where
// `sub/up` is itself a link to the root.

export type SymlinkCheck = { ok: true } | { ok: false; reason: 'absolute' | 'escapes' | 'loop' };

const maxHops = 40;

export function checkSymlink(linkPath: string, target: string, links: ReadonlyMap<string, string>): SymlinkCheck {
  const dir = linkPath.split('/').slice(0, -1);
  const r = resolve(dir, target, links, 0);
  return typeof r === 'string' ? { ok: false, reason: r } : { ok: true };
}

function resolve(startDir: string[], target: string, links: ReadonlyMap<string, string>, hops: number): string[] | 'absolute' | 'escapes' | 'loop' {
  if (target.startsWith('/') || /^[A-Za-z]:[\\/]/.test(target)) return 'absolute';
  let cur = [...startDir];
  for (const part of target.split(/[\\/]/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (cur.length === 0) return 'escapes';
      cur.pop();
      continue;
    }
    cur.push(part);
    const next = links.get(cur.join('/'));
    if (next !== undefined) {
      if (hops >= maxHops) return 'loop';
      const r = resolve(cur.slice(0, -1), next, links, hops + 1);
      if (typeof r === 'string') return r;
      cur = r;
    }
  }
  return cur;
}
