import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { TestHub } from '../../test/hub-harness.js';

describe('health endpoints', () => {
  let pg: TestPostgres;
  let hub: TestHub;

  beforeAll(async () => {
    pg = await startPostgres();
    hub = await TestHub.start(await pg.createDatabase(), { seedUsers: false });
  });
  afterAll(async () => {
    await hub?.stop();
    await pg?.stop();
  });

  it('/readyz waits for the first admin, so a script that logs in once it is ready never meets a 401', async () => {
    const before = await fetch(`${hub.url}/readyz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', admin: 'pending' } });

    await hub.hub.auth.createUser('admin', 'a-long-enough-password', 'ADMIN');
    const after = await fetch(`${hub.url}/readyz`);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ status: 'ok', checks: { database: 'ok', admin: 'ok' } });
  });

  it('/healthz answers without any dependency', async () => {
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
  });
});
