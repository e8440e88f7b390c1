import { stringify } from 'yaml';
import type { LiveObjectObject } from './dto/live-object.dto.js';

type Json = Record<string, unknown>;

/** Metadata the API server writes on its own: never part of what anyone applied. */
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink'];

const yamlOf = (obj: Json | null): string | null => (obj ? stringify(obj, { lineWidth: 0 }) : null);

/** What a diff of desired and live should compare: the object without status and server bookkeeping. */
function comparable(obj: Json | null): Json | null {
  if (!obj) return null;
  const { status: _status, ...rest } = obj;
  const meta = typeof rest.metadata === 'object' && rest.metadata !== null ? { ...(rest.metadata as Json) } : undefined;
  if (meta) for (const key of SERVER_METADATA) delete meta[key];
  return meta ? { ...rest, metadata: meta } : rest;
}

export function toLiveObject(live: Json | null, desired: Json | null): LiveObjectObject {
  return {
    live: yamlOf(live),
    desired: yamlOf(desired),
    liveComparable: yamlOf(comparable(live)),
    desiredComparable: yamlOf(comparable(desired)),
  };
}
