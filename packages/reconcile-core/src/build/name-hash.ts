import type { JsonObject, JsonValue } from '../yaml/parse.js';
import { sha256Hex } from './sha256.js';

// Go's json.Marshal: map keys sorted, and <, >, & (plus U+2028/9) escaped.
export function goJson(v: JsonValue): string {
  if (v === null || typeof v !== 'object') {
    return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${goJson(k)}:${goJson(v[k] as JsonValue)}`).join(',')}}`;
}

function encodeHash(hex: string): string {
  return hex
    .slice(0, 10)
    .replace(/[013ae]/g, (c) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[c] as string);
}

/** The suffix kustomize appends to generated ConfigMap and Secret names. */
export function generatedNameHash(obj: JsonObject): string {
  const kind = obj.kind;
  const h: JsonObject = { kind: kind as JsonValue, name: '' };
  if (kind === 'ConfigMap') {
    h.data = obj.data ?? '';
    if (obj.binaryData !== undefined) h.binaryData = obj.binaryData;
  } else {
    h.data = obj.data ?? '';
    h.type = obj.type ?? '';
  }
  return encodeHash(sha256Hex(new TextEncoder().encode(goJson(h))));
}
