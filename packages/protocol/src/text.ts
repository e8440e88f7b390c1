// Text that crosses the hub ⇄ agent edge ends up in Postgres `text` and `jsonb` columns, which refuse two
// things JavaScript strings may hold: U+0000, and UTF-16 surrogates without their partner (a file name or a
// message cut in the middle of a character). One such character makes a whole report batch unstorable, so both
// sides clean every string before it is stored or sent.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ONE_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source);
// Almost every string holds neither NUL nor any surrogate: two plain scans settle it, and only the rest go
// through the look-around expressions above (which cost several times as much per string).
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const maybeUnstorable = (text: string): boolean => text.includes('\u0000') || ANY_SURROGATE.test(text);

/** Whether Postgres can store the text as it is: no NUL, no surrogate without its partner. */
export function isStorableText(text: string): boolean {
  if (!maybeUnstorable(text)) return true;
  return !text.includes('\u0000') && !ONE_LONE_SURROGATE.test(text);
}

/** Lone surrogates → U+FFFD (the replacement character, as a UTF-8 decoder would do), NUL characters removed. */
export function storableText(text: string): string {
  if (!maybeUnstorable(text)) return text;
  return text.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '');
}

/** `storableText` applied to every string (and object key) of a JSON-like value, in a copy; other values are kept. */
export function storableValue<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storableValue) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const key = storableText(k);
      // A "__proto__" key of parsed JSON is an own property; assigning it would set the copy's prototype instead.
      if (key === '__proto__') Object.defineProperty(out, key, { value: storableValue(v), enumerable: true, writable: true, configurable: true });
      else out[key] = storableValue(v);
    }
    return out as T;
  }
  return value;
}
