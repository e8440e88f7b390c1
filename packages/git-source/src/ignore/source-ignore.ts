import { matchesAny, readIgnorePatterns, type IgnorePattern } from './ignore-pattern.js';

// Which files go into an artifact, as source-controller decides (fluxcd/pkg/sourceignore and
// artifact/storage SourceIgnoreFilter, shared/reference/flux.md §1.1 `ignore`):
// - VCS files (.git/, .gitignore, .gitmodules, .gitattributes) are always excluded;
// - the default exclusions (images, archives, CI configs, .goreleaser.yml, .sops.yaml, .flux.yaml) apply
//   only while no other rule exists: any `.sourceignore` rule or a `spec.ignore` replaces them;
// - `.sourceignore` files anywhere in the repo add rules scoped to their directory (root first, then
//   subdirectories depth-first in name order); `spec.ignore` comes last, so it can overrule them.

export const sourceIgnoreFile = '.sourceignore';
export const excludeVcs = ['.git/', '.gitignore', '.gitmodules', '.gitattributes'];
export const excludeExt = ['*.jpg', '*.jpeg', '*.gif', '*.png', '*.wmv', '*.flv', '*.tar.gz', '*.zip'];
export const excludeCi = [
  '.github/',
  '.circleci/',
  '.travis.yml',
  '.gitlab-ci.yml',
  'appveyor.yml',
  '.drone.yml',
  'cloudbuild.yaml',
  'codeship-services.yml',
  'codeship-steps.yml',
];
export const excludeExtra = ['**/.goreleaser.yml', '**/.sops.yaml', '**/.flux.yaml'];

export interface SourceIgnoreInput {
  /** Contents of every `.sourceignore` file, keyed by the directory holding it ('' for the root). */
  sourceIgnoreFiles: ReadonlyMap<string, string>;
  specIgnore?: string;
}

export type IgnoreFilter = (path: string, isDir: boolean) => boolean;

function dirOrder(a: string, b: string): number {
  // Depth-first walk in name order: compare component by component.
  const x = a === '' ? [] : a.split('/');
  const y = b === '' ? [] : b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const xi = x[i] as string;
    const yi = y[i] as string;
    if (xi !== yi) return xi < yi ? -1 : 1;
  }
  return x.length - y.length;
}

/** Returns a predicate: true when the repo-relative path must be left out of the artifact. */
export function sourceIgnoreFilter(input: SourceIgnoreInput): IgnoreFilter {
  const user: IgnorePattern[] = [];
  for (const dir of [...input.sourceIgnoreFiles.keys()].sort(dirOrder)) {
    user.push(...readIgnorePatterns(input.sourceIgnoreFiles.get(dir) ?? '', dir === '' ? [] : dir.split('/')));
  }
  if (input.specIgnore !== undefined) user.push(...readIgnorePatterns(input.specIgnore));
  const vcs = excludeVcs.map((p) => readIgnorePatterns(p)[0] as IgnorePattern);
  const defaults = [...excludeExt, ...excludeCi, ...excludeExtra].map((p) => readIgnorePatterns(p)[0] as IgnorePattern);
  const patterns = user.length > 0 ? [...vcs, ...user] : [...vcs, ...defaults];
  return (path, isDir) => matchesAny(patterns, path.split('/'), isDir);
}

/**
 * The rules source-controller applies to a Bucket's object keys: the bucket's root `.sourceignore`, then
 * `spec.ignore`. Unlike a repository's, no VCS or default exclusions are added (its bucket reconciler builds a
 * plain matcher), so an object named `.github/x` or `logo.png` counts in the revision and the artifact.
 */
export function bucketIgnoreFilter(sourceIgnore: string | undefined, specIgnore: string | undefined): IgnoreFilter {
  const patterns = [...readIgnorePatterns(sourceIgnore ?? ''), ...(specIgnore !== undefined ? readIgnorePatterns(specIgnore) : [])];
  return (path, isDir) => matchesAny(patterns, path.split('/'), isDir);
}
