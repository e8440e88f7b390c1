import { gitRevision as fluxGitRevision } from '@flotilla/reconcile-core';
import type { EffectiveRef } from '../spec/git-repository.spec.js';

// The revision string is reconcile-core's (RFC-0005); this file only says which git reference each kind of
// `spec.ref` checked out, as source-controller's checkout strategies do.

export function gitRevision(ref: EffectiveRef, resolvedTag: string | undefined, commit: string): string {
  switch (ref.kind) {
    case 'branch':
      return fluxGitRevision(`refs/heads/${ref.branch}`, commit);
    case 'tag':
      return fluxGitRevision(`refs/tags/${ref.tag}`, commit);
    case 'semver':
      return fluxGitRevision(resolvedTag ? `refs/tags/${resolvedTag}` : undefined, commit);
    case 'name':
      return fluxGitRevision(ref.name, commit, { absolute: true });
    case 'commit':
      return fluxGitRevision(ref.branch ? `refs/heads/${ref.branch}` : undefined, commit);
  }
}
