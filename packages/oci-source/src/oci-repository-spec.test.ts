import { describe, expect, it } from 'vitest';
import { ociRepositorySpecOf } from './oci-repository-spec.js';

const base = { interval: '5m' };
const digest = `sha256:${'a'.repeat(64)}`;

describe('ociRepositorySpecOf', () => {
  it.each([
    ['a digest wins over semver and tag (flux.md: OCIRepository ref precedence)', { digest, semver: '1.x', tag: 'v1' }, { digest }],
    ['semver wins over tag', { semver: '>=1.0.0', semverFilter: '^1\\.', tag: 'v1' }, { semver: '>=1.0.0', semverFilter: '^1\\.' }],
    ['a tag alone', { tag: 'v1.2.3' }, { tag: 'v1.2.3' }],
    ['no ref: latest (Flux default tag)', undefined, { tag: 'latest' }],
  ])('%s', (_name, ref, expected) => {
    const r = ociRepositorySpecOf({ ...base, url: 'oci://ghcr.io/org/app', ...(ref ? { ref } : {}) });
    expect(r.ok && r.target.ref).toEqual(expected);
  });

  it('splits the URL as go-containerregistry names it: a host with a dot or port, else Docker Hub', () => {
    expect(ociRepositorySpecOf({ ...base, url: 'oci://127.0.0.1:5000/team/app' })).toMatchObject({ ok: true, target: { registry: '127.0.0.1:5000', repository: 'team/app', operation: 'extract' } });
    expect(ociRepositorySpecOf({ ...base, url: 'oci://localhost/app' })).toMatchObject({ ok: true, target: { registry: 'localhost', repository: 'app' } });
    expect(ociRepositorySpecOf({ ...base, url: 'oci://stefanprodan/podinfo' })).toMatchObject({ ok: true, target: { registry: 'index.docker.io', repository: 'stefanprodan/podinfo' } });
    expect(ociRepositorySpecOf({ ...base, url: 'oci://nginx' })).toMatchObject({ ok: true, target: { registry: 'index.docker.io', repository: 'library/nginx' } });
    expect(ociRepositorySpecOf({ ...base, url: 'oci://ghcr.io/a/b', layerSelector: { operation: 'copy' } })).toMatchObject({ ok: true, target: { operation: 'copy' } });
  });

  it.each([
    ['a tag in the URL (Flux: URL must not contain a tag)', { url: 'oci://ghcr.io/org/app:v1' }, 'URLInvalid', "URL validation failed for 'oci://ghcr.io/org/app:v1': URL must not contain a tag; remove ':v1'"],
    ['a digest in the URL', { url: `oci://ghcr.io/org/app@${digest}` }, 'URLInvalid', /must not contain a digest/],
    ['another scheme (CRD pattern)', { url: 'https://ghcr.io/org/app' }, 'URLInvalid', /invalid spec: url/],
    ['an upper-case repository', { url: 'oci://ghcr.io/Org/App' }, 'URLInvalid', /invalid repository name/],
    ['a digest that is not sha256:<64 hex>', { url: 'oci://ghcr.io/a/b', ref: { digest: 'sha256:abc' } }, 'InvalidSpec', /ref\.digest/],
    ['a semver range that does not parse', { url: 'oci://ghcr.io/a/b', ref: { semver: '>=>1' } }, 'InvalidSpec', /semver '>=>1' parse error/],
    ['a tag no registry accepts', { url: 'oci://ghcr.io/a/b', ref: { tag: '-bad tag' } }, 'InvalidSpec', /ref\.tag/],
    ['a cloud provider', { url: 'oci://ghcr.io/a/b', provider: 'aws' }, 'InvalidProviderConfiguration', /provider 'aws' is not supported/],
    ['a proxy', { url: 'oci://ghcr.io/a/b', proxySecretRef: { name: 'p' } }, 'UnsupportedSpec', /proxySecretRef/],
  ])('refuses %s', (_name, spec, reason, message) => {
    const r = ociRepositorySpecOf({ ...base, ...spec });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe(reason);
    if (typeof message === 'string') expect(r.message).toBe(message);
    else expect(r.message).toMatch(message);
  });
});
