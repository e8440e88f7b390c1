import { coreError, fail, ok, type Result } from '../errors.js';
import { durationMs, parseGoDuration } from './go-duration.js';

// A Flux duration field is checked twice before a controller sees it: the CRD's OpenAPI pattern at the API
// server (no sign, no `ns`/`us`, no bare `0`), then time.ParseDuration when the object is decoded (which
// refuses overflow). Flux's CRDs carry one of two patterns:
// - `interval`: every `spec.interval`, Kustomization `retryInterval` and `timeout` — units ms, s, m, h;
// - `sourceTimeout`: `spec.timeout` of GitRepository, OCIRepository, HelmRepository and Bucket — ms, s, m,
//   no hours.
// Values that are not Flux fields (settings, stored specs read back) use parseGoDuration alone.

export const FLUX_DURATION_FORMATS = {
  interval: { pattern: /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, units: 'ms, s, m or h', examples: '30s, 5m, 1h30m' },
  sourceTimeout: { pattern: /^([0-9]+(\.[0-9]+)?(ms|s|m))+$/, units: 'ms, s or m', examples: '30s, 1m30s' },
} as const;

export type FluxDurationFormat = keyof typeof FLUX_DURATION_FORMATS;

/**
 * The duration in milliseconds when the text passes Go's parser and the field's CRD pattern. Go's message
 * comes first because it names the problem (`missing unit`, `unknown unit "d"`); the pattern's message only
 * speaks for what Go takes and Flux does not (a sign, `ns`, `us`, a bare `0`, hours in a source timeout).
 */
export function parseFluxDuration(text: string, format: FluxDurationFormat = 'interval'): Result<number> {
  const parsed = parseGoDuration(text);
  if (!parsed.ok) return parsed;
  const { pattern, units, examples } = FLUX_DURATION_FORMATS[format];
  if (!pattern.test(text)) {
    return fail(coreError('DURATION_INVALID', `invalid duration ${JSON.stringify(text)}: use units ${units}, e.g. ${examples}`));
  }
  return ok(durationMs(parsed.value));
}

/**
 * A duration the Flux field accepts that is also greater than zero: what the hub requires of a Kustomization's
 * interval, retryInterval and timeout (Flux's pattern lets `0s` through; a zero interval would reconcile in a
 * loop). The hub's edge and the UI's forms both apply this one rule.
 */
export function parsePositiveFluxDuration(text: string, format: FluxDurationFormat = 'interval'): Result<number> {
  const parsed = parseFluxDuration(text, format);
  if (parsed.ok && parsed.value <= 0) return fail(coreError('DURATION_INVALID', 'must be greater than 0'));
  return parsed;
}
