import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { TestHub, type Session } from '../../test/hub-harness.js';

describe('POST /api/agent/register (real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let operator: Session;

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    operator = await t.login('operator');
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it('trades a valid token for a flc_ credential and stores only hashes', async () => {
    const token = await t.createToken(operator, 'reg-valid');
    expect(token.token).toMatch(/^flr_/);
    const r = await t.register(token.token);
    expect(r.status).toBe(200);
    expect(r.body.clusterId).toBe(token.cluster.id);
    expect(r.body.clusterName).toBe('reg-valid');
    expect(r.body.credential).toMatch(/^flc_[A-Za-z0-9_-]{16,}$/);

    const dump = JSON.stringify(
      await t.sql('SELECT t.*, c.* FROM registration_tokens t JOIN cluster_credentials c USING (cluster_id) WHERE t.cluster_id = $1', [
        token.cluster.id,
      ]),
    );
    expect(dump).not.toContain(token.token);
    expect(dump).not.toContain(r.body.credential);
  });

  it('refuses a wrong token with 401 REGISTRATION_TOKEN_INVALID', async () => {
    const r = await t.register('flr_not-a-real-token-at-all');
    expect(r.status).toBe(401);
    expect(r.body.error?.code).toBe('REGISTRATION_TOKEN_INVALID');
    expect(r.body.error?.message).toMatch(/not known/);
  });

  it('refuses a used token with 401 REGISTRATION_TOKEN_USED, and the first credential still works', async () => {
    const token = await t.createToken(operator, 'reg-reuse');
    const first = await t.register(token.token);
    expect(first.status).toBe(200);
    const second = await t.register(token.token);
    expect(second.status).toBe(401);
    expect(second.body.error?.code).toBe('REGISTRATION_TOKEN_USED');
    expect(second.body.error?.message).toMatch(/already used/);
    const rows = await t.sql<{ n: string }>('SELECT count(*) AS n FROM cluster_credentials WHERE cluster_id = $1 AND revoked_at IS NULL', [
      token.cluster.id,
    ]);
    expect(rows[0]?.n).toBe('1');
  });

  it('lets only one of two concurrent uses of a token win', async () => {
    const token = await t.createToken(operator, 'reg-race');
    const results = await Promise.all([t.register(token.token), t.register(token.token), t.register(token.token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401]);
  });

  it('refuses an expired token with 401 REGISTRATION_TOKEN_EXPIRED (default lifetime 1 h)', async () => {
    const token = await t.createToken(operator, 'reg-expired');
    const lifetime = new Date(token.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(3_590_000);
    expect(lifetime).toBeLessThanOrEqual(3_600_000);
    t.clock.advance(3_600_001);
    try {
      const r = await t.register(token.token);
      expect(r.status).toBe(401);
      expect(r.body.error?.code).toBe('REGISTRATION_TOKEN_EXPIRED');
      expect(r.body.error?.message).toMatch(/expired at/);
    } finally {
      t.clock.offsetMs = 0;
    }
  });

  it('answers 400 BAD_REQUEST for malformed bodies', async () => {
    const noToken = await t.register(undefined);
    expect(noToken.status).toBe(400);
    expect(noToken.body.error?.code).toBe('BAD_REQUEST');
    const notJson = await fetch(`${t.url}/api/agent/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
  });

  it('a new token for an existing cluster rotates its credential', async () => {
    const first = await t.registeredCluster(operator, 'reg-rotate');
    const again = await t.gql<{ createRegistrationToken: { token: string } }>(
      operator,
      `mutation($id: ID!) { createRegistrationToken(input: { clusterId: $id }) { token } }`,
      { id: first.clusterId },
    );
    const r = await t.register(again.data!.createRegistrationToken.token);
    expect(r.status).toBe(200);
    const old = t.agentSocket(first.credential);
    const err = await new Promise<{ data?: { code?: string } }>((resolve) => old.once('connect_error', resolve));
    expect(err.data?.code).toBe('CREDENTIAL_REVOKED');
    old.close();
  });

  it('after 20 failed registrations from one address: 429 TOO_MANY_ATTEMPTS, even with a valid token, until the window passes', async () => {
    const token = await t.createToken(operator, 'reg-throttled');
    // Earlier tests' failures leave the 5-minute window first.
    t.clock.advance(5 * 60_000 + 1);
    try {
      for (let i = 0; i < 20; i++) expect((await t.register(`flr_wrong-${i}`)).status).toBe(401);
      const blocked = await t.register(token.token);
      expect(blocked.status).toBe(429);
      expect(blocked.body.error?.code).toBe('TOO_MANY_ATTEMPTS');
      expect(blocked.body.error?.message).toMatch(/too many failed registrations from this address; try again in \d+ s/);
      t.clock.advance(5 * 60_000 + 1);
      expect((await t.register(token.token)).status).toBe(200);
    } finally {
      t.clock.offsetMs = 0;
    }
  });
});

