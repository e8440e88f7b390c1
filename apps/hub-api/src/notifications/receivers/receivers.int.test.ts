import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, startPostgres, startRegistry, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { pushTags } from '../../images/image-test-fixtures.js';
import { eventually, TestHub, type Session } from '../../../test/hub-harness.js';

// Real Postgres, a real hub and a real git server: a signed GitHub push makes the hub fetch its GitRepository at
// once instead of at its (hour-long) interval; every refused or ignored request leaves the source untouched.

const createReceiver = `mutation($input: ReceiverInput!) { createReceiver(input: $input) { token receiver { id webhookPath type events } } }`;
const createRepo = `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`;
const repoQuery = `query($id: ID!) { gitRepository(id: $id) { ready artifact { revision } lastHandledReconcileAt } }`;

interface Repo {
  ready: string;
  artifact: { revision: string } | null;
}

describe('Receivers (real Postgres, real hub, real git server)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let t: TestHub;
  let admin: Session;
  let repoUrl: string;
  let repoId: string;

  beforeAll(async () => {
    [pg, git] = await Promise.all([startPostgres(), startGitServer()]);
    t = await TestHub.start(await pg.createDatabase());
    admin = await t.login('admin');
    repoUrl = await git.createRepo('fleet');
    await git.pushFiles(repoUrl, { 'apps.yaml': 'a: 1\n' });
    const r = await t.gql<{ createGitRepository: { id: string } }>(admin, createRepo, {
      input: { name: 'fleet', url: repoUrl, ref: { branch: 'main' }, interval: '1h' },
    });
    repoId = r.data!.createGitRepository.id;
    await eventually(
      () => repo(),
      (g) => g.ready === 'True',
      15_000,
    );
  });
  afterAll(async () => {
    await t?.stop();
    await Promise.all([git?.stop(), pg?.stop()]);
  });

  const repo = async (): Promise<Repo> =>
    (await t.gql<{ gitRepository: Repo }>(admin, repoQuery, { id: repoId })).data!.gitRepository;
  const requestedAt = async (): Promise<string | null> =>
    (
      await t.sql<{ at: Date | null }>(
        `SELECT last_reconcile_requested_at AS at FROM git_repositories WHERE id = $1`,
        [repoId],
      )
    )[0]?.at?.toISOString() ?? null;
  const receiver = async (input: Record<string, unknown>) => {
    const r = await t.gql<{
      createReceiver: { token: string; receiver: { id: string; webhookPath: string } };
    }>(admin, createReceiver, {
      input: {
        name: `r-${randomUUID().slice(0, 8)}`,
        resources: [{ kind: 'GitRepository', name: '*' }],
        ...input,
      },
    });
    if (!r.data?.createReceiver) throw new Error(JSON.stringify(r.errors));
    return r.data.createReceiver;
  };
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const sign = (token: string, body: string) =>
    `sha256=${createHmac('sha256', token).update(body).digest('hex')}`;

  it('github: a correctly signed push → the GitRepository fetched at the new revision at once; ping is answered and ignored', async () => {
    const { token, receiver: r } = await receiver({ type: 'github', events: ['push'] });
    expect(r.webhookPath).toMatch(/^\/hook\/[0-9a-f]{64}$/);
    const ping = await post(r.webhookPath, '{"zen":"hi"}', {
      'x-github-event': 'ping',
      'x-hub-signature-256': sign(token, '{"zen":"hi"}'),
      'x-github-delivery': randomUUID(),
    });
    expect(ping.status).toBe(200);
    const sha = await git.pushFiles(repoUrl, { 'apps.yaml': 'a: 2\n' });
    const body = JSON.stringify({ ref: 'refs/heads/main', after: sha });
    const started = performance.now();
    const res = await post(r.webhookPath, body, {
      'x-github-event': 'push',
      'x-hub-signature-256': sign(token, body),
      'x-github-delivery': randomUUID(),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'accepted', reconciled: 1 });
    await eventually(
      () => repo(),
      (g) => g.artifact?.revision === `main@sha1:${sha}`,
      2_000,
    );
    // Within 2 s of the webhook, though the interval is an hour.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('github: a wrong signature → 401; an event the Receiver does not take → 200 and ignored; a replayed delivery → 409; nothing reconciled', async () => {
    const { token, receiver: r } = await receiver({ type: 'github', events: ['push'] });
    const before = await requestedAt();
    const body = JSON.stringify({ ref: 'refs/heads/main' });
    expect(
      (
        await post(r.webhookPath, body, {
          'x-github-event': 'push',
          'x-hub-signature-256': sign('wrong-token', body),
        })
      ).status,
    ).toBe(401);
    expect((await post(r.webhookPath, body, { 'x-github-event': 'push' })).status).toBe(401);
    const issues = await post(r.webhookPath, body, {
      'x-github-event': 'issues',
      'x-hub-signature-256': sign(token, body),
    });
    expect(issues.status).toBe(200);
    expect(((await issues.json()) as { status: string }).status).toMatch(/^ignored/);
    expect(await requestedAt()).toBe(before);
    const delivery = randomUUID();
    const first = await post(r.webhookPath, body, {
      'x-github-event': 'push',
      'x-hub-signature-256': sign(token, body),
      'x-github-delivery': delivery,
    });
    expect(first.status).toBe(200);
    const afterFirst = await requestedAt();
    const replay = await post(r.webhookPath, body, {
      'x-github-event': 'push',
      'x-hub-signature-256': sign(token, body),
      'x-github-delivery': delivery,
    });
    expect(replay.status).toBe(409);
    expect(await requestedAt()).toBe(afterFirst);
  });

  it('bodies over 1 MiB → 413, malformed JSON → 400, an unknown path → 404; nothing reconciled', async () => {
    const { token, receiver: r } = await receiver({ type: 'generic-hmac' });
    const before = await requestedAt();
    const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) });
    expect((await post(r.webhookPath, big, { 'x-signature': sign(token, big) })).status).toBe(413);
    expect((await post(r.webhookPath, '{not json', { 'x-signature': sign(token, '{not json') })).status).toBe(
      400,
    );
    expect((await post(`/hook/${'0'.repeat(64)}`, '{}', {})).status).toBe(404);
    expect((await post(r.webhookPath, '{}', { 'x-signature': sign('nope', '{}') })).status).toBe(401);
    expect(await requestedAt()).toBe(before);
    expect((await post(r.webhookPath, '{}', { 'x-signature': sign(token, '{}') })).status).toBe(200);
    expect(await requestedAt()).not.toBe(before);
  });

  it('gitlab checks X-Gitlab-Token; harbor the Authorization header; the token is in no listing, log or audit entry', async () => {
    const gl = await receiver({ type: 'gitlab', events: ['Push Hook'] });
    expect(
      (await post(gl.receiver.webhookPath, '{}', { 'x-gitlab-token': 'nope', 'x-gitlab-event': 'Push Hook' }))
        .status,
    ).toBe(401);
    expect(
      (
        await post(gl.receiver.webhookPath, '{}', {
          'x-gitlab-token': gl.token,
          'x-gitlab-event': 'Push Hook',
        })
      ).status,
    ).toBe(200);
    const hb = await receiver({ type: 'harbor' });
    expect((await post(hb.receiver.webhookPath, '{}', { authorization: 'nope' })).status).toBe(401);
    expect((await post(hb.receiver.webhookPath, '{}', { authorization: hb.token })).status).toBe(200);
    const listing = JSON.stringify(
      await t.gql(
        admin,
        `{ receivers { id name type events webhookPath resources { kind name namespace } suspend lastReceivedAt } }`,
      ),
    );
    const logs = JSON.stringify(t.logger.lines);
    const audit = JSON.stringify(await t.sql('SELECT * FROM audit_entries'));
    for (const text of [listing, logs, audit]) {
      expect(text).not.toContain(gl.token);
      expect(text).not.toContain(hb.token);
    }
  });

  it('nexus: HMAC-SHA1 in X-Nexus-Webhook-Signature → reconciled, a wrong one → 401; cdevents: a resent event (same source and id) → 409', async () => {
    const nx = await receiver({ type: 'nexus' });
    const body = JSON.stringify({ action: 'CREATED', repositoryName: 'docker-hosted' });
    const before = await requestedAt();
    const nexusSig = (key: string) => createHmac('sha1', key).update(body).digest('hex');
    expect(
      (await post(nx.receiver.webhookPath, body, { 'x-nexus-webhook-signature': nexusSig('nope') })).status,
    ).toBe(401);
    expect(await requestedAt()).toBe(before);
    const ok = await post(nx.receiver.webhookPath, body, { 'x-nexus-webhook-signature': nexusSig(nx.token) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'accepted', reconciled: 1 });
    const cd = await receiver({ type: 'cdevents', events: ['dev.cdevents.artifact.published.0.1.1'] });
    const event = JSON.stringify({
      context: {
        version: '0.4.1',
        id: randomUUID(),
        source: '/ci',
        type: 'dev.cdevents.artifact.published.0.1.1',
        timestamp: new Date().toISOString(),
      },
      subject: { id: 'pkg:oci/app', content: {} },
    });
    const headers = { 'ce-type': 'dev.cdevents.artifact.published.0.1.1' };
    expect((await post(cd.receiver.webhookPath, event, headers)).status).toBe(200);
    expect((await post(cd.receiver.webhookPath, event, headers)).status).toBe(409);
  });

  it('gcr: a push whose token names the Receiver’s audience and service account reconciles; another service account → 401, nothing reconciled; both fields required for gcr and refused for other types (Flux gcr receiver; the signature cannot be checked offline)', async () => {
    const audience = 'https://hub.example.com/gcr';
    const email = 'push@proj.iam.gserviceaccount.com';
    const missing = await t.gql(admin, createReceiver, {
      input: { name: 'gcr-missing', type: 'gcr', resources: [{ kind: 'GitRepository', name: '*' }] },
    });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'gcrAudience' });
    const badEmail = await t.gql(admin, createReceiver, {
      input: {
        name: 'gcr-bad',
        type: 'gcr',
        gcrAudience: audience,
        gcrEmail: 'nobody',
        resources: [{ kind: 'GitRepository', name: '*' }],
      },
    });
    expect(badEmail.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'gcrEmail' });
    const notGcr = await t.gql(admin, createReceiver, {
      input: {
        name: 'gh-gcr',
        type: 'github',
        gcrEmail: email,
        resources: [{ kind: 'GitRepository', name: '*' }],
      },
    });
    expect(notGcr.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'gcrEmail' });
    const { receiver: r } = await receiver({ type: 'gcr', gcrAudience: audience, gcrEmail: email });
    const listed = await t.gql<{
      receivers: { id: string; gcrAudience: string | null; gcrEmail: string | null }[];
    }>(admin, `{ receivers { id gcrAudience gcrEmail } }`);
    expect(listed.data?.receivers.find((x) => x.id === r.id)).toMatchObject({
      gcrAudience: audience,
      gcrEmail: email,
    });
    // Unsigned: Google's keys cannot be reached from here, and the hub does not check the signature.
    const bearer = (claims: Record<string, unknown>) =>
      `Bearer ${[{ alg: 'RS256' }, claims].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.')}.sig`;
    const claims = {
      aud: audience,
      iss: 'https://accounts.google.com',
      email,
      email_verified: true,
      exp: Math.floor(Date.now() / 1000) + 300,
    };
    const body = JSON.stringify({
      message: {
        data: Buffer.from(JSON.stringify({ action: 'INSERT', tag: 'gcr.io/p/app:v2' })).toString('base64'),
        messageId: '1',
      },
      subscription: 's',
    });
    const before = await requestedAt();
    const wrong = await post(r.webhookPath, body, {
      authorization: bearer({ ...claims, email: 'other@proj.iam.gserviceaccount.com' }),
    });
    expect(wrong.status).toBe(401);
    expect(await requestedAt()).toBe(before);
    const ok = await post(r.webhookPath, body, { authorization: bearer(claims) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'accepted', reconciled: 1 });
  });

  it('generic-hmac with name `*` and matchLabels: a signed request fetches only the GitRepositories whose labels hold all of them; with a name, matchLabels are not read (Flux receiver resources rule)', async () => {
    const ns = 'labelled';
    const ids: Record<string, string> = {};
    for (const [name, labels] of [
      ['web', { team: 'a', tier: 'fe' }],
      ['api', { team: 'a', tier: 'be' }],
      ['other', { team: 'b', tier: 'fe' }],
    ] as const) {
      const r = await t.gql<{ createGitRepository: { id: string } }>(admin, createRepo, {
        input: {
          namespace: ns,
          name,
          url: repoUrl,
          ref: { branch: 'main' },
          interval: '1h',
          labels: Object.entries(labels).map(([key, value]) => ({ key, value })),
        },
      });
      if (!r.data?.createGitRepository) throw new Error(JSON.stringify(r.errors));
      ids[name] = r.data.createGitRepository.id;
    }
    const requested = async (): Promise<string[]> =>
      (
        await t.sql<{ name: string }>(
          `SELECT name FROM git_repositories WHERE namespace = $1 AND last_reconcile_requested_at IS NOT NULL ORDER BY name`,
          [ns],
        )
      ).map((r) => r.name);
    const { token, receiver: r } = await receiver({
      namespace: ns,
      type: 'generic-hmac',
      resources: [{ kind: 'GitRepository', name: '*', matchLabels: [{ key: 'team', value: 'a' }] }],
    });
    expect(await requested()).toEqual([]);
    const res = await post(r.webhookPath, '{}', { 'x-signature': sign(token, '{}') });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'accepted', reconciled: 2 });
    expect(await requested()).toEqual(['api', 'web']);
    // The listing shows the labels and matchLabels as given.
    const listed = await t.gql<{
      gitRepository: { labels: { key: string; value: string }[] };
      receivers: { id: string; resources: { matchLabels: { key: string; value: string }[] }[] }[];
    }>(admin, `query($id: ID!) { gitRepository(id: $id) { labels { key value } } receivers { id resources { matchLabels { key value } } } }`, {
      id: ids.web,
    });
    expect(listed.data!.gitRepository.labels).toEqual([
      { key: 'team', value: 'a' },
      { key: 'tier', value: 'fe' },
    ]);
    expect(listed.data!.receivers.find((x) => x.id === r.id)?.resources[0]?.matchLabels).toEqual([
      { key: 'team', value: 'a' },
    ]);
    // A named resource is fetched whatever its labels (Flux gets the named object and reads no matchLabels).
    const named = await receiver({
      namespace: ns,
      type: 'generic-hmac',
      resources: [{ kind: 'GitRepository', name: 'other', matchLabels: [{ key: 'team', value: 'a' }] }],
    });
    const res2 = await post(named.receiver.webhookPath, '{}', { 'x-signature': sign(named.token, '{}') });
    expect(await res2.json()).toEqual({ status: 'accepted', reconciled: 1 });
    expect(await requested()).toEqual(['api', 'other', 'web']);
    // An update that leaves labels out keeps them; bad label keys are refused naming the field.
    const keep = await t.gql<{ updateGitRepository: { labels: { key: string }[] } }>(
      admin,
      `mutation($id: ID!, $input: GitRepositoryInput!) { updateGitRepository(id: $id, input: $input) { labels { key } } }`,
      { id: ids.web, input: { namespace: ns, name: 'web', url: repoUrl, ref: { branch: 'main' }, interval: '2h' } },
    );
    expect(keep.data?.updateGitRepository.labels.map((l) => l.key)).toEqual(['team', 'tier']);
    const badLabel = await t.gql(admin, createRepo, {
      input: { namespace: ns, name: 'bad', url: repoUrl, labels: [{ key: '-no', value: 'x' }] },
    });
    expect(badLabel.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'labels[0].key' });
    const badMatch = await t.gql(admin, createReceiver, {
      input: {
        name: 'bad-match',
        type: 'generic',
        resources: [{ kind: 'GitRepository', name: '*', matchLabels: [{ key: 'a', value: 'not valid!' }] }],
      },
    });
    expect(badMatch.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'resources.0.matchLabels[0].value',
    });
  });

  it('harbor naming an ImageRepository: a push webhook scans it at once instead of at its hour-long interval; a wrong token scans nothing (Flux receiver reconciles the named ImageRepository)', async () => {
    const registry = await startRegistry();
    try {
      await pushTags(registry.host, 'hooked/app', ['1.0.0']);
      const created = await t.gql<{ createImageRepository: { id: string } }>(
        admin,
        `mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { id } }`,
        { input: { name: 'hooked', image: `${registry.host}/hooked/app`, interval: '1h', insecure: true } },
      );
      const id = created.data!.createImageRepository.id;
      const tags = async (): Promise<number | null> =>
        (
          await t.gql<{ imageRepository: { lastScanResult: { tagCount: number } | null } }>(
            admin,
            `query($id: ID!) { imageRepository(id: $id) { lastScanResult { tagCount } } }`,
            { id },
          )
        ).data!.imageRepository.lastScanResult?.tagCount ?? null;
      await eventually(tags, (n) => n === 1, 30_000);
      await pushTags(registry.host, 'hooked/app', ['1.0.1']);
      const hb = await receiver({ type: 'harbor', resources: [{ kind: 'ImageRepository', name: 'hooked' }] });
      expect((await post(hb.receiver.webhookPath, '{}', { authorization: 'nope' })).status).toBe(401);
      const accepted = await post(hb.receiver.webhookPath, '{}', { authorization: hb.token });
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toMatchObject({ status: 'accepted', reconciled: 1 });
      await eventually(tags, (n) => n === 2, 30_000);
    } finally {
      await registry.stop();
    }
  });

  it('bad input: a kind the hub does not reconcile, a bad type → BAD_USER_INPUT naming the field; viewers cannot create', async () => {
    const kind = await t.gql(admin, createReceiver, {
      input: { name: 'bad-kind', type: 'github', resources: [{ kind: 'HelmRelease', name: '*' }] },
    });
    expect(kind.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resources.0.kind' });
    const type = await t.gql(admin, createReceiver, {
      input: { name: 'bad-type', type: 'fax', resources: [{ kind: 'GitRepository', name: '*' }] },
    });
    expect(type.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'type' });
    const viewer = await t.gql(await t.login('viewer'), createReceiver, {
      input: { name: 'v', type: 'generic', resources: [{ kind: 'GitRepository', name: '*' }] },
    });
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('repeated failures from one address are throttled with 429 and Retry-After (the shared failure throttle)', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 31; i++) last = await post(`/hook/${i.toString(16).padStart(64, 'f')}`, '{}', {});
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
