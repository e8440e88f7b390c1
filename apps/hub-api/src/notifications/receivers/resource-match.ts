import { labelsMatch } from '../alerts/alert-match.js';

/** The hub kinds a Receiver can reconcile: its own sources and Kustomizations, and scan its ImageRepositories. */
export const RECEIVER_HUB_KINDS = ['GitRepository', 'Kustomization', 'ImageRepository'] as const;
export type ReceiverHubKind = (typeof RECEIVER_HUB_KINDS)[number];

export interface ReceiverResourceRef {
  kind: ReceiverHubKind;
  /** A name or `*`. */
  name: string;
  namespace?: string;
  /** With name `*`: only the objects whose labels hold all of these. */
  matchLabels?: Record<string, string>;
}

/**
 * Flux's resource rule: same kind, namespace (the Receiver's when unset), and name or `*`. With `*` and
 * matchLabels, only objects whose labels hold every one of them; with a name, matchLabels are not read (Flux
 * fetches the named object). `*` without matchLabels, which Flux refuses, takes every object of the kind here.
 */
export function resourceSelects(
  ref: ReceiverResourceRef,
  receiverNamespace: string,
  kind: string,
  obj: { namespace: string; name: string; labels: Record<string, string> },
): boolean {
  if (ref.kind !== kind || (ref.namespace ?? receiverNamespace) !== obj.namespace) return false;
  return ref.name === '*' ? labelsMatch(ref.matchLabels, obj.labels) : ref.name === obj.name;
}
