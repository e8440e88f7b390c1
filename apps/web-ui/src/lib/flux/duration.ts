// Flux's CRDs accept intervals and timeouts only in this form (the OpenAPI pattern on
// `spec.interval`/`spec.timeout` of GitRepository and Kustomization): Go duration units from ms to h.
const FLUX_DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

/** Null when `value` is a duration Flux accepts (`1m`, `1h30m`, `500ms`); else a message that says why. */
export function durationError(
  value: string,
  { required = true }: { required?: boolean } = {},
): string | null {
  const v = value.trim();
  if (v === '') return required ? 'Required.' : null;
  if (!FLUX_DURATION.test(v)) return 'Use a Go duration with units ms, s, m or h, e.g. 30s, 5m, 1h30m.';
  return null;
}
