import { z } from 'zod';
import { badInput } from '../common/domain-error.js';
import type { FluxObjectKey, FluxObjectPosition } from './flux-objects.repository.js';

// Opaque page cursors and object ids: base64url of the row's ordering values, each decoded with a check so a
// forged value is refused as bad input rather than reaching a query.

const position = z.tuple([z.string().max(253), z.string().max(253), z.string().max(64), z.string().max(256)]);

const encode = (prefix: string, values: string[]): string => Buffer.from(`${prefix}:${JSON.stringify(values)}`, 'utf8').toString('base64url');

function decode(prefix: string, text: string, field: string): [string, string, string, string] {
  const raw = Buffer.from(text, 'base64url').toString('utf8');
  const fail = () => badInput(field, `${field} is not one this API returned`);
  if (!raw.startsWith(`${prefix}:`)) throw fail();
  let json: unknown;
  try {
    json = JSON.parse(raw.slice(prefix.length + 1));
  } catch {
    throw fail();
  }
  const parsed = position.safeParse(json);
  if (!parsed.success) throw fail();
  return parsed.data;
}

export const encodeFluxObjectCursor = (p: FluxObjectPosition): string => encode('f', [p.namespace, p.name, p.kind, p.clusterId]);

export function decodeFluxObjectCursor(cursor: string): FluxObjectPosition {
  const [namespace, name, kind, clusterId] = decode('f', cursor, 'after');
  return { namespace, name, kind, clusterId };
}

export const fluxObjectId = (k: FluxObjectKey): string => encode('o', [k.clusterId, k.kind, k.namespace, k.name]);
