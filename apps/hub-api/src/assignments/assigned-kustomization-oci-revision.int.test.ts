import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactStore } from '@flotilla/git-source';
import { RegistrySession, resolveDigest } from '@flotilla/oci-client';
import { cosignSign, generateCosignKeyPair, makeTempDir, makeTempTree, runFlux, startPostgres, startRegistry, type CosignKeyPair, type TestPostgres, type TestRegistry } from '@flotilla/testenv';
import { artifactAt, errorOf, filesOf, type ArtifactAtAnswer } from '../../test/artifact-at.js';
import { eventually, TestHub, type Session } from '../../test/hub-harness.js';
import { ARTIFACT_STORE } from './artifact-store.token.js';
import { AssignmentsService } from './assignments.service.js';

// POST /api/clusters/:cluster/kustomizations/:namespace/:name/artifact-at for a Kustomization whose source is
// a hub OCIRepository, against the real hub on real Postgres, a real registry, artifacts pushed by the real
// `flux push artifact` and signed by the real `cosign`: another tag, SemVer range or digest pulled with the
// source's own settings (its ignore rules and its signature verification), nothing stored.

describe('a preview of another revision of a Kustomization’s OCIRepository (real Postgres, real registry, real flux and cosign, real hub)', () => {
  let pg: TestPostgres;
  let reg: TestRegistry;
  let keys: CosignKeyPair;
  let t: TestHub;
  let admin: Session;
  let v1 = '';
  let v2 = '';
  let kubeconfig = '';

  const at = (ks: string, ref: unknown, auth: Session = admin): Promise<ArtifactAtAnswer> => artifactAt(t.url, ks, ref, auth);
  const sourceState = async () => ({
    row: await t.sql(`SELECT status, generation FROM oci_repositories ORDER BY id`),
    artifacts: await t.sql(`SELECT digest, revision FROM artifacts ORDER BY digest`),
    stored: (await t.hub.app.get<ArtifactStore>(ARTIFACT_STORE).list()).map((a) => a.digest).sort(),
  });
  async function fluxPush(repo: string, tag: string, files: Record<string, string>): Promise<string> {
    const src = await makeTempTree('oci-preview-src', files);
    const out = await runFlux(['push', 'artifact', `oci://${reg.host}/${repo}:${tag}`, '--path', src, '--source', 'https://github.com/example/app', '--revision', `${tag}@sha1:0123456789abcdef0123456789abcdef01234567`], { kubeconfig });
    expect(out.exitCode, out.stderr).toBe(0);
    return resolveDigest(new RegistrySession(reg.host, repo, undefined), tag);
  }

  beforeAll(async () => {
    let dir: string;
    [pg, reg, keys, dir] = await Promise.all([startPostgres(), startRegistry(), generateCosignKeyPair(), makeTempDir('oci-preview')]);
    // `flux push artifact` talks to the registry only; the flag still wants a kubeconfig file.
    kubeconfig = path.join(dir, 'kubeconfig');
    await writeFile(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    v1 = await fluxPush('app/bundle', 'v1.0.0', { 'apps/config.yaml': 'kind: ConfigMap\nversion: one\n', 'apps/notes.md': 'ignored\n' });
    v2 = await fluxPush('app/bundle', 'v2.0.0', { 'apps/config.yaml': 'kind: ConfigMap\nversion: two\n' });
    // Only v2.0.0 is signed.
    await cosignSign(`${reg.host}/app/bundle@${v2}`, keys);
    t = await TestHub.start(await pg.createDatabase());
    admin = await t.login('admin');
    const pem = await readFile(keys.publicKeyPath, 'utf8');
    const created = await t.gql<{ createOciRepository: { id: string } }>(admin, 'mutation($input: OCIRepositoryInput!) { createOciRepository(input: $input) { id } }', {
      input: { namespace: 'apps', name: 'bundle', spec: { url: `oci://${reg.host}/app/bundle`, ref: { tag: 'v2.0.0' }, ignore: '*.md', verify: { provider: 'cosign' } }, verifyPublicKeys: [{ name: 'cosign.pub', pem }] },
    });
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    const id = created.data.createOciRepository.id;
    await eventually(
      async () => (await t.sql<{ status: { artifact?: { revision: string } } | null }>(`SELECT status FROM oci_repositories WHERE id = $1`, [id]))[0]?.status?.artifact?.revision,
      (revision) => revision === `v2.0.0@${v2}`,
      30_000,
    );
    await t.registeredCluster(admin, 'dev-1', [{ key: 'env', value: 'dev' }]);
    for (const [kid, name, sourceRef] of [
      ['k-web', 'web', { kind: 'OCIRepository', name: 'bundle' }],
      ['k-gone', 'gone', { kind: 'OCIRepository', name: 'missing' }],
    ] as const) {
      await t.sql(`INSERT INTO kustomizations (id, namespace, name, spec, placement) VALUES ($1, 'apps', $2, $3::jsonb, $4::jsonb)`, [
        kid,
        name,
        JSON.stringify({ sourceRef, path: './apps', interval: '1m', prune: true }),
        JSON.stringify({ clusterSelector: 'env=dev', clusterNames: [] }),
      ]);
    }
    await t.hub.app.get(AssignmentsService).recompute();
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([reg?.stop(), pg?.stop()]);
  });

  it('a tag, a SemVer range and a digest give that artifact under Flux’s revision strings (<tag>@sha256:<digest>, the digest alone for a digest ref, flux.md), with the source’s ignore rules; the source and its artifacts stay as they were', async () => {
    const before = await sourceState();
    // v1.0.0 is unsigned: the source verifies signatures, so its preview is refused as its reconcile would be.
    const signedOnly = await at('apps/web', { semver: '>=2.0.0' });
    expect(signedOnly.status).toBe(200);
    expect(signedOnly.revision).toBe(`v2.0.0@${v2}`);
    expect(signedOnly.digest).toBe(`sha256:${createHash('sha256').update(signedOnly.bytes).digest('hex')}`);
    expect(filesOf(signedOnly).get('apps/config.yaml')).toBe('kind: ConfigMap\nversion: two\n');
    const byDigest = await at('apps/web', { digest: v2 });
    expect(byDigest.status).toBe(200);
    expect(byDigest.revision).toBe(v2);
    expect(byDigest.digest).toBe(signedOnly.digest);

    const unsigned = await at('apps/web', { tag: 'v1.0.0' });
    expect(unsigned.status).toBe(422);
    expect(errorOf(unsigned)).toMatchObject({ code: 'SOURCE_FETCH_FAILED', message: expect.stringMatching(new RegExp(`^failed to verify the signature using provider 'cosign': no matching signatures were found for '${reg.host}/app/bundle@${v1}'`)) });
    expect(await sourceState()).toEqual(before);
    expect(JSON.stringify(t.logger.lines)).toContain('revision fetched for a preview');
  });

  it('without verification in the spec, an older tag and a SemVer range pick it, with the ignore rules', async () => {
    await t.sql(`UPDATE oci_repositories SET spec = spec - 'verify', suspend = true WHERE name = 'bundle'`);
    const tag = await at('apps/web', { tag: 'v1.0.0' });
    expect(tag.status).toBe(200);
    expect(tag.revision).toBe(`v1.0.0@${v1}`);
    const files = filesOf(tag);
    expect(files.get('apps/config.yaml')).toBe('kind: ConfigMap\nversion: one\n');
    expect(files.has('apps/notes.md')).toBe(false);
    const range = await at('apps/web', { semver: '~1.0', semverFilter: '^v1' });
    expect(range.revision).toBe(`v1.0.0@${v1}`);
  });

  it('a bad ref: 400 naming it (the OCIRepository schema); an unknown tag: 422 with the pull’s message; a missing source: 404', async () => {
    expect(errorOf(await at('apps/web', undefined))).toEqual({ code: 'BAD_USER_INPUT', message: 'ref: give one of tag, semver (with semverFilter if you like) or digest' });
    const badDigest = await at('apps/web', { digest: 'sha256:nope' });
    expect(badDigest.status).toBe(400);
    expect(errorOf(badDigest)).toMatchObject({ code: 'BAD_USER_INPUT', message: "invalid spec: ref.digest: 'sha256:nope' is not sha256:<64 hex>" });
    const badRange = await at('apps/web', { semver: '>>1' });
    expect(badRange.status).toBe(400);
    expect(errorOf(badRange).message).toMatch(/^invalid spec: ref\.semver: semver '>>1' parse error: /);
    const missing = await at('apps/web', { tag: 'v9.9.9' });
    expect(missing.status).toBe(422);
    expect(errorOf(missing)).toMatchObject({ code: 'SOURCE_FETCH_FAILED', message: expect.stringMatching(/^failed to determine artifact digest: /) });
    const gone = await at('apps/gone', { tag: 'v1.0.0' });
    expect(gone.status).toBe(404);
    expect(errorOf(gone)).toEqual({ code: 'SOURCE_NOT_FOUND', message: "OCIRepository 'missing' not found in 'apps' namespace" });
  });
});
