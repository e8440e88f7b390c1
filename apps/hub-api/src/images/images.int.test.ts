import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTags, RegistrySession } from '@flotilla/oci-client';
import { startPostgres, startRegistry, type TestPostgres, type TestRegistry } from '@flotilla/testenv';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';
import { copyTag, pushTags } from './image-test-fixtures.js';

const repoFields = 'id namespace name image interval timeout exclusionList insecure suspend credentialsKind canonicalImageName ready message generation observedGeneration lastScanResult { revision tagCount scanTime latestTags } conditions { type status reason message }';
const createRepo = `mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { ${repoFields} } }`;
const updateRepo = `mutation($id: ID!, $input: ImageRepositoryInput!) { updateImageRepository(id: $id, input: $input) { ${repoFields} } }`;
const getRepo = `query($id: ID!) { imageRepository(id: $id) { ${repoFields} tags } }`;
const scan = `mutation($id: ID!) { scanImageRepository(id: $id) }`;
const policyFields = 'id imageRepository ready message latestRef { name tag digest } observedPreviousRef { name tag digest } conditions { type status reason message }';
const createPolicy = `mutation($input: ImagePolicyInput!) { createImagePolicy(input: $input) { ${policyFields} } }`;
const getPolicy = `query($id: ID!) { imagePolicy(id: $id) { ${policyFields} } }`;

interface Repo {
  id: string;
  image: string;
  ready: string;
  message: string;
  credentialsKind: string | null;
  canonicalImageName: string | null;
  lastScanResult: { revision: string; tagCount: number; scanTime: string; latestTags: string[] } | null;
  conditions: { type: string; status: string; reason: string; message: string }[];
  tags?: string[];
}
interface Policy {
  id: string;
  ready: string;
  message: string;
  latestRef: { name: string; tag: string; digest: string | null } | null;
  observedPreviousRef: { name: string; tag: string; digest: string | null } | null;
  conditions: { type: string; status: string; reason: string; message: string }[];
}

describe('ImageRepositories and ImagePolicies at the hub (real Postgres, real registry)', () => {
  let pg: TestPostgres;
  let open: TestRegistry;
  let basic: TestRegistry;
  let token: TestRegistry;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;

  beforeAll(async () => {
    [pg, open, basic, token] = await Promise.all([startPostgres(), startRegistry(), startRegistry({ auth: 'basic' }), startRegistry({ auth: 'token' })]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([open?.stop(), basic?.stop(), token?.stop(), pg?.stop()]);
  });

  const repo = async (id: string): Promise<Repo> => {
    const r = await t.gql<{ imageRepository: Repo }>(s.viewer, getRepo, { id });
    if (!r.data?.imageRepository) throw new Error(JSON.stringify(r.errors));
    return r.data.imageRepository;
  };
  const policy = async (id: string): Promise<Policy> => {
    const r = await t.gql<{ imagePolicy: Policy }>(s.viewer, getPolicy, { id });
    if (!r.data?.imagePolicy) throw new Error(JSON.stringify(r.errors));
    return r.data.imagePolicy;
  };
  const create = async (input: Record<string, unknown>): Promise<Repo> => {
    const r = await t.gql<{ createImageRepository: Repo }>(s.operator, createRepo, { input });
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.createImageRepository;
  };
  const scanned = (id: string, pred: (r: Repo) => boolean = (r) => r.ready !== 'Unknown'): Promise<Repo> => eventually(() => repo(id), pred, 15_000);

  it('anonymous: 150 tags, `.sig` tags dropped by the default exclusionList, latestTags the 10 latest in Flux’s reverse alphabetical order', async () => {
    const tags = Array.from({ length: 150 }, (_, i) => `1.0.${i}`);
    await pushTags(open.host, 'team/app', ['1.0.0']);
    await copyTag(open.url, 'team/app', '1.0.0', [...tags.slice(1), 'sha256-abc.sig']);
    // Debian's distribution 2.8 ignores `n` and answers every tag at once (no Link header), so the paging
    // itself is tested in oci-client's tags.test.ts against a server that follows the spec.
    const listed = await listTags(new RegistrySession(open.url, 'team/app', undefined), { pageSize: 40 });
    expect(listed.tags).toHaveLength(151);

    const created = await create({ name: 'app', image: `${open.host}/team/app`, interval: '1h', insecure: true });
    expect(created).toMatchObject({ ready: 'Unknown', credentialsKind: null, exclusionList: ['^.*\\.sig$'] });
    const r = await scanned(created.id);
    expect(r.ready).toBe('True');
    expect(r.conditions.find((c) => c.type === 'Ready')).toMatchObject({ reason: 'Succeeded', message: 'successful scan: found 150 tags' });
    expect(r.canonicalImageName).toBe(`${open.host}/team/app`);
    expect(r.lastScanResult?.tagCount).toBe(150);
    expect(r.lastScanResult?.latestTags).toEqual([...tags].sort().reverse().slice(0, 10));
    expect(r.tags).toHaveLength(150);
    expect(r.tags).not.toContain('sha256-abc.sig');
  });

  it('refuses bad input at the edge, naming the field', async () => {
    const bad = async (input: Record<string, unknown>) => (await t.gql(s.operator, createRepo, { input })).errors?.[0]?.extensions;
    expect(await bad({ name: 'x1', image: 'ghcr.io/app:1.0' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'image' });
    expect(await bad({ name: 'x2', image: 'ghcr.io/app', exclusionList: ['ok', '(?P<x'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'exclusionList[1]' });
    expect(await bad({ name: 'x3', image: 'ghcr.io/app', interval: '10' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'interval' });
    expect(await bad({ name: 'x4', image: 'ghcr.io/app', credentials: { username: 'u' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials.password' });
    expect((await t.gql(s.viewer, createRepo, { input: { name: 'x5', image: 'ghcr.io/app' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('basic auth: without credentials Ready=False AuthenticationFailed; with them the scan succeeds, and the password is in no answer, log or audit entry', async () => {
    const auth = { username: basic.username!, password: basic.password! };
    await pushTags(basic.host, 'private/app', ['1.0.0', '1.1.0'], auth);
    const created = await create({ name: 'private', image: `${basic.host}/private/app`, interval: '1h', insecure: true });
    const failed = await scanned(created.id);
    expect(failed.ready).toBe('False');
    expect(failed.conditions.find((c) => c.type === 'Ready')?.reason).toBe('AuthenticationFailed');

    const u = await t.gql<{ updateImageRepository: Repo }>(s.operator, updateRepo, { id: created.id, input: { name: 'private', image: `${basic.host}/private/app`, interval: '1h', insecure: true, credentials: auth } });
    expect(u.data?.updateImageRepository.credentialsKind).toBe('basic');
    const ok = await scanned(created.id, (r) => r.ready === 'True');
    expect(ok.lastScanResult?.tagCount).toBe(2);

    const everything = JSON.stringify(await t.gql(s.admin, `query { imageRepositories { ${repoFields} tags } }`));
    const logs = JSON.stringify(t.logger.lines);
    const audit = JSON.stringify(await t.sql('SELECT * FROM audit_entries'));
    const row = JSON.stringify(await t.sql('SELECT * FROM image_repositories'));
    for (const text of [everything, logs, audit, row]) expect(text).not.toContain(auth.password);
    expect(audit).toContain('imageRepository.update');
  });

  it('Bearer token challenge answered with a dockerconfigjson secret', async () => {
    const auth = { username: token.username!, password: token.password! };
    await pushTags(token.host, 'tok/app', ['2.0.0'], auth);
    const dockerConfigJson = JSON.stringify({ auths: { [token.host]: { auth: Buffer.from(`${auth.username}:${auth.password}`).toString('base64') } } });
    const created = await create({ name: 'tok', image: `${token.host}/tok/app`, interval: '1h', insecure: true, credentials: { dockerConfigJson } });
    expect(created.credentialsKind).toBe('dockerconfigjson');
    const r = await scanned(created.id);
    expect(r).toMatchObject({ ready: 'True', lastScanResult: { tagCount: 1, latestTags: ['2.0.0'] } });
    expect(token.tokenRequests!()).toBeGreaterThan(0);
  });

  it('an unreachable registry: Ready=False ReadOperationFailed on a requested scan, and the stored tags and last scan result are kept', async () => {
    const gone = await startRegistry();
    await pushTags(gone.host, 'gone/app', ['0.1.0', '0.2.0']);
    const created = await create({ name: 'gone', image: `${gone.host}/gone/app`, interval: '1h', insecure: true });
    const first = await scanned(created.id);
    expect(first.ready).toBe('True');
    await gone.stop();
    expect((await t.gql(s.operator, scan, { id: created.id })).errors).toBeUndefined();
    const failed = await scanned(created.id, (r) => r.ready === 'False');
    expect(failed.conditions.find((c) => c.type === 'Ready')).toMatchObject({ reason: 'ReadOperationFailed' });
    expect(failed.lastScanResult).toEqual(first.lastScanResult);
    expect(failed.tags).toEqual(first.tags);
  });

  describe('ImagePolicy', () => {
    let repoId: string;
    let digests: Map<string, string>;
    beforeAll(async () => {
      digests = await pushTags(open.host, 'story/app', ['1.0.0', '1.0.1', 'latest', 'main-20261201', 'main-20261203', 'dev-20261205']);
      repoId = (await create({ name: 'story', image: `${open.host}/story/app`, interval: '1h', insecure: true })).id;
      await scanned(repoId);
    });
    const newPolicy = async (name: string, extra: Record<string, unknown>): Promise<Policy> => {
      const r = await t.gql<{ createImagePolicy: Policy }>(s.operator, createPolicy, { input: { name, imageRepositoryRef: { name: 'story' }, ...extra } });
      if (!r.data) throw new Error(JSON.stringify(r.errors));
      return r.data.createImagePolicy;
    };

    it('semver ~1.0 follows new tags after a scan; the previous latestRef becomes observedPreviousRef; 2.0.0 is outside the range', async () => {
      const p = await newPolicy('app', { policy: { semver: { range: '~1.0' } } });
      expect(p).toMatchObject({ ready: 'True', latestRef: { name: `${open.host}/story/app`, tag: '1.0.1', digest: null } });
      await pushTags(open.host, 'story/app', ['1.0.2', '2.0.0']);
      await t.gql(s.operator, scan, { id: repoId });
      const moved = await eventually(() => policy(p.id), (x) => x.latestRef?.tag === '1.0.2', 15_000);
      expect(moved.observedPreviousRef).toMatchObject({ tag: '1.0.1' });
      expect(moved.message).toBe(`Latest image tag for ${open.host}/story/app updated from 1.0.1 to 1.0.2`);
    });

    it('filterTags pattern + extract with alphabetical order picks the newest build of a branch (Flux: the extracted value is sorted)', async () => {
      const p = await newPolicy('main-builds', { policy: { alphabetical: {} }, filterTags: { pattern: '^main-(?P<ts>\\d+)$', extract: '$ts' } });
      expect(p.latestRef?.tag).toBe('main-20261203');
      const desc = await newPolicy('oldest-main', { policy: { numerical: { order: 'desc' } }, filterTags: { pattern: '^main-(?P<ts>\\d+)$', extract: '$ts' } });
      expect(desc.latestRef?.tag).toBe('main-20261201');
    });

    it('digestReflectionPolicy IfNotPresent fills latestRef.digest with the registry’s manifest digest', async () => {
      const p = await newPolicy('pinned', { policy: { semver: { range: '1.0.0' } }, digestReflectionPolicy: 'IfNotPresent' });
      expect(p.latestRef).toEqual({ name: `${open.host}/story/app`, tag: '1.0.0', digest: digests.get('1.0.0') });
    });

    it('imagePolicyPreview: the tag a policy would pick from the stored tags, nothing saved; a bad range is named; a shape error is BAD_USER_INPUT', async () => {
      const preview = `query($input: ImagePolicyPreviewInput!) { imagePolicyPreview(input: $input) { tag message tagCount } }`;
      const ask = (input: Record<string, unknown>) => t.gql<{ imagePolicyPreview: { tag: string | null; message: string; tagCount: number | null } }>(s.viewer, preview, { input });
      const before = (await t.sql('SELECT count(*)::int AS n FROM image_policies')) as { n: number }[];
      const builds = await ask({ imageRepositoryRef: { name: 'story' }, policy: { numerical: { order: 'asc' } }, filterTags: { pattern: '^main-(?P<ts>\\d+)$', extract: '$ts' } });
      expect(builds.data?.imagePolicyPreview).toMatchObject({ tag: 'main-20261203', tagCount: expect.any(Number) });
      expect(((await t.sql('SELECT count(*)::int AS n FROM image_policies')) as { n: number }[])[0]!.n).toBe(before[0]!.n);
      const range = await ask({ imageRepositoryRef: { name: 'story' }, policy: { semver: { range: '>=1.0 <<2' } } });
      expect(range.data?.imagePolicyPreview.tag).toBeNull();
      expect(range.data?.imagePolicyPreview.message).toMatch(/^spec\.policy\.semver\.range: /);
      const missing = await ask({ imageRepositoryRef: { name: 'nope' }, policy: { semver: { range: '*' } } });
      expect(missing.data?.imagePolicyPreview).toEqual({ tag: null, tagCount: null, message: 'referenced ImageRepository flotilla-system/nope not found' });
      const two = await ask({ imageRepositoryRef: { name: 'story' }, policy: { semver: { range: '*' }, numerical: {} } });
      expect(two.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'policy' });
    });

    it('an invalid semver range or regex: Ready=False naming the field; a missing repository: DependencyNotReady; a shape error is BAD_USER_INPUT', async () => {
      const range = await newPolicy('bad-range', { policy: { semver: { range: '>=1.0 <<2' } } });
      expect(range.ready).toBe('False');
      expect(range.message).toMatch(/^spec\.policy\.semver\.range: /);
      const regex = await newPolicy('bad-regex', { policy: { alphabetical: {} }, filterTags: { pattern: '(unclosed' } });
      expect(regex.message).toMatch(/^spec\.filterTags\.pattern: /);
      const missing = await t.gql<{ createImagePolicy: Policy }>(s.operator, createPolicy, { input: { name: 'orphan', imageRepositoryRef: { name: 'nope' }, policy: { semver: { range: '*' } } } });
      expect(missing.data?.createImagePolicy.conditions[0]).toMatchObject({ status: 'False', reason: 'DependencyNotReady' });
      const two = await t.gql(s.operator, createPolicy, { input: { name: 'two', imageRepositoryRef: { name: 'story' }, policy: { semver: { range: '*' }, alphabetical: {} } } });
      expect(two.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'policy' });
    });
  });
});
