import { z } from 'zod';
import { badInput } from '../common/domain-error.js';

// Opaque cursors of the dashboard's lists, each decoded with a check so a forged one is refused as bad input.
// Sorted tables page by position (their sort keys are counts that move between requests); the activity
// timeline pages by its (occurredAt, id) key, so live events arriving do not shift the pages below.

const MAX_OFFSET = 1_000_000;

const wrap = (prefix: string, json: unknown): string =>
  Buffer.from(`${prefix}:${JSON.stringify(json)}`, 'utf8').toString('base64url');

function unwrap(prefix: string, cursor: string): unknown {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!raw.startsWith(`${prefix}:`)) throw badInput('after', 'after is not a cursor this list returned');
  try {
    return JSON.parse(raw.slice(prefix.length + 1));
  } catch {
    throw badInput('after', 'after is not a cursor this list returned');
  }
}

export const encodeOffsetCursor = (list: string, offset: number): string => wrap(list, offset);

export function decodeOffsetCursor(list: string, cursor: string | null): number {
  if (!cursor) return 0;
  const parsed = z.number().int().min(0).max(MAX_OFFSET).safeParse(unwrap(list, cursor));
  if (!parsed.success) throw badInput('after', 'after is not a cursor this list returned');
  return parsed.data;
}

export const encodeEventCursor = (occurredAt: Date, id: bigint): string =>
  wrap('ev', [occurredAt.toISOString(), id.toString()]);

export function decodeEventCursor(cursor: string | null): { occurredAt: Date; id: bigint } | null {
  if (!cursor) return null;
  const parsed = z
    .tuple([z.iso.datetime(), z.string().regex(/^[0-9]{1,19}$/)])
    .safeParse(unwrap('ev', cursor));
  if (!parsed.success) throw badInput('after', 'after is not a cursor this list returned');
  return { occurredAt: new Date(parsed.data[0]), id: BigInt(parsed.data[1]) };
}
