import fc from 'fast-check';

// The fuzz tests' settings and hostile inputs, shared by every package's `*.fuzz.test.ts`. In `pnpm test`
// each target runs a small number of cases from a fixed seed, so a failure reproduces and CI stays fast;
// `pnpm fuzz` sets FUZZ_RUNS (cases per target), FUZZ_SEED and FUZZ_TIME_MS (time per target) for a longer
// run. Everything here is test-only: the package's exports point at it under `./testing/fuzz`.

const DEFAULT_SEED = 20_261_203;

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** fast-check parameters for one target: `ciRuns` cases from the fixed seed unless FUZZ_RUNS/FUZZ_SEED say otherwise. */
export function fuzzParams<T>(ciRuns: number): fc.Parameters<T> {
  const runs = envNumber('FUZZ_RUNS');
  const timeMs = envNumber('FUZZ_TIME_MS');
  return {
    seed: envNumber('FUZZ_SEED') ?? DEFAULT_SEED,
    numRuns: runs ?? ciRuns,
    // A long run stops a target after its time budget instead of running past the script's bound.
    ...(timeMs === undefined ? {} : { interruptAfterTimeLimit: timeMs, markInterruptAsFailure: false }),
    // A long run says how many cases each target ran (vitest prints it under the test's name).
    ...(runs === undefined ? {} : { reporter: reportCases }),
  };
}

function reportCases<T>(details: fc.RunDetails<T>): void {
  console.log(`fuzz: ${details.numRuns} cases${details.interrupted ? ' (stopped at FUZZ_TIME_MS)' : ''}, seed ${details.seed}`);
  if (details.failed) throw new Error(fc.defaultReportMessage(details), { cause: details.errorInstance });
}

/** The test's own timeout: room for the time budget of a long run, or the default for CI. */
export function fuzzTimeoutMs(ciTimeoutMs = 30_000): number {
  const timeMs = envNumber('FUZZ_TIME_MS');
  return timeMs === undefined ? ciTimeoutMs : timeMs * 2 + 30_000;
}

/**
 * Runs `fn` and fails if one call took longer than `ms`. A synchronous parser cannot be interrupted, so
 * "never hangs" is checked as "every call returns within its bound".
 */
export function withinMs<T>(ms: number, fn: () => T): T {
  const start = performance.now();
  const out = fn();
  const took = performance.now() - start;
  if (took > ms) throw new Error(`took ${Math.round(took)} ms, more than ${ms} ms`);
  return out;
}

/** Keys that reach an object's prototype when code assigns them naively. */
export const prototypeKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__');

/** UTF-16 code units that are half of a surrogate pair, alone. */
export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Strings a peer or a repository controls: unicode, lone surrogates, control characters, huge ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.oneof(loneSurrogate, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }) },
  { weight: 1, arbitrary: prototypeKey },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\0', '\n', '${', '../', '/etc/passwd', 'NaN', '-1', '1e999', '0x10') },
  { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 1_000, max: 100_000 })).map(([s, n]) => s.repeat(n)) },
);

/** A JSON value (as JSON.parse returns it, so `__proto__` is an own key) nested up to `maxDepth`. */
export function hostileJson(maxDepth = 4): fc.Arbitrary<unknown> {
  const { value } = fc.letrec<{ value: unknown; object: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth },
      fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      hostileString,
      tie('object'),
      fc.array(tie('value'), { maxLength: 5 }),
    ),
    object: fc
      .array(fc.tuple(fc.oneof(prototypeKey, fc.string({ maxLength: 12 })), tie('value')), { maxLength: 6 })
      .map((entries) => JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`) as unknown),
  }));
  return value;
}

/** Arrays or objects nested `depth` levels deep: stack exhaustion in a recursive reader. */
export const deepNesting: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]) => JSON.parse(arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown);

/** A path inside a JSON value: the keys and indexes to walk from the root. */
export type JsonPath = Array<string | number>;

/** Every path of a JSON value, the root (`[]`) included. */
export function jsonPaths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...jsonPaths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...jsonPaths(v, [...prefix, k]));
  return out;
}

/** A deep copy of `value` with the value at `path` replaced, or removed when `replacement` is `undefined`. */
export function replaceAt(value: unknown, path: JsonPath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  } else {
    Object.defineProperty(node, last, { value: replacement, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/**
 * A valid sample with one mutation: a field replaced by a hostile value or removed, or a hostile key (huge,
 * control characters, lone surrogates, `__proto__`) added to one of its objects. `path` names what changed.
 * `deep: false` leaves out values nested thousands of levels, for callers that must JSON.stringify them.
 */
export function mutationOf(valid: unknown, options: { deep?: boolean } = {}): fc.Arbitrary<{ path: JsonPath; value: unknown }> {
  const paths = jsonPaths(valid);
  const objectPaths = paths.filter((p) => {
    const node = p.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], valid);
    return node !== null && typeof node === 'object' && !Array.isArray(node);
  });
  const replaced = fc
    .record({ path: fc.constantFrom(...paths), replacement: options.deep === false ? fc.oneof(fc.constant(undefined), hostileJson(3)) : fc.oneof(fc.constant(undefined), hostileJson(3), deepNesting) })
    .map(({ path, replacement }) => ({ path, value: replaceAt(valid, path, replacement) }));
  if (objectPaths.length === 0) return replaced;
  const keyAdded = fc
    .record({ path: fc.constantFrom(...objectPaths), key: hostileString, replacement: hostileJson(2) })
    .filter(({ replacement }) => replacement !== undefined)
    .map(({ path, key, replacement }) => ({ path: [...path, key], value: replaceAt(valid, [...path, key], replacement) }));
  return fc.oneof({ weight: 3, arbitrary: replaced }, { weight: 1, arbitrary: keyAdded });
}
