import { ReconcileToolbar } from '../../../components/reconcile-toolbar';
import type { OciRepositoryDetail } from '../api/oci-repository-types';
import { useCan } from '../../../lib/auth/use-can';
import { useSetSuspended } from '../../flux-objects/api/set-suspended';
import { useReconcileOciRepository } from '../api/save-oci-repository';
import { sourceKeys } from '../api/source-keys';

const invalidate = (id: string) => [sourceKeys.ociList(), sourceKeys.ociDetail(id)];

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
      suspend={useSetSuspended('OCIRepository', true, invalidate)}
      canSuspend={useCan('fleet:suspend')}
      resume={useSetSuspended('OCIRepository', false, invalidate)}
    />
  );
}
