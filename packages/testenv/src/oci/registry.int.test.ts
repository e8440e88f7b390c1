import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestenvError } from '../process/errors.js';
import { fluxConfigMediaType, fluxContentMediaType, listTags, pullArtifact, pushArtifact, RegistrySession, resolveDigest, sha256Digest } from '@flotilla/oci-client';
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
    const { digest } = await pushArtifact({
      registry: registry.host,
      repository: 'flotilla/apps',
      tag: 'v1',
      ...artifact,
    });
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const byTag = await pullArtifact({
      registry: registry.host,
      repository: 'flotilla/apps',
      reference: 'v1',
    });
    expect(byTag.digest).toBe(digest);
    expect(byTag.manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(byTag.manifest.annotations).toEqual(artifact.annotations);
    expect(byTag.config).toMatchObject({ mediaType: fluxConfigMediaType, data: Buffer.from('{}') });
    expect(byTag.layers).toHaveLength(1);
    expect(byTag.layers[0]?.mediaType).toBe(fluxContentMediaType);
    expect(byTag.layers[0]?.digest).toBe(sha256Digest(content));
    expect(Buffer.compare(byTag.layers[0]?.data ?? Buffer.alloc(0), content)).toBe(0);

    const byDigest = await pullArtifact({
      registry: registry.url,
      repository: 'flotilla/apps',
      reference: digest,
    });
    expect(byDigest.manifest).toEqual(byTag.manifest);
  });

  it('lists every tag and resolves a tag to the digest the push returned', async () => {
    const pushed = new Map<string, string>();
    for (const tag of ['a', 'b', 'c', 'd', 'e']) {
      const { content: _content, ...artifact } = fluxArtifact();
      pushed.set(tag, (await pushArtifact({ registry: registry.host, repository: 'flotilla/tags', tag, ...artifact })).digest);
    }
    const session = new RegistrySession(registry.host, 'flotilla/tags', undefined);
    expect((await listTags(session, { pageSize: 2 })).tags.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await resolveDigest(session, 'c')).toBe(pushed.get('c'));
  });

  it('ends requests when the session signal aborts, naming neither query nor credentials', async () => {
    const session = new RegistrySession(registry.host, 'flotilla/tags', undefined, { signal: AbortSignal.abort(new Error('timeout of 1s exceeded')) });
    await expect(listTags(session)).rejects.toMatchObject({ code: 'ABORTED', message: `request to ${registry.url}/v2/flotilla/tags/tags/list aborted: timeout of 1s exceeded` });
  });

  it('reports a missing tag with the registry error code', async () => {
    await expect(
      pullArtifact({ registry: registry.host, repository: 'flotilla/apps', reference: 'nope' }),
    ).rejects.toMatchObject({
      name: 'OciClientError',
      code: 'MANIFEST_UNKNOWN',
      status: 404,
    });
  });

  it('rejects invalid repository names and tags before any request', async () => {
    await expect(
      pullArtifact({ registry: registry.host, repository: 'Bad/Name', reference: 'v1' }),
    ).rejects.toMatchObject({ code: 'NAME_INVALID' });
    await expect(
      pullArtifact({ registry: registry.host, repository: 'ok', reference: '-bad' }),
    ).rejects.toMatchObject({ code: 'TAG_INVALID' });
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
    const { digest } = await pushArtifact({
      registry: registry.host,
      repository: 'private/app',
      tag: 'latest',
      auth,
      ...artifact,
    });
    const pulled = await pullArtifact({
      registry: registry.host,
      repository: 'private/app',
      reference: 'latest',
      auth,
    });
    expect(pulled.digest).toBe(digest);
    expect(Buffer.compare(pulled.layers[0]?.data ?? Buffer.alloc(0), content)).toBe(0);
  });

  it('refuses anonymous and wrong-password clients', async () => {
    const { content: _content, ...artifact } = fluxArtifact();
    const res = await fetch(`${registry.url}/v2/`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="flotilla-test-registry"/);
    await expect(
      pushArtifact({ registry: registry.host, repository: 'private/app', tag: 'anon', ...artifact }),
    ).rejects.toMatchObject({
      name: 'OciClientError',
      code: 'UNAUTHORIZED',
    });
    const wrong = { username: registry.username ?? '', password: 'wrong' };
    await expect(
      pushArtifact({
        registry: registry.host,
        repository: 'private/app',
        tag: 'wrong',
        auth: wrong,
        ...artifact,
      }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      status: 401,
    });
    await expect(
      pullArtifact({ registry: registry.host, repository: 'private/app', reference: 'latest', auth: wrong }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      status: 401,
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

describe('startRegistry (token auth)', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'token' });
  });
  afterAll(() => registry.stop());

  it('challenges with Bearer and the client fetches a token with the credentials', async () => {
    const res = await fetch(`${registry.url}/v2/`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer realm="${registry.tokenRealm}",service="flotilla-test-registry"`,
    );

    const { content, ...artifact } = fluxArtifact();
    const auth = { username: registry.username ?? '', password: registry.password ?? '' };
    const before = registry.tokenRequests?.() ?? 0;
    const { digest } = await pushArtifact({
      registry: registry.host,
      repository: 'team/app',
      tag: 'v2',
      auth,
      ...artifact,
    });
    const pulled = await pullArtifact({
      registry: registry.host,
      repository: 'team/app',
      reference: digest,
      auth,
    });
    expect(Buffer.compare(pulled.layers[0]?.data ?? Buffer.alloc(0), content)).toBe(0);
    expect((registry.tokenRequests?.() ?? 0) - before).toBeGreaterThanOrEqual(2);
  });

  it('refuses anonymous clients and a wrong password at the token server', async () => {
    const { content: _content, ...artifact } = fluxArtifact();
    await expect(
      pullArtifact({ registry: registry.host, repository: 'team/app', reference: 'v2' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const wrong = { username: registry.username ?? '', password: 'wrong' };
    await expect(
      pushArtifact({ registry: registry.host, repository: 'team/app', tag: 'x', auth: wrong, ...artifact }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      status: 401,
      message: expect.stringContaining('token request'),
    });
  });

  it('accepts a pre-fetched token, and rejects one whose claims were altered (the signature is checked)', async () => {
    const { content: _content, ...artifact } = fluxArtifact();
    const auth = { username: registry.username ?? '', password: registry.password ?? '' };
    await pushArtifact({ registry: registry.host, repository: 'team/signed', tag: 'v1', auth, ...artifact });
    const tokenFor = async (repository: string): Promise<string> => {
      const url = `${registry.tokenRealm}?service=flotilla-test-registry&scope=repository:${repository}:pull`;
      const res = await fetch(url, {
        headers: {
          Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
        },
      });
      return ((await res.json()) as { token: string }).token;
    };
    const good = await tokenFor('team/signed');
    expect(
      (
        await pullArtifact({
          registry: registry.host,
          repository: 'team/signed',
          reference: 'v1',
          auth: { token: good },
        })
      ).layers,
    ).toHaveLength(1);

    const [header, payload, signature] = (await tokenFor('team/elsewhere')).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as {
      access: { name: string }[];
    };
    for (const a of claims.access) a.name = 'team/signed';
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    await expect(
      pullArtifact({
        registry: registry.host,
        repository: 'team/signed',
        reference: 'v1',
        auth: { token: forged },
      }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});

describe('startRegistry without the binary', () => {
  it('names the Debian package', async () => {
    const saved = process.env.FLOTILLA_DOCKER_REGISTRY_BIN;
    process.env.FLOTILLA_DOCKER_REGISTRY_BIN = '/nonexistent/docker-registry';
    try {
      await expect(startRegistry()).rejects.toThrow(/apt-get install docker-registry/);
    } finally {
      if (saved === undefined) delete process.env.FLOTILLA_DOCKER_REGISTRY_BIN;
      else process.env.FLOTILLA_DOCKER_REGISTRY_BIN = saved;
    }
  });
});
