import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestenvError } from '../process/errors.js';
import { pullArtifact, pushArtifact } from './client.js';
import { sha256Digest } from './digest.js';
import { fluxConfigMediaType, fluxContentMediaType } from './media-types.js';
import { startRegistry, type TestRegistry } from './registry.js';

// What `flux push artifact` produces: an empty JSON config and one tar+gzip layer, with the source and
// revision annotations.
function fluxArtifact() {
  const content = gzipSync(Buffer.concat([Buffer.from('deploy/app.yaml\n'), randomBytes(64 * 1024)]));
  return {
    config: { mediaType: fluxConfigMediaType, data: '{}' },
    layers: [{ mediaType: fluxContentMediaType, data: content }],
    annotations: {
      'org.opencontainers.image.source': 'https://github.com/example/apps',
      'org.opencontainers.image.revision': 'main@sha1:0123456789abcdef0123456789abcdef01234567',
    },
    content,
  };
}

describe('startRegistry (anonymous)', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry.stop());

  it('round-trips a Flux-style artifact byte-identical, by tag and by digest', async () => {
    const { content, ...artifact } = fluxArtifact();
    const { digest } = await pushArtifact({ registry: registry.host, repository: 'flotilla/apps', tag: 'v1', ...artifact });
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const byTag = await pullArtifact({ registry: registry.host, repository: 'flotilla/apps', reference: 'v1' });
    expect(byTag.digest).toBe(digest);
    expect(byTag.manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(byTag.manifest.annotations).toEqual(artifact.annotations);
    expect(byTag.config).toMatchObject({ mediaType: fluxConfigMediaType, data: Buffer.from('{}') });
    expect(byTag.layers).toHaveLength(1);
    expect(byTag.layers[0]?.mediaType).toBe(fluxContentMediaType);
    expect(byTag.layers[0]?.digest).toBe(sha256Digest(content));
    expect(Buffer.compare(byTag.layers[0]?.data ?? Buffer.alloc(0), content)).toBe(0);

    const byDigest = await pullArtifact({ registry: registry.url, repository: 'flotilla/apps', reference: digest });
    expect(byDigest.manifest).toEqual(byTag.manifest);
  });

  it('reports a missing tag with the registry error code', async () => {
    await expect(pullArtifact({ registry: registry.host, repository: 'flotilla/apps', reference: 'nope' })).rejects.toMatchObject({
      name: 'OciClientError', code: 'MANIFEST_UNKNOWN', status: 404,
    });
  });

  it('rejects invalid repository names and tags before any request', async () => {
    await expect(pullArtifact({ registry: registry.host, repository: 'Bad/Name', reference: 'v1' })).rejects.toMatchObject({ code: 'NAME_INVALID' });
    await expect(pullArtifact({ registry: registry.host, repository: 'ok', reference: '-bad' })).rejects.toMatchObject({ code: 'TAG_INVALID' });
  });
});

describe('startRegistry (htpasswd auth)', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ auth: true });
  });
  afterAll(() => registry.stop());

  it('pushes and pulls with the generated credentials', async () => {
    const { content, ...artifact } = fluxArtifact();
    const auth = { username: registry.username ?? '', password: registry.password ?? '' };
    const { digest } = await pushArtifact({ registry: registry.host, repository: 'private/app', tag: 'latest', auth, ...artifact });
    const pulled = await pullArtifact({ registry: registry.host, repository: 'private/app', reference: 'latest', auth });
    expect(pulled.digest).toBe(digest);
    expect(Buffer.compare(pulled.layers[0]?.data ?? Buffer.alloc(0), content)).toBe(0);
  });

  it('refuses anonymous and wrong-password clients', async () => {
    const { content: _content, ...artifact } = fluxArtifact();
    const res = await fetch(`${registry.url}/v2/`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="flotilla-test-registry"/);
    await expect(pushArtifact({ registry: registry.host, repository: 'private/app', tag: 'anon', ...artifact })).rejects.toMatchObject({
      name: 'OciClientError', code: 'UNAUTHORIZED',
    });
    const wrong = { username: registry.username ?? '', password: 'wrong' };
    await expect(pushArtifact({ registry: registry.host, repository: 'private/app', tag: 'wrong', auth: wrong, ...artifact })).rejects.toMatchObject({
      code: 'UNAUTHORIZED', status: 401,
    });
    await expect(pullArtifact({ registry: registry.host, repository: 'private/app', reference: 'latest', auth: wrong })).rejects.toMatchObject({
      code: 'UNAUTHORIZED', status: 401,
    });
  });
});

describe('a registry that dies', () => {
  it('assertRunning() throws a TestenvError carrying the registry log tail', async () => {
    const registry = await startRegistry();
    try {
      registry.assertRunning();
      registry.process.killNow();
      await registry.process.exited;
      let caught: unknown;
      try {
        registry.assertRunning();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(TestenvError);
      const err = caught as TestenvError;
      expect(err.message).toMatch(/docker-registry exited with signal SIGKILL/);
      expect(err.logTail).toContain(`listening on ${registry.host}`);
      expect(err.message).toContain(err.logTail);
    } finally {
      await registry.stop();
    }
  });
});
