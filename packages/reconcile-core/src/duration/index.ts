// Go durations without the zod schema, for the browser bundle.
export { parseGoDuration, formatGoDuration, durationMs, msDuration } from './go-duration.js';
export {
  parseFluxDuration,
  parsePositiveFluxDuration,
  FLUX_DURATION_FORMATS,
  type FluxDurationFormat,
} from './flux-duration.js';
