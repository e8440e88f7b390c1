import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLUX_DURATION_FORMATS, parseFluxDuration } from './flux-duration.js';
import { formatGoDuration, parseGoDuration } from './go-duration.js';

// Answers recorded from Go's own time.ParseDuration and Duration.String (testdata/oracle/generate.sh).
type Case =
  | { op: 'duration'; text: string; expected: { ns: string; string: string } | { error: string } }
  | { op: 'durationString'; ns: string; expected: { string: string } };
const cases = JSON.parse(readFileSync(new URL('../../testdata/duration/expected.json', import.meta.url), 'utf8')) as Case[];

describe('parseGoDuration answers as Go time.ParseDuration does', () => {
  it.each(cases.filter((c) => c.op === 'duration').map((c) => [c.text, c.expected] as const))('%j', (text, expected) => {
    const parsed = parseGoDuration(text);
    if ('error' in expected) {
      expect(parsed).toMatchObject({ ok: false, errors: [{ code: 'DURATION_INVALID', message: expected.error }] });
    } else {
      expect(parsed).toMatchObject({ ok: true, value: BigInt(expected.ns) });
      expect(formatGoDuration(BigInt(expected.ns))).toBe(expected.string);
    }
  });
});

describe('formatGoDuration answers as Go Duration.String does', () => {
  it.each(cases.filter((c) => c.op === 'durationString').map((c) => [c.ns, c.expected.string] as const))('%s ns', (ns, string) => {
    expect(formatGoDuration(BigInt(ns))).toBe(string);
  });
});

describe('parseFluxDuration: the CRD pattern first, then Go', () => {
  it('accepts exactly what both the pattern and Go accept, in milliseconds', () => {
    for (const c of cases) {
      if (c.op !== 'duration') continue;
      for (const format of ['interval', 'sourceTimeout'] as const) {
        const parsed = parseFluxDuration(c.text, format);
        const accepted = FLUX_DURATION_FORMATS[format].pattern.test(c.text) && !('error' in c.expected);
        expect(parsed.ok, `${format} ${JSON.stringify(c.text)}`).toBe(accepted);
        if (parsed.ok && 'ns' in c.expected) expect(parsed.value).toBe(Number(c.expected.ns) / 1e6);
      }
    }
  });

  it('refuses what Go takes but Flux CRDs do not: signs, ns/us, bare numbers, hours in a source timeout', () => {
    for (const text of ['-1m', '+1m', '0', '100ns', '1us', '1µs', '.5s', '5.s']) {
      expect(parseGoDuration(text).ok, text).toBe(true);
      expect(parseFluxDuration(text), text).toMatchObject({ ok: false, errors: [{ code: 'DURATION_INVALID' }] });
    }
    expect(parseFluxDuration('1h', 'interval')).toMatchObject({ ok: true, value: 3_600_000 });
    expect(parseFluxDuration('1h', 'sourceTimeout')).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/units ms, s or m/) }] });
  });

  it('refuses a value the pattern lets through but Go finds out of range', () => {
    expect(parseFluxDuration('2562048h')).toMatchObject({ ok: false, errors: [{ message: 'time: invalid duration "2562048h"' }] });
  });
});
