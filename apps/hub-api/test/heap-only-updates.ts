import type pg from 'pg';

/**
 * Runs `write` in a transaction of its own on `db` and returns how many rows of `table` it updated, and how many of
 * those updates were heap-only (the new version on the same page, no index entry written). Postgres keeps these
 * counters per session and includes the session's earlier transactions whose figures it has not yet sent to the
 * statistics collector, so they are read before and after the write, inside the transaction.
 */
export async function updatesIn(db: pg.ClientBase, table: string, write: () => Promise<unknown>): Promise<{ updated: number; hot: number }> {
  const counters = async () => {
    const { rows } = await db.query<{ updated: string; hot: string }>(
      `SELECT pg_stat_get_xact_tuples_updated($1::regclass) AS updated, pg_stat_get_xact_tuples_hot_updated($1::regclass) AS hot`,
      [table],
    );
    return { updated: Number(rows[0]!.updated), hot: Number(rows[0]!.hot) };
  };
  await db.query('BEGIN');
  const before = await counters();
  await write();
  const after = await counters();
  await db.query('COMMIT');
  return { updated: after.updated - before.updated, hot: after.hot - before.hot };
}
