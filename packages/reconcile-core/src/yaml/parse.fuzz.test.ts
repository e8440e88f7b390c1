import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeoutMs, hostileString, prototypeKey, withinMs } from '../../test/fuzz.js';
import { emitYaml } from './emit.js';
import { parseYamlDocuments, type JsonObject, type JsonValue } from './parse.js';

// Every manifest the build reads goes through parseYamlDocuments. On any text it returns values or a typed
// YAML error within a bounded time (aliases, merge keys and nesting are where parsers blow up), and what
// emitYaml writes reads back as the same value.

const YAML_CODES = ['YAML_PARSE_ERROR', 'YAML_ALIAS_LIMIT', 'YAML_TOO_DEEP', 'YAML_INVALID_VALUE'];
const LIMITS = { maxBytes: 1024 * 1024, maxDepth: 128, maxNodes: 100_000 };

const jsonValue: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue; object: JsonObject }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('yes', 'no', 'on', '~', 'null', '1e3', '0x1F', '0o7', '.inf', '- a', 'a: b', '&a', '*a', '<<', '---', '...', '#', "'", '"', '\t', ' lead', 'trail ')),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.boolean(),
    fc.constant(null),
    tie('object'),
    fc.array(tie('value'), { maxLength: 4 }),
  ),
  object: fc
    .array(fc.tuple(fc.oneof(prototypeKey, fc.string({ maxLength: 10 }), fc.constantFrom('<<', 'apiVersion', 'kind', '? x', 'a: b')), tie('value')), { maxLength: 5 })
    .map((entries) => JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`) as JsonObject),
})).value;

const fragment = fc.oneof(
  fc.constantFrom('a: 1', '- x', '&a [1, 2]', '*a', '<<: *a', '<<: [*a, *b]', 'b: &b {c: 1}', '---', '...', '? k', ': v', '!!str 1', '!!binary AAAA', '!custom x', '%YAML 1.1', '%TAG ! tag:x,2000:', '{', '}', '[', ']', '"\\u00e9"', "'it''s'", '|', '>-', '#c', 'k: |-\n  text', ',', '&', '*'),
  hostileString.filter((s) => s.length < 200),
);
const yamlText = fc.array(fc.tuple(fragment, fc.constantFrom('\n', ' ', '\n  ', '\n    ', '\n- ', ': ')), { maxLength: 30 }).map((parts) => parts.map(([f, sep]) => f + sep).join(''));

function aliasBomb(levels: number, width: number): string {
  let bomb = `a0: &a0 [${Array(width).fill('x').join(', ')}]\n`;
  for (let i = 1; i < levels; i++) bomb += `a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]\n`;
  return bomb;
}
const mergeBomb = fc.integer({ min: 2, max: 40 }).map((n) => {
  let text = 'm0: &m0 {k0: 0, k1: 1}\n';
  for (let i = 1; i < n; i++) text += `m${i}: &m${i}\n  <<: [*m${i - 1}, *m${i - 1}]\n  k${i}: ${i}\n`;
  return text;
});

const hostileYaml = fc.oneof(
  { weight: 6, arbitrary: yamlText },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 })).map(([l, w]) => aliasBomb(l, w)) },
  { weight: 1, arbitrary: mergeBomb },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 50_000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 8_000 }).map((d) => Array.from({ length: d }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1') },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 8_000 }).map((d) => `${': '.repeat(d)}\n\tb\n`) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 8_000 }).map((d) => `${'- '.repeat(d)}x\n`) },
  { weight: 1, arbitrary: fc.array(yamlText, { minLength: 2, maxLength: 50 }).map((docs) => docs.join('\n---\n')) },
);

describe('parseYamlDocuments (fuzz)', () => {
  it('answers any text with values or a typed YAML error, quickly', { timeout: fuzzTimeoutMs() }, () => {
    fc.assert(
      fc.property(hostileYaml, fc.boolean(), (text, yaml11) => {
        const result = withinMs(3_000, () => parseYamlDocuments(text, 'fuzz.yaml', LIMITS, { yaml11Booleans: yaml11, annotationText: !yaml11 }));
        if (!result.ok) for (const e of result.errors) expect(YAML_CODES).toContain(e.code);
      }),
      fuzzParams(400),
    );
  });

  it('reads back what emitYaml writes, prototype keys and odd strings included', { timeout: fuzzTimeoutMs() }, () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const text = emitYaml(value);
        const result = parseYamlDocuments(text, 'fuzz.yaml');
        expect(result.ok, result.ok ? '' : result.errors[0]?.message).toBe(true);
        if (result.ok) expect(result.value).toEqual(value === null ? [] : [value]);
      }),
      fuzzParams(400),
    );
  });
});
