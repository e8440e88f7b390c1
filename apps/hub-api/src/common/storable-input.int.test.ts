import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { TestHub, type Session } from '../../test/hub-harness.js';

// Postgres text and jsonb refuse U+0000 and unpaired UTF-16 surrogates; a JavaScript string may hold both. Any
// GraphQL string that reaches a query or an insert with one of them made the hub answer 500. They are refused
// at the edge, for every string argument and input field, as variables or as literals in the document.

const NUL = 'a\u0000b';
const LONE = 'a\ud800b';

describe('strings Postgres cannot store are refused at the GraphQL edge', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let admin: Session;

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  const cases: Array<[string, string, (bad: string) => Record<string, unknown>]> = [
    ['an audit filter (a query)', 'query($f: AuditFilterInput) { auditEntries(filter: $f) { edges { cursor } } }', (bad) => ({ f: { actor: bad } })],
    ['a cluster selector (a query)', 'query($s: String) { clusters(selector: $s) { totalCount } }', (bad) => ({ s: bad })],
    ['a cluster by id', 'query($id: ID!) { cluster(id: $id) { id } }', (bad) => ({ id: bad })],
    ['an API token name (an insert)', 'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { id } }', (bad) => ({ i: { name: bad } })],
    ['a new user\'s password', 'mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', (bad) => ({ i: { username: `probe-${bad.length}-${bad.charCodeAt(1)}`, password: `long-enough-${bad}`, role: 'VIEWER' } })],
  ];

  for (const [what, query, vars] of cases) {
    for (const [name, bad] of [['NUL', NUL], ['a lone surrogate', LONE]] as const) {
      it(`${what} with ${name}: BAD_USER_INPUT, not a server error, nothing stored`, async () => {
        const before = await t.sql<{ n: string }>('SELECT (SELECT count(*) FROM api_tokens) + (SELECT count(*) FROM users) AS n');
        const r = await t.gql(admin, query, vars(bad));
        expect(r.status).toBe(400);
        expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
        expect(r.errors?.[0]?.message).toMatch(/NUL characters or unpaired surrogates/);
        expect(await t.sql('SELECT (SELECT count(*) FROM api_tokens) + (SELECT count(*) FROM users) AS n')).toEqual(before);
      });
    }
  }

  it('a literal in the document is refused the same way', async () => {
    const r = await t.gql(admin, 'query { clusters(selector: "env=\\u0000") { totalCount } }');
    expect(r.status).toBe(400);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('other text, emoji and paired surrogates included, passes', async () => {
    const r = await t.gql(admin, 'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { name } }', { i: { name: 'deploy 🚀 ünïcode' } });
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ createApiToken: { name: 'deploy 🚀 ünïcode' } });
  });

  describe('on the HTTP endpoints beside GraphQL', () => {
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    it('login with NUL in the username: 400 BAD_REQUEST, not a server error', async () => {
      const res = await post('/api/auth/login', JSON.stringify({ username: 'admin\u0000', password: 'x' }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    });

    it('agent registration with a lone surrogate in the token: 400', async () => {
      const res = await post('/api/agent/register', JSON.stringify({ token: 'flt_\ud800', agentVersion: 'x' }));
      expect(res.status).toBe(400);
    });

    it('audit export with NUL in a filter: 400, and no audit entry for it', async () => {
      const before = await t.sql('SELECT count(*) AS n FROM audit_entries');
      const res = await fetch(`${t.url}/api/audit/export?format=json&actor=a%00b`, { headers: { cookie: admin.cookie } });
      expect(res.status).toBe(400);
      expect(await t.sql('SELECT count(*) AS n FROM audit_entries')).toEqual(before);
    });
  });
});
