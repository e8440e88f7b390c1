import { describe, expect, it } from 'vitest';
import { gitRepositorySpecOf } from './git-repository-spec.js';

describe(gitRepositorySpecOf.name, () => {
  it("fills Flux's defaults from protocol's definition: timeout 60s, branch master when no ref", () => {
    const r = gitRepositorySpecOf({ url: 'https://example.com/org/repo', interval: '1m' });
    expect(r).toEqual({ ok: true, spec: { url: 'https://example.com/org/repo', interval: '1m', timeout: '60s', suspend: false } });
  });

  it('keeps the fields the fetcher uses and drops status-only noise', () => {
    const r = gitRepositorySpecOf({ url: 'http://git.local/repo', interval: '5m', timeout: '20s', ref: { tag: 'v1.0.0' }, secretRef: { name: 'auth' }, ignore: '*.md\n', suspend: false });
    expect(r).toMatchObject({ ok: true, spec: { ref: { tag: 'v1.0.0' }, secretRef: { name: 'auth' }, ignore: '*.md\n', timeout: '20s' } });
  });

  it('a URL the CRD pattern refuses, or one with credentials in it, is URLInvalid (Flux stalls on an unusable URL)', () => {
    expect(gitRepositorySpecOf({ url: 'git@github.com:org/repo.git', interval: '1m' })).toMatchObject({ ok: false, reason: 'URLInvalid' });
    expect(gitRepositorySpecOf({ url: 'https://user:pw@example.com/repo', interval: '1m' })).toMatchObject({ ok: false, reason: 'URLInvalid', message: expect.stringContaining('use secretRef') });
  });

  it('a missing interval or a ref git would refuse is InvalidSpec, naming the field', () => {
    expect(gitRepositorySpecOf({ url: 'https://example.com/repo' })).toMatchObject({ ok: false, reason: 'InvalidSpec', message: expect.stringContaining('interval') });
    expect(gitRepositorySpecOf({ url: 'https://example.com/repo', interval: '1m', ref: { branch: 'a..b' } })).toMatchObject({ ok: false, reason: 'InvalidSpec', message: expect.stringContaining('ref.branch') });
  });

  it('what the agent does not implement yet is UnsupportedSpec or, for a cloud provider, InvalidProviderConfiguration', () => {
    expect(gitRepositorySpecOf({ url: 'https://example.com/repo', interval: '1m', provider: 'azure' })).toMatchObject({ ok: false, reason: 'InvalidProviderConfiguration' });
    expect(gitRepositorySpecOf({ url: 'https://example.com/repo', interval: '1m', provider: 'generic' })).toMatchObject({ ok: true });
    expect(gitRepositorySpecOf({ url: 'https://example.com/repo', interval: '1m', recurseSubmodules: true, sparseCheckout: ['apps/'] })).toEqual({
      ok: false,
      reason: 'UnsupportedSpec',
      message: 'spec.recurseSubmodules, spec.sparseCheckout are not supported yet',
    });
  });
});
