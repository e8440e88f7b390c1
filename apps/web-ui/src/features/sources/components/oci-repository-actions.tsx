import { ReconcileToolbar } from '../../../components/reconcile-toolbar';
import type { OciRepositoryDetail } from '../api/oci-repository-types';
import { useReconcileOciRepository, useSetOciRepositorySuspended } from '../api/save-oci-repository';

/** Reconcile now / Suspend / Resume, like `flux reconcile|suspend|resume source oci`. */
export function OciRepositoryActions({ source }: { source: OciRepositoryDetail }) {
  return (
    <ReconcileToolbar
      id={source.id}
      name={source.name}
      suspended={source.suspend}
      reconcile={useReconcileOciRepository()}
      reconcileVariables={source.id}
      reconcileLabel="Reconcile now"
      reconcileTitle="Pull from the registry now"
      reconcileToast={`Pulling ${source.name} now.`}
      suspend={useSetOciRepositorySuspended(source, true)}
      resume={useSetOciRepositorySuspended(source, false)}
    />
  );
}
