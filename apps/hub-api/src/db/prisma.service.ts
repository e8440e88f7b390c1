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

/** The presence pool: its own connections, so heartbeats never queue behind the hub's other queries. */
export function createPresencePool(databaseUrl: string, onError: (err: Error) => void): PresenceDb {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    application_name: 'flotilla-hub-presence',
    options: '-c synchronous_commit=off',
  });
  // An idle connection that breaks (Postgres restarted) is reported here; the next query opens a new one.
  pool.on('error', onError);
  return pool;
}
