import type { PrismaClient } from '@flotilla/prisma/client';

/** DI token of the Prisma client. Only `*.repository.ts` files inject it. */
export const PRISMA = Symbol('PrismaClient');
export type Db = PrismaClient;
