import type { EffectiveRef } from '../spec/git-repository.spec.js';
import type { FetchTarget, ServerRef } from '../transport/git-transport.js';
import type { SemverSelector } from './semver-adapter.js';

// Pure: from the server's refs to what to fetch and the commit to expect. Messages follow
// source-controller's wording (`couldn't find remote ref "refs/heads/x"`, `no match found for semver: r`).

export type ResolvedRef =
  | { ok: true; target: FetchTarget; commit: string; tag?: string }
  | { ok: false; message: string };

export function resolveRef(ref: EffectiveRef, refs: readonly ServerRef[], semver: SemverSelector): ResolvedRef {
  const byName = new Map(refs.map((r) => [r.ref, r]));
  const find = (full: string): ResolvedRef => {
    const r = byName.get(full);
    if (!r) return { ok: false, message: `couldn't find remote ref "${full}"` };
    return { ok: true, target: { kind: 'ref', ref: full }, commit: r.peeled ?? r.oid };
  };
  switch (ref.kind) {
    case 'branch':
      return find(`refs/heads/${ref.branch}`);
    case 'tag': {
      const r = find(`refs/tags/${ref.tag}`);
      return r.ok ? { ...r, tag: ref.tag } : r;
    }
    case 'name':
      return find(ref.name);
    case 'semver': {
      const tags = refs.filter((r) => r.ref.startsWith('refs/tags/') && !r.ref.endsWith('^{}')).map((r) => r.ref.slice('refs/tags/'.length));
      const tag = semver.highest(ref.range, tags);
      if (!tag) return { ok: false, message: `no match found for semver: ${ref.range}` };
      const r = find(`refs/tags/${tag}`);
      return r.ok ? { ...r, tag } : r;
    }
    case 'commit': {
      if (!ref.branch) return { ok: true, target: { kind: 'commit', commit: ref.commit }, commit: ref.commit };
      const branchRef = `refs/heads/${ref.branch}`;
      if (!byName.has(branchRef)) return { ok: false, message: `couldn't find remote ref "${branchRef}"` };
      return { ok: true, target: { kind: 'commit', commit: ref.commit, branchRef }, commit: ref.commit };
    }
  }
}
