import type { z } from 'zod';
import { fluxObjectRefSchema } from './flux-object-ref.js';

/**
 * hub → agent (v3): `flux suspend` / `flux resume` of a Flux object found in the cluster: the agent patches its
 * `spec.suspend` to true / false. Objects the hub placed are suspended through their spec in the assignment.
 */
export const suspendSchema = fluxObjectRefSchema;
export type Suspend = z.infer<typeof suspendSchema>;
export const resumeSchema = fluxObjectRefSchema;
export type Resume = z.infer<typeof resumeSchema>;
