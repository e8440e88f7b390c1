import { describe, expect, it } from 'vitest';
import { describeRef, effectiveRef, parseGitCredentials, parseGitRepositorySpec } from './git-repository.spec.js';

const base = { url: 'https://git.example.com/org/repo.git', interval: '1m' };

function errorsOf(input: unknown) {
  const r = parseGitRepositorySpec(input);
  if (r.ok) throw new Error('expected a validation error');
  return r.errors;
}

describe('parseGitRepositorySpec (flux.md §1.1)', () => {
  it('fills Flux defaults: timeout 60s, suspend false', () => {
    const r = parseGitRepositorySpec(base);
    expect(r).toEqual({ ok: true, value: { ...base, timeout: '60s', suspend: false } });
  });

  it('accepts the full field set with Flux names', () => {
    const input = {
      ...base,
      secretRef: { name: 'git-auth' },
      ref: { branch: 'main', commit: 'a'.repeat(40) },
      timeout: '1m30s',
      ignore: '/*\n!/deploy\n',
      suspend: true,
    };
    expect(parseGitRepositorySpec(input)).toEqual({ ok: true, value: input });
  });

  it('url: http, https and ssh:// pass; other schemes fail naming url', () => {
    expect(parseGitRepositorySpec({ ...base, url: 'http://127.0.0.1:8080/x.git' }).ok).toBe(true);
    expect(parseGitRepositorySpec({ ...base, url: 'ssh://git@github.com/org/repo' }).ok).toBe(true);
    expect(errorsOf({ ...base, url: 'ftp://x/y' })).toEqual([{ path: 'url', message: 'must start with http://, https:// or ssh://' }]);
  });

  it('url: the scp-like form is refused with the ssh:// hint (flux.md §1.1: scp-like not accepted)', () => {
    const [e] = errorsOf({ ...base, url: 'git@github.com:org/repo.git' });
    expect(e?.path).toBe('url');
    expect(e?.message).toMatch(/scp-like.*ssh:\/\/user@host\/path/);
  });

  it('url: embedded credentials are refused and not echoed', () => {
    const errors = errorsOf({ ...base, url: 'https://bob:hunter2@git.example.com/x.git' });
    expect(errors[0]?.path).toBe('url');
    expect(JSON.stringify(errors)).not.toContain('hunter2');
  });

  it('interval is required and strict (Flux duration pattern)', () => {
    expect(errorsOf({ url: base.url })[0]?.path).toBe('interval');
    expect(errorsOf({ ...base, interval: '10' })[0]).toMatchObject({ path: 'interval', message: expect.stringMatching(/missing unit/) });
    expect(errorsOf({ ...base, interval: '1d' })[0]).toMatchObject({ path: 'interval', message: expect.stringMatching(/unknown unit/) });
    expect(errorsOf({ ...base, interval: '0s' })[0]).toMatchObject({ path: 'interval', message: 'interval must be greater than 0' });
    expect(errorsOf({ ...base, timeout: '5us' })[0]).toMatchObject({ path: 'timeout' });
    expect(errorsOf({ ...base, timeout: '1h' })[0]).toMatchObject({ path: 'timeout', message: expect.stringMatching(/units ms, s or m/) });
  });

  it('ref fields are validated with their path', () => {
    expect(errorsOf({ ...base, ref: { commit: 'abc123' } })[0]).toMatchObject({ path: 'ref.commit', message: expect.stringMatching(/40-character/) });
    expect(errorsOf({ ...base, ref: { semver: 'banana' } })[0]).toMatchObject({ path: 'ref.semver', message: expect.stringMatching(/invalid semver range/) });
    expect(errorsOf({ ...base, ref: { name: 'main' } })[0]).toMatchObject({ path: 'ref.name', message: expect.stringMatching(/refs\//) });
    expect(errorsOf({ ...base, ref: { branch: 'a..b' } })[0]).toMatchObject({ path: 'ref.branch' });
    expect(errorsOf({ ...base, ref: { tag: 'v 1' } })[0]).toMatchObject({ path: 'ref.tag' });
  });

  it('unknown fields are named', () => {
    expect(errorsOf({ ...base, reference: { branch: 'main' } })[0]).toMatchObject({ message: 'unknown field reference' });
    expect(errorsOf({ ...base, ref: { brnch: 'main' } })[0]).toMatchObject({ path: 'ref', message: 'unknown field brnch' });
  });
});

describe('effectiveRef: later fields override earlier (flux.md §1.1: branch < tag < semver < name < commit; default branch master)', () => {
  it('defaults to branch master', () => {
    expect(effectiveRef(undefined)).toEqual({ kind: 'branch', branch: 'master' });
    expect(effectiveRef({})).toEqual({ kind: 'branch', branch: 'master' });
  });

  it('applies the precedence chain', () => {
    const commit = 'b'.repeat(40);
    expect(effectiveRef({ branch: 'main', tag: 'v1' })).toEqual({ kind: 'tag', tag: 'v1' });
    expect(effectiveRef({ tag: 'v1', semver: '1.x' })).toEqual({ kind: 'semver', range: '1.x' });
    expect(effectiveRef({ semver: '1.x', name: 'refs/pull/1/head' })).toEqual({ kind: 'name', name: 'refs/pull/1/head' });
    expect(effectiveRef({ name: 'refs/pull/1/head', commit })).toEqual({ kind: 'commit', commit });
    expect(effectiveRef({ branch: 'main', commit })).toEqual({ kind: 'commit', commit, branch: 'main' });
    expect(describeRef(effectiveRef({ branch: 'main', commit }))).toBe(`commit '${commit}' on branch 'main'`);
  });
});

describe('parseGitCredentials (Flux secret keys username/password or bearerToken)', () => {
  it('accepts basic and bearer', () => {
    expect(parseGitCredentials({ username: 'u', password: 'p' }).ok).toBe(true);
    expect(parseGitCredentials({ bearerToken: 't' }).ok).toBe(true);
  });

  it('refuses mixed or empty shapes without echoing values', () => {
    const r = parseGitCredentials({ username: 'u', password: 's3cret', bearerToken: 'tok3n' });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toMatch(/s3cret|tok3n/);
    expect(parseGitCredentials({ username: 'u' }).ok).toBe(false);
  });
});
