import type { EffectiveRef } from './git-repository.spec.js';

// Flux revision strings for Git (RFC-0005, shared/reference/flux.md §2 "Revision strings"):
// `main@sha1:<40 hex>`, `v1.2.3@sha1:…`, `refs/pull/1/head@sha1:…`, bare `sha1:…` for a commit-only ref.
// source-controller derives them from the resolved reference: the short name (refs/heads/ and refs/tags/
// stripped) for branch, tag and semver refs, the full name for `ref.name`, none for a bare commit.

export function gitRevision(ref: EffectiveRef, resolvedTag: string | undefined, commit: string): string {
  const digest = `sha1:${commit}`;
  switch (ref.kind) {
    case 'branch':
      return `${ref.branch}@${digest}`;
    case 'tag':
      return `${ref.tag}@${digest}`;
    case 'semver':
      return resolvedTag ? `${resolvedTag}@${digest}` : digest;
    case 'name':
      return `${ref.name}@${digest}`;
    case 'commit':
      return ref.branch ? `${ref.branch}@${digest}` : digest;
  }
}

/** The commit id a revision names (the part after `sha1:`). */
export function revisionCommit(revision: string): string | undefined {
  return /(?:^|@)sha1:([0-9a-f]{40})$/.exec(revision)?.[1];
}
