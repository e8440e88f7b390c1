import type * as IsomorphicGit from 'isomorphic-git';

// isomorphic-git (with pako) is about half a megabyte of JavaScript that only a git fetch needs: an agent whose
// sources are the hub's artifacts or OCI artifacts never loads it. Bundles put it in a chunk read at the first fetch.
let loading: Promise<typeof IsomorphicGit.default> | undefined;

export function isomorphicGit(): Promise<typeof IsomorphicGit.default> {
  return (loading ??= import('isomorphic-git').then((m) => m.default));
}
