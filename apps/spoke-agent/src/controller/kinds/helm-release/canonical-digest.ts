import { createHash } from 'node:crypto';
import { isRecord } from '../../../k8s/object-ref.js';

/** JSON with object keys sorted at every level, as Go's encoding/json writes maps: one text per value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** `sha256:<hex>` of the canonical JSON: Flux's config digest of a release's values. */
export const valuesDigest = (value: unknown): string => `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
