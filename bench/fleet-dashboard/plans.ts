import { readFile } from 'node:fs/promises';
import type pg from 'pg';

// The plans of the hub's own statements, as Postgres ran them: auto_explain (shipped with Postgres) logs each
// statement slower than a threshold with EXPLAIN ANALYZE's plan, so the bench reads the real plans of the real
// queries instead of restating their SQL.

/** From the next session on, every statement of `database` slower than `minMs` logs its analyzed plan. */
export async function explainSlowStatements(db: pg.Client, database: string, minMs: number): Promise<void> {
  const quoted = `"${database.replace(/"/g, '""')}"`;
  await db.query(`ALTER DATABASE ${quoted} SET session_preload_libraries = 'auto_explain'`);
  await db.query(`ALTER DATABASE ${quoted} SET auto_explain.log_min_duration = '${Math.round(minMs)}ms'`);
  await db.query(`ALTER DATABASE ${quoted} SET auto_explain.log_analyze = on`);
  await db.query(`ALTER DATABASE ${quoted} SET auto_explain.log_buffers = on`);
}

export interface LoggedPlan {
  durationMs: number;
  text: string;
}

/** The plans auto_explain logged whose query text contains `marker`, slowest first. */
export async function loggedPlans(logPath: string, marker: string): Promise<LoggedPlan[]> {
  const log = await readFile(logPath, 'utf8');
  // Each entry starts on a line of its own with "LOG:  duration: … ms  plan:"; its plan lines follow.
  const entries = log.split(/\n(?=\S[^\n]*LOG: {2}duration: )/);
  return entries
    .map((entry) => ({ entry, m: /LOG: {2}duration: ([\d.]+) ms {2}plan:/.exec(entry) }))
    .filter(({ entry, m }) => m && entry.includes(marker))
    .map(({ entry, m }) => ({ durationMs: Number(m![1]), text: entry.slice(entry.indexOf('plan:')) }))
    .sort((a, b) => b.durationMs - a.durationMs);
}

/** The index names a plan reads, for a one-line summary. */
export const indexesOf = (plan: string): string[] => [
  ...new Set(
    [
      ...plan.matchAll(/(?:Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)/g),
    ].map((m) => m[1]!),
  ),
];
