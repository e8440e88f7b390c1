import { ReconcileToolbar } from '../../../components/reconcile-toolbar';
import { useReconcileKustomization } from '../api/reconcile-kustomization';
import { useCan } from '../../../lib/auth/use-can';
import { useSetSuspended } from '../../flux-objects/api/set-suspended';
import { kustomizationKeys } from '../api/kustomization-keys';

const invalidate = (id: string) => [kustomizationKeys.lists(), kustomizationKeys.detail(id)];

/** Fleet-wide `flux reconcile kustomization --with-source`, suspend and resume. */
export function KustomizationActions({ k }: { k: { id: string; name: string; suspend: boolean } }) {
  return (
    <ReconcileToolbar
      id={k.id}
      name={k.name}
      suspended={k.suspend}
      reconcile={useReconcileKustomization()}
      reconcileVariables={{ id: k.id, withSource: true }}
      reconcileLabel="Reconcile with source"
      reconcileTitle="Fetch the source now, then reconcile on every targeted cluster"
      reconcileToast={`Reconciling ${k.name} with its source on every cluster.`}
      suspend={useSetSuspended('Kustomization', true, invalidate)}
      canSuspend={useCan('fleet:suspend')}
      resume={useSetSuspended('Kustomization', false, invalidate)}
    />
  );
}
