import { describe, expect, it } from 'vitest';
import { compileGoGlob } from './go-glob.js';
import { parseIgnorePattern } from './ignore-pattern.js';
import { bucketIgnoreFilter, sourceIgnoreFilter } from './source-ignore.js';

const none = new Map<string, string>();

describe('compileGoGlob (Go filepath.Match)', () => {
  it.each([
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'a.yml', false],
    // A `-` outside a class is a plain character (as in Go), with or without a backslash.
    ['*-secret.yaml', 'db-secret.yaml', true],
    ['*.secret-notes', '.secret-notes', true],
    ['a\\-b', 'a-b', true],
    ['*-secret.yaml', 'db.yaml', false],
    ['?.md', 'a.md', true],
    ['[abc].txt', 'b.txt', true],
    ['[^abc].txt', 'b.txt', false],
    ['[a-c]x', 'cx', true],
    ['\\*', '*', true],
  ])('%s vs %s → %s', (pattern, name, want) => {
    expect(compileGoGlob(pattern)?.test(name) ?? false).toBe(want);
  });

  it('a malformed pattern compiles to nothing (go-git: ErrBadPattern matches nothing)', () => {
    expect(compileGoGlob('[abc')).toBeUndefined();
    expect(compileGoGlob('x\\')).toBeUndefined();
  });
});

describe('parseIgnorePattern (go-git gitignore matcher semantics)', () => {
  it('a slash-free rule matches any component, a dir rule only directories at the end', () => {
    const p = parseIgnorePattern('build/');
    expect(p.match(['build', 'x.yaml'], false)).toBe('exclude');
    expect(p.match(['a', 'build'], true)).toBe('exclude');
    expect(p.match(['a', 'build'], false)).toBe('none');
  });

  it('an anchored rule matches path prefixes; ** spans directories', () => {
    expect(parseIgnorePattern('/deploy').match(['deploy', 'app.yaml'], false)).toBe('exclude');
    expect(parseIgnorePattern('/deploy').match(['x', 'deploy'], false)).toBe('none');
    expect(parseIgnorePattern('/deploy/**/*.md').match(['deploy', 'a', 'b', 'README.md'], false)).toBe('exclude');
    expect(parseIgnorePattern('**/.sops.yaml').match(['a', '.sops.yaml'], false)).toBe('exclude');
  });

  it('a rule is scoped to its domain', () => {
    const p = parseIgnorePattern('*.txt', ['sub']);
    expect(p.match(['sub', 'a.txt'], false)).toBe('exclude');
    expect(p.match(['a.txt'], false)).toBe('none');
  });
});

describe('sourceIgnoreFilter (flux.md §1.1 ignore; source-controller default exclusions)', () => {
  it('default exclusions apply when there are no rules: VCS, images, archives, CI, .sops.yaml', () => {
    const ignored = sourceIgnoreFilter({ sourceIgnoreFiles: none });
    for (const path of ['.gitignore', 'logo.png', 'deploy/x.tar.gz', '.github/workflows/ci.yaml', 'app/.sops.yaml', '.travis.yml', 'a/.flux.yaml']) {
      expect(ignored(path, false), path).toBe(true);
    }
    for (const path of ['deploy/app.yaml', 'README.md', 'kustomization.yaml', '.sourceignore']) {
      expect(ignored(path, false), path).toBe(false);
    }
  });

  it('spec.ignore replaces the default exclusions but never the VCS ones', () => {
    const ignored = sourceIgnoreFilter({ sourceIgnoreFiles: none, specIgnore: '*.md\n' });
    expect(ignored('README.md', false)).toBe(true);
    expect(ignored('logo.png', false)).toBe(false);
    expect(ignored('.gitmodules', false)).toBe(true);
  });

  it('the Flux docs example: exclude all, include deploy, exclude md/txt inside deploy', () => {
    const ignored = sourceIgnoreFilter({ sourceIgnoreFiles: none, specIgnore: '# exclude all\n/*\n# include deploy dir\n!/deploy\n/deploy/**/*.md\n/deploy/**/*.txt\n' });
    expect(ignored('README.md', false)).toBe(true);
    expect(ignored('src/main.go', false)).toBe(true);
    expect(ignored('deploy/app.yaml', false)).toBe(false);
    expect(ignored('deploy/sub/notes.md', false)).toBe(true);
    expect(ignored('deploy/sub/notes.txt', false)).toBe(true);
  });

  it('.sourceignore rules are scoped to their directory and spec.ignore overrules them', () => {
    const files = new Map([
      ['', 'secrets/\n'],
      ['apps', '*.txt\n'],
    ]);
    const ignored = sourceIgnoreFilter({ sourceIgnoreFiles: files });
    expect(ignored('secrets/a.yaml', false)).toBe(true);
    expect(ignored('apps/notes.txt', false)).toBe(true);
    expect(ignored('notes.txt', false)).toBe(false);
    const overruled = sourceIgnoreFilter({ sourceIgnoreFiles: files, specIgnore: '!apps/keep.txt\n' });
    expect(overruled('apps/keep.txt', false)).toBe(false);
    expect(overruled('apps/other.txt', false)).toBe(true);
  });
});

describe('bucketIgnoreFilter (source-controller fetchEtagIndex: sourceignore.NewMatcher, no default patterns)', () => {
  it('without rules every key is kept, VCS and default exclusions included', () => {
    const keep = bucketIgnoreFilter(undefined, undefined);
    for (const key of ['.git/config', '.github/workflows/ci.yml', 'logo.png', 'a/b.tar.gz', '.sops.yaml']) expect(keep(key, false), key).toBe(false);
  });

  it('the root .sourceignore applies first and spec.ignore overrules it (last match wins)', () => {
    const ignored = bucketIgnoreFilter('*.txt\n# comment\n/tmp/\n', '!keep.txt\n/deploy/**/*.md');
    expect(ignored('notes.txt', false)).toBe(true);
    expect(ignored('a/b.txt', false)).toBe(true);
    expect(ignored('keep.txt', false)).toBe(false);
    expect(ignored('tmp/x.yaml', false)).toBe(true);
    expect(ignored('deploy/a/README.md', false)).toBe(true);
    expect(ignored('deploy/a/app.yaml', false)).toBe(false);
  });
});
