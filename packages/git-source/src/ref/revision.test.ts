import { describe, expect, it } from 'vitest';
import { gitRevision } from './revision.js';

const sha = '0123456789abcdef0123456789abcdef01234567';

describe('gitRevision (flux.md §2 revision strings, RFC-0005)', () => {
  it('branch → <branch>@sha1:<commit> (flux.md §2: main@sha1:…)', () => {
    expect(gitRevision({ kind: 'branch', branch: 'main' }, undefined, sha)).toBe(`main@sha1:${sha}`);
    expect(gitRevision({ kind: 'branch', branch: 'feature/x' }, undefined, sha)).toBe(`feature/x@sha1:${sha}`);
  });

  it('tag → <tag>@sha1:<commit> (flux.md §2: v1.2.3@sha1:…)', () => {
    expect(gitRevision({ kind: 'tag', tag: 'v1.2.3' }, undefined, sha)).toBe(`v1.2.3@sha1:${sha}`);
  });

  it('semver → <chosen tag>@sha1:<commit>', () => {
    expect(gitRevision({ kind: 'semver', range: '1.x' }, 'v1.4.0', sha)).toBe(`v1.4.0@sha1:${sha}`);
  });

  it('name → <full ref name>@sha1:<commit> (flux.md §2: refs/pull/1/head@sha1:…)', () => {
    expect(gitRevision({ kind: 'name', name: 'refs/pull/1/head' }, undefined, sha)).toBe(`refs/pull/1/head@sha1:${sha}`);
    expect(gitRevision({ kind: 'name', name: 'refs/heads/main' }, undefined, sha)).toBe(`refs/heads/main@sha1:${sha}`);
  });

  it('bare commit → sha1:<commit>; commit with branch → <branch>@sha1:<commit> (flux.md §2)', () => {
    expect(gitRevision({ kind: 'commit', commit: sha }, undefined, sha)).toBe(`sha1:${sha}`);
    expect(gitRevision({ kind: 'commit', commit: sha, branch: 'main' }, undefined, sha)).toBe(`main@sha1:${sha}`);
  });
});
