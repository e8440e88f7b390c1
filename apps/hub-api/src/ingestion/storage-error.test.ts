import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { unstorableReason } from './storage-error.js';

describe(unstorableReason.name, () => {
  it('names data errors, wherever Prisma nested the driver error', () => {
    const adapter = { name: 'DriverAdapterError', cause: { originalCode: '22P02', originalMessage: 'invalid input syntax for type json', kind: 'InvalidInputValue' } };
    expect(unstorableReason(Object.assign(new Error('raw query failed'), { code: 'P2010', meta: { driverAdapterError: adapter } }))).toBe(
      'Postgres refused the data (SQLSTATE 22P02: invalid input syntax for type json)',
    );
    expect(unstorableReason({ cause: { code: '23514', message: 'new row violates check constraint' } })).toMatch(/23514/);
    expect(unstorableReason({ cause: { originalCode: '54000' } })).toBe('Postgres refused the data (SQLSTATE 54000)');
  });

  it("names node-postgres' own errors (the report-batch transactions run on it)", () => {
    const refused = Object.assign(new pg.DatabaseError('insert or update on table "cluster_events" violates foreign key constraint', 0, 'error'), { code: '23503' });
    expect(unstorableReason(refused)).toBe('Postgres refused the data (SQLSTATE 23503: insert or update on table "cluster_events" violates foreign key constraint)');
    expect(unstorableReason(Object.assign(new pg.DatabaseError('canceling statement due to statement timeout', 0, 'error'), { code: '57014' }))).toBeUndefined();
    expect(unstorableReason(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBeUndefined();
  });

  it('leaves conditions of the hub to be retried: connection, timeouts, missing tables, unknown errors', () => {
    expect(unstorableReason({ cause: { originalCode: '08006' } })).toBeUndefined();
    expect(unstorableReason({ cause: { originalCode: '57014' } })).toBeUndefined();
    expect(unstorableReason({ cause: { originalCode: '42P01' } })).toBeUndefined();
    expect(unstorableReason(Object.assign(new Error('Unable to start a transaction in the given time'), { code: 'P2028' }))).toBeUndefined();
    expect(unstorableReason(new Error('boom'))).toBeUndefined();
    expect(unstorableReason(undefined)).toBeUndefined();
  });
});
