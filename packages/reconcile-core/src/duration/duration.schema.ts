import * as z from 'zod';
import { FLUX_DURATION_FORMATS, parseFluxDuration, type FluxDurationFormat } from './flux-duration.js';

// The zod form of a Flux duration field, for every edge that validates a spec (the Flux kind definitions and
// the CRDs generated from them, the hub's GraphQL inputs, the wire, the agent). Its JSON schema is exactly the
// CRD's (type string and the pattern), so a generated CRD matches Flux's. The value stays the text the user
// wrote; callers that need a number call parseFluxDuration.

export interface FluxDurationSchemaOptions {
  /** Refuse zero (`0s`): an interval of nothing would requeue without pause. */
  positive?: boolean;
  /** Prefix of the "must be greater than 0" message, e.g. the field name. */
  label?: string;
}

export function fluxDurationSchema(format: FluxDurationFormat = 'interval', options: FluxDurationSchemaOptions = {}) {
  return z
    .string()
    .superRefine((text, ctx) => {
      const parsed = parseFluxDuration(text, format);
      if (!parsed.ok) {
        for (const e of parsed.errors) ctx.addIssue({ code: 'custom', message: e.message });
      } else if (options.positive && parsed.value <= 0) {
        ctx.addIssue({ code: 'custom', message: `${options.label ?? 'duration'} must be greater than 0` });
      }
    })
    .meta({ pattern: FLUX_DURATION_FORMATS[format].pattern.source });
}
