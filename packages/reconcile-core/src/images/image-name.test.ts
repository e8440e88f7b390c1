import { describe, expect, it } from 'vitest';
import { parseImageName } from './image-name.js';

describe('parseImageName', () => {
  it.each([
    ['alpine', 'index.docker.io', 'library/alpine'],
    ['docker.io/stefanprodan/podinfo', 'index.docker.io', 'stefanprodan/podinfo'],
    ['ghcr.io/stefanprodan/podinfo', 'ghcr.io', 'stefanprodan/podinfo'],
    ['127.0.0.1:5000/team/app', '127.0.0.1:5000', 'team/app'],
    ['localhost/app', 'localhost', 'app'],
    ['alpine:latest', 'index.docker.io', 'library/alpine'],
  ])('canonicalises %s as go-containerregistry does (Flux canonicalImageName)', (image, registry, repository) => {
    const r = parseImageName(image);
    expect(r.ok && r.value).toEqual({ registry, repository, canonical: `${registry}/${repository}` });
  });

  it.each([
    ['https://ghcr.io/app', 'scheme'],
    ['ghcr.io/app:1.0', "remove ':1.0'"],
    ['ghcr.io/app@sha256:abc', 'digest'],
    ['ghcr.io/App', 'repository name'],
  ])('refuses %s (ImageURLInvalid)', (image, why) => {
    const r = parseImageName(image);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]?.code).toBe('IMAGE_NAME_INVALID');
      expect(r.errors[0]?.message).toContain(why);
    }
  });
});
