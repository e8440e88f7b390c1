import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { passwords, TestHub } from '../../test/hub-harness.js';

describe('auth: sessions, CSRF, API tokens (real Postgres)', () => {
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

  it('login sets an httpOnly SameSite=Lax session cookie and a readable CSRF cookie', async () => {
    const res = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: passwords.operator }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { username: 'operator', role: 'OPERATOR' } });
    const [session, csrf] = ['flotilla_session=', 'flotilla_csrf='].map((p) => res.headers.getSetCookie().find((c) => c.startsWith(p))!);
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Path=\//);
    expect(csrf).not.toMatch(/HttpOnly/i);
    const stored = JSON.stringify(await t.sql('SELECT * FROM sessions'));
    expect(stored).not.toContain(session!.split(';')[0]!.split('=')[1]);
  });

  it('wrong username or password → 401 INVALID_CREDENTIALS, same message for both', async () => {
    const attempt = async (username: string, password: string) => {
      const res = await fetch(`${t.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
    };
    const badPassword = await attempt('admin', 'nope-nope');
    const badUser = await attempt('nobody', 'nope-nope');
    expect(badPassword.status).toBe(401);
    expect(badPassword.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(badUser.body).toEqual(badPassword.body);
  });

  it('after 10 failed logins for a username from one address: 429 TOO_MANY_ATTEMPTS, even with the right password, until the window passes', async () => {
    const attempt = (password: string) =>
      fetch(`${t.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'viewer', password }),
      });
    for (let i = 0; i < 10; i++) expect((await attempt('guess-' + i)).status).toBe(401);
    const blocked = await attempt(passwords.viewer);
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_ATTEMPTS');
    t.clock.advance(5 * 60_000 + 1);
    try {
      expect((await attempt(passwords.viewer)).status).toBe(200);
    } finally {
      t.clock.offsetMs = 0;
    }
  });

  it('passwords are stored as scrypt hashes', async () => {
    const rows = await t.sql<{ password_hash: string }>('SELECT password_hash FROM users');
    for (const r of rows) {
      expect(r.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(Object.values(passwords).some((p) => r.password_hash.includes(p))).toBe(false);
    }
  });

  it('cookie-authenticated POST /graphql without or with a wrong x-csrf-token → 403 CSRF_TOKEN_INVALID', async () => {
    const s = await t.login('viewer');
    const missing = await t.gql(s, '{ viewer { username } }', {}, { csrf: null });
    expect(missing.status).toBe(403);
    expect((missing as unknown as { error: { code: string } }).error.code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await t.gql(s, '{ viewer { username } }', {}, { csrf: 'csrf_forged' });
    expect(wrong.status).toBe(403);
    const ok = await t.gql<{ viewer: { username: string; role: string } }>(s, '{ viewer { username role } }');
    expect(ok.data?.viewer).toEqual({ username: 'viewer', role: 'VIEWER' });
  });

  it("another session's CSRF token is refused (the token is bound to the session)", async () => {
    const a = await t.login('viewer');
    const b = await t.login('viewer');
    const mixed = await t.gql({ cookie: a.cookie.replace(/flotilla_csrf=[^;]+/, `flotilla_csrf=${b.csrf}`), csrf: b.csrf }, '{ viewer { id } }');
    expect(mixed.status).toBe(403);
  });

  it('sends nosniff / no-framing headers', async () => {
    const res = await fetch(`${t.url}/some/spa/route`, { headers: { accept: 'text/html' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('no credentials → UNAUTHENTICATED', async () => {
    const r = await t.gql(null, '{ viewer { id } }');
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('Bearer API tokens work without CSRF and are stored hashed; unknown tokens are UNAUTHENTICATED', async () => {
    const [admin] = await t.sql<{ id: string }>("SELECT id FROM users WHERE username = 'admin'");
    const token = await t.hub.auth.createApiToken(admin!.id, 'ci');
    expect(token).toMatch(/^flt_/);
    const r = await t.gql<{ viewer: { username: string } }>({ bearer: token }, '{ viewer { username } }');
    expect(r.data?.viewer.username).toBe('admin');
    expect(JSON.stringify(await t.sql('SELECT * FROM api_tokens'))).not.toContain(token);
    const bad = await t.gql({ bearer: 'flt_unknown' }, '{ viewer { username } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('logout needs the CSRF token, ends the session and its live /ui socket, and is audited', async () => {
    const s = await t.login('operator');
    const noCsrf = await fetch(`${t.url}/api/auth/logout`, { method: 'POST', headers: { cookie: s.cookie } });
    expect(noCsrf.status).toBe(403);
    const ui = t.uiSocket(s);
    await new Promise<void>((resolve) => ui.once('connect', () => resolve()));
    const closed = new Promise<string>((resolve) => ui.once('disconnect', resolve));
    const res = await fetch(`${t.url}/api/auth/logout`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(res.status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    ui.close();
    const after = await t.gql(s, '{ viewer { id } }');
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const audit = await t.sql<{ action: string }>("SELECT action FROM audit_entries WHERE actor_name = 'operator' ORDER BY created_at");
    expect(audit.map((a) => a.action)).toContain('auth.logout');
  });
});

describe('createApiToken mutation', () => {
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

  it("issues a token with the caller's role, shown once, audited without its value", async () => {
    const viewer = await t.login('viewer');
    const r = await t.gql<{ createApiToken: { id: string; token: string; expiresAt: string } }>(
      viewer,
      `mutation { createApiToken(input: { name: "ci", ttlDays: 7 }) { id token expiresAt } }`,
    );
    const created = r.data!.createApiToken;
    expect(created.token).toMatch(/^flt_/);
    expect(new Date(created.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const me = await t.gql<{ viewer: { role: string } }>({ bearer: created.token }, '{ viewer { role } }');
    expect(me.data?.viewer.role).toBe('VIEWER');
    const forbidden = await t.gql({ bearer: created.token }, 'mutation { createRegistrationToken(input: { clusterName: "x" }) { token } }');
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const audit = await t.sql<{ action: string }>('SELECT * FROM audit_entries WHERE target_id = $1 ORDER BY created_at', [created.id]);
    // Two requests with the token, one summary entry for the day.
    expect(audit.map((a) => a.action)).toEqual(['apiToken.create', 'apiToken.use']);
    expect(JSON.stringify(audit)).not.toContain(created.token);
    const bad = await t.gql(viewer, `mutation { createApiToken(input: { name: "ci", ttlDays: 0 }) { id } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.ttlDays' });
  });
});
