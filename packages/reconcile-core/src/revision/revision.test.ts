import { describe, expect, it } from 'vitest';
import {
  chartRevision,
  formatRevision,
  gitRevision,
  ociRevision,
  parseRevision,
  sameRevision,
  shortRevision,
  transformLegacyRevision,
} from './revision.js';

const sha1 = '5394cb7f48332b2de7c17dd8b8384bbc84b7e738';
const sha256 = 'a'.repeat(64);

describe('Flux revision strings (flux.md §2 RFC-0005)', () => {
  it.each([
    [`main@sha1:${sha1}`, { pointer: 'main', algorithm: 'sha1', checksum: sha1 }],
    [`feature/x@sha1:${sha1}`, { pointer: 'feature/x', algorithm: 'sha1', checksum: sha1 }],
    [`v1.2.3@sha1:${sha1}`, { pointer: 'v1.2.3', algorithm: 'sha1', checksum: sha1 }],
    [`refs/pull/1/head@sha1:${sha1}`, { pointer: 'refs/pull/1/head', algorithm: 'sha1', checksum: sha1 }],
    [`sha1:${sha1}`, { algorithm: 'sha1', checksum: sha1 }],
    [`latest@sha256:${sha256}`, { pointer: 'latest', algorithm: 'sha256', checksum: sha256 }],
    [`sha256:${sha256}`, { algorithm: 'sha256', checksum: sha256 }],
    ['6.1.0', { version: '6.1.0' }],
    ['6.1.0+a1b2c3d4e5f6', { version: '6.1.0+a1b2c3d4e5f6' }],
  ])('parses and re-formats %s', (rev, parts) => {
    const parsed = parseRevision(rev);
    expect(parsed).toMatchObject({ ok: true, value: parts });
    expect(parsed.ok && formatRevision(parsed.value)).toBe(rev);
  });

  it.each([
    '',
    `main@`,
    `@sha1:${sha1}`,
    'sha1:XYZ',
    `sha1:${sha1.slice(1)}`,
    `md5:${sha1}`,
    'not a revision',
    `main@${sha1}`,
  ])('rejects %j with REVISION_INVALID', (rev) => {
    expect(parseRevision(rev)).toMatchObject({ ok: false, errors: [{ code: 'REVISION_INVALID' }] });
  });

  it('Git revisions: branches and tags are short, other refs absolute, no ref is a bare digest', () => {
    expect(gitRevision('refs/heads/main', sha1)).toBe(`main@sha1:${sha1}`);
    expect(gitRevision('refs/heads/feature/x', sha1)).toBe(`feature/x@sha1:${sha1}`);
    expect(gitRevision('refs/tags/v1.0.0', sha1)).toBe(`v1.0.0@sha1:${sha1}`);
    expect(gitRevision('refs/pull/1/head', sha1)).toBe(`refs/pull/1/head@sha1:${sha1}`);
    expect(gitRevision(undefined, sha1.toUpperCase())).toBe(`sha1:${sha1}`);
    expect(gitRevision('refs/heads/main', sha1, { absolute: true })).toBe(`refs/heads/main@sha1:${sha1}`);
  });

  it('OCI and chart revisions', () => {
    expect(ociRevision('latest', `sha256:${sha256}`)).toBe(`latest@sha256:${sha256}`);
    expect(ociRevision(undefined, `sha256:${sha256}`)).toBe(`sha256:${sha256}`);
    expect(chartRevision('6.1.0')).toBe('6.1.0');
    expect(chartRevision('6.1.0+old', `main@sha1:${sha1}`)).toBe('6.1.0+5394cb7f4833');
  });

  it('shortens the checksum but never the algorithm prefix (7 characters at least)', () => {
    expect(shortRevision(`main@sha1:${sha1}`)).toBe('main@sha1:5394cb7');
    expect(shortRevision(`sha256:${sha256}`, 3)).toBe('sha256:aaaaaaa');
    expect(shortRevision('6.1.0')).toBe('6.1.0');
    expect(shortRevision(`sha1:${sha1}`)).toBe('sha1:5394cb7');
    expect(shortRevision('refs/heads/x')).toBe('refs/heads/x');
  });

  it('reads the pre-RFC-0005 forms and compares revisions by content', () => {
    expect(transformLegacyRevision(`main/${sha1}`)).toBe(`main@sha1:${sha1}`);
    expect(transformLegacyRevision(`HEAD/${sha1}`)).toBe(`sha1:${sha1}`);
    expect(transformLegacyRevision(sha1)).toBe(`sha1:${sha1}`);
    expect(sameRevision(`main/${sha1}`, `main@sha1:${sha1}`)).toBe(true);
    expect(sameRevision(`sha1:${sha1}`, `main@sha1:${sha1}`)).toBe(true);
    expect(sameRevision(`dev@sha1:${sha1}`, `main@sha1:${sha1}`)).toBe(false);
    expect(sameRevision(`main@sha1:${sha1}`, `main@sha1:${'b'.repeat(40)}`)).toBe(false);
  });
});
