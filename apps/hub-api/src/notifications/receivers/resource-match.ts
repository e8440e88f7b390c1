/** The hub kinds a Receiver can reconcile: its own sources and Kustomizations. */
export const RECEIVER_HUB_KINDS = ['GitRepository', 'Kustomization'] as const;
export type ReceiverHubKind = (typeof RECEIVER_HUB_KINDS)[number];

export interface ReceiverResourceRef {
  kind: ReceiverHubKind;
  /** A name or `*`. */
  name: string;
  namespace?: string;
}

/** Flux's resource rule: same kind, namespace (the Receiver's when unset), and name or `*`. */
export function resourceSelects(
  ref: ReceiverResourceRef,
  receiverNamespace: string,
  kind: string,
  obj: { namespace: string; name: string },
): boolean {
  return (
    ref.kind === kind &&
    (ref.namespace ?? receiverNamespace) === obj.namespace &&
    (ref.name === '*' || ref.name === obj.name)
  );
}
