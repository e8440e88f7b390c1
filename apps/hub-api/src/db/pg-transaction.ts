import type pg from 'pg';

/**
 * A statement for node-postgres written as a template: each `${value}` becomes the next `$n` parameter, passed
 * as it is (no quoting into the text), so the casts in the SQL (`::jsonb`, `::text[]`) type it as before.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): pg.QueryConfig<unknown[]> {
  return { text: strings.reduce((text, part, i) => `${text}$${i}${part}`), values };
}

/** Runs `fn` in one transaction on a connection of `pool`: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  // The pool stops listening for a client's 'error' while it is checked out, and node-postgres emits one whenever
  // the connection breaks (Postgres restarted, the backend terminated), even while a statement waits: with no
  // listener that event would end the process. The statement under way is rejected anyway; the error is kept so
  // the connection is closed instead of rolled back.
  let lost: Error | undefined;
  const onLost = (err: Error): void => {
    lost = err;
  };
  tx.on('error', onLost);
  const release = (err?: Error): void => {
    tx.off('error', onLost);
    tx.release(err);
  };
  try {
    await tx.query('BEGIN');
    const result = await fn(tx);
    await tx.query('COMMIT');
    release(lost);
    return result;
  } catch (err) {
    // A statement the client gave up on (the pool's query_timeout: the server stopped answering) leaves the
    // connection waiting for its answer: it is closed at once, without a ROLLBACK that would wait as long again
    // (Postgres rolls the transaction back when the connection goes). So is a connection already lost.
    if (lost || (err instanceof Error && err.message === 'Query read timeout')) {
      release(lost ?? (err as Error));
      throw err;
    }
    // A connection whose rollback failed is in an unknown state: it is closed instead of going back to the pool.
    const broken = await tx.query('ROLLBACK').then(
      () => lost,
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
    release(broken);
    throw err;
  }
}
