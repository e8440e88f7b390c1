import { compileGoGlob } from './go-glob.js';

// One .gitignore-syntax rule with the semantics of the go-git matcher that Flux's sourceignore uses
// (fluxcd/pkg/sourceignore): a rule belongs to a domain (the directory of the .sourceignore it came
// from), a rule without `/` matches any path component, a rule with `/` is anchored to its domain and
// matches a prefix of the path (so `/deploy` also matches `deploy/app.yaml`), `**` spans directories,
// a trailing `/` restricts the last component to directories, `!` re-includes.

export type MatchResult = 'none' | 'exclude' | 'include';

export interface IgnorePattern {
  match(path: readonly string[], isDir: boolean): MatchResult;
}

const anyDirs = '**';

export function parseIgnorePattern(line: string, domain: readonly string[] = []): IgnorePattern {
  let p = line;
  let inclusion = false;
  if (p.startsWith('!')) {
    inclusion = true;
    p = p.slice(1);
  }
  if (!p.endsWith('\\ ')) p = p.replace(/ +$/, '');
  let dirOnly = false;
  if (p.endsWith('/')) {
    dirOnly = true;
    p = p.slice(0, -1);
  }
  const isGlob = p.includes('/');
  const parts = p.split('/');
  const globs = parts.map((part) => (part === '' || part === anyDirs ? undefined : compileGoGlob(part)));
  const dom = [...domain];

  const matchPart = (i: number, name: string): boolean => globs[i]?.test(name) ?? false;

  function simpleNameMatch(path: readonly string[], isDir: boolean): boolean {
    for (let i = 0; i < path.length; i++) {
      if (!matchPart(0, path[i] as string)) continue;
      if (dirOnly && !isDir && i === path.length - 1) return false;
      return true;
    }
    return false;
  }

  function globMatch(pathIn: readonly string[], isDir: boolean): boolean {
    let path = pathIn;
    let matched = false;
    let canTraverse = false;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (part === '') {
        canTraverse = false;
        continue;
      }
      if (part === anyDirs) {
        if (i === parts.length - 1) break;
        canTraverse = true;
        continue;
      }
      if (part.includes(anyDirs)) return false;
      if (path.length === 0) return false;
      if (canTraverse) {
        canTraverse = false;
        while (path.length > 0) {
          const e = path[0] as string;
          path = path.slice(1);
          if (matchPart(i, e)) {
            matched = true;
            break;
          } else if (path.length === 0) {
            matched = false;
          }
        }
      } else {
        if (!matchPart(i, path[0] as string)) return false;
        matched = true;
        path = path.slice(1);
      }
    }
    if (matched && dirOnly && !isDir && path.length === 0) matched = false;
    return matched;
  }

  return {
    match(path, isDir) {
      if (path.length <= dom.length) return 'none';
      for (let i = 0; i < dom.length; i++) if (path[i] !== dom[i]) return 'none';
      const rel = path.slice(dom.length);
      const hit = isGlob ? globMatch(rel, isDir) : simpleNameMatch(rel, isDir);
      if (!hit) return 'none';
      return inclusion ? 'include' : 'exclude';
    },
  };
}

/** Rules in increasing priority; the last rule that matches decides (go-git Matcher). */
export function matchesAny(patterns: readonly IgnorePattern[], path: readonly string[], isDir: boolean): boolean {
  for (let i = patterns.length - 1; i >= 0; i--) {
    const r = (patterns[i] as IgnorePattern).match(path, isDir);
    if (r !== 'none') return r === 'exclude';
  }
  return false;
}

/** Lines of a .sourceignore or spec.ignore: `#` comments and blank lines are skipped. */
export function readIgnorePatterns(text: string, domain: readonly string[] = []): IgnorePattern[] {
  return text
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('#') && line.trim().length > 0)
    .map((line) => parseIgnorePattern(line, domain));
}
