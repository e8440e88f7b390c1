import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { metricValue, passwords, TestHub, testMetricsToken } from '../test/hub-harness.js';

// The hub's HTTP edge as a prober meets it: oversized bodies, forged forwarding headers, password guessing,
// anonymous introspection and metrics scraping.
describe('HTTP edge (real hub, real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const login = (username: string, password: string, headers: Record<string, string> = {}) => post('/api/auth/login', JSON.stringify({ username, password }), headers);

  describe('request bodies', () => {
    const fiveMb = JSON.stringify({ query: '{ viewer { id } }', variables: { pad: 'x'.repeat(5 * 1024 * 1024) } });

    it.each(['/graphql', '/api/auth/login', '/api/agent/register'])('a 5 MB body to %s → 413 PAYLOAD_TOO_LARGE naming the limit, and no stack trace in the log', async (path) => {
      const before = t.logger.lines.length;
      const res = await post(path, fiveMb);
      expect(res.status).toBe(413);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(body.error.message).toMatch(/the limit is 1048576 bytes/);
      const logged = t.logger.lines.slice(before);
      expect(logged.filter((l) => l.level === 'error')).toEqual([]);
      expect(JSON.stringify(logged)).not.toMatch(/\n\s+at /);
      expect(logged).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'request refused', fields: expect.objectContaining({ status: 413 }) }));
    });

    it('a body streamed without a length is cut off at the limit too', async () => {
      const chunk = new TextEncoder().encode('x'.repeat(256 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 20) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
      expect(res.status).toBe(413);
    });

    it('a body that is not JSON → 400 BAD_REQUEST, not 500', async () => {
      const res = await post('/api/auth/login', '{"username": ');
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    });
  });

  describe('login throttle and forwarded addresses', () => {
    it('40 guesses with a new X-Forwarded-For each are throttled after 10: the socket address counts, not the header', async () => {
      await t.hub.auth.createUser('xff-target', 'xff-target-password', 'VIEWER');
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        statuses.push((await login('xff-target', `guess-${i}`, { 'x-forwarded-for': `198.51.100.${i + 1}` })).status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual(Array(30).fill(429));
      expect((await login('xff-target', 'xff-target-password', { 'x-forwarded-for': '198.51.100.250' })).status).toBe(429);
      const ips = await t.sql<{ ip: string }>(`SELECT DISTINCT ip FROM audit_entries WHERE action = 'auth.login.failed' AND actor_name = 'xff-target'`);
      expect(ips.map((r) => r.ip).every((ip) => /^(::ffff:)?127\.0\.0\.1$/.test(ip))).toBe(true);
    });

    it('with FLOTILLA_TRUSTED_PROXIES naming loopback, the forwarded address is the client', async () => {
      const behindProxy = await TestHub.start(t.databaseUrl, { seedUsers: false, trustedProxies: ['loopback'] });
      try {
        const attempt = (ip: string) =>
          fetch(`${behindProxy.url}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
            body: JSON.stringify({ username: 'viewer', password: 'wrong-password' }),
          });
        for (let i = 0; i < 10; i++) expect((await attempt('203.0.113.7')).status).toBe(401);
        expect((await attempt('203.0.113.7')).status).toBe(429);
        expect((await attempt('203.0.113.8')).status).toBe(401);
        const rows = await t.sql<{ ip: string }>(`SELECT DISTINCT ip FROM audit_entries WHERE action = 'auth.login.failed' AND ip LIKE '203.0.113.%' ORDER BY ip`);
        expect(rows.map((r) => r.ip)).toEqual(['203.0.113.7', '203.0.113.8']);
      } finally {
        await behindProxy.stop();
      }
    });
  });

  describe('logins are logged and audited', () => {
    it('a failed login: a warn line and an audit entry with the attempted username, address and user agent, never the password', async () => {
      const password = 'Sup3r-secret-guess-1';
      const before = t.logger.lines.length;
      expect((await login('operator', password, { 'user-agent': 'probe/1.0' })).status).toBe(401);
      expect((await login('no-such-user', password, { 'user-agent': 'probe/1.0' })).status).toBe(401);
      const lines = t.logger.lines.slice(before);
      expect(lines).toContainEqual({ level: 'warn', msg: 'login refused', fields: expect.objectContaining({ username: 'operator', reason: 'INVALID_CREDENTIALS', userAgent: 'probe/1.0' }) });
      expect(lines).toContainEqual({ level: 'warn', msg: 'login refused', fields: expect.objectContaining({ username: 'no-such-user', reason: 'INVALID_CREDENTIALS' }) });
      const rows = await t.sql<Record<string, unknown>>(
        `SELECT actor_user_id, actor_name, actor_kind, action, target_type, details, ip, user_agent FROM audit_entries WHERE action = 'auth.login.failed' AND user_agent = 'probe/1.0' ORDER BY created_at`,
      );
      expect(rows).toEqual([
        expect.objectContaining({ actor_user_id: null, actor_name: 'operator', actor_kind: 'anonymous', target_type: 'user', details: { reason: 'INVALID_CREDENTIALS' }, user_agent: 'probe/1.0' }),
        expect.objectContaining({ actor_user_id: null, actor_name: 'no-such-user', actor_kind: 'anonymous', details: { reason: 'INVALID_CREDENTIALS' } }),
      ]);
      expect(rows[0]!.ip).toMatch(/127\.0\.0\.1$/);
      const everything = JSON.stringify([t.logger.lines, await t.sql('SELECT * FROM audit_entries')]);
      expect(everything).not.toContain(password);
      expect(everything).not.toContain(passwords.operator);
    });

    it('a throttled login is audited with its reason; a successful one is logged and audited as the user', async () => {
      await t.hub.auth.createUser('throttled', 'throttled-password', 'VIEWER');
      const throttledBefore = metricValue(await t.metrics(), 'flotilla_logins_total{outcome="throttled"}');
      for (let i = 0; i < 30; i++) await login('throttled', `nope-${i}`);
      // Ten wrong passwords, then one entry for the lockout however often it is hammered; the metric counts each.
      const reasons = await t.sql<{ reason: string }>(`SELECT details->>'reason' AS reason FROM audit_entries WHERE actor_name = 'throttled' ORDER BY created_at`);
      expect(reasons.map((r) => r.reason)).toEqual([...Array<string>(10).fill('INVALID_CREDENTIALS'), 'TOO_MANY_ATTEMPTS']);
      expect(metricValue(await t.metrics(), 'flotilla_logins_total{outcome="throttled"}') - throttledBefore).toBe(20);
      const before = t.logger.lines.length;
      expect((await login('admin', passwords.admin, { 'user-agent': 'browser/2.0' })).status).toBe(200);
      expect(t.logger.lines.slice(before)).toContainEqual({ level: 'info', msg: 'login', fields: expect.objectContaining({ username: 'admin' }) });
      const [ok] = await t.sql<{ actor_name: string; actor_kind: string; user_agent: string }>(
        `SELECT actor_name, actor_kind, user_agent FROM audit_entries WHERE action = 'auth.login' ORDER BY created_at DESC LIMIT 1`,
      );
      expect(ok).toEqual({ actor_name: 'admin', actor_kind: 'user', user_agent: 'browser/2.0' });
    });
  });

  describe('introspection', () => {
    it('anonymous __schema and __type → 401 UNAUTHENTICATED; __typename still answers', async () => {
      for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Cluster") { fields { name } } }', 'query { ...F } fragment F on Query { __schema { types { name } } }']) {
        const r = await t.gql(null, query);
        expect(r.status).toBe(401);
        expect(r.data ?? null).toBeNull();
        expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
      const typename = await t.gql<{ __typename: string }>(null, '{ __typename }');
      expect(typename.data).toEqual({ __typename: 'Query' });
    });

    it('a logged-in viewer can introspect', async () => {
      const r = await t.gql<{ __schema: { queryType: { name: string } } }>(await t.login('viewer'), '{ __schema { queryType { name } } }');
      expect(r.data?.__schema.queryType.name).toBe('Query');
    });

    it('error messages do not suggest field names', async () => {
      const r = await t.gql(null, '{ clusterz { id } }');
      expect(r.errors?.[0]?.message).not.toMatch(/Did you mean/);
    });
  });

  describe('/metrics', () => {
    const scrape = (headers: Record<string, string> = {}) => fetch(`${t.url}/metrics`, { headers });

    it('anonymous or a wrong token → 401 with a Bearer challenge; a viewer → 403', async () => {
      const anonymous = await scrape();
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(await anonymous.text()).not.toContain('flotilla_');
      expect((await scrape({ authorization: 'Bearer wrong-token-of-some-length' })).status).toBe(401);
      const viewer = await t.login('viewer');
      expect((await scrape({ cookie: viewer.cookie })).status).toBe(403);
    });

    it('FLOTILLA_METRICS_TOKEN, an admin session or an admin API token → 200 with the metrics', async () => {
      const [admin] = await t.sql<{ id: string }>("SELECT id FROM users WHERE username = 'admin'");
      const apiToken = await t.hub.auth.createApiToken(admin!.id, 'prometheus');
      const session = await t.login('admin');
      const ways: Record<string, string>[] = [{ authorization: `Bearer ${testMetricsToken}` }, { cookie: session.cookie }, { authorization: `Bearer ${apiToken}` }];
      for (const headers of ways) {
        const res = await scrape(headers);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
        expect(await res.text()).toMatch(/^flotilla_agents_connected /m);
      }
    });
  });
});
