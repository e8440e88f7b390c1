import { FLUX_DURATION_FORMATS, parseFluxDuration, type FluxDurationFormat } from '@flotilla/reconcile-core/duration';

/**
 * Null when `value` is a duration the Flux field accepts (`1m`, `1h30m`, `500ms`); else a form message. The
 * rule is reconcile-core's, the one the hub applies; only the wording is the form's.
 */
export function durationError(
  value: string,
  { required = true, format = 'interval' }: { required?: boolean; format?: FluxDurationFormat } = {},
): string | null {
  const v = value.trim();
  if (v === '') return required ? 'Required.' : null;
  if (parseFluxDuration(v, format).ok) return null;
  const { units, examples } = FLUX_DURATION_FORMATS[format];
  return `Use a Go duration with units ${units}, e.g. ${examples}.`;
}
