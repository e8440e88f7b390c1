import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { TestHub } from '../../test/hub-harness.js';
import { JobLeases } from './job-leases.repository.js';

// Two hub processes' lease holders on one database: what one holds the other cannot take until it expires or is released.
describe('named job leases across replicas', () => {
  let pg: TestPostgres;
  let a: TestHub;
  let b: TestHub;
  let la: JobLeases;
  let lb: JobLeases;

  beforeAll(async () => {
    pg = await startPostgres();
    const db = await pg.createDatabase();
    a = await TestHub.start(db, { seedUsers: false });
    b = await TestHub.start(db, { seedUsers: false });
    la = a.hub.app.get(JobLeases);
    lb = b.hub.app.get(JobLeases);
  }, 60_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await pg?.stop();
  });

  it('is held by one replica at a time; the holder may extend it, the other may not take it', async () => {
    expect(la.holder).not.toBe(lb.holder);
    expect(await la.take('sweep', 60_000)).toBe(true);
    expect(await lb.take('sweep', 60_000)).toBe(false);
    expect(await la.take('sweep', 60_000)).toBe(true);
    expect(await a.sql(`SELECT holder FROM job_leases WHERE name = 'sweep'`)).toEqual([{ holder: la.holder }]);
  });

  it('goes to another replica once it expires (a holder that died) or is released', async () => {
    expect(await la.take('short', 200)).toBe(true);
    expect(await lb.take('short', 200)).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(await lb.take('short', 60_000)).toBe(true);
    await lb.release('short');
    // Releasing what another holds does nothing.
    expect(await la.take('short', 60_000)).toBe(true);
    await lb.release('short');
    expect(await lb.take('short', 60_000)).toBe(false);
  });

  it('of many replicas racing for a free lease, exactly one wins', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? la : lb).take('race', 60_000)));
    // Both processes may win their own repeated takes, but never both processes.
    const rows = await a.sql<{ holder: string }>(`SELECT holder FROM job_leases WHERE name = 'race'`);
    expect(rows).toHaveLength(1);
    const winner = rows[0]!.holder === la.holder ? 0 : 1;
    expect(results.filter((won, i) => won && i % 2 !== winner)).toEqual([]);
  });
});
