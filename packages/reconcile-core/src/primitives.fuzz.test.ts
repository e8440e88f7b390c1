import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeoutMs, hostileString, prototypeKey, withinMs } from '../test/fuzz.js';
import { FLUX_DURATION_FORMATS, formatGoDuration, parseFluxDuration, parseGoDuration, type FluxDurationFormat } from './duration/index.js';
import { formatLabelSelector, labelSelectorFromObject, matchesLabelSelector, parseLabelSelector } from './selector/index.js';
import { formatRevision, parseRevision, sameRevision, shortRevision, transformLegacyRevision } from './revision/revision.js';

// Durations, label selectors and revisions arrive as strings from specs, GraphQL inputs and agents' reports.
// Their parsers answer every string with a result (never a throw, always quickly), and what they accept
// survives a format → parse round trip.

const FORMATS = Object.keys(FLUX_DURATION_FORMATS) as FluxDurationFormat[];

const durationText = fc.oneof(
  hostileString,
  fc.array(fc.tuple(fc.oneof(fc.nat({ max: 100_000 }).map(String), fc.double({ min: 0, max: 1e6, noNaN: true }).map(String), fc.constantFrom('.5', '1.', '00', '9223372036854775807', '99999999999999999999')), fc.constantFrom('ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h', 'd', '')), { minLength: 1, maxLength: 4 })
    .chain((parts) => fc.constantFrom('', '-', '+').map((sign) => sign + parts.map(([n, u]) => n + u).join(''))),
);

const labelKey = fc.oneof(fc.stringMatching(/^([a-z0-9]([a-z0-9.-]{0,20}[a-z0-9])?\/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,20}[A-Za-z0-9])?$/), prototypeKey, hostileString);
const labelValue = fc.oneof(fc.stringMatching(/^([A-Za-z0-9]([A-Za-z0-9_.-]{0,20}[A-Za-z0-9])?)?$/), hostileString);
const requirementText = fc.oneof(
  fc.tuple(labelKey, fc.constantFrom('=', '==', '!=', '>', '<'), labelValue).map(([k, op, v]) => `${k}${op}${v}`),
  fc.tuple(labelKey, fc.constantFrom(' in ', ' notin ', ' in', 'notin '), fc.array(labelValue, { maxLength: 3 })).map(([k, op, vs]) => `${k}${op}(${vs.join(',')})`),
  labelKey.map((k) => `!${k}`),
  labelKey,
);
const selectorText = fc.oneof(fc.array(requirementText, { maxLength: 4 }).map((rs) => rs.join(',')), hostileString);

const revisionText = fc.oneof(
  hostileString,
  fc.tuple(fc.option(fc.oneof(fc.constantFrom('main', 'refs/pull/1/head', 'v1.2.3', 'a@b'), hostileString)), fc.constantFrom('sha1', 'sha256', 'sha512', 'blake3', 'md5', ''), fc.stringMatching(/^[0-9a-fA-F]{0,130}$/))
    .map(([p, algo, sum]) => `${p === null ? '' : `${p}@`}${algo}:${sum}`),
  fc.stringMatching(/^[a-z]{1,8}\/[0-9a-f]{40}$/),
  fc.stringMatching(/^v?\d{1,3}(\.\d{1,3}){0,2}(\+[0-9a-f]{12})?$/),
);

describe('primitive parsers (fuzz)', () => {
  it('parseGoDuration answers every string, and formats what it accepts back to the same duration', { timeout: fuzzTimeoutMs() }, () => {
    fc.assert(
      fc.property(durationText, (text) => {
        const parsed = withinMs(2_000, () => parseGoDuration(text));
        if (!parsed.ok) {
          expect(parsed.errors[0]?.code).toBe('DURATION_INVALID');
          return;
        }
        const again = parseGoDuration(formatGoDuration(parsed.value));
        expect(again.ok && again.value).toBe(parsed.value);
        for (const format of FORMATS) withinMs(2_000, () => parseFluxDuration(text, format));
      }),
      fuzzParams(500),
    );
  });

  it('parseLabelSelector answers every string, and what it accepts survives format → parse', { timeout: fuzzTimeoutMs() }, () => {
    fc.assert(
      fc.property(selectorText, fc.dictionary(fc.oneof(labelKey, prototypeKey), labelValue, { maxKeys: 4 }), (text, labels) => {
        const parsed = withinMs(2_000, () => parseLabelSelector(text));
        if (!parsed.ok) {
          expect(parsed.errors[0]?.code).toBe('LABEL_SELECTOR_INVALID');
          return;
        }
        const again = parseLabelSelector(formatLabelSelector(parsed.value));
        expect(again.ok && again.value).toEqual(parsed.value);
        const match = matchesLabelSelector(parsed.value, labels);
        expect(typeof match).toBe('boolean');
      }),
      fuzzParams(300),
    );
  });

  it('labelSelectorFromObject answers hostile objects (unknown operators, prototype keys) with a result', { timeout: fuzzTimeoutMs() }, () => {
    const expr = fc.record({ key: labelKey, operator: fc.oneof(fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'), prototypeKey, hostileString), values: fc.option(fc.array(labelValue, { maxLength: 3 }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.dictionary(labelKey, labelValue, { maxKeys: 3 }), fc.array(expr, { maxLength: 3 }), (matchLabels, matchExpressions) => {
        const result = withinMs(2_000, () => labelSelectorFromObject({ matchLabels, matchExpressions }));
        if (!result.ok) expect(result.errors[0]?.code).toBe('LABEL_SELECTOR_INVALID');
      }),
      fuzzParams(200),
    );
  });

  it('parseRevision answers every string, and what it accepts survives format → parse', { timeout: fuzzTimeoutMs() }, () => {
    fc.assert(
      fc.property(revisionText, revisionText, (text, other) => {
        const parsed = withinMs(2_000, () => parseRevision(text));
        withinMs(2_000, () => [shortRevision(text), transformLegacyRevision(text), sameRevision(text, other)]);
        if (!parsed.ok) {
          expect(parsed.errors[0]?.code).toBe('REVISION_INVALID');
          return;
        }
        const again = parseRevision(formatRevision(parsed.value));
        expect(again.ok && again.value).toEqual(parsed.value);
      }),
      fuzzParams(1_000),
    );
  });
});
