import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, startPostgresServer, type TestPostgres } from './server.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('testenv postgres', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('gives each caller a fresh database with the migrations applied', async () => {
    const [one, two] = [await server.createDatabase(), await server.createDatabase()];
    expect(one).not.toBe(two);
    await query(one, 'CREATE TABLE only_here (id int)');
    const inTwo = await query<{ n: string }>(two, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'only_here'");
    expect(inTwo[0]?.n).toBe('0');
    const migrations = await query<{ n: string }>(one, 'SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL');
    expect(Number(migrations[0]?.n)).toBeGreaterThanOrEqual(0);
  });

  it('creates an empty database when asked not to migrate', async () => {
    const url = await server.createDatabase({ migrate: false });
    const rows = await query<{ n: string }>(url, "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'");
    expect(rows[0]?.n).toBe('0');
  });

  it('starts a private server on a loopback port and stops it', async () => {
    const own = await startPostgresServer();
    expect(new URL(own.url).hostname).toBe('127.0.0.1');
    const version = await query<{ server_version: string }>(own.url, 'SHOW server_version');
    expect(Number(version[0]?.server_version.split('.')[0])).toBeGreaterThanOrEqual(15);
    await own.stop();
    await expect(query(own.url, 'SELECT 1')).rejects.toThrow();
  });
});
