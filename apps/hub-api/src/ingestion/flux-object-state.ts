/**
 * The one-word state of a Flux object, as the fleet lists filter it: `flux get` shows SUSPENDED and READY
 * (True, False, Unknown) side by side; a suspended object is not reconciled whatever its Ready says, Ready=False
 * is a failure, and Ready=Unknown (or no Ready yet) means a reconcile is under way.
 */
export const FLUX_OBJECT_STATES = ['ready', 'failing', 'progressing', 'suspended'] as const;
export type FluxObjectState = (typeof FLUX_OBJECT_STATES)[number];

export function fluxObjectState(ready: string | undefined, suspended: boolean): FluxObjectState {
  if (suspended) return 'suspended';
  if (ready === 'True') return 'ready';
  if (ready === 'False') return 'failing';
  return 'progressing';
}
