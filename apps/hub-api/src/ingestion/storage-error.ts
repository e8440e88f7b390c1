// Which failures of a report batch's transaction are the batch's own fault. Postgres refuses some data for good
// (SQLSTATE class 22 data exception, e.g. 22P02 invalid text in jsonb; class 23 integrity constraint violation;
// class 54 program limit exceeded, e.g. a value too large to index): storing the same batch again fails the same
// way, so holding on to it would block every later batch of the agent. Everything else (connection lost, pool
// exhausted, lock or statement timeouts, a missing table during a botched upgrade) is the hub's condition and
// passes; the batch must then be kept and sent again, never skipped.

const UNSTORABLE_CLASSES = new Set(['22', '23', '54']);
const SQLSTATE = /^[0-9A-Z]{5}$/;
/** Prisma's own error codes (P1000–P9999) have the same shape; SQLSTATEs starting with P are P0xxx. */
const PRISMA_CODE = /^P[1-9][0-9]{3}$/;

interface Found {
  code: string;
  message: string | undefined;
}

// The report-batch transactions run on node-postgres, whose error carries the SQLSTATE in `code`; through
// Prisma (the batch's data fails the same way in any other write) the driver's error is wrapped in one or two
// layers whose shape differs by query kind, the SQLSTATE in `originalCode` or `code` of one of them.
function findSqlState(value: unknown, depth = 0): Found | undefined {
  if (depth > 5 || typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  for (const key of ['originalCode', 'code']) {
    const code = v[key];
    if (typeof code === 'string' && SQLSTATE.test(code) && !PRISMA_CODE.test(code)) {
      const message = [v.originalMessage, v.message].find((m): m is string => typeof m === 'string');
      return { code, message };
    }
  }
  for (const key of ['cause', 'meta', 'driverAdapterError', 'error']) {
    const found = findSqlState(v[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The reason to tell the agent when Postgres refused the batch's data for good; undefined for any other failure. */
export function unstorableReason(err: unknown): string | undefined {
  const found = findSqlState(err);
  if (!found || !UNSTORABLE_CLASSES.has(found.code.slice(0, 2))) return undefined;
  return `Postgres refused the data (SQLSTATE ${found.code}${found.message ? `: ${found.message.slice(0, 300)}` : ''})`;
}
