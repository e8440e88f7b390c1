import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { passwords, TestHub, type GqlResult, type Session } from '../../test/hub-harness.js';
import { AuditRetentionService } from './audit-retention.service.js';

interface Entry {
  id: string;
  createdAt: string;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string | null;
}
interface Page {
  auditEntries: { edges: { cursor: string; node: Entry }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const PAGE = `query($filter: AuditFilterInput, $first: Int, $after: String) {
  auditEntries(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id createdAt actorName actorKind action targetType targetId details ip userAgent } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const DAY = 86_400_000;

describe('audit log reader, export and retention (real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let admin: Session;

  /** Entries written straight into the table at fixed times, so filters and pages have known answers. */
  const seed = async (rows: { id: string; at: Date; actor: string; action: string; targetType: string; targetId: string | null; userAgent?: string }[]) => {
    for (const r of rows) {
      await t.sql(
        `INSERT INTO audit_entries (id, actor_user_id, actor_name, actor_kind, action, target_type, target_id, details, ip, user_agent, created_at)
         VALUES ($1, NULL, $2, 'user', $3, $4, $5, '{}'::jsonb, '127.0.0.1', $6, $7)`,
        [r.id, r.actor, r.action, r.targetType, r.targetId, r.userAgent ?? null, r.at],
      );
    }
  };
  const page = (auth: Session | { bearer: string }, variables: Record<string, unknown>) => t.gql<Page>(auth, PAGE, variables);
  const exportOf = (query: string, headers: Record<string, string>) => fetch(`${t.url}/api/audit/export?${query}`, { headers });

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase(), { auditRetentionMs: 30 * DAY });
    admin = await t.login('admin');
    const base = Date.UTC(2026, 10, 1);
    await seed(
      Array.from({ length: 9 }, (_, i) => ({
        id: `seed-${i}`,
        at: new Date(base + i * 3_600_000),
        actor: i % 3 === 0 ? 'alice' : 'bob',
        action: i % 2 === 0 ? 'cluster.update' : 'kustomization.create',
        targetType: i % 2 === 0 ? 'cluster' : 'kustomization',
        targetId: `t-${i % 4}`,
      })),
    );
    // Two entries in the same millisecond: the id breaks the tie, so paging never skips or repeats one.
    await seed([
      { id: 'tie-a', at: new Date(base + 20 * 3_600_000), actor: 'carol', action: 'cluster.delete', targetType: 'cluster', targetId: 'x' },
      { id: 'tie-b', at: new Date(base + 20 * 3_600_000), actor: 'carol', action: 'cluster.delete', targetType: 'cluster', targetId: 'x' },
    ]);
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it('is for admins: viewers and operators get FORBIDDEN, the export 403; nobody logged in gets 401', async () => {
    for (const who of ['viewer', 'operator'] as const) {
      const s = await t.login(who);
      expect((await page(s, {})).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(s, '{ auditActions }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const res = await exportOf('format=csv', { cookie: s.cookie });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    }
    expect((await exportOf('format=csv', {})).status).toBe(401);
  });

  it('filters by actor, action, target and time range, newest first', async () => {
    const nodes = async (filter: Record<string, unknown>) => {
      const r = await page(admin, { filter, first: 200 });
      if (!r.data) throw new Error(JSON.stringify(r.errors));
      return r.data.auditEntries.edges.map((e) => e.node.id);
    };
    expect(await nodes({ actor: 'alice' })).toEqual(['seed-6', 'seed-3', 'seed-0']);
    expect(await nodes({ actor: 'bob', action: 'cluster.update' })).toEqual(['seed-8', 'seed-4', 'seed-2']);
    expect(await nodes({ targetType: 'kustomization', targetId: 't-1' })).toEqual(['seed-5', 'seed-1']);
    const base = Date.UTC(2026, 10, 1);
    expect(await nodes({ since: new Date(base + 2 * 3_600_000).toISOString(), until: new Date(base + 5 * 3_600_000).toISOString() })).toEqual(['seed-4', 'seed-3', 'seed-2']);
    expect(await nodes({ actor: 'nobody' })).toEqual([]);
  });

  it('pages with cursors, `first` at most 200, and refuses bad filters with the field at fault', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: GqlResult<Page> = await page(admin, { filter: { until: new Date(Date.UTC(2026, 10, 3)).toISOString() }, first: 3, after });
      const { edges, pageInfo } = r.data!.auditEntries;
      seen.push(...edges.map((e) => e.node.id));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(['tie-b', 'tie-a', 'seed-8', 'seed-7', 'seed-6', 'seed-5', 'seed-4', 'seed-3', 'seed-2', 'seed-1', 'seed-0']);

    const field = async (variables: Record<string, unknown>) => (await page(admin, variables)).errors?.[0]?.extensions;
    expect(await field({ first: 201 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await field({ first: 0 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await field({ filter: { action: 'cluster.explode' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.action' });
    expect(await field({ filter: { targetType: 'a b' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.targetType' });
    expect(await field({ filter: { since: '2026-11-02T00:00:00Z', until: '2026-11-01T00:00:00Z' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.until' });
    expect(await field({ after: 'bm90LWEtY3Vyc29y' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const actions = await t.gql<{ auditActions: string[] }>(admin, '{ auditActions }');
    expect(actions.data?.auditActions).toEqual(expect.arrayContaining(['user.create', 'apiToken.revoke', 'auth.login.failed']));
  });

  it('exports the filtered entries as CSV with formula cells defused and quotes escaped, and as JSON; the export is audited', async () => {
    await seed([
      { id: 'evil-1', at: new Date(Date.UTC(2026, 10, 5)), actor: '=HYPERLINK("http://x","y")', action: 'auth.login.failed', targetType: 'user', targetId: null, userAgent: '+cmd|calc' },
      { id: 'evil-2', at: new Date(Date.UTC(2026, 10, 5, 1)), actor: '@SUM(1,2)', action: 'auth.login.failed', targetType: 'user', targetId: null, userAgent: '-2+3' },
    ]);
    const res = await exportOf('format=csv&action=auth.login.failed', { cookie: admin.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="flotilla-audit-.*\.csv"$/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('createdAt,actorName,actorKind,action,targetType,targetId,ip,userAgent,details');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('"2026-11-05T01:00:00.000Z","\'@SUM(1,2)","user","auth.login.failed","user","","127.0.0.1","\'-2+3","{}"');
    expect(lines[2]).toContain('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(lines[2]).toContain('"\'+cmd|calc"');

    const token = await t.hub.auth.createApiToken((await t.sql<{ id: string }>("SELECT id FROM users WHERE username = 'admin'"))[0]!.id, 'export');
    const json = await exportOf('format=json&actor=alice', { authorization: `Bearer ${token}` });
    expect(json.status).toBe(200);
    const body = (await json.json()) as { entries: Entry[]; count: number; truncated: boolean };
    expect(body.entries.map((e) => e.id)).toEqual(['seed-6', 'seed-3', 'seed-0']);
    expect(body).toMatchObject({ count: 3, truncated: false });

    const bad = await exportOf('format=xml', { cookie: admin.cookie });
    expect(bad.status).toBe(400);
    expect((await exportOf('format=csv&since=yesterday', { cookie: admin.cookie })).status).toBe(400);
    const recorded = await t.sql<{ actor_name: string; details: { format: string; filter: Record<string, string> } }>("SELECT actor_name, details FROM audit_entries WHERE action = 'audit.export' ORDER BY created_at");
    expect(recorded.map((r) => r.details)).toEqual([
      { format: 'csv', filter: { action: 'auth.login.failed' } },
      { format: 'json', filter: { actor: 'alice' } },
    ]);
    expect(JSON.stringify(await t.sql('SELECT * FROM audit_entries'))).not.toContain(token);
  });

  it('exports past one read chunk in order, each entry once', async () => {
    await t.sql(
      `INSERT INTO audit_entries (id, actor_name, actor_kind, action, target_type, details, created_at)
       SELECT 'bulk-' || lpad(i::text, 5, '0'), 'bulk', 'user', 'cluster.update', 'cluster', '{}'::jsonb, timestamptz '2026-10-01' + i * interval '1 second'
       FROM generate_series(1, 2500) AS i`,
    );
    const res = await exportOf('format=json&actor=bulk', { cookie: admin.cookie });
    const body = (await res.json()) as { entries: Entry[]; count: number; truncated: boolean };
    expect(body).toMatchObject({ count: 2500, truncated: false });
    expect(body.entries[0]!.id).toBe('bulk-02500');
    expect(body.entries.at(-1)!.id).toBe('bulk-00001');
    expect(new Set(body.entries.map((e) => e.id)).size).toBe(2500);
    const csv = await (await exportOf('format=csv&actor=bulk', { cookie: admin.cookie })).text();
    expect(csv.trimEnd().split('\r\n')).toHaveLength(2501);
    await t.sql("DELETE FROM audit_entries WHERE actor_name = 'bulk'");
  });

  it('logins and failed logins are on record, without the password tried', async () => {
    await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'viewer', password: 'planted-Wrong-pw-55' }) });
    const r = await page(admin, { filter: { action: 'auth.login.failed', actor: 'viewer' } });
    expect(r.data!.auditEntries.edges).toHaveLength(1);
    expect(JSON.stringify(r)).not.toContain('planted-Wrong-pw-55');
    expect((await page(admin, { filter: { action: 'auth.login', actor: 'admin' } })).data!.auditEntries.edges.length).toBeGreaterThan(0);
  });

  it('neither the reader nor the export holds a password, token or hash', async () => {
    const operator = await t.login('operator');
    const made = await t.gql<{ createApiToken: { id: string; token: string } }>(operator, 'mutation { createApiToken(input: { name: "scan" }) { id token } }');
    const token = made.data!.createApiToken.token;
    await t.gql({ bearer: token }, '{ viewer { id } }');
    await t.gql(operator, `mutation { revokeApiToken(id: "${made.data!.createApiToken.id}") { id } }`);
    const read = JSON.stringify(await page(admin, { first: 200 }));
    const exported = await (await exportOf('format=json', { cookie: admin.cookie })).text();
    const hashes = await t.sql<{ h: string }>('SELECT password_hash AS h FROM users UNION ALL SELECT token_hash FROM api_tokens UNION ALL SELECT token_hash FROM sessions');
    for (const secret of [token, ...Object.values(passwords), ...hashes.map((r) => r.h)]) {
      expect(read).not.toContain(secret);
      expect(exported).not.toContain(secret);
    }
    expect(read).toContain('apiToken.revoke');
  });

  it('retention deletes only entries older than FLOTILLA_AUDIT_RETENTION', async () => {
    const now = Date.now();
    await seed([
      { id: 'old-1', at: new Date(now - 31 * DAY), actor: 'ret', action: 'cluster.update', targetType: 'cluster', targetId: null },
      { id: 'old-2', at: new Date(now - 400 * DAY), actor: 'ret', action: 'cluster.update', targetType: 'cluster', targetId: null },
      { id: 'new-1', at: new Date(now - 29 * DAY), actor: 'ret', action: 'cluster.update', targetType: 'cluster', targetId: null },
    ]);
    const before = (await t.sql<{ n: string }>('SELECT count(*) AS n FROM audit_entries'))[0]!.n;
    const sweeper = t.hub.app.get(AuditRetentionService);
    expect(sweeper.retentionMs).toBe(30 * DAY);
    // Entries seeded by the tests above may be past 30 days as well: count what is due.
    const due = (await t.sql<{ n: string }>('SELECT count(*) AS n FROM audit_entries WHERE created_at < $1', [new Date(now - 30 * DAY)]))[0]!.n;
    expect(await sweeper.sweep()).toBe(Number(due));
    const left = (await t.sql<{ id: string }>("SELECT id FROM audit_entries WHERE actor_name = 'ret'")).map((r) => r.id);
    expect(left).toEqual(['new-1']);
    expect(Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM audit_entries'))[0]!.n)).toBe(Number(before) - Number(due));
  });
});
