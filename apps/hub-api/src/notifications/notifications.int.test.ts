import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClusterPki, makeTempDir, removeDir, startHttpRecorder, startPostgres, type HttpRecorder, type TestPostgres } from '@flotilla/testenv';
import { HubEvents } from '../common/hub-events.js';
import { eventually, hello, metricValue, next, TestHub, type Session } from '../../test/hub-harness.js';
import { DeliveryRetentionService } from './delivery/delivery-retention.service.js';
import { startProxy } from '../../test/local-proxy.js';

// Real Postgres, a real hub, and a local HTTP server standing in for the chat service (the real services
// cannot be reached from here). Events are stored in cluster_events as ingestion stores them; the trigger fills
// the outbox in that same transaction and the hub's dispatcher does the rest.

const providerFields = 'id name type address secretKeys hasCertificate ready message field';
const createProvider = `mutation($input: NotificationProviderInput!) { createNotificationProvider(input: $input) { ${providerFields} } }`;
const createAlert = `mutation($input: AlertInput!) { createAlert(input: $input) { id name providerName mode groupWindowSeconds clusterSelector { labels names } } }`;
const attempts = `query($id: ID!) { notificationAttempts(providerId: $id) { statusCode error latencyMs deliveryState summary } }`;

interface Provider {
  id: string;
  ready: boolean;
  message: string | null;
  field: string | null;
  secretKeys: string[];
}
interface Attempt {
  statusCode: number | null;
  error: string | null;
  deliveryState: string;
  summary: string;
}
interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: { message: string; reason: string; severity: string; metadata: Record<string, string> };
}

describe('notifications (real Postgres, real hub, local HTTP server as the provider)', () => {
  let pg: TestPostgres;
  let db: string;
  let t: TestHub;
  let admin: Session;
  let sink: HttpRecorder;
  // A real CA certificate: the hub parses every PEM block it is given.
  let caPem = '';
  let pkiDir = '';
  const received: Received[] = [];
  /** What the provider answers now: lets a test take it down and bring it back. */
  let answer = 200;
  const secretKey = randomBytes(32).toString('base64');

  beforeAll(async () => {
    pkiDir = await makeTempDir('notify-ca-');
    caPem = (await makeClusterPki(pkiDir)).caCert;
    pg = await startPostgres();
    db = await pg.createDatabase();
    t = await TestHub.start(db, { sources: { secretKey } });
    admin = await t.login('admin');
    sink = await startHttpRecorder((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (answer === 200)
          received.push({
            path: req.url ?? '',
            headers: req.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'],
          });
        res.writeHead(answer).end(answer === 200 ? 'ok' : 'down for maintenance');
      });
    });
    for (const [i, env] of ['prod', 'prod', 'prod', 'prod', 'staging'].entries()) {
      await t.sql(`INSERT INTO clusters (id, name, labels) VALUES ($1, $2, $3)`, [
        `c${i + 1}`,
        `cluster-${i + 1}`,
        JSON.stringify({ env }),
      ]);
    }
  });
  afterAll(async () => {
    await t?.stop();
    await sink?.stop();
    await pg?.stop();
    if (pkiDir) await removeDir(pkiDir);
  });

  const provider = async (input: Record<string, unknown>): Promise<Provider> => {
    const r = await t.gql<{ createNotificationProvider: Provider }>(admin, createProvider, { input });
    if (!r.data?.createNotificationProvider) throw new Error(JSON.stringify(r.errors));
    return r.data.createNotificationProvider;
  };
  const alert = async (providerId: string, input: Record<string, unknown>): Promise<string> => {
    const r = await t.gql<{ createAlert: { id: string } }>(admin, createAlert, {
      input: {
        name: `a-${randomUUID().slice(0, 8)}`,
        providerId,
        eventSources: [{ kind: 'Kustomization', name: '*' }],
        ...input,
      },
    });
    if (!r.data?.createAlert) throw new Error(JSON.stringify(r.errors));
    return r.data.createAlert.id;
  };
  const event = (cluster: string, name: string, severity: string, reason: string, message: string) =>
    t.sql(
      `INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, revision, occurred_at)
       VALUES ($1, 'Kustomization', 'flotilla-system', $2, $3, $4, $5, 'main@sha1:abc', $6)`,
      [cluster, name, severity, reason, message, t.clock.now()],
    );
  const to = (path: string) => () => received.filter((r) => r.path === path);
  const drained = () =>
    eventually(
      () =>
        t.sql<{ n: string }>(
          `SELECT (SELECT count(*) FROM notification_outbox) + (SELECT count(*) FROM notification_deliveries WHERE state = 'pending') AS n`,
        ),
      (rows) => rows[0]?.n === '0',
      10_000,
    );

  it('no Alert that takes events: the outbox is emptied without a delivery; an Alert created then gets the events stored after it, not before', async () => {
    for (const i of [1, 2, 3]) await event('c1', 'before-any-alert', 'error', 'BuildFailed', `stored before any Alert ${i}`);
    await drained();
    expect((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM notification_deliveries`))[0]?.n).toBe('0');
    const p = await provider({ name: 'first-alert', type: 'generic', address: `${sink.baseUrl}/first-alert` });
    await alert(p.id, { eventSources: [{ kind: 'Kustomization', name: 'before-any-alert' }] });
    await event('c1', 'before-any-alert', 'error', 'BuildFailed', 'stored after the Alert');
    await eventually(async () => to('/first-alert')(), (r) => r.length === 1, 10_000);
    await drained();
    expect(to('/first-alert')().map((r) => r.body.message)).toEqual(['stored after the Alert']);
  });

  it('bad input: an invalid address or a missing secret makes the Provider Ready=False naming the field; a secret is never returned', async () => {
    const noAddress = await provider({ name: 'no-address', type: 'slack' });
    expect(noAddress).toMatchObject({ ready: false, field: 'address' });
    const badAddress = await provider({ name: 'bad-address', type: 'generic', address: 'not a url' });
    expect(badAddress).toMatchObject({ ready: false, field: 'address' });
    const noToken = await provider({ name: 'no-token', type: 'generic-hmac', address: `${sink.baseUrl}/x` });
    expect(noToken).toMatchObject({ ready: false, field: 'secret.token' });
    const withToken = await provider({
      name: 'with-token',
      type: 'generic-hmac',
      address: `${sink.baseUrl}/x`,
      secret: { token: 'canary-token-5150' },
    });
    expect(withToken).toMatchObject({ ready: true, field: null, secretKeys: ['token'] });
    const all = await t.gql(
      admin,
      `{ notificationProviders { ${providerFields} timeout username channel } }`,
    );
    expect(JSON.stringify(all)).not.toContain('canary-token-5150');
    const audit = await t.sql<{ details: unknown }>(
      `SELECT details FROM audit_entries WHERE action LIKE 'notificationProvider.%'`,
    );
    expect(JSON.stringify(audit)).not.toContain('canary-token-5150');
    const [stored] = await t.sql<{ secret_sealed: string }>(
      `SELECT secret_sealed FROM notification_providers WHERE id = $1`,
      [withToken.id],
    );
    expect(stored?.secret_sealed).toMatch(/^v1:/);
    const bad = await t.gql(admin, createProvider, { input: { name: 'x', type: 'carrier-pigeon' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'type' });
    const viewer = await t.gql(await t.login('viewer'), createProvider, {
      input: { name: 'y', type: 'generic' },
    });
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('update: leaving out the secret and the certificate keeps the stored ones; clearSecret and clearCertificate remove them; both a value and its clear → BAD_USER_INPUT', async () => {
    const pem = caPem;
    const update = `mutation($id: ID!, $input: NotificationProviderInput!) { updateNotificationProvider(id: $id, input: $input) { ${providerFields} } }`;
    const base = { name: 'kept', type: 'generic-hmac', address: `${sink.baseUrl}/kept` };
    const p = await provider({ ...base, secret: { token: 'canary-kept-77' }, certificate: pem });
    expect(p).toMatchObject({ secretKeys: ['token'], hasCertificate: true });
    const sealed = async () =>
      (
        await t.sql<{ secret_sealed: string | null; certificate: string | null }>(
          `SELECT secret_sealed, certificate FROM notification_providers WHERE id = $1`,
          [p.id],
        )
      )[0];
    const before = await sealed();
    const edited = await t.gql<{ updateNotificationProvider: Provider & { hasCertificate: boolean } }>(
      admin,
      update,
      {
        id: p.id,
        input: { ...base, channel: 'ops', certificate: '' },
      },
    );
    expect(edited.data?.updateNotificationProvider).toMatchObject({
      ready: true,
      secretKeys: ['token'],
      hasCertificate: true,
    });
    expect(await sealed()).toEqual(before);
    const both = await t.gql(admin, update, {
      id: p.id,
      input: { ...base, certificate: pem, clearCertificate: true },
    });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'certificate' });
    const onCreate = await t.gql(admin, createProvider, {
      input: { ...base, name: 'x2', clearCertificate: true },
    });
    expect(onCreate.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'clearCertificate',
    });
    const cleared = await t.gql<{ updateNotificationProvider: Provider & { hasCertificate: boolean } }>(
      admin,
      update,
      {
        id: p.id,
        input: { ...base, clearCertificate: true, clearSecret: true },
      },
    );
    expect(cleared.data?.updateNotificationProvider).toMatchObject({
      secretKeys: [],
      hasCertificate: false,
      ready: false,
      field: 'secret.token',
    });
    expect(await sealed()).toEqual({ secret_sealed: null, certificate: null });
    const audit = await t.sql<{ details: unknown }>(
      `SELECT details FROM audit_entries WHERE action = 'notificationProvider.update' AND target_id = $1`,
      [p.id],
    );
    expect(JSON.stringify(audit)).toContain('certificateCleared');
    expect(JSON.stringify(audit)).not.toContain('canary-kept-77');
  });

  it('every mode: severity and cluster selector filter; Flux’s 5-minute de-duplication drops an identical event, and sends it again after the interval', async () => {
    const p = await provider({ name: 'every', type: 'generic', address: `${sink.baseUrl}/every` });
    await alert(p.id, { eventSeverity: 'error', clusterSelector: { labels: 'env=prod' } });
    await event('c1', 'apps', 'error', 'HealthCheckFailed', 'web not ready');
    await event('c1', 'apps', 'error', 'HealthCheckFailed', 'web not ready');
    await event('c1', 'apps', 'info', 'ReconciliationSucceeded', 'applied');
    await event('c5', 'apps', 'error', 'HealthCheckFailed', 'web not ready');
    await drained();
    const got = to('/every')();
    expect(got).toHaveLength(1);
    expect(got[0]?.body).toMatchObject({
      reason: 'HealthCheckFailed',
      severity: 'error',
      metadata: { cluster: 'cluster-1', clusterLabels: 'env=prod', revision: 'main@sha1:abc' },
    });
    t.clock.advance(5 * 60_000 + 1000);
    await event('c1', 'apps', 'error', 'HealthCheckFailed', 'web not ready');
    await eventually(
      async () => to('/every')(),
      (r) => r.length === 2,
    );
  });

  it('state-change mode: the first failure and the recovery with its duration, nothing in between', async () => {
    const p = await provider({ name: 'changes', type: 'generic', address: `${sink.baseUrl}/changes` });
    await alert(p.id, { mode: 'STATE_CHANGE', clusterSelector: { names: ['cluster-2'] } });
    await event('c2', 'infra', 'error', 'BuildFailed', 'kustomize build failed');
    await event('c2', 'infra', 'error', 'BuildFailed', 'kustomize build failed again');
    await drained();
    t.clock.advance(90_000);
    await event('c2', 'infra', 'info', 'ReconciliationSucceeded', 'applied revision main@sha1:abc');
    await drained();
    const got = to('/changes')();
    expect(got.map((r) => r.body.reason)).toEqual(['BuildFailed', 'ReconciliationSucceeded']);
    expect(got[1]?.body.message).toMatch(/^Recovered after 1m3\ds: applied revision/);
  });

  it('matchLabels: an agent reports its Flux objects’ labels in status batches and its events in events batches; only events of objects carrying every label go out (Flux eventMatchesAlertSource)', async () => {
    const operator = await t.login('operator');
    const agent = await t.registeredCluster(operator, 'labelled', [{ key: 'env', value: 'prod' }]);
    const s = t.agentSocket(agent.credential);
    try {
      await next(s, 'connect');
      const initial = next<{ seq: number }>(s, 'batch.ack');
      s.emit('hello', hello({ protocolVersion: 4, supportedProtocolVersions: [4, 3, 2, 1] }));
      let seq = (await initial).seq;
      const batch = async (type: string, items: unknown[]) => {
        seq += 1;
        const ack = next<{ seq: number }>(s, 'batch.ack');
        s.emit(type, { seq, items });
        expect((await ack).seq).toBe(seq);
      };
      const when = t.clock.now().toISOString();
      const object = (name: string, labels?: Record<string, string>) => ({
        kind: 'Kustomization',
        origin: 'cluster',
        namespace: 'flux-system',
        name,
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'HealthCheckFailed',
            message: 'x',
            lastTransitionTime: when,
          },
        ],
        observedGeneration: 1,
        ...(labels ? { labels } : {}),
      });
      await batch('status', [
        object('shop', { team: 'shop', 'app.kubernetes.io/part-of': 'store' }),
        object('billing', { team: 'billing' }),
        // Reported by an agent that predates labels: the hub does not know them.
        object('legacy'),
      ]);
      const p = await provider({ name: 'labelled', type: 'generic', address: `${sink.baseUrl}/labelled` });
      await alert(p.id, {
        namespace: 'flux-system',
        eventSources: [{ kind: 'Kustomization', name: '*', matchLabels: [{ key: 'team', value: 'shop' }] }],
      });
      const shown = await t.gql<{
        alerts: { eventSources: { matchLabels: { key: string; value: string }[] }[] }[];
      }>(admin, `{ alerts { name eventSources { kind name matchLabels { key value } } } }`);
      expect(JSON.stringify(shown.data)).toContain('{"key":"team","value":"shop"}');
      await batch(
        'events',
        ['shop', 'billing', 'legacy'].map((name) => ({
          involvedObject: { kind: 'Kustomization', namespace: 'flux-system', name },
          severity: 'error',
          reason: 'HealthCheckFailed',
          message: `${name} not ready`,
          timestamp: when,
        })),
      );
      await drained();
      expect(to('/labelled')().map((r) => r.body.message)).toEqual(['shop not ready']);
      // An older agent's report (no labels) keeps what the hub knows.
      await batch('status', [object('shop')]);
      const [row] = await t.sql<{ labels: unknown }>(
        `SELECT labels FROM flux_objects WHERE cluster_id = $1 AND name = 'shop'`,
        [agent.clusterId],
      );
      expect(row?.labels).toEqual({ team: 'shop', 'app.kubernetes.io/part-of': 'store' });
      const bad = await t.gql(admin, createAlert, {
        input: {
          name: 'bad-labels',
          providerId: p.id,
          eventSources: [
            { kind: 'Kustomization', name: '*', matchLabels: [{ key: 'not a key', value: 'x' }] },
          ],
        },
      });
      expect(bad.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'eventSources.0.matchLabels[0].key',
      });
    } finally {
      s.disconnect();
    }
  });

  it('matchLabels on a Kustomization the hub places: its in-cluster copy carries only the hub’s owner label, so the hub definition’s labels are what the Alert reads (Flux eventMatchesAlertSource)', async () => {
    const create = async (name: string, labels: { key: string; value: string }[]) => {
      const r = await t.gql<{ createKustomization: { id: string; labels: { key: string; value: string }[] } }>(
        admin,
        `mutation($input: KustomizationInput!) { createKustomization(input: $input) { id labels { key value } } }`,
        {
          input: {
            name,
            spec: { sourceRef: { kind: 'GitRepository', name: 'podinfo' }, path: './apps', interval: '1m', prune: true },
            placement: { clusterNames: ['cluster-5'] },
            labels,
          },
        },
      );
      if (!r.data?.createKustomization) throw new Error(JSON.stringify(r.errors));
      return r.data.createKustomization;
    };
    const shop = await create('hub-shop', [{ key: 'team', value: 'shop' }]);
    expect(shop.labels).toEqual([{ key: 'team', value: 'shop' }]);
    const other = await create('hub-billing', [{ key: 'team', value: 'billing' }]);
    for (const k of [
      { id: shop.id, name: 'hub-shop' },
      { id: other.id, name: 'hub-billing' },
    ])
      await t.sql(
        `INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, kustomization_id, labels)
         VALUES ('c5', 'Kustomization', 'flotilla-system', $1, 'hub', $2, $3::jsonb)`,
        [k.name, k.id, JSON.stringify({ 'flotilla.dev/owner': 'hub' })],
      );
    const p = await provider({ name: 'hub-placed', type: 'generic', address: `${sink.baseUrl}/hub-placed` });
    await alert(p.id, {
      eventSources: [{ kind: 'Kustomization', name: '*', matchLabels: [{ key: 'team', value: 'shop' }] }],
    });
    await event('c5', 'hub-shop', 'error', 'HealthCheckFailed', 'hub-shop not ready');
    await event('c5', 'hub-billing', 'error', 'HealthCheckFailed', 'hub-billing not ready');
    await drained();
    expect(to('/hub-placed')().map((r) => r.body.message)).toEqual(['hub-shop not ready']);
    const bad = await t.gql(
      admin,
      `mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }`,
      {
        input: {
          name: 'bad-labels',
          spec: { sourceRef: { kind: 'GitRepository', name: 'podinfo' }, path: './', interval: '1m', prune: true },
          placement: {},
          labels: [{ key: 'team', value: 'no spaces allowed' }],
        },
      },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'labels[0].value' });
  });

  it('grouping window: the same failure on 5 clusters becomes one message naming them', async () => {
    const p = await provider({ name: 'grouped', type: 'generic', address: `${sink.baseUrl}/grouped` });
    await alert(p.id, { groupWindowSeconds: 1, eventSources: [{ kind: 'Kustomization', name: 'podinfo' }] });
    for (const c of ['c1', 'c2', 'c3', 'c4', 'c5'])
      await event(c, 'podinfo', 'error', 'HealthCheckFailed', 'Deployment/podinfo not ready');
    await drained();
    const got = to('/grouped')();
    expect(got).toHaveLength(1);
    expect(got[0]?.body.message).toBe('HealthCheckFailed on 5 clusters: Deployment/podinfo not ready');
    expect(got[0]?.body.metadata.cluster).toBe('cluster-1, cluster-2, cluster-3, cluster-4, cluster-5');
  });

  it('the provider down across a hub restart: retried with backoff, logged with status and error, delivered once when it is back', async () => {
    const p = await provider({
      name: 'flaky',
      type: 'generic-hmac',
      address: `${sink.baseUrl}/flaky`,
      secret: { token: 'canary-hmac-777' },
    });
    await alert(p.id, {});
    answer = 503;
    await event('c3', 'restart', 'error', 'ApplyFailed', 'apply failed');
    const log = await eventually(
      async () =>
        (await t.gql<{ notificationAttempts: Attempt[] }>(admin, attempts, { id: p.id })).data
          ?.notificationAttempts ?? [],
      (a) => a.length >= 1,
    );
    expect(log[0]).toMatchObject({
      statusCode: 503,
      error: 'HTTP 503: down for maintenance',
      deliveryState: 'pending',
      summary: 'ApplyFailed: apply failed',
    });
    const down = await t.metrics();
    expect(
      metricValue(
        down,
        'flotilla_notification_deliveries_total{provider_type="generic-hmac",outcome="retried"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(metricValue(down, 'flotilla_notification_outbox_depth{stage="sending"}')).toBeGreaterThanOrEqual(
      1,
    );
    const firstLogs = JSON.stringify(t.logger.lines);
    expect(firstLogs).toContain('notification not delivered');
    expect(firstLogs).not.toContain('canary-hmac-777');
    await t.stop();
    answer = 200;
    t = await TestHub.start(db, { sources: { secretKey }, seedUsers: false });
    admin = await t.login('admin');
    t.clock.advance(10 * 60_000);
    await eventually(
      async () => to('/flaky')(),
      (r) => r.length >= 1,
      10_000,
    );
    await drained();
    await new Promise((r) => setTimeout(r, 600));
    expect(to('/flaky')()).toHaveLength(1);
    const after =
      (await t.gql<{ notificationAttempts: Attempt[] }>(admin, attempts, { id: p.id })).data
        ?.notificationAttempts ?? [];
    expect(after[0]).toMatchObject({ statusCode: 200, error: null, deliveryState: 'delivered' });
    const up = await t.metrics();
    expect(
      metricValue(
        up,
        'flotilla_notification_deliveries_total{provider_type="generic-hmac",outcome="delivered"}',
      ),
    ).toBe(1);
    expect(metricValue(up, 'flotilla_notification_outbox_depth{stage="routing"}')).toBe(0);
    expect(JSON.stringify(after)).not.toContain('canary-hmac-777');
    expect(JSON.stringify(t.logger.lines)).not.toContain('canary-hmac-777');
  });

  it('send test notification: goes through the delivery path and shows in the delivery log', async () => {
    const p = await provider({ name: 'test-me', type: 'generic', address: `${sink.baseUrl}/test-me` });
    const r = await t.gql(admin, `mutation($id: ID!) { sendTestNotification(providerId: $id) }`, {
      id: p.id,
    });
    expect(r.errors).toBeUndefined();
    await eventually(
      async () => to('/test-me')(),
      (x) => x.length === 1,
    );
    expect(to('/test-me')()[0]?.body).toMatchObject({ reason: 'TestNotification', severity: 'info' });
    const del = await t.gql(admin, `mutation($id: ID!) { deleteNotificationProvider(id: $id) }`, {
      id: (await provider({ name: 'in-use', type: 'generic', address: sink.baseUrl })).id,
    });
    expect(del.errors).toBeUndefined();
  });

  it('proxy: secret.proxy (with credentials) carries the sends; a spec proxy with credentials or a malformed one → BAD_USER_INPUT naming the field; the password shows nowhere', async () => {
    const password = 'hunter-proxy-77';
    const proxy = await startProxy(`Basic ${Buffer.from(`bob:${password}`).toString('base64')}`);
    const proxyWithAuth = `http://bob:${password}@${new URL(proxy.url).host}`;
    try {
      const p = await provider({
        name: 'via-proxy',
        type: 'generic',
        address: `${sink.baseUrl}/via-proxy`,
        secret: { proxy: proxyWithAuth },
      });
      expect(p).toMatchObject({ ready: true, secretKeys: ['proxy'] });
      await t.gql(admin, `mutation($id: ID!) { sendTestNotification(providerId: $id) }`, { id: p.id });
      await eventually(
        async () => to('/via-proxy')(),
        (x) => x.length === 1,
      );
      expect(proxy.log.forwards).toEqual([`${sink.baseUrl}/via-proxy`]);
      const spec = await provider({
        name: 'spec-proxy',
        type: 'generic',
        address: sink.baseUrl,
        proxy: proxy.url,
      });
      expect(spec).toMatchObject({ ready: true });
      for (const [input, field] of [
        [{ proxy: proxyWithAuth }, 'proxy'],
        [{ proxy: 'socks5://proxy:1080' }, 'proxy'],
        [{ secret: { proxy: `ftp://bob:${password}@proxy` } }, 'secret.proxy'],
      ] as const) {
        const r = await t.gql(admin, createProvider, {
          input: {
            name: `bad-${randomUUID().slice(0, 8)}`,
            type: 'generic',
            address: sink.baseUrl,
            ...input,
          },
        });
        expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(JSON.stringify(r)).not.toContain(password);
      }
      const listing = await t.gql(admin, `{ notificationProviders { ${providerFields} proxy } }`);
      const attempts = await t.sql('SELECT * FROM notification_attempts');
      const audit = await t.sql('SELECT details FROM audit_entries');
      for (const text of [listing, attempts, audit, t.logger.lines].map((x) => JSON.stringify(x)))
        expect(text).not.toContain(password);
    } finally {
      await proxy.stop();
    }
  });

  it('commit status: flotilla/<kustomization> goes pending while clusters apply, failure naming the failing cluster, success when all are Ready at the revision', async () => {
    const sha = 'b'.repeat(40);
    const revision = `main@sha1:${sha}`;
    // The hub's source, already fetched (suspended, so the scheduler leaves it alone), and a Kustomization on two clusters.
    await t.sql(
      `INSERT INTO git_repositories (id, name, url, suspend, status) VALUES ('src-podinfo', 'podinfo', 'https://example.com/podinfo.git', true, $1::jsonb)`,
      [
        JSON.stringify({
          conditions: [],
          artifact: {
            revision,
            digest: `sha256:${'c'.repeat(64)}`,
            size: 1,
            lastUpdateTime: new Date().toISOString(),
            path: 'x',
            url: 'x',
          },
        }),
      ],
    );
    await t.placeKustomization('k-apps', 'apps', ['cluster-1', 'cluster-2']);
    const p = await provider({
      name: 'forge',
      type: 'github',
      address: `${sink.baseUrl}/org/podinfo`,
      secret: { token: 'ghp_canary_8080' },
    });
    await alert(p.id, { eventSources: [{ kind: 'Kustomization', name: 'apps' }] });
    // A cluster event of the Kustomization is not a commit status: forges get the aggregate only.
    await event('c1', 'apps', 'info', 'ReconciliationSucceeded', 'applied');
    const report = async (cluster: string, ready: string, state: string, applied: string | null) => {
      await t.sql(
        `INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, kustomization_id, ready, state, last_applied_revision, last_attempted_revision)
         VALUES ($1, 'Kustomization', 'flotilla-system', 'apps', 'hub', 'k-apps', $2, $3, $4, $5)
         ON CONFLICT (cluster_id, kind, namespace, name) DO UPDATE SET ready = EXCLUDED.ready, state = EXCLUDED.state, last_applied_revision = EXCLUDED.last_applied_revision, last_attempted_revision = EXCLUDED.last_attempted_revision`,
        [cluster, ready, state, applied, revision],
      );
      t.hub.app
        .get(HubEvents)
        .emit('kustomization.status', { kustomizationId: 'k-apps', clusterId: cluster });
    };
    const statuses = to(`/api/v3/repos/org/podinfo/statuses/${sha}`);
    await report('c1', 'True', 'ready', revision);
    await eventually(
      async () => statuses(),
      (r) => r.length === 1,
    );
    expect(statuses()[0]?.body).toEqual({
      state: 'pending',
      context: 'flotilla/apps',
      description: 'applied on 1 of 2 clusters',
    });
    expect(statuses()[0]?.headers.authorization).toBe('Bearer ghp_canary_8080');
    await report('c2', 'False', 'failing', null);
    await eventually(
      async () => statuses(),
      (r) => r.length === 2,
    );
    expect(statuses()[1]?.body).toMatchObject({
      state: 'failure',
      description: 'failing on 1 of 2 clusters: cluster-2',
    });
    // The same state reported again is not posted again.
    await report('c2', 'False', 'failing', null);
    await report('c2', 'True', 'ready', revision);
    await eventually(
      async () => statuses(),
      (r) => r.length === 3,
    );
    expect(statuses()[2]?.body).toMatchObject({ state: 'success', description: 'Ready on 2 clusters' });
    await drained();
    expect(statuses()).toHaveLength(3);
  });

  it('a Provider that Alerts use cannot be deleted', async () => {
    const p = await provider({ name: 'used', type: 'generic', address: `${sink.baseUrl}/used` });
    await alert(p.id, {});
    const r = await t.gql(admin, `mutation($id: ID!) { deleteNotificationProvider(id: $id) }`, { id: p.id });
    expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('delivery log retention: finished messages older than the retention go with their attempts; a message still pending stays, however old', async () => {
    const retention = t.hub.app.get(DeliveryRetentionService);
    expect(retention.retentionMs).toBe(7 * 86_400_000);
    const p = await provider({ name: 'pending-one', type: 'generic', address: `${sink.baseUrl}/pending` });
    await alert(p.id, { eventSources: [{ kind: 'Kustomization', name: 'still-down' }] });
    answer = 503;
    try {
      await event('c1', 'still-down', 'error', 'ApplyFailed', 'apply failed');
      const [pending] = await eventually(
        () =>
          t.sql<{ id: string }>(
            `SELECT d.id FROM notification_deliveries d JOIN notification_attempts a ON a.delivery_id = d.id
              WHERE d.provider_id = $1 AND d.state = 'pending'`,
            [p.id],
          ),
        (rows) => rows.length >= 1,
        10_000,
      );
      const finished = await t.sql<{ id: string }>(
        `SELECT id FROM notification_deliveries WHERE state <> 'pending'`,
      );
      expect(finished.length).toBeGreaterThan(0);
      // Nothing is old yet.
      expect(await retention.sweep()).toBe(0);
      t.clock.advance(8 * 86_400_000);
      expect(await retention.sweep()).toBeGreaterThanOrEqual(finished.length);
      const left = await t.sql<{ id: string }>(
        `SELECT id FROM notification_deliveries WHERE id = ANY($1::bigint[])`,
        [finished.map((f) => f.id)],
      );
      expect(left).toEqual([]);
      const orphanAttempts = await t.sql<{ n: string }>(
        `SELECT count(*) AS n FROM notification_attempts WHERE delivery_id = ANY($1::bigint[])`,
        [finished.map((f) => f.id)],
      );
      expect(orphanAttempts[0]?.n).toBe('0');
      // The message still to send (or given up only now, past the cutoff) and its attempts are all there.
      const kept = await t.sql<{ attempts: string }>(
        `SELECT (SELECT count(*) FROM notification_attempts WHERE delivery_id = d.id) AS attempts
           FROM notification_deliveries d WHERE d.id = $1`,
        [pending?.id],
      );
      expect(Number(kept[0]?.attempts)).toBeGreaterThanOrEqual(1);
    } finally {
      answer = 200;
    }
  });
});
