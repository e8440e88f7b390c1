import {
  FLUX_DURATION_FORMATS,
  parseFluxDuration,
  parsePositiveFluxDuration,
  type FluxDurationFormat,
} from '@flotilla/reconcile-core/duration';

/**
 * Null when `value` is a duration the Flux field accepts (`1m`, `1h30m`, `500ms`); else a form message. The
 * rules are reconcile-core's, the ones the hub applies (`positive`: the hub also refuses a zero there); only
 * the wording is the form's.
 */
export function durationError(
  value: string,
  {
    required = true,
    format = 'interval',
    positive = false,
  }: { required?: boolean; format?: FluxDurationFormat; positive?: boolean } = {},
): string | null {
  const v = value.trim();
  if (v === '') return required ? 'Required.' : null;
  const { units, examples } = FLUX_DURATION_FORMATS[format];
  if (!parseFluxDuration(v, format).ok) return `Use a Go duration with units ${units}, e.g. ${examples}.`;
  if (positive && !parsePositiveFluxDuration(v, format).ok)
    return `Must be longer than zero, e.g. ${examples}.`;
  return null;
}
