// Text that crosses the hub ⇄ agent edge ends up in Postgres `text` and `jsonb` columns, which refuse two
// things JavaScript strings may hold: U+0000, and UTF-16 surrogates without their partner (a file name or a
// message cut in the middle of a character). One such character makes a whole report batch unstorable, so both
// sides clean every string before it is stored or sent.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ONE_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source);

/** Whether Postgres can store the text as it is: no NUL, no surrogate without its partner. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !ONE_LONE_SURROGATE.test(text);
}

/** Lone surrogates → U+FFFD (the replacement character, as a UTF-8 decoder would do), NUL characters removed. */
export function storableText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '');
}

/** `storableText` applied to every string (and object key) of a JSON-like value; other values are kept. */
export function storableValue<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storableValue) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [storableText(k), storableValue(v)])) as T;
  }
  return value;
}
