import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient } from '@flotilla/prisma/client';
import { PRISMA } from './prisma.service.js';

// One database transaction around work written as many service calls (each with its repositories, audit
// entries and events), without threading a transaction client through every signature: while a scope is
// open, the PRISMA client every repository holds sends its queries to the scope's transaction, and hub events
// wait for the commit (a listener must not read, or act on, rows that may still roll back). Work that outlives
// the scope (a loop a poke started inside it) falls back to the plain client once the scope has closed.

interface Scope {
  tx: Prisma.TransactionClient;
  open: boolean;
  afterCommit: (() => void)[];
}

const scopes = new AsyncLocalStorage<Scope>();

const openScope = (): Scope | undefined => {
  const scope = scopes.getStore();
  return scope?.open ? scope : undefined;
};

/** Runs `fn` after the surrounding transaction commits (dropped if it rolls back); at once outside one. */
export function afterCommit(fn: () => void): void {
  const scope = openScope();
  if (scope) scope.afterCommit.push(fn);
  else fn();
}

type TransactionArg = readonly Prisma.PrismaPromise<unknown>[] | ((tx: Prisma.TransactionClient) => Promise<unknown>);

/**
 * The client repositories inject: the plain one, or inside a scope its transaction. A repository's own
 * `$transaction` joins the scope's (Postgres has no nested transactions; the outer one already gives the
 * all-or-nothing the inner asked for).
 */
export function transactionAware(client: PrismaClient): PrismaClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const scope = openScope();
      if (!scope) {
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      if (prop === '$transaction') {
        return async (arg: TransactionArg) => {
          if (typeof arg === 'function') return arg(scope.tx);
          const results: unknown[] = [];
          for (const p of arg) results.push(await p);
          return results;
        };
      }
      const value: unknown = Reflect.get(scope.tx, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(scope.tx) : value;
    },
  });
}

export interface TransactionOptions {
  /** How long the whole transaction may run (Prisma's default of 5 s is for one repository's few statements). */
  timeoutMs?: number;
}

@Injectable()
export class TransactionScope {
  constructor(@Inject(PRISMA) private readonly db: PrismaClient) {}

  /** Runs `fn` in one transaction: everything it writes commits together or not at all. */
  async run<T>(fn: () => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    if (openScope()) return fn();
    const pending: (() => void)[] = [];
    // The scope is entered inside $transaction's callback, so the plain client is the one that opens it.
    const result = await this.db.$transaction(
      async (tx) => {
        const scope: Scope = { tx, open: true, afterCommit: pending };
        try {
          return await scopes.run(scope, fn);
        } finally {
          scope.open = false;
        }
      },
      { timeout: opts.timeoutMs ?? 300_000, maxWait: 10_000 },
    );
    for (const fn of pending) fn();
    return result;
  }
}
