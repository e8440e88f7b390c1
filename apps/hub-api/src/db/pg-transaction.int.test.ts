import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { inTransaction } from './pg-transaction.js';

// A transaction's connection breaking under it (Postgres restarted, the backend terminated) must fail that
// transaction only: node-postgres reports the break as an 'error' event on the checked-out client, which would end
// the hub's process if nothing listened. Vitest fails the run on such an uncaught error.
describe('inTransaction on a real Postgres', () => {
  let server: TestPostgres;
  let pool: pg.Pool;
  let admin: pg.Client;

  beforeAll(async () => {
    server = await startPostgres();
    const url = await server.createDatabase({ migrate: false });
    pool = new pg.Pool({ connectionString: url, max: 2 });
    pool.on('error', () => undefined);
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('CREATE TABLE t (v int)');
  }, 60_000);
  afterAll(async () => {
    await admin?.end();
    await pool?.end();
    await server?.stop();
  });

  const terminate = async (pid: number): Promise<void> => {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  };
  const backendPid = async (tx: pg.PoolClient): Promise<number> => (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const rows = async (): Promise<number[]> => (await admin.query<{ v: number }>('SELECT v FROM t ORDER BY v')).rows.map((r) => r.v);

  it('rejects a transaction whose connection is terminated between two statements, commits none of it, and the next one runs', async () => {
    await expect(
      inTransaction(pool, async (tx) => {
        await tx.query('INSERT INTO t VALUES (1)');
        await terminate(await backendPid(tx));
        // The termination arrives on the idle connection while the transaction is open.
        await new Promise((r) => setTimeout(r, 200));
        await tx.query('INSERT INTO t VALUES (2)');
      }),
    ).rejects.toThrow();
    expect(await rows()).toEqual([]);
    await inTransaction(pool, (tx) => tx.query('INSERT INTO t VALUES (3)'));
    expect(await rows()).toEqual([3]);
  });

  it('rejects a transaction whose connection is terminated while a statement runs', async () => {
    await expect(
      inTransaction(pool, async (tx) => {
        const pid = await backendPid(tx);
        const sleeping = tx.query('SELECT pg_sleep(10)');
        sleeping.catch(() => undefined); // awaited below, once the backend is gone
        await new Promise((r) => setTimeout(r, 200));
        await terminate(pid);
        await sleeping;
      }),
    ).rejects.toThrow();
    await inTransaction(pool, (tx) => tx.query('INSERT INTO t VALUES (4)'));
    expect(await rows()).toEqual([3, 4]);
  });
});
