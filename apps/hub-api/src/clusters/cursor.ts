import { badInput } from '../common/domain-error.js';

/** Opaque page cursors: base64url of the last cluster name (names are unique and the list is ordered by name). */
export const encodeCursor = (name: string): string => Buffer.from(`n:${name}`, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!raw.startsWith('n:')) throw badInput('after', 'cursor is not one this API returned');
  return raw.slice(2);
}
