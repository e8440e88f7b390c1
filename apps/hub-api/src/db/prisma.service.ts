import type { PrismaClient } from '@flotilla/prisma/client';

/** DI token of the Prisma client. Only `*.repository.ts` files inject it. */
export const PRISMA = Symbol('PrismaClient');
export type Db = PrismaClient;

/**
 * DI token of a second client for agent presence (connection id, state, last seen): written on every hello and
 * heartbeat, and recomputable, so its commits do not wait for the WAL flush (synchronous_commit=off). Losing the
 * last fraction of a second of presence in a Postgres crash only delays a Connected/Disconnected flip.
 */
export const PRESENCE_DB = Symbol('PresencePrismaClient');
