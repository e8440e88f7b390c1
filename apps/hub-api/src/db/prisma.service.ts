import type { PrismaClient } from '@flotilla/prisma/client';
import pg from 'pg';

/** DI token of the Prisma client. Only `*.repository.ts` files inject it. */
export const PRISMA = Symbol('PrismaClient');
export type Db = PrismaClient;

/**
 * DI token of a second pool for agent presence (connection id, state, last seen): written on every hello and
 * heartbeat, and recomputable, so its commits do not wait for the WAL flush (synchronous_commit=off). Losing the
 * last fraction of a second of presence in a Postgres crash only delays a Connected/Disconnected flip.
 * Presence runs a few fixed SQL statements, so it is a plain node-postgres pool: a second Prisma client would
 * hold a second query compiler and schema graph (about 11 MiB of an idle hub's heap) for no model query.
 */
export const PRESENCE_DB = Symbol('PresencePool');
export type PresenceDb = pg.Pool;

/**
 * DI token of the pool the report-batch transactions run on (ingestion's README): a few fixed raw statements
 * per transaction, many times a second under load, where Prisma's client added about a sixth of the hub's CPU
 * (query plumbing through its engine and driver adapter) for statements it only passes on.
 */
export const INGESTION_DB = Symbol('IngestionPool');
export type IngestionDb = pg.Pool;

/** The presence pool: its own connections, so heartbeats never queue behind the hub's other queries. */
export function createPresencePool(databaseUrl: string, onError: (err: Error) => void): PresenceDb {
  return openPool(databaseUrl, onError, { max: 10, application_name: 'flotilla-hub-presence', options: '-c synchronous_commit=off' });
}

/**
 * The ingestion pool, `connections` large (create-hub.ts sizes it to the ingestion concurrency). The bounds are those
 * Prisma's interactive transactions had: 2 s to get a connection, 5 s for a statement (a stuck transaction
 * must not hold its locks on the agents' sequence rows). The statement bound is kept twice: by Postgres
 * (`statement_timeout`), and by the client (`query_timeout`) for a connection that no longer answers at all (a
 * network partition), whose query would otherwise wait forever and hold its transaction slot.
 */
export function createIngestionPool(databaseUrl: string, connections: number, onError: (err: Error) => void): IngestionDb {
  return openPool(databaseUrl, onError, {
    max: connections,
    application_name: 'flotilla-hub-ingestion',
    connectionTimeoutMillis: 2_000,
    statement_timeout: INGESTION_STATEMENT_TIMEOUT_MS,
    query_timeout: INGESTION_STATEMENT_TIMEOUT_MS,
  });
}

const INGESTION_STATEMENT_TIMEOUT_MS = 5_000;

function openPool(databaseUrl: string, onError: (err: Error) => void, config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, ...config });
  // An idle connection that breaks (Postgres restarted) is reported here; the next query opens a new one.
  pool.on('error', onError);
  return pool;
}
