import * as z from 'zod';
import { isoTimestamp, namespaceName, objectName } from '../limits.js';
import { fluxKindName } from './flux-object-ref.js';

/**
 * hub → agent: reconcile this object now. The agent sets Flux's `reconcile.fluxcd.io/requestedAt` annotation
 * to `requestedAt` and the object's status reports `lastHandledReconcileAt = requestedAt` once handled.
 * Protocol v2 knows only Kustomizations; from v3 any Flux kind (an agent on v2 is sent Kustomizations only).
 */
export const reconcileSchema = z.object({
  kind: fluxKindName,
  namespace: namespaceName,
  name: objectName,
  requestedAt: isoTimestamp,
});
export type Reconcile = z.infer<typeof reconcileSchema>;
