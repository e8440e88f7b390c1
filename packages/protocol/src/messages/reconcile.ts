import { z } from 'zod';
import { isoTimestamp, kubeName } from '../limits.js';

/**
 * hub → agent (v2): reconcile this Kustomization now, like setting Flux's `reconcile.fluxcd.io/requestedAt`
 * annotation. The agent reports `lastHandledReconcileAt = requestedAt` once it has handled it.
 */
export const reconcileSchema = z.object({
  kind: z.literal('Kustomization'),
  namespace: kubeName,
  name: kubeName,
  requestedAt: isoTimestamp,
});
export type Reconcile = z.infer<typeof reconcileSchema>;
